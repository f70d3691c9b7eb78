"""``tracker import historyatstate``: the Office of the Historian's travels and visits.

The fixtures are written here in the published files' shape (HistoryAtState/travels:
``<trips>`` of ``<trip role who>``; HistoryAtState/visits: ``<visits>`` of ``<visit>``),
with made-up records: a trip stop copied under two ids, a stop of several days, a former
state, an empty locale, remarks wrapped over lines, a description holding ``<em>``, two
visitors in one record, and the files a repository holds beside them.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.conftest import file_digest
from tracker.exchange.importing.historyatstate import (
    country_of,
    records,
    short_name,
    split_title,
)
from tracker.services.tracker import Tracker

Cli = Callable[..., Any]

TRIP = """    <trip role="{role}" who="{who}">
        <id>{id}</id>
        <role>{role}</role>
        <name>{name}</name>
        <start-date>{start}</start-date>
        <end-date>{end}</end-date>
        <country id="{cid}">{country}</country>
        <locale>{locale}</locale>
        <remarks>{remarks}</remarks>
        <created-by>tester</created-by>
        <created-datetime>2021-09-21T12:21:00-04:00</created-datetime>
        <last-modified-by>tester</last-modified-by>
        <last-modified-datetime/>
    </trip>
"""
VISIT = """    <visit>
        <id>{id}</id>
        <start-date>{start}</start-date>
        <end-date>{end}</end-date>
        <visitor>{visitor}</visitor>
        <from id="{cid}">{country}</from>
        <description>{description}</description>
        <created-by>tester</created-by>
        <created-datetime>2012-04-02T10:53:34.11-04:00</created-datetime>
        <last-modified-by>tester</last-modified-by>
        <last-modified-datetime>2012-04-02T10:53:34.11-04:00</last-modified-datetime>
    </visit>
"""
SECRETARY = dict(role="secretary", who="blinken-antony-j", name="Antony John Blinken")
PRESIDENT = dict(role="president", who="nixon-richard-m", name="Richard M. Nixon")


def trips(*stops: dict[str, str]) -> str:
    body = "".join(TRIP.format(**stop) for stop in stops)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<trips>\n{body}</trips>\n'


def visits(*items: dict[str, str]) -> str:
    body = "".join(VISIT.format(**item) for item in items)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<visits>\n{body}</visits>\n'


def write_repo(root: Path) -> Path:
    """A folder laid out as the two repositories are, with 8 records of 6 stops."""
    (root / "secretary-travels").mkdir(parents=True)
    (root / "president-travels").mkdir()
    (root / "visits" / "data").mkdir(parents=True)
    (root / "presidents").mkdir()
    tokyo = dict(SECRETARY, start="2021-03-15", end="2021-03-17", cid="japan", country="Japan",
                 locale="Tokyo", remarks="Met with the Foreign Minister and\n            the Prime Minister.")  # fmt: skip
    (root / "secretary-travels" / "blinken-antony-j.xml").write_text(
        trips(
            dict(tokyo, id="11"),
            dict(tokyo, id="52"),  # the same stop, copied under another id
            dict(SECRETARY, id="12", start="2021-03-18", end="2021-03-18", cid="korea-south",
                 country="Korea, Republic of", locale="", remarks="Held talks."),
        ),
        encoding="utf-8",
    )  # fmt: skip
    (root / "president-travels" / "nixon-richard-m.xml").write_text(
        trips(
            dict(PRESIDENT, id="21", start="1972-05-22", end="1972-05-30", cid="russia",
                 country="U.S.S.R.", locale="Moscow, Leningrad, Kiev", remarks="Summit talks."),
            dict(PRESIDENT, id="22", start="1972-02-21", end="1972-02-28", cid="china",
                 country="China, People’s Republic of", locale="Beijing", remarks=""),
        ),
        encoding="utf-8",
    )  # fmt: skip
    (root / "visits" / "data" / "1970.xml").write_text(
        visits(
            dict(id="31", start="1973-06-18", end="1973-06-25", cid="russia",
                 country="U.S.S.R.", visitor="General Secretary Leonid Brezhnev",
                 description="State visit. Met with <em>President Nixon</em> at Camp David."),
            dict(id="32", start="1975-12-01", end="1975-12-01", cid="italy", country="Italy",
                 visitor="President Giovanni Leone and Prime Minister Aldo Moro",
                 description="Official visit."),
            dict(id="33", start="1975-12-01", end="1975-12-01", cid="italy", country="Italy",
                 visitor="President Giovanni Leone and Prime Minister Aldo Moro",
                 description="Official visit."),
        ),
        encoding="utf-8",
    )  # fmt: skip
    (root / "presidents" / "presidents.xml").write_text(
        "<presidents><president n='37'><id>nixon-richard-m</id></president></presidents>\n"
    )
    (root / "schema").mkdir()
    (root / "schema" / "trips.rnc").write_text("start = element trips { empty }\n")
    return root


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return write_repo(tmp_path / "travels")


@pytest.fixture
def known(tracker: Tracker) -> Tracker:
    """The tracker's log with Blinken, as the shipped log names him, and China."""
    tracker.register_actor("China", kind="state", country="CHN", aliases=["PRC"])
    return tracker


def lines(log: Path) -> list[dict[str, Any]]:
    return [orjson.loads(raw) for raw in log.read_bytes().splitlines()]


def visits_in(log: Path) -> list[dict[str, Any]]:
    return [line["data"] for line in lines(log) if line["type"] == "InteractionRecorded"]


def test_a_folder_imports_one_visit_per_stop(known: Tracker, repo: Path, cli: Cli) -> None:
    log = known.log.path
    result = cli("import", "historyatstate", str(repo), "--log", str(log))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == "read 8, added 6, duplicates 2, skipped 0, new actors 8"
    events = visits_in(log)
    assert [e["when"] for e in events] == [
        "1972-05-22/1972-05-30", "1972-02-21/1972-02-28", "2021-03-15/2021-03-17",
        "2021-03-18", "1973-06-18/1973-06-25", "1975-12-01",
    ]  # fmt: skip
    assert {e["type"] for e in events} == {"visit"}
    tokyo = events[2]
    assert tokyo["participants"] == [
        {"actor": "antony-blinken", "role": "visitor"},  # the log's Blinken: his short name
        {"actor": "japan", "role": "host"},
    ]
    assert tokyo["summary"] == "Met with the Foreign Minister and the Prime Minister."
    assert tokyo["location"] == "Tokyo"
    assert tokyo["sources"] == [
        {
            "url": "https://history.state.gov/departmenthistory/travels/secretary/blinken-antony-j",
            "outlet": "Office of the Historian, U.S. Department of State",
        }
    ]
    assert tokyo["extra"] == {"source": "historyatstate", "source_id": "11",
                              "collection": "secretary-travels", "country_id": "japan"}  # fmt: skip
    seoul = events[3]
    assert seoul["participants"][1] == {"actor": "south-korea", "role": "host"}
    assert "location" not in seoul  # an empty locale
    moscow, beijing = events[0], events[1]
    assert moscow["participants"] == [
        {"actor": "richard-m-nixon", "role": "visitor"},
        {"actor": "soviet-union", "role": "host"},
    ]
    assert beijing["participants"][1] == {"actor": "china", "role": "host"}  # the log's China
    assert beijing["summary"] == "Richard M. Nixon visited China (Beijing)"  # no remarks
    brezhnev, italians = events[4], events[5]
    assert brezhnev["participants"] == [
        {"actor": "leonid-brezhnev", "role": "visitor"},
        {"actor": "united-states", "role": "host"},
    ]
    assert brezhnev["summary"] == "State visit. Met with President Nixon at Camp David."
    assert brezhnev["extra"]["visitor_office"] == "General Secretary"
    assert (
        brezhnev["sources"][0]["url"] == "https://history.state.gov/departmenthistory/visits/russia"
    )
    assert [p["actor"] for p in italians["participants"]] == [
        "giovanni-leone", "aldo-moro", "united-states",
    ]  # fmt: skip
    assert italians["extra"]["visitor_office"] == ["President", "Prime Minister"]


def test_the_actors_it_makes(known: Tracker, repo: Path, cli: Cli) -> None:
    log = known.log.path
    assert cli("import", "historyatstate", str(repo), "--log", str(log)).exit_code == 0
    made = {
        line["data"]["actor"]: line["data"]
        for line in lines(log)
        if line["type"] == "ActorRegistered" and line["recorded_by"] == "tester"
    }
    assert made["richard-m-nixon"] == {"actor": "richard-m-nixon", "name": "Richard M. Nixon",
                                       "kind": "person", "aliases": ["Richard Nixon"],
                                       "country": "USA"}  # fmt: skip
    assert made["soviet-union"] == {"actor": "soviet-union", "name": "Soviet Union",
                                    "kind": "state", "aliases": []}  # fmt: skip
    assert made["south-korea"]["country"] == "KOR"
    assert made["leonid-brezhnev"]["kind"] == "person"
    assert "country" not in made["leonid-brezhnev"]  # from a state with no ISO code
    assert made["aldo-moro"]["country"] == "ITA"
    assert made["united-states"]["country"] == "USA"
    result = cli("timeline", "--actor", "Blinken", "--format", "json", "--log", str(log))
    assert [(e["start"], e["end"]) for e in json.loads(result.stdout)] == [
        ("2021-03-15", "2021-03-17"),
        ("2021-03-18", None),
    ]


def test_importing_again_adds_nothing(known: Tracker, repo: Path, cli: Cli, tmp_path: Path) -> None:
    log = known.log.path
    assert cli("import", "historyatstate", str(repo), "--log", str(log)).exit_code == 0
    before = file_digest(log)
    again = cli("import", "historyatstate", str(repo), "--log", str(log))
    assert again.exit_code == 0, again.stderr
    assert again.stdout.strip() == "read 8, added 0, duplicates 8, skipped 0, new actors 0"
    # one file of the folder, and a zip of it, are the same events
    one = cli(
        "import", "historyatstate", str(repo / "visits" / "data" / "1970.xml"), "--log", str(log)
    )
    assert one.stdout.strip() == "read 3, added 0, duplicates 3, skipped 0, new actors 0"
    archive = tmp_path / "travels.zip"
    with zipfile.ZipFile(archive, "w") as z:
        for file in sorted(repo.rglob("*")):
            if file.is_file():
                z.write(file, f"travels-master/{file.relative_to(repo)}")
    zipped = cli("import", "historyatstate", str(archive), "--log", str(log))
    assert zipped.exit_code == 0, zipped.stderr
    assert zipped.stdout.strip() == "read 8, added 0, duplicates 8, skipped 0, new actors 0"
    assert file_digest(log) == before
    assert known.verify().torn_tail_bytes == 0  # raises if a line is bad


def test_copies_of_a_stop_with_other_remarks_or_dates_are_one_event(
    tracker: Tracker, cli: Cli, tmp_path: Path
) -> None:
    folder = tmp_path / "t" / "secretary-travels"
    folder.mkdir(parents=True)
    stop = dict(SECRETARY, cid="belgium", country="Belgium", locale="Brussels")
    (folder / "blinken-antony-j.xml").write_text(
        trips(
            dict(stop, id="7", start="2021-03-22", end="2021-03-24", remarks="Attended the NATO Ministerial."),
            dict(stop, id="40", start="2021-03-22", end="2021-03-25",
                 remarks="Attended the NATO Ministerial, and met the Belgian Foreign Minister."),
            dict(stop, id="41", start="2021-03-24", end="2021-03-25", remarks="Met EU leaders."),
            dict(stop, id="8", start="2021-03-29", end="2021-03-29", remarks="Another stop."),
        )
    )  # fmt: skip
    result = cli("import", "historyatstate", str(tmp_path / "t"), "--log", str(tracker.log.path))
    assert result.stdout.strip() == "read 4, added 2, duplicates 2, skipped 0, new actors 1"
    first, second = visits_in(tracker.log.path)
    assert first["when"] == "2021-03-22/2021-03-25"
    assert first["summary"] == (
        "Attended the NATO Ministerial, and met the Belgian Foreign Minister. Met EU leaders."
    )
    assert first["extra"]["source_id"] == "7"
    assert (second["when"], second["summary"]) == ("2021-03-29", "Another stop.")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '<?xml version="1.0"?>\n<trips>\n  <trip role="secretary" who="x">\n    <id>1</id>\n  </trups>\n',
            "not well-formed XML at line 5, column 5: mismatched tag; nothing was imported",
        ),
        (
            '<?xml version="1.0"?>\n<!DOCTYPE trips [<!ENTITY a "aaaa">]>\n<trips>&a;</trips>\n',
            "a DTD or entity declaration (HistoryAtState XML has none); nothing was imported",
        ),
        ("\xff\xfe<trips>", "not well-formed XML at line 1, column"),
        ("", "not well-formed XML at line 1, column 1: no element found; nothing was imported"),
    ],
)
def test_bad_xml_is_one_line_and_the_log_is_unchanged(
    known: Tracker, repo: Path, cli: Cli, content: str, message: str
) -> None:
    log = known.log.path
    before = file_digest(log)
    bad = repo / "secretary-travels" / "zz-bad.xml"
    bad.write_bytes(content.encode("latin-1"))
    result = cli("import", "historyatstate", str(repo), "--log", str(log))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(f"Error: {bad}: {message}")
    assert result.stderr.count("\n") == 1
    assert file_digest(log) == before


def test_files_that_are_not_travels(known: Tracker, repo: Path, cli: Cli, tmp_path: Path) -> None:
    log = known.log.path
    before = file_digest(log)
    presidents = repo / "presidents" / "presidents.xml"
    result = cli("import", "historyatstate", str(presidents), "--log", str(log))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {presidents}: not HistoryAtState travels or visits (its root is <presidents>,"
        " not <trips> or <visits>)\n",
    )
    empty = tmp_path / "empty"
    empty.mkdir()
    result = cli("import", "historyatstate", str(empty), "--log", str(log))
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: no HistoryAtState travels or visits in {empty}\n",
    )
    result = cli("import", "historyatstate", str(tmp_path / "nowhere"), "--log", str(log))
    assert result.exit_code == 7
    assert result.stderr == f"Error: cannot read {tmp_path / 'nowhere'}: no such file\n"
    assert file_digest(log) == before


def test_a_bad_record_stops_the_import_unless_skipped(known: Tracker, repo: Path, cli: Cli) -> None:
    log = known.log.path
    before = file_digest(log)
    (repo / "secretary-travels" / "zz.xml").write_text(
        trips(
            dict(SECRETARY, id="90", start="", end="", cid="japan", country="Japan", locale="", remarks="x"),
            dict(SECRETARY, id="91", start="2021-02-30", end="2021-03-01", cid="japan",
                 country="Japan", locale="", remarks="x"),
            dict(SECRETARY, id="92", start="2021-03-05", end="2021-03-01", cid="japan",
                 country="Japan", locale="", remarks="x"),
        )
    )  # fmt: skip
    result = cli("import", "historyatstate", str(repo), "--log", str(log))
    assert result.exit_code == 2
    bad = repo / "secretary-travels" / "zz.xml"
    # the import's own line numbers run on across the files; each reason names its file's
    shown = [re.sub(r"^(.*?): line \d+: ", r"\1: line N: ", x) for x in result.stderr.splitlines()]
    assert shown == [
        f"{repo}: line N: {bad} line 3: no start-date",
        f"{repo}: line N: {bad} line 17: bad date '2021-02-30/2021-03-01' (start 2021-02-30):"
        " day is out of range for month",
        f"{repo}: line N: {bad} line 31: bad date '2021-03-05/2021-03-01': the interval ends"
        " before it starts",
        f"Error: 3 bad row(s) in {repo}; nothing was imported (fix them, or pass --skip-bad to"
        " import the good rows)",
    ]
    assert file_digest(log) == before
    skipped = cli(
        "import",
        "historyatstate",
        str(repo),
        "--skip-bad",
        "--report",
        "bad.csv",
        "--log",
        str(log),
    )
    assert skipped.exit_code == 0, skipped.stderr
    assert skipped.stdout.strip().endswith(
        "read 11, added 6, duplicates 2, skipped 3, new actors 8"
    )


def test_records_are_the_hook_for_the_remarks(known: Tracker, repo: Path, cli: Cli) -> None:
    """What an extractor run on the remarks needs: each record's text and its event's id."""
    assert cli("import", "historyatstate", str(repo), "--log", str(known.log.path)).exit_code == 0
    found = {r.record_id: r for r in records(repo)}
    assert sorted(found) == ["11", "12", "21", "22", "31", "32", "33", "52"]
    tokyo = found["11"]
    assert tokyo.text == "Met with the Foreign Minister and the Prime Minister."
    assert tokyo.event_id == found["52"].event_id
    event = known.show(tokyo.event_id)
    assert event.summary == tokyo.text and event.when == "2021-03-15/2021-03-17"


@pytest.mark.parametrize(
    ("slug", "text", "expected"),
    [
        ("korea-south", "Korea, South", ("South Korea", "KOR")),
        ("russia", "Russia", ("Russia", "RUS")),
        ("russia", "U.S.S.R.", ("Soviet Union", None)),
        ("yugoslavia", "Yugoslavia", ("Yugoslavia", None)),
        ("germany", "Germany, Federal Republic of", ("Germany", "DEU")),
        ("", "West Germany", ("Germany", "DEU")),
        ("german-democratic-republic", "German Democratic Republic", ("East Germany", None)),
        ("burma", "Burma (Myanmar)", ("Myanmar", "MMR")),
        ("sri-lanka", "Ceylon", ("Sri Lanka", "LKA")),
        ("holy-see", "Vatican City", ("Holy See", "VAT")),
        ("saint-lucia", "St. Lucia", ("Saint Lucia", "LCA")),
        ("kosovo", "Serbia-Montenegro (Kosovo)", ("Kosovo", None)),
        ("atlantis", "Atlantis", ("Atlantis", None)),
    ],
)
def test_countries(slug: str, text: str, expected: tuple[str, str | None]) -> None:
    assert country_of(slug, text) == expected


def test_names() -> None:
    assert short_name("Antony John Blinken") == "Antony Blinken"
    assert short_name("Henry A. (Heinz Alfred) Kissinger") == "Henry Kissinger"
    assert short_name("George H.W. Bush") == "George Bush"
    assert short_name("Barack Obama") is None
    assert split_title("Prime Minister Jacinda Ardern") == ("Jacinda Ardern", "Prime Minister")
    assert split_title("King Abdullah II") == ("King Abdullah II", None)  # a monarch's name
    assert split_title("President Kim") == ("President Kim", None)  # one word would remain

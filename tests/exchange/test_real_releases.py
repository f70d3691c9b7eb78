"""Shapes of other real releases than ``../shared/samples`` (found with
``benchmarks/real_files_check.py`` and in what their users wrote of them), each with a small
file written here in that shape: OEDA's gold-standard records with placeholder and legacy
codes ("US" ``---``, "Tokyo" ``JAP``, "Turkish government" ``---``), the Dataverse's ICEWS
2017 file with month-first dates, a city named for its country in ICEWS, and POLECAT's
2023-24 release columns (``Event Intensity``, ``Event Text``, ``Headline``, ``Story ID``,
``None`` for a missing value)."""

from __future__ import annotations

import dataclasses
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import file_digest
from tests.exchange.test_coded_imports import ICEWS, icews, icews_file, imported, ties_of
from tests.exchange.test_historyatstate import trips, visits
from tests.exchange.test_importers import occurrences
from tracker.domain.countries import city_country
from tracker.exchange.importing import icews as icews_importer
from tracker.services.tracker import Tracker

Run = Callable[..., Any]

PLACEHOLDERS = """{
    "id": "T-GSR-REJECT-0201",
    "date": "2003-05-06",
    "source": [{"actorText": "US", "code": "---", "sector": "***"}],
    "target": [{"actorText": "Indian", "code": "---", "sector": "***"}],
    "event": "REJECT",
    "eventText": "turned down offer",
    "text": "The US turned down an Indian offer of talks, officials said.",
    "comment": "",
},
{
    "id": "T-GSR-REJECT-0202",
    "date": "2003-05-07",
    "source": [{"actorText": "United States", "code": "USA", "sector": "***"}],
    "target": [{"actorText": "Tokyo", "code": "JAP"}],
    "event": "REJECT",
    "eventText": "declined request",
    "text": "The United States declined a request from Tokyo, a spokesman said.",
    "comment": "",
},
{
    "id": "T-GSR-REJECT-0203",
    "date": "2003-05-08",
    "source": [{"actorText": "Bonn", "code": "---", "sector": "***"}],
    "target": [{"actorText": "Turkish government", "code": "---", "sector": "***"}],
    "event": "REJECT",
    "eventText": "refused to extradite",
    "text": "Bonn refused to extradite a suspect to the Turkish government.",
    "comment": "",
},
{
    "id": "T-GSR-REJECT-0204",
    "date": "2003-05-09",
    "source": [{"actorText": "Israeli government", "code": "ISR", "sector": "***"}],
    "target": [{"actorText": "Tokyo", "code": "JPN", "sector": "GOV"}],
    "event": "REJECT",
    "eventText": "rejected proposal",
    "text": "The Israeli government rejected a proposal put forward by Tokyo.",
    "comment": "",
},
{
    "id": "T-GSR-REJECT-0205",
    "date": "2003-05-10",
    "source": [{"actorText": "UN", "code": "---", "sector": "***"}],
    "target": [{"actorText": "E.U.", "code": "---", "sector": "***"}],
    "event": "REJECT",
    "eventText": "turned down",
    "text": "The UN turned down an E.U. plan for the region.",
    "comment": "",
},
{
    "id": "T-GSR-REJECT-0206",
    "date": "2003-05-11",
    "source": [{"actorText": "United Nations", "code": "IGO", "sector": "***"}],
    "target": [{"actorText": "Indian", "code": "---", "sector": "***"}],
    "event": "REJECT",
    "eventText": "refused",
    "text": "The United Nations refused an Indian request.",
    "comment": "",
},
"""


def test_plover_placeholder_and_legacy_codes_name_the_country(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    """OEDA's gold-standard records code many actors ``---`` (no code) and some with a
    legacy code (Japan ``JAP``, not ISO's ``JPN``): the words then say who it is. A country,
    its adjective or a city of it is the state ("US" is the United States, not a second
    actor beside it; "Indian" India; "Tokyo" and "Bonn" Japan and Germany, as GDELT's
    cities are); "<country> government" is that government, part of the state; a known
    group's name or initials ("UN", "E.U.") that group. Before: actors "US" (a second
    United States), "Indian", "Tokyo", "Bonn", "Turkish government", "Israeli government",
    "UN" and "E.U." of kind other, "Tokyo" without a country."""
    path = tmp_path / "gold.txt"
    path.write_text(PLACEHOLDERS, encoding="utf-8")
    out = imported(cli, empty_log, "plover", path)
    assert out == "read 6, added 6, duplicates 0, skipped 0, new actors 11"
    t = Tracker(empty_log)
    kinds = {a.name: (a.kind, a.country, tuple(a.aliases)) for a in t.actors()}
    assert kinds == {
        "United States": ("state", "USA", ("US",)),
        "India": ("state", "IND", ("Indian",)),
        "Japan": ("state", "JPN", ()),  # a city is no name of its country: no alias
        "Germany": ("state", "DEU", ()),
        "Government (Turkey)": ("government_body", "TUR", ()),
        "Turkey": ("state", "TUR", ()),
        "Government (Israel)": ("government_body", "ISR", ()),
        "Israel": ("state", "ISR", ()),
        "Government (Japan)": ("government_body", "JPN", ()),
        "United Nations": ("international_organization", None, ("UN",)),
        "European Union": ("international_organization", None, ("E.U.",)),
    }
    parts = [[p["actor"] for p in e["participants"]] for e in occurrences(empty_log)]
    assert parts == [
        ["united-states", "india"],
        ["united-states", "japan"],
        ["germany", "government-turkey"],
        ["government-israel", "government-japan"],
        ["united-nations", "european-union"],
        ["united-nations", "india"],
    ]
    assert ties_of(empty_log) == {
        ("government-turkey", "turkey", "part_of"),
        ("government-israel", "israel", "part_of"),
        ("government-japan", "japan", "part_of"),
    }
    before = file_digest(empty_log)
    again = imported(cli, empty_log, "plover", path)
    assert again == "read 6, added 0, duplicates 6, skipped 0, new actors 0"
    assert file_digest(empty_log) == before


def test_city_country_is_the_one_country_with_a_city_of_the_name() -> None:
    assert [city_country(n) for n in ("Tokyo", "TOKYO", "Bonn", "Sarajevo")] == [
        "JPN", "JPN", "DEU", "BIH",
    ]  # fmt: skip
    # two countries have a city of the name, or none has: no guess
    assert [city_country(n) for n in ("Valencia", "Kofi Annan", "Police", "")] == [None] * 4


def test_icews_month_first_dates_as_the_2017_file_writes_them(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    """The Dataverse's ``Events.2017.20200602.tab`` writes Event Date month first
    (``1/1/2017``): those are dates, not 730,000 bad rows (before: "bad Event Date
    '1/1/2017': YYYY-MM-DD" on every row, nothing imported). A day past the month's end is
    still a bad row."""
    us = ("United States", "NA", "United States")
    mx = ("Mexico", "NA", "Mexico")
    path = icews_file(tmp_path / "Events.2017.tab", [
        icews("9001", "1/1/2017", us, "036", mx, "7001", "Express intent to meet or negotiate"),
        icews("9002", "12/31/2017", mx, "010", us, "7002", "Make statement"),
    ])  # fmt: skip
    out = imported(cli, empty_log, "icews", path)
    assert out == "read 2, added 2, duplicates 0, skipped 0, new actors 2"
    assert [e["when"] for e in occurrences(empty_log)] == ["2017-01-01", "2017-12-31"]
    bad = icews_file(tmp_path / "bad.tab", [
        icews("9003", "2/30/2017", us, "036", mx, "7003"),
    ])  # fmt: skip
    before = file_digest(empty_log)
    result = cli("import", "icews", str(bad), "--log", str(empty_log))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "line 2:" in result.stderr and "2017-02-30" in result.stderr
    assert file_digest(empty_log) == before


def test_an_icews_actor_named_by_a_city_of_its_country_is_the_state(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    """ICEWS, as GDELT, may name a country by its capital ("Tokyo", Japan): the state, not
    an actor "Tokyo" of kind other beside Japan."""
    path = icews_file(tmp_path / "events.tab", [
        icews("9101", "2019-04-02", ("Tokyo", "NA", "Japan"), "036",
              ("South Korea", "NA", "South Korea"), "7101", "Express intent to meet"),
        icews("9102", "2019-04-03", ("Japan", "NA", "Japan"), "010",
              ("Seoul", "NA", "South Korea"), "7102", "Make statement"),
    ])  # fmt: skip
    out = imported(cli, empty_log, "icews", path)
    assert out == "read 2, added 2, duplicates 0, skipped 0, new actors 2"
    kinds = {a.name: (a.kind, a.country) for a in Tracker(empty_log).actors()}
    assert kinds == {"Japan": ("state", "JPN"), "South Korea": ("state", "KOR")}
    assert len(ICEWS) == 20


POLECAT_2023 = (
    "Event ID\tEvent Date\tEvent Type\tEvent Mode\tEvent Intensity\tQuad Code\tContexts\t"
    "Actor Name\tActor Country\tActor COW\tPrimary Actor Sector\tActor Sectors\tActor Title\t"
    "Actor Name Raw\tWikipedia Actor ID\tRecipient Name\tRecipient Country\tRecipient COW\t"
    "Primary Recipient Sector\tRecipient Sectors\tRecipient Title\tRecipient Name Raw\t"
    "Wikipedia Recipient ID\tPlacename\tCity\tDistrict\tProvince\tCountry\tLatitude\tLongitude\t"
    "GeoNames ID\tRaw Placename\tFeature Type\tSource\tPublication Date\tStory People\t"
    "Story Organizations\tStory Locations\tLanguage\tVersion\tHeadline\tEvent Text\tFeed\tStory ID"
)


def _row(**cells: str) -> str:
    return "\t".join(
        cells.get(n.replace(" ", "_").lower(), "None") for n in POLECAT_2023.split("\t")
    )


def test_polecat_2023_release_columns(empty_log: Path, tmp_path: Path, cli: Run) -> None:
    """The 2023-24 POLECAT files name ``Intensity`` ``Event Intensity`` and add ``Headline``,
    ``Event Text``, ``Feed`` and ``Story ID``; a missing value is ``None``. The intensity is
    kept (before: dropped), the event text is the summary (before: made from the category),
    the story and headline are kept, and ``None`` is no actor."""
    path = tmp_path / "ngec_2023-05.txt"
    path.write_text(POLECAT_2023 + "\n" + "\n".join([
        _row(event_id="a1b2c3_1", event_date="2023-05-04", event_type="ACCUSE",
             event_mode="None", event_intensity="-4.0", quad_code="VERBAL CONFLICT",
             actor_name="Chile", actor_country="CHL", recipient_name="Peru",
             recipient_country="PER", source="Agencia Prueba",
             publication_date="2023-05-05", language="es", version="v1.2",
             headline="Santiago y Lima, otra vez", story_id="a1b2c3",
             event_text="Chile accused Peru of breaking the fishing accord."),
        _row(event_id="a1b2c3_2", event_date="2023-05-04", event_type="DEMAND",
             actor_name="Chile", actor_country="CHL", recipient_name="None",
             recipient_country="None", story_id="a1b2c3"),
    ]) + "\n", encoding="utf-8")  # fmt: skip
    out = imported(cli, empty_log, "polecat", path)
    assert out == "read 2, added 2, duplicates 0, skipped 0, new actors 2"
    accused, demanded = occurrences(empty_log)
    assert accused["summary"] == "Chile accused Peru of breaking the fishing accord."
    assert accused["extra"]["intensity"] == -4.0
    assert accused["extra"]["quad_code"] == "VERBAL CONFLICT"
    assert (accused["extra"]["story_id"], accused["extra"]["headline"]) == (
        "a1b2c3",
        "Santiago y Lima, otra vez",
    )
    assert "mode" not in accused["extra"]  # "None" is no mode
    assert demanded["summary"] == "DEMAND: Chile"
    assert [p["actor"] for p in demanded["participants"]] == ["chile"]
    assert {a.name: a.kind for a in Tracker(empty_log).actors()} == {
        "Chile": "state",
        "Peru": "state",
    }


def test_polecat_yearly_zip_and_trailing_tabs(empty_log: Path, tmp_path: Path, cli: Run) -> None:
    """The yearly POLECAT archives (``ngecEventsDV-2022.txt.zip``) hold a tab-separated
    file a month, each with its header; some published files end each line with a tab
    (before: the zip was "not valid JSON" on line 1, and every row of a file with trailing
    tabs "expected 44 tab-separated columns, found 45"). A bad row of a member is named
    with the member, and nothing is imported."""
    january = POLECAT_2023 + "\t\n" + _row(
        event_id="z1_1", event_date="2022-01-10", event_type="AGREE", actor_name="Chile",
        actor_country="CHL", recipient_name="Peru", recipient_country="PER",
    ) + "\t\n"  # fmt: skip
    february = POLECAT_2023 + "\n" + _row(
        event_id="z2_1", event_date="2022-02-11", event_type="REJECT", actor_name="Peru",
        actor_country="PER", recipient_name="Chile", recipient_country="CHL",
    ) + "\n"  # fmt: skip
    path = tmp_path / "ngecEventsDV-2022.txt.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("ngecEventsDV-2022-02.txt", february)
        archive.writestr("ngecEventsDV-2022-01.txt", january)
        archive.writestr("README.pdf", b"%PDF-1.4")
    for fmt in ("polecat", "plover"):
        out = imported(cli, empty_log, fmt, path)
        assert out in (
            "read 2, added 2, duplicates 0, skipped 0, new actors 2",
            "read 2, added 0, duplicates 2, skipped 0, new actors 0",
        )
    assert [(e["when"], e["type"]) for e in occurrences(empty_log)] == [
        ("2022-01-10", "statement"),
        ("2022-02-11", "statement"),
    ]
    broken = tmp_path / "broken.txt.zip"
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("m-01.txt", january)
        archive.writestr("m-02.txt", POLECAT_2023 + "\nz3_1\t2022-03-01\n")
    before = file_digest(empty_log)
    result = cli("import", "polecat", str(broken), "--log", str(empty_log))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert f"{broken}: line 2: m-02.txt: expected 44 tab-separated columns, found 2" in (
        result.stderr
    )
    assert file_digest(empty_log) == before


def test_an_icews_event_id_used_again_on_another_day_is_another_event(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    """ICEWS's Event ID is not unique: the releases use 145,312 of them twice, on distinct
    dates (Event ID and Event Date together are). Two such rows, in one file or in two, are
    two events (before: "event id ... (icews:5001) was given at line 2 with different
    content", and nothing imported); each file imported again adds nothing."""
    cl = ("Chile", "NA", "Chile")
    pe = ("Peru", "NA", "Peru")
    one = icews_file(tmp_path / "events.2016.tab", [
        icews("5001", "2016-12-31", cl, "010", pe, "77", "Make statement"),
        icews("5001", "2017-01-02", pe, "112", cl, "78", "Accuse"),
    ])  # fmt: skip
    out = imported(cli, empty_log, "icews", one)
    assert out == "read 2, added 2, duplicates 0, skipped 0, new actors 2"
    two = icews_file(tmp_path / "events.2017.tab", [
        icews("5001", "2017-03-04", cl, "036", pe, "79", "Express intent to meet"),
    ])  # fmt: skip
    assert imported(cli, empty_log, "icews", two) == (
        "read 1, added 1, duplicates 0, skipped 0, new actors 0"
    )
    events = occurrences(empty_log)
    assert [(e["when"], e["extra"]["source_id"]) for e in events] == [
        ("2016-12-31", "5001"), ("2017-01-02", "5001"), ("2017-03-04", "5001"),
    ]  # fmt: skip
    assert len({e["id"] for e in events}) == 3
    before = file_digest(empty_log)
    for path in (one, two):
        result = cli("import", "icews", str(path), "--log", str(empty_log))
        assert result.exit_code == 0 and "added 0" in result.stdout
    assert file_digest(empty_log) == before


def test_an_icews_file_imported_by_an_older_tracker_is_not_imported_again(
    empty_log: Path, tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trackers before the Event ID and Event Date key gave an ICEWS row the id of its
    Event ID alone: a log they wrote holds the file's events under those ids. Importing the
    file again adds nothing (it added every event a second time); a later row of a
    meeting folds into the old event; an Event ID used again on another day is still a
    new event."""
    cl, pe = ("Chile", "NA", "Chile"), ("Peru", "NA", "Peru")
    rows = [
        icews("6001", "2018-05-01", cl, "010", pe, "81", "Make statement"),
        icews("6002", "2018-05-01", cl, "040", pe, "82"),
        icews("6003", "2018-05-01", pe, "040", cl, "82"),  # the same meeting, the other way
        icews("6004", "2018-05-02", pe, "112", cl, "83", "Accuse"),
    ]
    path = icews_file(tmp_path / "events.tab", rows)
    made = icews_importer._icews_row

    def as_before(number: int, row: dict[str, str], text: str) -> Any:
        draft = made(number, row, text)
        if not hasattr(draft, "older_key"):
            return draft
        return dataclasses.replace(draft, key=draft.older_key, older_key=None)

    monkeypatch.setattr(icews_importer, "_icews_row", as_before)
    assert imported(cli, empty_log, "icews", path) == (
        "read 4, added 3, duplicates 0, folded 1, skipped 0, new actors 2"
    )
    monkeypatch.undo()
    older = [e["id"] for e in occurrences(empty_log)]
    assert older == [str(uuid.uuid5(uuid.NAMESPACE_URL, f"icews:{n}")) for n in (6001, 6002, 6004)]
    before = file_digest(empty_log)
    assert imported(cli, empty_log, "icews", path) == (
        "read 4, added 0, duplicates 3, folded 1, skipped 0, new actors 0"
    )
    assert file_digest(empty_log) == before
    again = icews_file(tmp_path / "later.tab", [
        icews("6001", "2019-07-07", cl, "010", pe, "91", "Make statement"),
    ])  # fmt: skip
    assert imported(cli, empty_log, "icews", again) == (
        "read 1, added 1, duplicates 0, skipped 0, new actors 0"
    )
    assert [e["when"] for e in occurrences(empty_log)] == [
        "2018-05-01", "2018-05-01", "2018-05-02", "2019-07-07",
    ]  # fmt: skip


# One man's two visits, his suffix written two ways.
TEKLA = (
    dict(id="1", start="2023-09-25", end="2023-09-25", visitor="President Marno Tekla Jr.",
         cid="palau", country="Palau", description="Attended a summit."),
    dict(id="2", start="2024-09-24", end="2024-09-24", visitor="President Marno Tekla, Jr",
         cid="palau", country="Palau", description="Met with the President."),
)  # fmt: skip


def test_a_visitor_whose_suffix_is_written_three_ways_is_one_person(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    """The visits write one man's generational suffix as "Whipps Jr.", "Whipps, Jr" and
    (another man) "Remengesau, Jr.": one person each, named "... Jr." (before: two persons
    "Surangel Whipps Jr." and "Surangel Whipps, Jr", ids ``surangel-whipps-jr`` and
    ``surangel-whipps-jr-2``)."""
    data = tmp_path / "visits" / "data"
    data.mkdir(parents=True)
    (data / "2020.xml").write_text(visits(*TEKLA, dict(
        id="3", start="2024-10-02", end="2024-10-02", visitor="President Ivo Quell, Jr.",
        cid="palau", country="Palau", description="Official visit.",
    )), encoding="utf-8")  # fmt: skip
    out = imported(cli, empty_log, "historyatstate", tmp_path / "visits")
    assert out == "read 3, added 3, duplicates 0, skipped 0, new actors 3"
    people = {a.name: a.id for a in Tracker(empty_log).actors() if a.kind == "person"}
    assert people == {"Marno Tekla Jr.": "marno-tekla-jr", "Ivo Quell Jr.": "ivo-quell-jr"}
    again = imported(cli, empty_log, "historyatstate", tmp_path / "visits")
    assert again == "read 3, added 0, duplicates 3, skipped 0, new actors 0"


def test_a_clone_of_the_travels_repository_with_its_older_files(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    """The travels repository also holds ``president-travels/up-to-reagan.xml`` (the early
    presidents' trips again, under other ids, several travellers in one file, the ids of one
    file given to other trips in another) and ``secretaries/`` (older copies of the
    secretaries' files with release elements and a name written "Bainbridge  Colby"). A
    clone imports with each stop once: the copies are folded, nothing is a conflict."""
    clone = tmp_path / "travels"
    (clone / "president-travels").mkdir(parents=True)
    (clone / "secretaries").mkdir()
    (clone / "secretary-travels").mkdir()
    taft = dict(role="president", who="taft-william-howard", name="William Howard Taft",
                start="1909-01-29", end="1909-02-07", cid="panama", country="Panama",
                locale="Colon, Panama City", remarks="Inspected the canal.")  # fmt: skip
    teddy = dict(taft, who="roosevelt-theodore", name="Theodore Roosevelt", start="1906-11-14",
                 end="1906-11-17", remarks="Inspected construction.")  # fmt: skip
    (clone / "president-travels" / "taft-william-howard.xml").write_text(
        trips(dict(taft, id="2655")), encoding="utf-8"
    )
    (clone / "president-travels" / "up-to-reagan.xml").write_text(
        trips(dict(teddy, id="2655"), dict(taft, id="2656")), encoding="utf-8"
    )
    colby = dict(role="secretary", who="colby-bainbridge", name="Bainbridge Colby", id="733",
                 start="1920-12-21", end="1920-12-24", cid="brazil", country="Brazil",
                 locale="Rio de Janeiro", remarks="Official visit.")  # fmt: skip
    (clone / "secretary-travels" / "colby-bainbridge.xml").write_text(
        trips(colby), encoding="utf-8"
    )
    older = trips(dict(colby, name="Bainbridge  Colby")).replace(
        "    </trip>", "        <release-status-code>released</release-status-code>\n"
        "        <recalled-by/>\n    </trip>",
    )  # fmt: skip
    (clone / "secretaries" / "colby-bainbridge.xml").write_text(older, encoding="utf-8")
    out = imported(cli, empty_log, "historyatstate", clone)
    assert out == "read 5, added 3, duplicates 0, folded 2, skipped 0, new actors 5"
    stops = sorted((e["when"], e["participants"][0]["actor"]) for e in occurrences(empty_log))
    assert stops == [
        ("1906-11-14/1906-11-17", "theodore-roosevelt"),
        ("1909-01-29/1909-02-07", "william-howard-taft"),
        ("1920-12-21/1920-12-24", "bainbridge-colby"),
    ]


def test_the_icews_2017_file_without_a_cameo_code_column(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    """The Dataverse's ``Events.2017.20200602.tab`` has no ``CAMEO Code`` column, only the
    Event Text, and writes dates month first: the code is the text's CAMEO code (before:
    "line 1 is not the ICEWS header: missing CAMEO Code", nothing imported). A text CAMEO
    has no code for is left out and counted, never a bad row."""
    names = [c for c in ICEWS if c != "CAMEO Code"]
    rows = [
        icews("7701", "3/4/2017", ("Chile", "NA", "Chile"), "", ("Peru", "NA", "Peru"), "1",
              "Express intent to meet or negotiate"),
        icews("7702", "3/5/2017", ("Peru", "NA", "Peru"), "", ("Chile", "NA", "Chile"), "2",
              "fight with small arms and light weapons"),
        icews("7703", "3/6/2017", ("Peru", "NA", "Peru"), "", ("Chile", "NA", "Chile"), "3",
              "Meet at a 'third' location"),
        icews("7704", "3/7/2017", ("Peru", "NA", "Peru"), "", ("Chile", "NA", "Chile"), "4",
              "Exchange pleasantries"),
    ]  # fmt: skip
    at = ICEWS.index("CAMEO Code")
    lines = ["\t".join(names)] + ["\t".join(r[:at] + r[at + 1 :]) for r in rows]
    path = tmp_path / "Events.2017.20200602.tab"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = imported(cli, empty_log, "icews", path)
    assert out == (
        "read 4, added 3, duplicates 0, skipped 0, new actors 2;"
        " left out 1 (event texts with no CAMEO code 1)"
    )
    got = [(e["when"], e["type"], e["cameo"]) for e in occurrences(empty_log)]
    assert got == [
        ("2017-03-04", "statement", "036"),
        ("2017-03-05", "development", "193"),
        ("2017-03-06", "meeting", "044"),
    ]
    header_only = tmp_path / "neither.tab"
    header_only.write_text("\t".join(c for c in names if c != "Event Text") + "\n")
    result = cli("import", "icews", str(header_only), "--log", str(empty_log))
    assert result.exit_code == 2 and "missing CAMEO Code" in result.stderr


def test_an_icews_file_in_windows_1252_and_a_code_that_is_no_code(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    """Older ICEWS files are not all UTF-8 (their readers open them as ISO-8859-1), and a
    2017 file has CAMEO codes such as "13y" beside the Event Text "Threaten": a line that
    is not UTF-8 is read as Windows-1252, and a code that is no code takes the text's
    (before: "not valid UTF-8" and "bad CAMEO code '13y'", nothing imported). A code that
    is no code beside a text CAMEO has no name for is still a bad row."""
    cl = ("Sebastián Piñera", "Government,Executive", "Chile")
    pe = ("Perú", "NA", "Peru")
    lines = [
        "\t".join(ICEWS),
        "\t".join(icews("8801", "2017-05-02", cl, "13y", pe, "1", "Threaten")),
        "\t".join(icews("8802", "2017-05-03", pe, "010", cl, "2", "Make statement")),
    ]  # fmt: skip
    path = tmp_path / "events.2017.tab"
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252"))
    out = imported(cli, empty_log, "icews", path)
    assert out == "read 2, added 2, duplicates 0, skipped 0, new actors 2"
    threat, said = occurrences(empty_log)
    assert (threat["cameo"], threat["type"], said["cameo"]) == ("130", "statement", "010")
    names = {a.name: a.kind for a in Tracker(empty_log).actors()}
    assert names == {"Sebastián Piñera": "person", "Peru": "state"}
    bad = tmp_path / "bad.tab"
    bad.write_text("\t".join(ICEWS) + "\n" + "\t".join(
        icews("8803", "2017-05-04", pe, "13y", cl, "3", "Exchange pleasantries")
    ) + "\n", encoding="utf-8")  # fmt: skip
    before = file_digest(empty_log)
    result = cli("import", "icews", str(bad), "--log", str(empty_log))
    assert result.exit_code == 2 and "bad CAMEO code '13y'" in result.stderr
    assert file_digest(empty_log) == before


def test_states_that_no_longer_exist_are_states_without_a_code(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    """OEDA's records code "Yugoslavia" ``---`` and ICEWS names "Serbia and Montenegro"
    (2003-2006): states of that name without an ISO code, as ``import historyatstate``
    makes them (before: actors of kind other)."""
    gold = tmp_path / "gold.txt"
    gold.write_text("""{
    "id": "T-GSR-REJECT-0301",
    "date": "1992-05-06",
    "source": [{"actorText": "Yugoslavia", "code": "---", "sector": "***"}],
    "target": [{"actorText": "Australian", "code": "---", "sector": "***"}],
    "event": "REJECT",
    "text": "Yugoslavia rejected an Australian request.",
},
""", encoding="utf-8")  # fmt: skip
    assert imported(cli, empty_log, "plover", gold) == (
        "read 1, added 1, duplicates 0, skipped 0, new actors 2"
    )
    sm = ("Serbia and Montenegro", "NA", "Serbia and Montenegro")
    path = icews_file(tmp_path / "events.2004.tab", [
        icews("6601", "2004-02-03", sm, "010", ("Hungary", "NA", "Hungary"), "1",
              "Make statement"),
    ])  # fmt: skip
    assert imported(cli, empty_log, "icews", path) == (
        "read 1, added 1, duplicates 0, skipped 0, new actors 2"
    )
    kinds = {a.name: (a.kind, a.country) for a in Tracker(empty_log).actors()}
    assert kinds == {
        "Yugoslavia": ("state", None),
        "Australia": ("state", "AUS"),
        "Serbia and Montenegro": ("state", None),
        "Hungary": ("state", "HUN"),
    }

"""What other real published files (not ``../shared/samples``) showed, each in its format's
layout with rows written here: the same HistoryAtState stop in another file of the same
trips, ICEWS's mirrored rows of one sentence geocoded apart, names that are no persons,
dotted acronyms, and rows that name only the target."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import file_digest
from tests.exchange.test_coded_imports import gdelt_file, icews, icews_file, imported
from tests.exchange.test_historyatstate import SECRETARY, lines, trips, visits_in
from tests.exchange.test_importers import gdelt_line, occurrences
from tracker.services.tracker import Tracker

Cli = Callable[..., Any]
PAGE = "https://history.state.gov/departmenthistory/travels/secretary/"


def visits_in_log(log: str) -> list[dict[str, Any]]:
    return [line for line in lines(Path(log)) if line["type"] == "InteractionRecorded"]


def actors_after(cli: Cli, log: Path, fmt: str, path: Path, summary: str) -> dict[str, Any]:
    """The import's summary checked; then each actor of the log: (kind, country, aliases)."""
    assert imported(cli, log, fmt, path) == summary
    return {a.name: (a.kind, a.country, tuple(a.aliases)) for a in Tracker(log).actors()}


def _travels(root: Path, name: str, body: str) -> Path:
    (root / "secretary-travels").mkdir(parents=True)
    (root / "secretary-travels" / f"{name}.xml").write_text(body, encoding="utf-8")
    return root


def test_a_stop_in_another_file_of_the_same_trips_is_the_logs_event(
    tracker: Tracker, cli: Cli, tmp_path: Path
) -> None:
    """HistoryAtState/travels renamed blinken-antony.xml to blinken-antony-j.xml (who and
    name changed, the ids kept): a clone of each, imported one after the other, is one
    visit a stop with both pages as its sources, not every visit twice."""
    log = str(tracker.log.path)
    tokyo = dict(id="3992", start="2021-03-15", end="2021-03-17", cid="japan", country="Japan",
                 locale="Tokyo", remarks="Met the Foreign Minister.")  # fmt: skip
    brussels = dict(id="3994", start="2021-03-22", end="2021-03-25", cid="belgium",
                    country="Belgium", locale="Brussels", remarks="NATO Ministerial.")  # fmt: skip
    newer = _travels(tmp_path / "new", "blinken-antony-j",
                     trips(dict(SECRETARY, **tokyo), dict(SECRETARY, **brussels)))  # fmt: skip
    older_who = dict(role="secretary", who="blinken-antony", name="Antony Blinken")
    older = _travels(tmp_path / "old", "blinken-antony",
                     trips(dict(older_who, **tokyo), dict(older_who, **brussels)))  # fmt: skip
    first = cli("import", "historyatstate", str(newer), "--log", log)
    assert first.stdout.strip() == "read 2, added 2, duplicates 0, skipped 0, new actors 2"
    result = cli("import", "historyatstate", str(older), "--log", log)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == (
        "read 2, added 0, duplicates 0, folded 2, skipped 0, new actors 0"
    )
    assert len(visits_in(tracker.log.path)) == 2
    amended = [line["data"] for line in lines(tracker.log.path) if line["type"] == "EventAmended"]
    assert sorted(a["target"] for a in amended) == sorted(e["id"] for e in visits_in_log(log))
    assert [[s["url"] for s in a["changes"]["sources"]] for a in amended] == [
        [PAGE + "blinken-antony-j", PAGE + "blinken-antony"]
    ] * 2
    before = file_digest(tracker.log.path)
    again = cli("import", "historyatstate", str(older), "--log", log)
    assert again.exit_code == 0, again.stderr
    assert file_digest(tracker.log.path) == before


def test_two_stops_of_one_day_in_one_country_stay_two_events(
    tracker: Tracker, cli: Cli, tmp_path: Path
) -> None:
    """Only the log's events take a stop in: within a file a stop is its own record."""
    day = dict(SECRETARY, start="2021-05-05", end="2021-05-05", cid="ukraine", country="Ukraine")
    folder = _travels(tmp_path / "t", "blinken-antony-j", trips(
        dict(day, id="1", locale="Kyiv", remarks="Met the President."),
        dict(day, id="2", locale="Lviv", remarks="Met students."),
    ))  # fmt: skip
    log = str(tracker.log.path)
    result = cli("import", "historyatstate", str(folder), "--log", log)
    assert result.stdout.strip() == "read 2, added 2, duplicates 0, skipped 0, new actors 1"
    visits = visits_in(tracker.log.path)
    assert [e["location"] for e in visits] == ["Kyiv", "Lviv"]
    again = cli("import", "historyatstate", str(folder), "--log", log)
    assert again.stdout.strip() == "read 2, added 0, duplicates 2, skipped 0, new actors 0"
    older_who = dict(role="secretary", who="blinken-antony", name="Antony Blinken")
    clone = _travels(tmp_path / "clone", "blinken-antony", trips(
        dict(day, **older_who, id="1", locale="Kyiv", remarks="Met the President."),
        dict(day, **older_who, id="2", locale="Lviv", remarks="Met students."),
    ))  # fmt: skip
    other = cli("import", "historyatstate", str(clone), "--log", log)
    assert (
        other.stdout.strip() == "read 2, added 0, duplicates 0, folded 2, skipped 0, new actors 0"
    )
    amended = [line["data"] for line in lines(tracker.log.path) if line["type"] == "EventAmended"]
    assert [a["target"] for a in amended] == [e["id"] for e in visits_in_log(log)]  # each its own


def test_a_stop_is_not_folded_into_a_machine_coded_contact_of_its_day(
    tracker: Tracker, cli: Cli, tmp_path: Path
) -> None:
    """A GDELT-style visit (it has a CAMEO code) of the traveller to the country on the
    stop's first day, with no place, is not the stop: the stop keeps its days and remarks;
    a visit recorded by hand with no place is the stop."""
    tracker.register_actor("Japan", kind="state", country="JPN")
    log = str(tracker.log.path)
    coded = cli("add-event", "--type", "visit", "--date", "2021-03-15", "--visitor",
                "Antony Blinken", "--host", "Japan", "--cameo", "042",
                "--summary", "Make a visit: Antony Blinken -> Japan", "--source",
                "https://example.com/a", "--log", log)  # fmt: skip
    assert coded.exit_code == 0, coded.stderr
    tokyo = dict(SECRETARY, id="3992", start="2021-03-15", end="2021-03-17", cid="japan",
                 country="Japan", locale="", remarks="Met the Foreign Minister.")  # fmt: skip
    folder = _travels(tmp_path / "t", "blinken-antony-j", trips(tokyo))
    result = cli("import", "historyatstate", str(folder), "--log", log)
    assert result.stdout.strip() == "read 1, added 1, duplicates 0, skipped 0, new actors 0"
    stop = visits_in(tracker.log.path)[-1]
    assert (stop["when"], stop["summary"]) == ("2021-03-15/2021-03-17", "Met the Foreign Minister.")
    by_hand = cli("add-event", "--type", "visit", "--date", "2021-05-05", "--visitor",
                  "Antony Blinken", "--host", "Japan", "--summary", "Tokyo trip",
                  "--source", "https://example.com/b", "--log", log)  # fmt: skip
    assert by_hand.exit_code == 0, by_hand.stderr
    later = dict(tokyo, id="4001", start="2021-05-05", end="2021-05-05")
    folder = _travels(tmp_path / "u", "blinken-antony-j", trips(later))
    again = cli("import", "historyatstate", str(folder), "--log", log)
    assert (
        again.stdout.strip() == "read 1, added 0, duplicates 0, folded 1, skipped 0, new actors 0"
    )


NK = ("North Korea", "", "North Korea")
US = ("United States", "", "United States")
PYONGYANG = ("", "", "", "North Korea", "39.0339", "125.754")
WASHINGTON = ("", "", "", "United States", "38.8951", "-77.0364")


def test_icews_mirrored_rows_of_one_sentence_geocoded_apart_are_one_event(
    empty_log: Path, tmp_path: Path, cli: Cli
) -> None:
    """ICEWS codes "North Korea and the United States engaged in diplomatic cooperation" as
    two rows of one sentence, each geocoded to its source's country (the 2018-11-20 daily
    file: 050 and 164 both ways): one development each; the speakers of a mutual
    criticism stay two statements, and another story stays apart."""

    def row(eid: str, who: tuple[str, ...], code: str, text: str, whom: tuple[str, ...],
            story: str, place: tuple[str, ...]) -> tuple[str, ...]:  # fmt: skip
        cells = list(icews(eid, "2018-11-19", who, code, whom, story, text))
        cells[12], cells[14:] = "2", place
        return tuple(cells)

    sample = icews_file(tmp_path / "events.tab", [
        row("1", NK, "050", "Engage in diplomatic cooperation", US, "900", PYONGYANG),
        row("2", US, "050", "Engage in diplomatic cooperation", NK, "900", WASHINGTON),
        row("3", NK, "164", "Halt negotiations", US, "901", PYONGYANG),
        row("4", US, "164", "Halt negotiations", NK, "901", WASHINGTON),
        row("5", NK, "111", "Criticize or denounce", US, "902", PYONGYANG),
        row("6", US, "111", "Criticize or denounce", NK, "902", WASHINGTON),
        row("7", US, "050", "Engage in diplomatic cooperation", NK, "903", WASHINGTON),
    ])  # fmt: skip
    out = imported(cli, empty_log, "icews", sample)
    assert out == "read 7, added 5, duplicates 0, folded 2, skipped 0, new actors 2"
    cooperation, halt, said, answered, other_story = occurrences(empty_log)
    assert cooperation["extra"]["source_id"] == ["1", "2"]
    assert cooperation["location"] == "North Korea"  # the first row's
    assert halt["extra"]["source_id"] == ["3", "4"]
    assert (said["type"], answered["type"]) == ("statement", "statement")
    assert said["participants"][0] == {"actor": "north-korea", "role": "speaker"}
    assert answered["participants"][0] == {"actor": "united-states", "role": "speaker"}
    assert other_story["extra"]["story_id"] == "903"
    before = file_digest(empty_log)
    again = imported(cli, empty_log, "icews", sample)
    assert again == "read 7, added 0, duplicates 5, folded 2, skipped 0, new actors 0"
    assert file_digest(empty_log) == before


def demands(*records: tuple[str, tuple[str, str], tuple[str, str], str]) -> str:
    """OEDA's gold-standard DEMAND records as the file prints them (trailing commas): each
    (id, (source text, code), (target text, code), sentence)."""
    out = []
    for number, (source, scode), (target, tcode), text in records:
        out.append(
            "{\n"
            f'    "id": "T-GSR-DEMAND-{number}",\n    "date": "2000-01-01",\n'
            f'    "source": [{{"actorText": "{source}", "code": "{scode}", "sector": "***"}}],\n'
            f'    "target": [{{"actorText": "{target}", "code": "{tcode}", "sector": "***"}}],\n'
            f'    "event": "DEMAND",\n    "text": "{text}",\n}},\n'
        )
    return "".join(out)


DEMANDS = demands(
    ("0201", ("Coastal Fisheries Forum", "---"), ("U.N.", "IGO"),
     "The Coastal Fisheries Forum demanded that the U.N. act on quotas."),
    ("0202", ("Maria Vell", "---"), ("United Nations", "IGO"),
     "Maria Vell demanded a vote of the United Nations."),
)  # fmt: skip


def test_a_forum_is_no_person_and_a_dotted_acronym_is_its_group(
    empty_log: Path, tmp_path: Path, cli: Cli
) -> None:
    """OEDA's gold-standard DEMAND records: "Third World Water Forum" --- was a person (two
    capitalised words and more, no organisation's word), "U.N." IGO an organisation
    named "U.N." beside the United Nations another record names."""
    path = tmp_path / "demands.txt"
    path.write_text(DEMANDS, encoding="utf-8")
    out = "read 2, added 2, duplicates 0, skipped 0, new actors 3"
    assert actors_after(cli, empty_log, "plover", path, out) == {
        "Coastal Fisheries Forum": ("other", None, ()),
        "United Nations": ("international_organization", None, ("U.N.",)),
        "Maria Vell": ("person", None, ()),
    }


def test_a_legislature_named_in_its_own_language_is_no_person(
    empty_log: Path, tmp_path: Path, cli: Cli
) -> None:
    """ICEWS names legislatures as their countries do ("Lok Sabha", Legislative /
    Parliamentary, Government: a person's sectors too, as a foreign minister's are): the
    name says it is a body of the government."""
    house = ("Rajya Sabha", "Legislative / Parliamentary,Government", "India")
    duma = ("State Duma", "Legislative / Parliamentary,Government", "Russian Federation")
    minister = ("Anna Vell", "Legislative / Parliamentary,Government,Foreign Ministry", "India")
    sample = icews_file(tmp_path / "events.tab", [
        icews("1", "2018-11-19", house, "090", minister, "950", "Investigate"),
        icews("2", "2018-11-19", duma, "010", house, "951", "Make statement"),
    ])  # fmt: skip
    out = "read 2, added 2, duplicates 0, skipped 0, new actors 3"
    assert actors_after(cli, empty_log, "icews", sample, out) == {
        "Rajya Sabha": ("government_body", "IND", ()),
        "State Duma": ("government_body", "RUS", ()),
        "Anna Vell": ("person", "IND", ()),
    }


def test_a_row_naming_only_its_target_says_the_target_did_not_act(
    empty_log: Path, tmp_path: Path, cli: Cli
) -> None:
    """GDELT 2.0 leaves Actor1 empty on many rows (most of a real 15-minute export's first
    rows: it sorts them by Actor1Code); "Accuse: United Kingdom" read as the United
    Kingdom accusing. Both GDELT paths (the lean one and the draft one) and ICEWS say
    the actor 1 is unidentified; a row with its actor 1 alone is as before."""
    url = "https://news.example.org/2026/05/14/story-{}.html"
    none = ("", "")
    sample = gdelt_file(tmp_path / "20260514083000.export.CSV", [
        gdelt_line("1", "20260514", none, ("GBR", "UNITED KINGDOM"), "112", "-2.0", url.format(1)),
        gdelt_line("2", "20260514", none, ("IRL", "IRELAND"), "042", "1.9", url.format(2)),
        gdelt_line("3", "20260514", ("IRL", "IRELAND"), none, "051", "3.4", url.format(3)),
        gdelt_line("4", "20260514", none, ("CIV", "COTE D'IVOIRE"), "036", "4.0", url.format(4),
                   Actor1Geo_Type="0"),
    ])  # fmt: skip
    out = imported(cli, empty_log, "gdelt", sample)
    assert out == "read 4, added 4, duplicates 0, skipped 0, new actors 3"
    assert [e["summary"] for e in occurrences(empty_log)] == [
        "Disapprove: (unidentified) → United Kingdom",
        "Make a visit: (unidentified) → Ireland",
        "Praise or endorse: Ireland",
        "Express intent to meet or negotiate: (unidentified) → Ivory Coast",
    ]
    unspecified = ("Unspecified Actor", "Unspecified", "")
    israel = ("Israel", "", "Israel")
    rows = icews_file(tmp_path / "events.tab", [
        icews("1", "2018-11-13", unspecified, "190", israel, "960", "Use conventional military force"),
    ])  # fmt: skip
    assert imported(cli, empty_log, "icews", rows).startswith("read 1, added 1,")
    assert occurrences(empty_log)[-1]["summary"] == (
        "Use conventional military force: (unidentified) → Israel"
    )


def test_gdelts_minist_is_a_ministry(empty_log: Path, tmp_path: Path, cli: Cli) -> None:
    """GDELT's actor names stop at the stem "MINIST" (of minister and ministry): "FINANCE
    MINIST" was "Finance Minist (Israel)"; a GOV role is a body, "Ministry", and GDELT's
    "MINISTRY" of the same country is the same actor."""
    url = "https://news.example.org/2025/08/13/story-{}.html"
    israel = ("ISR", "ISRAEL")
    sample = gdelt_file(tmp_path / "20250820154500.export.CSV", [
        gdelt_line("1", "20250813", israel, ("GOV", "FINANCE MINIST"), "031", "5.2", url.format(1),
                   Actor2Type1Code="GOV", Actor2CountryCode="", ActionGeo_FullName="Jerusalem, Israel (general), Israel",
                   ActionGeo_CountryCode="IS"),
        gdelt_line("2", "20250813", ("GOV", "MINIST"), israel, "010", "0.0", url.format(2),
                   Actor1Type1Code="GOV", Actor1CountryCode="", ActionGeo_FullName="Jerusalem, Israel (general), Israel",
                   ActionGeo_CountryCode="IS"),
        gdelt_line("3", "20250813", ("GOV", "MINISTRY"), israel, "010", "0.0", url.format(3),
                   Actor1Type1Code="GOV", Actor1CountryCode="", ActionGeo_FullName="Jerusalem, Israel (general), Israel",
                   ActionGeo_CountryCode="IS"),
    ])  # fmt: skip
    out = "read 3, added 3, duplicates 0, skipped 0, new actors 3"
    assert actors_after(cli, empty_log, "gdelt", sample, out) == {
        "Israel": ("state", "ISR", ()),
        "Finance Ministry (Israel)": ("government_body", "ISR", ()),
        "Ministry (Israel)": ("government_body", "ISR", ()),
    }


OFFICIALS = demands(
    ("0301", ("Palestinian officials", "PSE"), ("Serbian authorities", "---"),
     "Palestinian officials demanded that Serbian authorities reopen the office."),
    ("0302", ("Harbour officials", "---"), ("Palestinian officials", "PSE"),
     "Harbour officials demanded papers of Palestinian officials."),
)  # fmt: skip


def test_a_countrys_officials_or_authorities_are_its_government(
    empty_log: Path, tmp_path: Path, cli: Cli
) -> None:
    """As "Turkish government" was: "Palestinian officials" PSE (the DEMAND records) and
    "Serbian authorities" --- are the government of that country; officials of no country
    stay what they were."""
    path = tmp_path / "officials.txt"
    path.write_text(OFFICIALS, encoding="utf-8")
    out = "read 2, added 2, duplicates 0, skipped 0, new actors 5"
    assert actors_after(cli, empty_log, "plover", path, out) == {
        "Government (Palestine)": ("government_body", "PSE", ()),
        "Palestine": ("state", "PSE", ()),
        "Government (Serbia)": ("government_body", "SRB", ()),
        "Serbia": ("state", "SRB", ()),
        "Harbour officials": ("other", None, ()),
    }

"""Shapes that real published files were found in (``benchmarks/real_files_check.py`` on
files other than ``../shared/samples``), each with a small file written here in that shape:
GDELT as BigQuery and pandas export it (comma-separated, a header of column names, quoted
cells, an extra description column), actors named by a city, ICEWS's former country names
and forces, visitors named with a long office, and what the plain import makes of them."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import file_digest
from tests.exchange.test_coded_imports import (
    GBR,
    RUS,
    SYRIA,
    URL,
    g2,
    gdelt_file,
    icews,
    icews_file,
    imported,
)
from tests.exchange.test_importers import GDELT, events_of, occurrences
from tracker.domain.countries import country_code, is_city
from tracker.exchange.importing.actors import gdelt_actor, icews_actor
from tracker.exchange.importing.grouping import WINDOW
from tracker.exchange.importing.historyatstate import split_title
from tracker.log.file import EventLog
from tracker.services.tracker import Tracker

Run = Callable[..., Any]

SAUGOV = ("SAUGOV", "SAUDI", "SAU", "GOV")
EGY = ("EGY", "CAIRO", "EGY")


def bigquery_file(path: Path, rows: list[str], described: bool = True) -> Path:
    """Tab-separated 2.0 rows written as BigQuery's CSV export writes them: a header of the
    column names, commas, cells quoted where they hold a comma, and (``described``) the
    ``CAMEOCodeDescription`` column some exports add after ``EventCode``."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = list(GDELT)
    at = names.index("EventCode") + 1
    if described:
        names.insert(at, "CAMEOCodeDescription")
    writer.writerow(names)
    for row in rows:
        cells = row.split("\t")
        if described:
            cells.insert(at, " Consult, not specified below")
        writer.writerow(cells)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def rows() -> list[str]:
    return [
        g2("90", "20160701", "042", SAUGOV, EGY, URL.format(90),
           ActionGeo_FullName="Cairo, Al Qahirah, Egypt"),
        g2("91", "20160701", "043", EGY, SAUGOV, URL.format(90),
           ActionGeo_FullName="Cairo, Al Qahirah, Egypt"),
        g2("92", "20160701", "010", GBR, RUS, URL.format(92)),
        g2("93", "20160701", "190", SYRIA, ("", "", "", ""), URL.format(93)),
    ]  # fmt: skip


def test_a_bigquery_csv_export_imports_as_the_raw_file_does(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    raw = gdelt_file(tmp_path / "raw.CSV", rows())
    exported = bigquery_file(tmp_path / "bq.csv", rows())
    other = EventLog.create(tmp_path / "other" / "events.jsonl").path
    want = imported(cli, empty_log, "gdelt", raw)
    got = imported(cli, other, "gdelt", exported)
    assert want == got == "read 4, added 3, duplicates 0, folded 1, skipped 0, new actors 6"
    strip = {"recorded_at", "seq"}
    mine = [{k: v for k, v in e.items() if k not in strip} for e in occurrences(other)]
    theirs = [{k: v for k, v in e.items() if k not in strip} for e in occurrences(empty_log)]
    assert mine == theirs  # the same events, ids and all
    before = file_digest(other)
    again = imported(cli, other, "gdelt", exported)
    assert again == "read 4, added 0, duplicates 3, folded 1, skipped 0, new actors 0"
    assert file_digest(other) == before


def test_a_bigquery_export_without_the_description_or_in_another_order(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    plain = bigquery_file(tmp_path / "plain.csv", rows(), described=False)
    table = list(csv.reader(plain.read_text().splitlines()))
    order = list(reversed(range(len(table[0]))))
    shuffled = tmp_path / "shuffled.csv"
    with shuffled.open("w", newline="") as f:
        csv.writer(f).writerows([[r[i] for i in order] for r in table])
    assert imported(cli, empty_log, "gdelt", shuffled).startswith("read 4, added 3,")
    visit = occurrences(empty_log)[0]
    assert visit["type"] == "visit"
    assert visit["location"] == "Cairo, Al Qahirah, Egypt"
    assert visit["participants"] == [
        {"actor": "government-saudi-arabia", "role": "visitor"},
        {"actor": "egypt", "role": "host"},
    ]


def test_a_bigquery_export_with_a_short_row_or_without_needed_columns(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    broken = bigquery_file(tmp_path / "bq.csv", rows())
    broken.write_text(broken.read_text() + "94,20160701,201607\n", encoding="utf-8")
    before = file_digest(empty_log)
    result = cli("import", "gdelt", str(broken), "--log", str(empty_log))
    assert result.exit_code == 2
    assert "line 6: expected 62 comma-separated columns (as the header), found 3" in result.stderr
    assert "Traceback" not in result.stderr
    assert file_digest(empty_log) == before
    headless = tmp_path / "no-code.csv"
    headless.write_text("GLOBALEVENTID,SQLDATE,Actor1Name\n1,20160701,X\n", encoding="utf-8")
    result = cli("import", "gdelt", str(headless), "--log", str(empty_log))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: {headless}: line 1: a comma-separated GDELT file needs the columns"
        " GLOBALEVENTID, SQLDATE, EventCode in its header; EventCode missing"
    )
    assert file_digest(empty_log) == before


def test_gdelt_actors_named_by_a_city_of_their_country_are_its_sectors() -> None:
    """GDELT names an actor matched by its place by "the capital or major city name": with
    a role code that is the country's sector, not a person (seen on real 1.0 and 2.0 files:
    "LOS ANGELES" USAELI, "GENEVA" CHEJUD, "HAIFA" ISREDU became persons or "other")."""
    haifa = gdelt_actor("ISREDU", "HAIFA", "ISR", "", ("EDU", "", ""))
    assert haifa is not None
    assert (haifa.name, haifa.kind, haifa.parent and haifa.parent.name) == (
        "Education (Israel)", "other", "Israel",
    )  # fmt: skip
    for code, name, iso, role, want in (
        ("USAELI", "LOS ANGELES", "USA", "ELI", "Elites (United States)"),
        ("CHEJUD", "GENEVA", "CHE", "JUD", "Judiciary (Switzerland)"),
        ("USAJUD", "NEW YORK CITY", "USA", "JUD", "Judiciary (United States)"),
    ):
        spec = gdelt_actor(code, name, iso, "", (role, "", ""))
        assert spec is not None and spec.name == want and spec.kind != "person"
    putin = gdelt_actor("RUSGOV", "VLADIMIR PUTIN", "RUS", "", ("GOV", "", ""))
    assert putin is not None and (putin.name, putin.kind) == ("Vladimir Putin", "person")
    elsewhere = gdelt_actor("FRAGOV", "GENEVA", "FRA", "", ("GOV", "", ""))  # not a French city
    assert elsewhere is not None and elsewhere.name == "Geneva"
    assert is_city("Los Angeles", "USA") and not is_city("Los Angeles", "MEX")


def test_icews_forces_and_former_country_names_are_not_persons() -> None:
    """Seen on the ICEWS daily file: "Royal Navy" and "Central Reserve Police Force" were
    persons, and "Police (Swaziland)" too (Swaziland, as ICEWS names Eswatini until 2018,
    was no country)."""
    police = icews_actor("Police (Swaziland)", "Police,Government", "Swaziland", "source")
    assert police is not None
    assert (police.name, police.kind, police.country, police.aliases) == (
        "Police (Eswatini)", "government_body", "SWZ", ("Police (Swaziland)",),
    )  # fmt: skip
    for name, sectors in (
        ("Royal Navy", "Navy,Military,Government"),
        ("Central Reserve Police Force", "Police,Government"),
    ):
        spec = icews_actor(name, sectors, "India", "source")
        assert spec is not None and spec.kind == "government_body"
    pompeo = icews_actor("Mike Pompeo", "Government,Executive", "United States", "source")
    assert pompeo is not None and pompeo.kind == "person"
    assert country_code("Zaire") == "COD" and country_code("Swaziland") == "SWZ"


def test_a_visitor_named_with_a_long_office_is_the_person() -> None:
    """The visits name "Chief of State Hubert Maga" and "President of the Council of
    Ministers Hussain Mohammad Ershad": the office is not part of the person's name."""
    assert split_title("Chief of State Hubert Maga") == ("Hubert Maga", "Chief of State")
    assert split_title("President of the Council of Ministers Hussain Mohammad Ershad") == (
        "Hussain Mohammad Ershad", "President of the Council of Ministers",
    )  # fmt: skip
    assert split_title("Chairman of the Presidency Bakir Izetbegovic") == (
        "Bakir Izetbegovic", "Chairman of the Presidency",
    )  # fmt: skip
    assert split_title("Vice Premier Liu He") == ("Liu He", "Vice Premier")
    assert split_title("President Hosni Mubarak") == ("Hosni Mubarak", "President")
    assert split_title("Prime Minister Menzies") == ("Prime Minister Menzies", None)


NG = ("Ng Eng Hen", "Executive,Defense / Security Ministry,Government", "Singapore")
MATTIS = ("James Mattis", "Government,Military", "United States")
POLICE = ("Police (India)", "Police,Government", "India")
CITIZEN = ("Citizen (India)", "Social", "India")


def test_one_story_telling_a_statement_twice_is_one_statement(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    """The ICEWS sample codes one story's statement in sentences 3 and 5, and one arrest in
    sentences 1, 2 and 4: one event each, with every row's id; another story, direction,
    code or day stays its own event."""

    def row(eid: str, day: str, who: tuple[str, ...], code: str, whom: tuple[str, ...],
            story: str, sentence: str) -> tuple[str, ...]:  # fmt: skip
        cells = list(icews(eid, day, who, code, whom, story, "Make statement"))
        cells[12] = sentence
        return tuple(cells)

    sample = icews_file(tmp_path / "events.tab", [
        row("1", "2018-06-01", NG, "010", MATTIS, "500", "3"),
        row("2", "2018-06-01", NG, "010", MATTIS, "500", "5"),
        row("3", "2018-06-01", MATTIS, "010", NG, "500", "5"),  # the other speaker
        row("4", "2018-06-01", NG, "010", MATTIS, "501", "1"),  # another story
        row("5", "2018-06-01", POLICE, "173", CITIZEN, "600", "1"),
        row("6", "2018-06-01", POLICE, "173", CITIZEN, "600", "2"),
        row("7", "2018-06-01", POLICE, "173", CITIZEN, "600", "4"),
        row("8", "2018-06-01", POLICE, "172", CITIZEN, "600", "4"),  # another code
        row("9", "2018-06-02", NG, "010", MATTIS, "500", "1"),  # another day
    ])  # fmt: skip
    out = imported(cli, empty_log, "icews", sample)
    assert out == "read 9, added 6, duplicates 0, folded 3, skipped 0, new actors 5"
    said, other_speaker, other_story, arrest, other_code, next_day = occurrences(empty_log)
    assert said["type"] == "statement"
    assert said["extra"]["source_id"] == ["1", "2"]
    assert said["extra"]["sentence_number"] == [3, 5]
    assert said["extra"]["story_id"] == "500"
    assert said["participants"] == [
        {"actor": "ng-eng-hen", "role": "speaker"},
        {"actor": "james-mattis", "role": "addressee"},
    ]
    assert other_speaker["participants"][0]["actor"] == "james-mattis"
    assert other_story["extra"]["story_id"] == "501"
    assert arrest["type"] == "development"
    assert arrest["extra"]["source_id"] == ["5", "6", "7"]
    assert (other_code["cameo"], next_day["when"]) == ("172", "2018-06-02")
    before = file_digest(empty_log)
    again = imported(cli, empty_log, "icews", sample)
    assert again == "read 9, added 0, duplicates 6, folded 3, skipped 0, new actors 0"
    assert file_digest(empty_log) == before


def test_gdelt_rows_of_one_story_fold_by_their_place(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    """GDELT codes one article's statement once per mention; the rows differ in their
    places: the same place is one statement, another place another event."""
    at = {"ActionGeo_FullName": "Berlin, Berlin, Germany"}
    sample = gdelt_file(tmp_path / "g.CSV", [
        g2("30", "20181024", "010", GBR, RUS, URL.format(30), **at),
        g2("31", "20181024", "010", GBR, RUS, URL.format(30), **at),
        g2("32", "20181024", "010", GBR, RUS, URL.format(30),
           ActionGeo_FullName="Bitburg, Rheinland-Pfalz, Germany"),
        g2("33", "20181024", "010", GBR, RUS, URL.format(33), **at),  # another story
        g2("34", "20181024", "010", GBR, RUS, "", **at),  # no story to tell it by
        g2("35", "20181024", "010", GBR, RUS, "", **at),
    ])  # fmt: skip
    out = imported(cli, empty_log, "gdelt", sample)
    assert out == "read 6, added 5, duplicates 0, folded 1, skipped 0, new actors 2"
    first = occurrences(empty_log)[0]
    assert first["extra"]["source_id"] == ["30", "31"]
    assert first["sources"] == [{"url": URL.format(30)}]
    assert [e["location"] for e in occurrences(empty_log)][1] == "Bitburg, Rheinland-Pfalz, Germany"


def test_a_contact_told_again_past_the_window_is_still_one_event(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    """A GDELT 1.0 daily file holds a whole day's stories in id order: two stories of one
    meeting may lie more than the fold window apart. The later one's source goes to the
    event by an amendment; importing the file again adds nothing."""
    filler = [
        g2(str(1000 + i), "20161013", "010", GBR, RUS, URL.format(1000 + i))
        for i in range(WINDOW + 1)
    ]
    sample = gdelt_file(tmp_path / "day.CSV", [
        g2("1", "20161013", "040", GBR, RUS, URL.format(1)),
        *filler,
        g2("2", "20161013", "040", RUS, GBR, URL.format(2)),
    ])  # fmt: skip
    out = imported(cli, empty_log, "gdelt", sample)
    assert out.startswith(f"read {WINDOW + 3}, added {WINDOW + 2}, duplicates 0, folded 1,")
    meetings = [e for e in occurrences(empty_log) if e["type"] == "meeting"]
    assert len(meetings) == 1
    [amended] = events_of(empty_log, "EventAmended")
    assert amended["target"] == meetings[0]["id"]
    assert amended["changes"]["sources"] == [{"url": URL.format(1)}, {"url": URL.format(2)}]
    before = file_digest(empty_log)
    again = imported(cli, empty_log, "gdelt", sample)
    assert again.startswith(f"read {WINDOW + 3}, added 0, duplicates {WINDOW + 2}, folded 1,")
    assert file_digest(empty_log) == before


GSR = """{
    "id": "T-GSR-AGREE-0101",
    "date": "2001-02-03",
    "source": [{"actorText": "Hungarian", "code": "HUN", "sector": "GOV"},
               {"actorText": "Britain", "code": "GBR"}],
    "target": [{"actorText": "Palestinians", "code": "PSE"}],
    "event": "AGREE",
    "text": "Hungarian and British officials agreed to help the Palestinians, aides said.",
},
{
    "id": "T-GSR-AGREE-0102",
    "date": "2001-02-04",
    "source": [{"actorText": "Ousted President Jan Novak", "code": "CZE", "sector": "ELI"}],
    "target": [{"actorText": "United Kingdom", "code": "GBR"}],
    "event": "AGREE",
    "text": "Ousted President Jan Novak agreed to leave for the United Kingdom.",
},
"""


def test_plover_gold_standard_actors_are_states_sectors_and_persons(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    """OEDA's gold-standard records name actors by the sentence's words with a CAMEO code:
    "Britain" GBR is the United Kingdom, "Hungarian" HUN GOV Hungary's government,
    "Palestinians" PSE Palestine, an office and a name a person (before: "other",
    "government_body" and "other" actors of those words)."""
    path = tmp_path / "gold.txt"
    path.write_text(GSR, encoding="utf-8")
    out = imported(cli, empty_log, "plover", path)
    assert out == "read 2, added 2, duplicates 0, skipped 0, new actors 5"
    t = Tracker(empty_log)
    kinds = {a.name: (a.kind, a.country, tuple(a.aliases)) for a in t.actors()}
    assert kinds == {
        "Government (Hungary)": ("government_body", "HUN", ()),
        "Hungary": ("state", "HUN", ()),
        "United Kingdom": ("state", "GBR", ("Britain",)),
        "Palestine": ("state", "PSE", ("Palestinians",)),
        "Jan Novak": ("person", "CZE", ("Ousted President Jan Novak",)),
    }  # one United Kingdom for "Britain" and "United Kingdom"
    [agreed, left] = occurrences(empty_log)
    assert [p["actor"] for p in agreed["participants"]] == [
        "government-hungary", "united-kingdom", "palestine",
    ]  # fmt: skip
    assert [p["actor"] for p in left["participants"]] == ["jan-novak", "united-kingdom"]
    again = imported(cli, empty_log, "plover", path)
    assert again == "read 2, added 0, duplicates 2, skipped 0, new actors 0"


def test_a_fight_coded_both_ways_by_one_story_is_one_development(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    """CAMEO codes a clash A->B and B->A; in one story, place and day it is one event."""
    army = ("Military (India)", "Government,Military", "India")
    militants = ("Militant (India)", "Unidentified Forces", "India")
    sample = icews_file(tmp_path / "events.tab", [
        icews("1", "2018-06-01", army, "193", militants, "700", "fight"),
        icews("2", "2018-06-01", militants, "193", army, "700", "fight"),
        icews("3", "2018-06-01", militants, "193", army, "701", "fight"),  # another story
    ])  # fmt: skip
    out = imported(cli, empty_log, "icews", sample)
    assert out == "read 3, added 2, duplicates 0, folded 1, skipped 0, new actors 3"
    fight = occurrences(empty_log)[0]
    assert fight["type"] == "development"
    assert fight["extra"]["source_id"] == ["1", "2"]
    assert {p["role"] for p in fight["participants"]} == {"involved"}


def test_a_story_fold_meets_what_the_log_holds_unfolded(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    """A log that holds one story's rows as events of their own (imported one at a time, or
    by a tracker before this fold) takes the file again without a conflict or a new event.
    (A log holding only the first row of the story, then the file with both, still meets
    the folded event's id with other content: a conflict.)"""
    one = icews("11", "2018-06-01", NG, "010", MATTIS, "800", "Make statement")
    two = icews("12", "2018-06-01", NG, "010", MATTIS, "800", "Make statement")
    first = icews_file(tmp_path / "first.tab", [one])
    second = icews_file(tmp_path / "second.tab", [two])
    both = icews_file(tmp_path / "both.tab", [one, two])
    imported(cli, empty_log, "icews", first)
    imported(cli, empty_log, "icews", second)
    assert len(occurrences(empty_log)) == 2
    before = file_digest(empty_log)
    out = imported(cli, empty_log, "icews", both)
    assert out == "read 2, added 0, duplicates 2, skipped 0, new actors 0"
    assert file_digest(empty_log) == before

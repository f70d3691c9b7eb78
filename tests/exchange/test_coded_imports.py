"""Coded event data as published: GDELT 1.0 and 2.0, ICEWS. Small files written here in the
shape of the real ones (no header or a header, 57/58/61 columns, zipped, one-actor rows,
generic agents, country adjectives, NA cells), and what the plain import makes of them."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import file_digest
from tests.exchange.test_importers import GDELT, ICEWS, events_of, occurrences
from tracker.domain.cameo_actors import name_case
from tracker.domain.countries import country_code
from tracker.exchange.importing.actors import gdelt_actor, icews_actor

Run = Callable[..., Any]


def g2(eid: str, day: str, code: str, a1: tuple[str, ...], a2: tuple[str, ...], url: str,
       **more: str) -> str:  # fmt: skip
    """A GDELT 2.0 row; an actor is (Code, Name, CountryCode, Type1Code[, KnownGroupCode])."""
    row = dict.fromkeys(GDELT, "")
    row.update(GLOBALEVENTID=eid, SQLDATE=day, MonthYear=day[:6], Year=day[:4],
               FractionDate="2016.7753", IsRootEvent="1", EventCode=code,
               EventBaseCode=code[:3], EventRootCode=code[:2], QuadClass="1",
               GoldsteinScale="1.0", NumMentions="4", NumSources="1", NumArticles="4",
               AvgTone="-2.5", DATEADDED=day + "151500", SOURCEURL=url)  # fmt: skip
    for n, actor in ((1, a1), (2, a2)):
        cells = (*actor, "", "", "", "")[:5]
        row.update({f"Actor{n}Code": cells[0], f"Actor{n}Name": cells[1],
                    f"Actor{n}CountryCode": cells[2], f"Actor{n}Type1Code": cells[3],
                    f"Actor{n}KnownGroupCode": cells[4]})  # fmt: skip
    row.update(more)
    return "\t".join(row[c] for c in GDELT)


def v1(line: str, backfile: bool = False) -> str:
    """The GDELT 1.0 form of a 2.0 row: no ADM2 columns; a backfile row has no SOURCEURL."""
    cells = line.split("\t")
    drop = {GDELT.index(f"{g}_ADM2Code") for g in ("Actor1Geo", "Actor2Geo", "ActionGeo")}
    kept = [c for i, c in enumerate(cells) if i not in drop]
    return "\t".join(kept[:-1] if backfile else kept)


NO = ("", "", "", "")
GBR, GBRGOV = ("GBR", "UNITED KINGDOM", "GBR"), ("GBRGOV", "UNITED KINGDOM", "GBR", "GOV")
RUS = ("RUS", "RUSSIA", "RUS")
PUTIN = ("RUSGOV", "VLADIMIR PUTIN", "RUS", "GOV")
PRESIDENT, POLICE = ("GOV", "PRESIDENT", "", "GOV"), ("COP", "POLICE", "", "COP")
SYRIAN, SYRIA = ("SYR", "SYRIAN", "SYR"), ("SYR", "SYRIA", "SYR")
THE_US = ("USA", "THE US", "USA")
THE_EU = ("IGOEUREEC", "THE EU", "EUR", "IGO", "EEC")
EU = ("IGOEUREEC", "EUROPEAN UNION", "EUR", "IGO", "EEC")
BIMSTEC = ("IGOASABUS", "BIMSTEC", "ASA", "IGO")
URL = "https://news.example.org/2016/10/13/story-{}.html"


def gdelt_file(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def actors_of(log: Path) -> dict[str, dict[str, Any]]:
    return {a["name"]: a for a in events_of(log, "ActorRegistered")}


def ties_of(log: Path) -> set[tuple[str, str, str]]:
    return {(t["actor"], t["org"], t["relation"]) for t in events_of(log, "ActorAffiliated")}


def imported(cli: Run, log: Path, fmt: str, path: Path) -> str:
    result = cli("import", fmt, str(path), "--log", str(log))
    assert result.exit_code == 0, result.stderr
    assert "Traceback" not in result.stderr
    return str(result.stdout.strip())


def test_one_actor_rows_are_honest_events_or_left_out_never_bad(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    sample = gdelt_file(tmp_path / "20161013151500.export.CSV", [
        g2("1", "20161013", "042", GBR, NO, URL.format(1)),  # a visit with no host
        g2("2", "20161013", "010", NO, RUS, URL.format(2)),  # a statement with no speaker
        g2("3", "20161013", "190", NO, NO, URL.format(3)),  # nobody
        g2("4", "20161013", "040", POLICE, PRESIDENT, URL.format(4)),  # agents of nowhere
        g2("5", "20161013", "010", RUS, NO, URL.format(5)),  # a statement: a speaker alone
    ])  # fmt: skip
    out = imported(cli, empty_log, "gdelt", sample)
    assert out == (
        "read 5, added 3, duplicates 0, skipped 0, new actors 2;"
        " left out 2 (generic agents with no country 1, no actor 1)"
    )
    visit, unspoken, said = occurrences(empty_log)
    assert visit["type"] == "development" and visit["cameo"] == "042"
    assert visit["participants"] == [{"actor": "united-kingdom", "role": "involved"}]
    assert visit["summary"] == "Make a visit: United Kingdom"
    assert unspoken["type"] == "development"
    assert unspoken["participants"] == [{"actor": "russia", "role": "involved"}]
    assert said["type"] == "statement"
    assert said["participants"] == [{"actor": "russia", "role": "speaker"}]


def test_state_and_government_are_two_actors_tied_by_part_of(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    sample = gdelt_file(tmp_path / "g.CSV", [
        g2("10", "20161013", "040", GBR, GBRGOV, URL.format(10)),
        g2("11", "20161013", "041", GBRGOV, PUTIN, URL.format(11)),
        g2("12", "20161013", "036", PRESIDENT, RUS, URL.format(12),
           Actor1Geo_Type="4", Actor1Geo_FullName="Moscow, Moskva, Russia"),
        g2("13", "20161013", "043", SYRIAN, SYRIA, URL.format(13)),
        g2("14", "20161013", "051", THE_US, THE_EU, URL.format(14)),
        g2("15", "20161013", "057", EU, BIMSTEC, URL.format(15)),
        g2("16", "20161013", "040", POLICE, ("RUSCOP", "RUSSIA", "RUS", "COP"), URL.format(16),
           Actor1Geo_Type="4", Actor1Geo_FullName="Saint Petersburg, Sankt-Peterburg, Russia"),
    ])  # fmt: skip
    out = imported(cli, empty_log, "gdelt", sample)
    actors = actors_of(empty_log)
    kinds = {name: a["kind"] for name, a in actors.items()}
    assert kinds == {
        "United Kingdom": "state",
        "Government (United Kingdom)": "government_body",
        "Russia": "state",
        "Vladimir Putin": "person",
        "President (Russia)": "government_body",
        "Syria": "state",
        "United States": "state",
        "European Union": "international_organization",
        "BIMSTEC": "international_organization",
        "Police (Russia)": "government_body",
    }
    assert actors["Government (United Kingdom)"]["external_ids"] == {"cameo": "GBRGOV"}
    assert actors["Vladimir Putin"]["country"] == "RUS"
    assert ties_of(empty_log) == {
        ("government-united-kingdom", "united-kingdom", "part_of"),
        ("president-russia", "russia", "part_of"),
        ("police-russia", "russia", "part_of"),
    }
    meeting, call, intent, syria, praise, signed, police = occurrences(empty_log)
    assert {p["actor"] for p in meeting["participants"]} == {
        "united-kingdom",
        "government-united-kingdom",
    }
    assert meeting["type"] == "meeting"
    assert [p["actor"] for p in call["participants"]] == [
        "government-united-kingdom",
        "vladimir-putin",
    ]
    assert intent["participants"][0] == {"actor": "president-russia", "role": "speaker"}
    assert {p["actor"] for p in signed["participants"]} == {"european-union", "bimstec"}
    # "SYRIAN" hosting "SYRIA" is Syria alone: a development, not a visit
    assert syria["type"] == "development" and len(syria["participants"]) == 1
    assert praise["summary"] == "Praise or endorse: United States → European Union"
    # the city's police and the country's police (RUSCOP named "RUSSIA") are one actor
    assert police["type"] == "development"
    assert police["participants"] == [{"actor": "police-russia", "role": "involved"}]
    assert "new actors 10" in out


def test_reimport_and_another_file_naming_the_same_actors_add_nothing(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    first = gdelt_file(
        tmp_path / "a.CSV", [g2("20", "20161013", "041", GBRGOV, PUTIN, URL.format(20))]
    )
    imported(cli, empty_log, "gdelt", first)
    again = imported(cli, empty_log, "gdelt", first)
    assert again == "read 1, added 0, duplicates 1, skipped 0, new actors 0"
    # the same actors under other names: the state by its code, whatever GDELT called it
    other = gdelt_file(tmp_path / "b.CSV", [
        g2("21", "20161014", "041", ("GBRGOV", "BRITISH", "GBR", "GOV"), ("RUS", "MOSCOW", "RUS"),
           URL.format(21)),
        g2("22", "20161014", "010", ("GBR", "BRITAIN", "GBR"), NO, URL.format(22)),
    ])  # fmt: skip
    out = imported(cli, empty_log, "gdelt", other)
    assert out == "read 2, added 2, duplicates 0, skipped 0, new actors 1"  # Russia
    assert len(actors_of(empty_log)) == 4  # UK, its government, Putin, Russia


def test_gdelt_1_daily_and_backfile_rows_a_header_and_a_zip(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    daily = v1(g2("30", "20160728", "041", GBR, RUS, URL.format(30)))
    backfile = v1(g2("31", "19820102", "042", RUS, GBR, ""), backfile=True)
    assert [len(daily.split("\t")), len(backfile.split("\t"))] == [58, 57]
    sample = gdelt_file(tmp_path / "events.csv", [daily, backfile])
    assert imported(cli, empty_log, "gdelt", sample).startswith("read 2, added 2,")
    call, visit = occurrences(empty_log)
    assert call["sources"] == [{"url": URL.format(30)}]
    assert visit["when"] == "1982-01-02" and visit["sources"][0]["outlet"] == "GDELT"
    assert visit["type"] == "visit"
    # a 2.0 file with a header row, zipped as GDELT publishes it
    header = "\t".join(GDELT)
    row = g2("32", "20161013", "040", GBR, RUS, URL.format(32))
    archive = tmp_path / "20161013151500.export.CSV.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("20161013151500.export.CSV", header + "\n" + row + "\n")
    assert imported(cli, empty_log, "gdelt", archive).startswith("read 1, added 1,")


def test_a_c1_control_character_in_a_place_name_is_dropped_not_a_bad_row(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    row = g2("40", "20161013", "040", GBR, RUS, URL.format(40),
             ActionGeo_FullName="K\x9bavn, Hovedstaden, Denmark")  # fmt: skip
    sample = gdelt_file(tmp_path / "g.CSV", [row])
    assert imported(cli, empty_log, "gdelt", sample).startswith("read 1, added 1,")
    [event] = occurrences(empty_log)
    assert event["location"] == "Kavn, Hovedstaden, Denmark"


def test_rows_that_break_the_format_are_bad_and_nothing_is_written(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    sample = gdelt_file(tmp_path / "g.CSV", [
        g2("50", "20161013", "040", GBR, RUS, URL.format(50)),
        "\t".join(["51", "20161013"] + [""] * 40),
        g2("52", "2016101", "040", GBR, RUS, URL.format(52)),
        g2("53", "20161013", "4O", GBR, RUS, URL.format(53)),
    ])  # fmt: skip
    before = file_digest(empty_log)
    result = cli("import", "gdelt", str(sample), "--log", str(empty_log))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "line 2: expected 61 tab-separated columns (GDELT 2.0) or 57 or 58" in result.stderr
    assert "line 3: bad SQLDATE '2016101'" in result.stderr
    assert "line 4: bad EventCode '4O'" in result.stderr
    assert file_digest(empty_log) == before


def test_a_damaged_zip_is_one_error(empty_log: Path, tmp_path: Path, cli: Run) -> None:
    bad = tmp_path / "x.CSV.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    result = cli("import", "gdelt", str(bad), "--log", str(empty_log))
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "is not a readable zip archive" in result.stderr


# ----------------------------------------------------------------------------- ICEWS


def icews_file(path: Path, rows: list[tuple[str, ...]], header: str | None = None) -> Path:
    lines = [header or "\t".join(ICEWS)]
    for values in rows:
        assert len(values) == len(ICEWS)
        lines.append("\t".join(values))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def icews(eid: str, day: str, source: tuple[str, str, str], code: str,
          target: tuple[str, str, str], story: str, text: str = "Consult") -> tuple[str, ...]:  # fmt: skip
    return (eid, day, *source, text, code, "1", *target, story, "1", "Reuters", "NA", "NA",
            "NA", "NA", "NA", "NA")  # fmt: skip


GOV = "Government,Executive"
POMPEO = ("Mike Pompeo", GOV, "United States")
KIM = ("Kim Yong-chol", GOV, "North Korea")
HAMAS = (
    "Hamas",
    "Radicals / Extremists / Fundamentalists,Sunni,Dissident",
    "Occupied Palestinian Territory",
)
SCO = ("Shanghai Cooperation Organization", "International Government Organization,Regional", "NA")
NA = ("NA", "NA", "NA")


def test_icews_na_is_missing_and_actor_kinds_come_from_names_and_sectors(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    sample = icews_file(tmp_path / "events.tab", [
        icews("1", "2018-06-01", POMPEO, "040", KIM, "100"),
        icews("2", "2018-06-01", HAMAS, "010", NA, "101", "Make statement"),
        icews("3", "2018-06-01", SCO, "051", ("Russia", "NA", "Russian Federation"), "102"),
        icews("4", "2018-06-01", ("Police (India)", "Police,Government", "India"), "173",
              ("Citizen (India)", "Social", "India"), "103"),
        icews("5", "2018-06-01", NA, "010", NA, "104"),
    ])  # fmt: skip
    out = imported(cli, empty_log, "icews", sample)
    assert out.endswith("; left out 1 (no actor 1)")
    actors = actors_of(empty_log)
    kinds = {name: (a["kind"], a.get("country")) for name, a in actors.items()}
    assert kinds["Mike Pompeo"] == ("person", "USA")
    assert kinds["Kim Yong-chol"] == ("person", "PRK")
    assert kinds["Hamas"] == ("group", "PSE")
    assert kinds["Shanghai Cooperation Organization"] == ("international_organization", None)
    assert kinds["Russia"] == ("state", "RUS")
    assert kinds["Police (India)"] == ("government_body", "IND")
    assert not any(a.get("country") == "NAM" for a in actors.values())  # NA is not Namibia
    assert ("police-india", "india", "part_of") in ties_of(empty_log)
    statement = occurrences(empty_log)[1]
    assert statement["participants"] == [{"actor": "hamas", "role": "speaker"}]
    assert statement["sources"][0]["outlet"] == "Reuters"
    assert "location" not in statement  # NA places


def test_icews_header_as_r_writes_it(empty_log: Path, tmp_path: Path, cli: Run) -> None:
    header = "\t".join(c.replace(" ", ".") for c in ICEWS)  # Event.ID, Event.Date, ...
    sample = icews_file(tmp_path / "r.tsv", [icews("1", "2018-06-01", POMPEO, "040", KIM, "1")],
                        header)  # fmt: skip
    assert imported(cli, empty_log, "icews", sample).startswith("read 1, added 1,")


# ----------------------------------------------------------------------------- the pieces


@pytest.mark.parametrize(
    ("cells", "name", "kind", "parent"),
    [
        (("GBR", "LONDON", "GBR", ""), "United Kingdom", "state", None),
        (("USAGOV", "UNITED STATES", "USA", ""), "Government (United States)",
         "government_body", "United States"),
        (("USAGOV", "OBAMA", "USA", ""), "Obama", "person", None),
        (("CHNGOV", "XI JINPING", "CHN", ""), "Xi Jinping", "person", None),
        (("RUSGOV", "KREMLIN", "RUS", ""), "Kremlin", "government_body", "Russia"),
        (("IGOUNO", "UNITED NATIONS", "", "UNO"), "United Nations",
         "international_organization", None),
        (("AFR", "AFRICA", "AFR", ""), "Africa", "other", None),
        (("USAJUD", "UNITED STATES", "USA", ""), "Judiciary (United States)",
         "government_body", "United States"),
    ],
)  # fmt: skip
def test_gdelt_actor_codes(
    cells: tuple[str, str, str, str], name: str, kind: str, parent: str | None
) -> None:
    code, raw, country, known = cells
    spec = gdelt_actor(code, raw, country, known, (code[3:6],), "")
    assert spec is not None
    assert (spec.name, spec.kind) == (name, kind)
    assert (spec.parent.name if spec.parent else None) == parent


def test_missing_values_and_generic_agents_without_a_place() -> None:
    assert gdelt_actor("NA", "NA", "NA", "NA", (), "") is None
    assert gdelt_actor("COP", "POLICE", "", "", ("COP",), "") is None
    assert icews_actor("NA", "NA", "NA", "Source Name") is None
    assert icews_actor("", "", "", "Source Name") is None
    spec = gdelt_actor("COP", "POLICE", "", "", ("COP",), "Lagos, Lagos, Nigeria")
    assert spec is not None and spec.name == "Police (Nigeria)"


def test_names_and_countries() -> None:
    assert [country_code(n) for n in ("Syrian", "American", "THE US", "Russian Federation")] == [
        "SYR", "USA", "USA", "RUS",
    ]  # fmt: skip
    assert country_code("NA") is None
    assert name_case("THE US") == "The US"
    assert name_case("Sebastián Piñera") == "Sebastián Piñera"
    assert name_case("ANGELA MERKEL") == "Angela Merkel"

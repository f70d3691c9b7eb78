"""Who coded actors are, as real published files name them: states that no longer exist
(CAMEO's ``USR``, ``YUG``, ``DDR``...), places, peoples and bodies named where a person
would be, persons GDELT gives no code, and logs that older trackers imported."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import file_digest
from tests.exchange.test_coded_imports import (
    NO,
    URL,
    actors_of,
    g2,
    gdelt_file,
    icews,
    icews_file,
    imported,
    ties_of,
)
from tests.exchange.test_historyatstate import visits
from tests.exchange.test_importers import occurrences
from tests.exchange.test_real_releases import TEKLA
from tracker.domain.countries import country_code, former_state
from tracker.exchange.importing import gdelt, historyatstate
from tracker.exchange.importing.actors import gdelt_actor, icews_actor, person_named
from tracker.exchange.importing.historyatstate import country_of
from tracker.exchange.importing.plover import plover_actor
from tracker.exchange.importing.rows import ActorSpec
from tracker.services.tracker import Tracker

Run = Callable[..., Any]


# ----------------------------------------------------------------------- former states


@pytest.mark.parametrize(
    ("code", "name", "want"),
    [
        ("USR", "SOVIET UNION", "Soviet Union"),
        ("USR", "MOSCOW", "Soviet Union"),
        ("YUG", "BELGRADE", "Yugoslavia"),
        ("DDR", "EAST GERMANY", "East Germany"),
        ("CSK", "CZECHOSLOVAKIA", "Czechoslovakia"),
        ("SCG", "SERBIA AND MONTENEGRO", "Serbia and Montenegro"),
        ("ANT", "CURACAO", "Netherlands Antilles"),
        ("YMD", "SOUTH YEMEN", "South Yemen"),
    ],
)
def test_a_former_state_code_is_that_state_without_an_iso_code(
    code: str, name: str, want: str
) -> None:
    spec = gdelt_actor(code, name, "", "", ("", "", ""))
    assert spec is not None
    assert (spec.name, spec.kind, spec.country, spec.code) == (want, "state", None, code)


def test_former_state_sectors_agents_and_persons() -> None:
    government = gdelt_actor("USRGOV", "SOVIET UNION", "USR", "", ("GOV", "", ""))
    assert government is not None and government.parent is not None
    assert (government.name, government.kind) == ("Government (Soviet Union)", "government_body")
    assert (government.parent.name, government.parent.country) == ("Soviet Union", None)
    president = gdelt_actor("USRGOV", "PRESIDENT", "", "", ("GOV", "", ""))
    assert president is not None and president.name == "President (Soviet Union)"
    gorbachev = gdelt_actor("USRGOV", "MIKHAIL GORBACHEV", "", "", ("GOV", "", ""))
    assert gorbachev is not None
    assert (gorbachev.name, gorbachev.kind, gorbachev.country) == (
        "Mikhail Gorbachev", "person", None,
    )  # fmt: skip
    named = gdelt_actor("", "SOVIET UNION", "", "", ("", "", ""))
    assert named is not None and (named.name, named.kind) == ("Soviet Union", "state")


def test_west_germany_is_germany_and_the_soviet_union_is_not_russia() -> None:
    west = gdelt_actor("GMW", "WEST GERMANY", "", "", ("", "", ""))
    assert west is not None and (west.name, west.country) == ("Germany", "DEU")
    bonn = gdelt_actor("GMWGOV", "BONN", "GMW", "", ("GOV", "", ""))
    assert bonn is not None and bonn.name == "Government (Germany)"
    assert country_code("soviet union") is None
    assert country_code("West Germany") == "DEU"
    soviet = icews_actor("Soviet Union", "", "", "Source Name")
    assert soviet is not None and (soviet.name, soviet.country) == ("Soviet Union", None)


def test_historyatstate_and_coded_data_share_one_table_of_former_states() -> None:
    assert country_of("russia", "U.S.S.R.") == ("Soviet Union", None)
    assert country_of("german-democratic-republic", "German Democratic Republic") == (
        "East Germany", None,
    )  # fmt: skip
    assert country_of("serbia-and-montenegro", "Serbia and Montenegro") == (
        "Serbia and Montenegro", None,
    )  # fmt: skip
    assert country_of("kosovo", "Kosovo") == ("Kosovo", None)
    assert former_state("USSR") == former_state("usr") == "Soviet Union"
    assert former_state("Russia") is None


USSR = ("USR", "SOVIET UNION", "USR")
USSR_GOV = ("USRGOV", "SOVIET UNION", "USR", "GOV")
GORBACHEV = ("USRGOV", "MIKHAIL GORBACHEV", "USR", "GOV")
REAGAN = ("USAGOV", "RONALD REAGAN", "USA", "GOV")
WEST = ("GMW", "WEST GERMANY", "GMW")


def test_a_backfile_of_former_states_imports_them_as_states(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    sample = gdelt_file(tmp_path / "1985.csv", [
        g2("31", "19851119", "043", REAGAN, GORBACHEV, URL.format(31)),
        g2("32", "19851120", "036", USSR_GOV, WEST, URL.format(32)),
        g2("33", "19851121", "010", USSR, ("", "", "", ""), URL.format(33)),
    ])  # fmt: skip
    out = imported(cli, empty_log, "gdelt", sample)
    assert out == "read 3, added 3, duplicates 0, skipped 0, new actors 5"
    actors = actors_of(empty_log)
    assert {n: (a["kind"], a.get("country")) for n, a in actors.items()} == {
        "Ronald Reagan": ("person", "USA"),
        "Mikhail Gorbachev": ("person", None),
        "Soviet Union": ("state", None),
        "Government (Soviet Union)": ("government_body", None),
        "Germany": ("state", "DEU"),
    }
    assert ("government-soviet-union", "soviet-union", "part_of") in ties_of(empty_log)
    (said,) = [e for e in occurrences(empty_log) if e["cameo"] == "010"]
    assert said["participants"] == [{"actor": "soviet-union", "role": "speaker"}]


# --------------------------------------------------- places, peoples and bodies, not persons


@pytest.mark.parametrize(
    ("cells", "name", "kind", "country"),
    [
        (("DNKGOV", "AARHUS", "DNK", "GOV"), "Government (Denmark)", "government_body", "DNK"),
        (("FRACVL", "CALAIS", "FRA", "CVL"), "Civilians (France)", "other", "FRA"),
        (("USAGOV", "SAN JOSE", "USA", "GOV"), "Government (United States)", "government_body",
         "USA"),
        (("USACOP", "NIAGARA FALLS", "USA", "COP"), "Police (United States)", "government_body",
         "USA"),
        (("CHNCVL", "XINJIANG", "CHN", "CVL"), "Civilians (China)", "other", "CHN"),
        (("CHEGOV", "GENEVA", "CHE", "GOV"), "Government (Switzerland)", "government_body", "CHE"),
        (("scoGOV", "SCOTTISH", "", "GOV"), "Scottish", "other", None),
        (("idgCOP", "INDIGENOUS", "", "COP"), "Indigenous", "other", None),
        (("nai", "NATIVE AMERICAN", "", ""), "Native American", "other", None),
        (("GBRGOV", "NORTHERN IRISH", "GBR", "GOV"), "Northern Irish", "other", "GBR"),
        (("EURJUD", "EUROPEAN", "", "JUD"), "Judiciary (Europe)", "government_body", None),
        (("AFRGOV", "AFRICA", "", "GOV"), "Government (Africa)", "government_body", None),
        (("USAGOV", "NASA", "USA", "GOV"), "NASA", "government_body", "USA"),
        (("MNCUSAGOV", "PIONEER NATURAL RESOURCES CO", "USA", "MNC"),
         "Pioneer Natural Resources Co", "other", None),
        (("", "ALCOHOLICS ANONYMOUS", "", ""), "Alcoholics Anonymous", "other", None),
        (("USAGOV", "BARACK OBAMA", "USA", "GOV"), "Barack Obama", "person", "USA"),
        (("JORELI", "HASSAN", "JOR", "ELI"), "Hassan", "person", "JOR"),
        (("USAGOV", "WILSON", "USA", "GOV"), "Wilson", "person", "USA"),  # a town of 49,000
    ],
)  # fmt: skip
def test_places_peoples_and_bodies_are_not_persons(
    cells: tuple[str, str, str, str], name: str, kind: str, country: str | None
) -> None:
    code, raw, iso, role = cells
    spec = gdelt_actor(code, raw, iso, "", (role, "", ""))
    assert spec is not None
    assert (spec.name, spec.kind, spec.country) == (name, kind, country)


def test_a_file_naming_places_and_peoples_where_persons_would_be(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    sample = gdelt_file(tmp_path / "20161013151500.export.CSV", [
        g2("41", "20161013", "036", ("DNKGOV", "AARHUS", "DNK", "GOV"),
           ("DNK", "DENMARK", "DNK"), URL.format(41)),
        g2("42", "20161013", "020", ("FRACVL", "CALAIS", "FRA", "CVL"),
           ("GBRGOV", "THERESA MAY", "GBR", "GOV"), URL.format(42)),
        g2("43", "20161013", "043", ("scoGOV", "SCOTTISH", "", "GOV"),
           ("USAGOV", "NASA", "USA", "GOV"), URL.format(43)),
    ])  # fmt: skip
    out = imported(cli, empty_log, "gdelt", sample)
    assert out == "read 3, added 3, duplicates 0, skipped 0, new actors 7"
    kinds = {n: a["kind"] for n, a in actors_of(empty_log).items()}
    assert kinds == {
        "Government (Denmark)": "government_body",
        "Denmark": "state",
        "Civilians (France)": "other",
        "France": "state",
        "Theresa May": "person",
        "Scottish": "other",
        "NASA": "government_body",
    }


# ---------------------------------------------------------- persons without a person's code


@pytest.mark.parametrize(
    ("entity", "kind", "country"),
    [
        ({"actorText": "Kofi Annan", "code": "---", "sector": "***"}, "person", None),
        ({"actorText": "Kofi Annan", "code": ""}, "person", None),
        ({"actorText": "Bashar al-Assad", "code": "---"}, "person", None),
        ({"actorText": "Yasser Arafat", "code": "PSE", "sector": "GOV"}, "person", "PSE"),
        ({"actorText": "Tom King", "code": "GBR"}, "person", "GBR"),
        ({"actorText": "Bosnian Serbs", "code": "---"}, "other", None),
        ({"actorText": "Security Council", "code": "---"}, "other", None),
        ({"actorText": "Western Europe", "code": "---"}, "other", None),
        ({"actorText": "New York", "code": "---"}, "other", None),
        ({"actorText": "Palestinian Authority", "code": "PSE", "sector": "GOV"},
         "government_body", "PSE"),
    ],
)  # fmt: skip
def test_a_person_coded_as_nothing_is_a_person(
    entity: dict[str, str], kind: str, country: str | None
) -> None:
    spec = plover_actor(entity, "source")
    assert spec is not None
    assert (spec.name, spec.kind, spec.country) == (entity["actorText"], kind, country)


def test_gdelt_and_icews_name_a_person_without_a_code() -> None:
    for code in ("", "---"):
        spec = gdelt_actor(code, "KOFI ANNAN", "", "", ("", "", ""))
        assert spec is not None and (spec.name, spec.kind) == ("Kofi Annan", "person")
    spec = icews_actor("Kofi Annan", "", "", "Source Name")
    assert spec is not None and spec.kind == "person"
    assert not person_named("Police Chief") and not person_named("Annan")


def test_plover_gold_records_with_a_placeholder_code_make_persons(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    record = {
        "id": "gold-7", "date": "1998-02-23", "event": "CONSULT", "mode": "visit",
        "source": [{"actorText": "Kofi Annan", "code": "---", "sector": "***"}],
        "target": [{"actorText": "Iraq", "code": "IRQ", "sector": "***"}],
        "text": "Kofi Annan met Iraqi officials in Baghdad.",
    }  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    imported(cli, empty_log, "plover", path)
    kinds = {n: a["kind"] for n, a in actors_of(empty_log).items()}
    assert kinds == {"Kofi Annan": "person", "Iraq": "state"}


# ------------------------------------------------- logs imported by older trackers


@pytest.fixture
def fresh_actor_caches() -> Iterator[None]:
    """The GDELT reader keeps what each actor's cells make, for the whole process: an older
    rule patched in for one import must not stay in them."""
    gdelt.gdelt_actor.cache_clear()
    gdelt.clear_row_actors()
    yield
    gdelt.gdelt_actor.cache_clear()
    gdelt.clear_row_actors()


def test_a_gdelt_log_an_older_tracker_imported_reimports_with_nothing_added(
    empty_log: Path, tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch,
    fresh_actor_caches: None,
) -> None:  # fmt: skip
    """Trackers before made "AARHUS" ``DNKGOV`` a person "Aarhus" (and the summary names
    it): the same file re-imported after the rule changed is the same rows, not conflicts."""
    sample = gdelt_file(tmp_path / "20161013151500.export.CSV", [
        g2("41", "20161013", "036", ("DNKGOV", "AARHUS", "DNK", "GOV"),
           ("DNK", "DENMARK", "DNK"), URL.format(41)),
        g2("42", "20161013", "020", ("FRACVL", "CALAIS", "FRA", "CVL"),
           ("GBRGOV", "THERESA MAY", "GBR", "GOV"), URL.format(42)),
    ])  # fmt: skip
    real = gdelt.coded_actor

    def older(code: str, name: str, *rest: Any) -> ActorSpec | None:
        if name in ("AARHUS", "CALAIS"):
            return ActorSpec(name.title(), "person", code[:3])  # what the older rule made
        return real(code, name, *rest)

    monkeypatch.setattr(gdelt, "coded_actor", older)
    assert imported(cli, empty_log, "gdelt", sample).endswith("new actors 4")
    assert {"Aarhus", "Calais"} <= set(actors_of(empty_log))
    monkeypatch.setattr(gdelt, "coded_actor", real)
    gdelt.gdelt_actor.cache_clear()
    gdelt.clear_row_actors()
    before = file_digest(empty_log)
    again = cli("import", "gdelt", str(sample), "--log", str(empty_log))
    assert again.exit_code == 0, again.stderr
    assert again.stdout.strip() == "read 2, added 0, duplicates 2, skipped 0, new actors 0"
    assert file_digest(empty_log) == before


def test_a_changed_row_is_still_a_conflict(empty_log: Path, tmp_path: Path, cli: Run) -> None:
    row = g2("43", "20161013", "036", ("DNK", "DENMARK", "DNK"), ("FRA", "FRANCE", "FRA"),
             URL.format(43))  # fmt: skip
    imported(cli, empty_log, "gdelt", gdelt_file(tmp_path / "a.CSV", [row]))
    changed = row.replace("\t036\t", "\t037\t", 1)  # another code under the same event id
    result = cli("import", "gdelt", str(gdelt_file(tmp_path / "b.CSV", [changed])),
                 "--log", str(empty_log))  # fmt: skip
    assert result.exit_code == 2
    assert "already in the log with different content" in result.stderr


def test_a_visits_log_with_the_older_suffix_rule_reimports_with_nothing_added(
    empty_log: Path, tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Trackers before d6742fe made "Marno Tekla Jr." and "Marno Tekla, Jr" two persons."""
    data = tmp_path / "visits" / "data"
    data.mkdir(parents=True)
    (data / "2020.xml").write_text(visits(*TEKLA), encoding="utf-8")
    monkeypatch.setattr(historyatstate, "suffixed", lambda name: name)  # the older rules
    monkeypatch.setattr(historyatstate, "canonical_names", lambda *args: {})
    imported(cli, empty_log, "historyatstate", tmp_path / "visits")
    people = sorted(a.id for a in Tracker(empty_log).actors() if a.kind == "person")
    assert people == ["marno-tekla-jr", "marno-tekla-jr-2"]
    monkeypatch.undo()
    again = imported(cli, empty_log, "historyatstate", tmp_path / "visits")
    assert again == "read 2, added 0, duplicates 2, skipped 0, new actors 0"


# ------------------------------------------------------- one person, several spellings

ZELENSKY = ("UKRGOV", "VOLODYMYR ZELENSKY", "UKR", "GOV")
ZELENSKYY = ("UKRGOV", "VOLODYMYR ZELENSKYY", "UKR", "GOV")
DUDA = ("POLGOV", "ANDRZEJ DUDA", "POL", "GOV")


def test_zelensky_zelenskyy_and_zelenskiy_are_one_person(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    t = Tracker(empty_log)
    t.register_actor("Volodymyr Zelenskyi", kind="person", country="UKR")
    sample = gdelt_file(tmp_path / "z.CSV", [
        g2("51", "20220301", "040", ZELENSKY, DUDA, URL.format(51)),
        g2("52", "20220302", "040", DUDA, ZELENSKYY, URL.format(52)),
    ])  # fmt: skip
    out = imported(cli, empty_log, "gdelt", sample)
    assert out == "read 2, added 2, duplicates 0, skipped 0, new actors 1"  # Andrzej Duda
    assert {p["actor"] for e in occurrences(empty_log) for p in e["participants"]} == {
        "volodymyr-zelenskyi", "andrzej-duda",
    }  # fmt: skip
    said = icews_file(tmp_path / "i.tab", [
        icews("7001", "2022-03-03", ("Volodymyr Zelenskiy", "Government", "Ukraine"), "010",
              ("Andrzej Duda", "Government", "Poland"), "91", "Make statement"),
    ])  # fmt: skip
    assert imported(cli, empty_log, "icews", said).endswith("new actors 0")


def test_spellings_in_one_file_are_one_new_person(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    sample = gdelt_file(tmp_path / "z.CSV", [
        g2("53", "20220301", "040", ZELENSKY, DUDA, URL.format(53)),
        g2("54", "20220305", "040", DUDA, ZELENSKYY, URL.format(54)),
    ])  # fmt: skip
    assert imported(cli, empty_log, "gdelt", sample).endswith("new actors 2")
    assert [n for n, a in actors_of(empty_log).items() if a["kind"] == "person"] == [
        "Volodymyr Zelensky", "Andrzej Duda",
    ]  # fmt: skip


def test_another_country_or_two_registered_spellings_are_never_merged(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    t = Tracker(empty_log)
    t.register_actor("Dmitriy Peskov", kind="person", country="RUS")
    t.register_actor("Dmitrii Peskov", kind="person", country="RUS")  # two actors already
    t.register_actor("Oleksiy Zelensky", kind="person", country="RUS")
    sample = gdelt_file(tmp_path / "p.CSV", [
        g2("55", "20220301", "010", ("RUSGOV", "DMITRY PESKOV", "RUS", "GOV"), NO, URL.format(55)),
        g2("56", "20220301", "010", ("UKRGOV", "OLEKSIY ZELENSKYY", "UKR", "GOV"), NO,
           URL.format(56)),
    ])  # fmt: skip
    assert imported(cli, empty_log, "gdelt", sample).endswith("new actors 2")
    people = sorted(a.id for a in Tracker(empty_log).actors() if a.kind == "person")
    assert people == [
        "dmitrii-peskov", "dmitriy-peskov", "dmitry-peskov", "oleksiy-zelensky",
        "oleksiy-zelenskyy",
    ]  # fmt: skip

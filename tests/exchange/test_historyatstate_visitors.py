"""One visitor, one actor: the visits name a person several ways over the years (the
fixtures are made-up records in HistoryAtState/visits' shape)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import file_digest
from tests.exchange.test_historyatstate import lines, visits, visits_in
from tracker.exchange.importing.historyatstate import _TITLES
from tracker.exchange.importing.visitors import canonical_names
from tracker.services.tracker import Tracker

Cli = Callable[..., Any]


def visit(n: int, year: int, visitor: str, cid: str = "israel", country: str = "Israel") -> dict:
    return dict(id=str(n), start=f"{year}-05-0{1 + n % 9}", end=f"{year}-05-0{1 + n % 9}",
                cid=cid, country=country, visitor=visitor, description="Official visit.")  # fmt: skip


def write(tmp_path: Path, *records: dict) -> Path:
    path = tmp_path / "visits" / "data" / "visits.xml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(visits(*records), encoding="utf-8")
    return tmp_path / "visits"


def names(log: Path) -> dict[str, str]:
    return {
        line["data"]["actor"]: line["data"]["name"]
        for line in lines(log)
        if line["type"] == "ActorRegistered" and line["data"]["kind"] == "person"
    }


def visitors_of(log: Path) -> list[str]:
    return [e["participants"][0]["actor"] for e in visits_in(log)]


def test_spellings_and_offices_of_one_person_are_one_actor(
    tracker: Tracker, cli: Cli, tmp_path: Path
) -> None:
    folder = write(
        tmp_path,
        visit(1, 1996, "Prime Minister Benjamin Netanyahu"),
        visit(2, 1998, "Prime Minister Binyamin Netanyahu"),
        visit(3, 2010, "Prime Minister Benyamin Netanyahu"),
        visit(4, 2011, "Prime Minister Benjamin Netanyahu"),
        visit(5, 1963, "Prime Minister Eshkol"),  # a surname alone after an office
        visit(6, 1964, "Prime Minister Levi Eshkol"),
        visit(7, 1995, "President Ezer J. Weizman"),
        visit(8, 1994, "President Ezer Weizman"),
    )
    log = tracker.log.path
    result = cli("import", "historyatstate", str(folder), "--log", str(log))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == (
        "read 8, added 8, duplicates 0, skipped 0, new actors 4"
    )  # the United States and three people
    # each named by its most frequent name, then its fullest
    assert sorted(names(log).values()) == [
        "Antony Blinken", "Benjamin Netanyahu", "Ezer J. Weizman", "Levi Eshkol", "Wang Yi",
    ]  # fmt: skip
    assert visitors_of(log)[:6] == ["benjamin-netanyahu"] * 4 + ["levi-eshkol"] * 2
    written = [e["extra"].get("visitor_written") for e in visits_in(log)]
    assert written[:6] == [
        None, "Binyamin Netanyahu", "Benyamin Netanyahu", None, "Prime Minister Eshkol", None,
    ]  # fmt: skip
    before = file_digest(log)
    again = cli("import", "historyatstate", str(folder), "--log", str(log))
    assert again.exit_code == 0
    assert again.stdout.strip().startswith("read 8, added 0, duplicates 8")
    assert file_digest(log) == before


def test_the_log_s_person_names_a_later_import_s_spelling(
    tracker: Tracker, cli: Cli, tmp_path: Path
) -> None:
    tracker.register_actor("Dmitry Medvedev", kind="person", country="RUS")
    folder = write(
        tmp_path,
        visit(1, 2010, "President Dimitry A. Medvedev", "russia", "Russia"),
        visit(2, 2011, "President Dmitriy Medvedev", "russia", "Russia"),
    )
    log = tracker.log.path
    assert cli("import", "historyatstate", str(folder), "--log", str(log)).exit_code == 0
    assert visitors_of(log) == ["dmitry-medvedev", "dmitry-medvedev"]


@pytest.mark.parametrize(
    ("records", "expected"),
    [
        # a father and a son, a mother and a son; years apart
        ([("Ferdinand Marcos", 1966), ("Ferdinand Marcos Jr.", 2023)], {}),
        ([("Seretse Khama", 1970), ("Seretse Khama Ian Khama", 2008)], {}),
        ([("Premier Castro", 1959), ("Raul Castro", 2015)], {}),
        # two people with one surname and other given names; middle initials that differ
        ([("Chaim Herzog", 1987), ("Isaac Herzog", 2022), ("President Herzog", 1990)], {}),
        ([("George H.W. Bush", 1989), ("George W. Bush", 2001)], {}),
        ([("Lars Rasmussen", 2015), ("Anders Fogh Rasmussen", 2005)], {}),
        # a name after "bin" is a father's
        ([("Isa bin Sulman al-Khalifa", 1970), ("Amir Sulman al-Khalifa", 1960)], {}),
        # one person: a middle name, a spelling, a nickname, a surname alone, a doubled word
        (
            [
                ("Recep Tayyip Erdogan", 2009),
                ("Recep Erdogan", 2005),
                ("Recep Tayyip Erdogan", 2013),
            ],
            {"Recep Erdogan": "Recep Tayyip Erdogan"},
        ),
        ([("Willem (Wim) Kok", 1995), ("Wim Kok", 1997)], {"Willem (Wim) Kok": "Wim Kok"}),
        ([("de Gaulle", 1960), ("Charles de Gaulle", 1961)], {"de Gaulle": "Charles de Gaulle"}),
        (
            [("Giulio Giulio Andreotti", 1990), ("Giulio Andreotti", 1991)],
            {"Giulio Giulio Andreotti": "Giulio Andreotti"},
        ),
        (
            [("Diaz Ordaz", 1967), ("Gustavo Diaz Ordaz", 1966), ("Gustavo Diaz Ordaz", 1968)],
            {"Diaz Ordaz": "Gustavo Diaz Ordaz"},
        ),
        (
            [("Rafiq al-Hariri", 1996), ("Rafiq Hariri", 1998), ("Rafiq Hariri", 2001)],
            {"Rafiq al-Hariri": "Rafiq Hariri"},
        ),
        # a surname alone that two people answer to stays itself
        (
            [
                ("Sabah al-Ahmed al-Jabir al-Sabah", 2010),
                ("Sabah al-Salim al-Sabah", 1970),
                ("Sabah al-Sabah", 1990),
            ],
            {},
        ),
        # a monarch's name is only ever itself
        ([("King Olav V", 1970), ("King Harald V", 1995)], {}),
    ],
)
def test_canonical_names(records: list[tuple[str, int]], expected: dict[str, str]) -> None:
    found = canonical_names([("XXX", name, year) for name, year in records], {}, _TITLES)
    assert {name: best for (_, name), best in found.items()} == expected


def test_a_hostile_file_of_one_surname_is_not_compared_pair_by_pair() -> None:
    many = [("XXX", f"Given{n} Smith", 2000) for n in range(5000)]
    found = canonical_names([*many, ("XXX", "Given1 Smith", 2001)], {}, _TITLES)
    assert found == {}  # each name itself, at once (25 million pairs otherwise)
    few = canonical_names([("XXX", "Jon Smith", 2000), ("XXX", "Jon A. Smith", 2001)], {}, _TITLES)
    assert few == {("XXX", "Jon Smith"): "Jon A. Smith"}  # the fuller of two as frequent

"""Issue 17: suggestions for an unknown name match its parts ("Truss" -> "Elizabeth Truss"),
are ranked, at most five, and none below the cut-off. On the shipped registry and on a
generated one of 300 names."""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tracker.queries.suggest import CUTOFF, LIMIT, closest, score

CLI = Callable[..., Any]

FIRST = ["Elizabeth", "Sergey", "John", "Maria", "Wang", "Ahmed", "Olena", "Pierre", "Yuki",
         "Carlos", "Fatima", "Hans", "Priya", "Kwame", "Ingrid", "Dmitry", "Ana", "Li"]  # fmt: skip
LAST = ["Truss", "Lavrov", "Smith", "Garcia", "Yi", "Khan", "Kovalenko", "Dupont", "Tanaka",
        "Silva", "Haddad", "Muller", "Sharma", "Mensah", "Berg", "Peskov", "Costa", "Wei",
        "Johnson", "Warren", "Rossi", "Novak", "Okafor", "Larsen"]  # fmt: skip


def registry(n: int = 300, seed: int = 17) -> list[str]:
    """``n`` distinct "First Last" names (deterministic), with Elizabeth Truss and Sergey
    Lavrov among them, and no other Truss or Lavrov."""
    rng = random.Random(seed)
    names = {"Elizabeth Truss", "Sergey Lavrov"}
    while len(names) < n:
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if last not in ("Truss", "Lavrov"):
            names.add(f"{first} {last}")
    return sorted(names)


def test_the_generated_registry() -> None:
    names = registry()
    assert len(names) == 300 and registry() == names  # deterministic
    assert closest("Truss", names) == ["Elizabeth Truss"]
    assert closest("Lavrov", names) == ["Sergey Lavrov"]
    assert closest("lavrow", names) == ["Sergey Lavrov"]
    assert closest("Elizabeth Truss", names)[0] == "Elizabeth Truss"
    assert closest("Truss Elizabeth", names)[0] == "Elizabeth Truss"
    assert closest("Qzxvw", names) == []
    # a common first name: five at most, every one of them a real match, best first
    johns = closest("John", names)
    assert len(johns) == LIMIT
    assert all(name.split()[0] == "John" for name in johns)  # not "Johnson"s first
    assert closest("Johnson", names)[0].endswith(" Johnson")
    # each suggestion scores at the cut-off or better, in order
    for query in ("Truss", "Smyth", "Kovalenk", "Garsia", "Maria Silva", "Peskow"):
        found = closest(query, names)
        scores = [score(query, name) for name in found]
        assert all(s >= CUTOFF for s in scores), (query, found, scores)
        assert scores == sorted(scores, reverse=True), query
        assert len(found) <= LIMIT
        others = [score(query, n) for n in names if n not in found]
        assert len(found) == LIMIT or all(s < CUTOFF for s in others), query
        print(f"{query!r}: {found}")


@pytest.mark.parametrize(
    ("asked", "suggested"),
    [
        ("Truss", None),  # before: 'United States'
        ("Elizabeth Truss", None),  # before: 'United States', 'Russia'
        ("Lavrow", "'Sergey Lavrov'"),
        ("Sergei Lavrow", "'Sergey Lavrov'"),
        ("Blinkin", "'Antony Blinken'"),
        ("Blinken Antony", "'Antony Blinken'"),
        ("Wang", "'Wang Yi'"),
        ("Price", "'Ned Price'"),
        ("Moskow", "'Russia'"),  # an alias of Russia: the actor is suggested
        ("Jake Sullivan", None),
        ("Kissinger", None),
    ],
)
def test_the_shipped_registry(cli: CLI, seed_log: Path, asked: str, suggested: str | None) -> None:
    before = seed_log.read_bytes()
    result = cli("timeline", "--actor", asked)
    assert result.exit_code == 3
    expected = f"Error: unknown actor {asked!r}"
    if suggested:
        expected += f"; did you mean {suggested}?"
    assert result.stderr == expected + "\n"
    assert seed_log.read_bytes() == before


def test_at_most_five_and_each_actor_once(cli: CLI, seed_log: Path) -> None:
    result = cli("timeline", "--actor", "Ministry")
    message = result.stderr.strip()
    assert message.startswith("Error: unknown actor 'Ministry'; did you mean ")
    named = message.split("did you mean ", 1)[1].rstrip("?").split("', '")
    assert len(named) == len(set(named)) <= LIMIT
    assert named[0].strip("'").startswith("Ministry of Foreign Affairs of")

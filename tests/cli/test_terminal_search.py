"""Issue 17 for the commands merged after it: ``search``, ``show`` and ``actor show`` on a
pseudo-terminal of 80 and 120 columns fit it (every line, ids whole, participants as
"Name +3", a snippet on at most two lines); piped, they print everything whole."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli.terminal import run_piped, run_tty
from tests.conftest import SOURCE
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker

HIT = re.compile(r"^ {0,2}\d+\. (\d{4}-\d{2}-\d{2})  (\S+)  (.*)  \[([0-9a-f]{8})\]")
LONG = (
    "Secretary Blinken and the foreign ministers discussed the evacuation of Kabul airport, "
    "the safe passage of Afghan nationals who worked with the coalition, humanitarian access "
    "across the border with Pakistan and the future of the embassy in a long and detailed "
    "conversation that ran well past the scheduled hour"
)
NAMES = [
    "Ministry of Foreign Affairs of the People's Republic of China",
    "Sergey Lavrov",
    "Mohammad Javad Zarif",
    "Shah Mahmood Qureshi",
]


@pytest.fixture
def folder(tracker: Tracker, tmp_path: Path) -> tuple[Path, list[str]]:
    """Three evacuation events, one with five participants and a long summary."""
    for name in NAMES:
        tracker.register_actor(name)
    ids = [
        tracker.add_event(
            type="multilateral_meeting",
            when="2021-08-20",
            participants=[ActorRef("Blinken", "participant")]
            + [ActorRef(n, "participant") for n in NAMES],
            summary=LONG,
            sources=[SOURCE],
        ).ids[0],
        tracker.add_event(
            type="phone_call",
            when="2021-08-16",
            participants=[ActorRef("Blinken", "initiator"), ActorRef("Wang Yi", "recipient")],
            summary="Discussed the evacuation and Afghanistan",
            sources=[SOURCE],
        ).ids[0],
    ]
    return tmp_path, ids


def _hits(lines: list[str]) -> list[re.Match[str]]:
    return [m for line in lines if (m := HIT.match(line))]


@pytest.mark.parametrize("columns", [80, 120])
def test_search_fits_the_terminal(folder: tuple[Path, list[str]], columns: int) -> None:
    path, ids = folder
    shown = run_tty(["search", "evacuation"], path, columns=columns)
    assert shown.code == 0, shown.text
    lines = shown.lines
    widest = max(len(line) for line in lines)
    print(f"{columns} columns: widest line {widest}, {len(lines)} lines")
    assert widest <= columns
    assert lines[0] == "Search 'evacuation': 2 event(s), best first"
    hits = _hits(lines)
    assert sorted(m.group(4) for m in hits) == sorted(i[-8:] for i in ids)  # ids whole
    big = next(m for m in hits if m.group(4) == ids[0][-8:])
    assert big.group(1, 2) == ("2021-08-20", "multilateral_meeting")  # date and type whole
    assert re.fullmatch(r".+ \+\d", big.group(3))  # "Antony Blinken, … +3"
    assert big.group(3).startswith("Antony Blinken")
    # each hit: its first line, then at most two lines of snippet, the long one cut with "…"
    blocks = "\n".join(lines[2:]).split("\n\n")
    assert len(blocks) == 2
    assert all(len(b.strip("\n").split("\n")) <= 3 for b in blocks)
    assert "…" in "\n".join(lines)
    # the matches in colour, no ** marks on a colour terminal
    assert "\x1b[1;33mevacuation\x1b[0m" in shown.raw
    assert "**" not in shown.text


def test_search_without_colour_keeps_the_marks_and_fits(folder: tuple[Path, list[str]]) -> None:
    path, _ = folder
    for shown in (
        run_tty(["search", "evacuation", "--no-color"], path, columns=80),
        run_tty(["search", "evacuation"], path, columns=80, NO_COLOR="1"),
    ):
        assert shown.code == 0
        assert "\x1b[" not in shown.raw
        assert "**evacuation**" in shown.text
        assert max(len(line) for line in shown.lines) <= 80


def test_search_wide_and_piped_show_everything(folder: tuple[Path, list[str]]) -> None:
    path, ids = folder
    piped = run_piped(["search", "evacuation"], path)
    assert piped.returncode == 0, piped.stderr
    assert "\x1b" not in piped.stdout
    everyone = "Antony Blinken (participant), " + ", ".join(f"{n} (participant)" for n in NAMES)
    assert f"  {everyone}  [{ids[0][-8:]}]" in piped.stdout
    assert "**evacuation**" in piped.stdout
    snippet = next(line for line in piped.stdout.splitlines() if "Kabul airport" in line)
    assert len(snippet) > 100  # the snippet on one line, as long as the index gives it
    wide = run_tty(["search", "evacuation", "--wide", "--no-color"], path, columns=80)
    assert wide.code == 0
    assert everyone in wide.text
    assert snippet in wide.lines  # --wide on a terminal: the piped text


def test_long_search_output_goes_through_the_pager(folder: tuple[Path, list[str]]) -> None:
    path, _ = folder
    pager = "sed s/^/PAGED:/"
    paged = run_tty(["search", "evacuation"], path, rows=6, TRACKER_PAGER=pager)
    assert paged.code == 0
    lines = [line for line in paged.lines if line]
    assert lines and all(line.startswith("PAGED:") for line in lines)
    plain = run_tty(["search", "evacuation", "--no-pager"], path, rows=6, TRACKER_PAGER=pager)
    assert not any(line.startswith("PAGED:") for line in plain.lines)
    piped = run_piped(["search", "evacuation"], path, TRACKER_PAGER=pager)
    assert "PAGED:" not in piped.stdout


def _value(lines: list[str], label: str) -> str:
    """A label's value as a terminal shows it: its line and the indented ones after it."""
    at = next(k for k, line in enumerate(lines) if line.startswith(label))
    parts = [lines[at][len(label) :]]
    for line in lines[at + 1 :]:
        if not line.startswith(" " * len(label)):
            break
        parts.append(line.strip())
    return " ".join(parts)


@pytest.mark.parametrize("columns", [80, 120])
def test_show_wraps_long_values_under_their_labels(
    folder: tuple[Path, list[str]], columns: int
) -> None:
    path, ids = folder
    shown = run_tty(["show", ids[0][-8:]], path, columns=columns)
    assert shown.code == 0, shown.text
    assert max(len(line) for line in shown.lines) <= columns
    assert shown.lines[0] == f"id:           {ids[0]}"  # the id whole
    assert shown.lines[1:3] == ["date:         2021-08-20", "type:         multilateral_meeting"]
    label = "summary:      "
    assert _value(shown.lines, label) == LONG  # every word, under the label
    piped = run_piped(["show", ids[0][-8:]], path)
    assert piped.returncode == 0
    assert f"\n{label}{LONG}\n" in piped.stdout  # piped: one line, as before
    wide = run_tty(["show", ids[0][-8:], "--wide"], path, columns=columns)
    assert label + LONG in wide.lines


def test_actor_show_wraps_long_values_under_their_labels(
    tracker: Tracker, folder: tuple[Path, list[str]]
) -> None:
    path, _ = folder
    aliases = [f"Alias number {n} of the Secretary" for n in range(8)]
    for alias in aliases:
        tracker.add_alias("Blinken", alias)
    shown = run_tty(["actor", "show", "Blinken"], path, columns=80)
    assert shown.code == 0, shown.text
    assert max(len(line) for line in shown.lines) <= 80
    assert shown.lines[0] == "Antony Blinken (antony-blinken)"
    assert _value(shown.lines, "aliases:       ") == ", ".join(["Blinken", *aliases])
    others = sorted([*NAMES, "Wang Yi"])
    assert _value(shown.lines, "counterparts:  ") == ", ".join(f"{n} (1)" for n in others)
    piped = run_piped(["actor", "show", "Blinken"], path)
    assert "aliases:       " + ", ".join(["Blinken", *aliases]) + "\n" in piped.stdout


def test_search_on_a_narrow_terminal_puts_the_names_under_the_rank(
    folder: tuple[Path, list[str]],
) -> None:
    path, ids = folder
    shown = run_tty(["search", "evacuation", "--no-color"], path, columns=44)
    assert shown.code == 0, shown.text
    lines = shown.lines
    assert max(len(line) for line in lines) <= 44
    # the date and type whole on the first line
    at = next(k for k, line in enumerate(lines) if line[3:] == ". 2021-08-20  multilateral_meeting")
    assert re.fullmatch(rf"     Antony Blinken.* \+\d  \[{ids[0][-8:]}\]", lines[at + 1])

"""Issue 17: the CLI as a terminal shows it (a pseudo-terminal of 80 and 120 columns) and as
a pipe gives it. On a terminal every line fits, ids are whole, the summary is cut with an
ellipsis; piped, the table is today's, every cell whole."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from benchmarks.generate import generate
from tests.cli.terminal import run_piped, run_tty
from tests.conftest import SHIPPED_LOG
from tracker.services.tracker import Tracker

ID = re.compile(r"  ([0-9a-f]{8})$")


@pytest.fixture(scope="module")
def busy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated log of 600 events among 30 actors (deterministic), synced once."""
    folder = tmp_path_factory.mktemp("busy")
    (folder / "data").mkdir()
    generate(folder / "data" / "events.jsonl", 600, 30, batch=600)
    Tracker(folder / "data" / "events.jsonl").sync()
    return folder


def _shipped(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir(exist_ok=True)
    shutil.copy(SHIPPED_LOG, tmp_path / "data" / "events.jsonl")
    return tmp_path


def _table_ids(lines: list[str]) -> list[str]:
    return [m.group(1) for line in lines if (m := ID.search(line))]


@pytest.mark.parametrize("columns", [80, 120])
def test_the_shipped_timeline_fits_the_terminal(tmp_path: Path, columns: int) -> None:
    folder = _shipped(tmp_path)
    shown = run_tty(["timeline", "--actor", "Blinken"], folder, columns=columns)
    assert shown.code == 0, shown.text
    widest = max(len(line) for line in shown.lines)
    print(f"{columns} columns: widest line {widest}, {len(shown.lines)} lines")
    assert widest <= columns
    ids = [
        e.id[-8:] for e in Tracker(folder / "data" / "events.jsonl").timeline(["Blinken"]).entries
    ]
    assert _table_ids(shown.lines) == ids  # every id whole, on its row's first line
    assert shown.lines[0] == "Timeline of Antony Blinken: 4 event(s)"
    assert shown.lines[1].split() == (
        ["DATE", "TYPE", "WITH", "SUMMARY", "ID"]
        if columns == 80
        else ["DATE", "TYPE", "WITH", "SUMMARY", "SOURCE", "ID"]
    )
    rows = [line for line in shown.lines if line.startswith("2021-08-16")]
    assert len(rows) == 4
    # each summary on at most two lines, cut with an ellipsis
    assert len(shown.lines) - 3 <= 4 * 2 + 1
    assert "…" in shown.text
    assert "\x1b[36mphone_call\x1b[0m" in shown.raw  # event types in colour on a terminal


@pytest.mark.parametrize("columns", [80, 120])
def test_a_busy_timeline_fits_and_counts_counterparts(busy: Path, columns: int) -> None:
    shown = run_tty(
        ["timeline", "--actor", "Actor 0000", "--no-pager"], busy, columns=columns, rows=30
    )
    assert shown.code == 0, shown.text
    entries = Tracker(busy / "data" / "events.jsonl").timeline(["Actor 0000"]).entries
    lines = shown.lines
    widest = max(len(line) for line in lines)
    print(f"{columns} columns: {len(entries)} events, {len(lines)} lines, widest {widest}")
    assert widest <= columns
    assert _table_ids(lines) == [e.id[-8:] for e in entries]
    assert len(lines) <= 3 + 2 * len(entries) + 1  # at most two lines an event
    assert re.search(r"Actor \d{4} \+\d", shown.text)  # "Wang Yi +3"


def test_wide_shows_every_cell_whole(tmp_path: Path) -> None:
    folder = _shipped(tmp_path)
    shown = run_tty(["timeline", "--actor", "Blinken", "--wide"], folder, columns=80)
    piped = run_piped(["timeline", "--actor", "Blinken"], folder)
    assert shown.code == 0
    assert "…" not in shown.text
    assert "Wang Yi (recipient)" in shown.text
    # the same text as piped output, at the terminal's width
    assert piped.stdout.splitlines()[1] == shown.lines[1]
    full = run_tty(["timeline", "--actor", "Blinken", "--format", "table", "--full"], folder)
    assert full.text == shown.text


# Today's table, as scripts read it (piped): every cell whole, wrapped at fixed widths.
PIPED = """\
Timeline of Antony Blinken: 2 event(s)
DATE        TYPE        WITH                          SUMMARY                         SOURCE        ID
----------  ----------  ----------------------------  ------------------------------  ------------  --------
2021-08-16  phone_call  Wang Yi (recipient)           Discussed Afghanistan, the      example.org   00000001
                                                      evacuation of Kabul airport,
                                                      the security of diplomats,
                                                      humanitarian access and the
                                                      next round of talks in Doha.
2021-08-17  meeting     Wang Yi (participant),        Met                             Example News  00000002
                        Sergey Lavrov (participant)
"""


def test_piped_output_is_the_whole_table(tracker: Tracker, tmp_path: Path) -> None:
    tracker.register_actor("Sergey Lavrov", kind="person", country="RUS")
    summary = (
        "Discussed Afghanistan, the evacuation of Kabul airport, the security of diplomats,"
        " humanitarian access and the next round of talks in Doha."
    )
    tracker.add_events(
        [
            {"id": "00000000-0000-7000-8000-000000000001", "type": "phone_call",
             "participants": [{"name": "Antony Blinken", "role": "initiator"},
                              {"name": "Wang Yi", "role": "recipient"}], "when": "2021-08-16",
             "summary": summary, "sources": [{"url": "https://example.org/a"}]},
            {"id": "00000000-0000-7000-8000-000000000002", "type": "meeting",
             "participants": [{"name": "Antony Blinken"}, {"name": "Wang Yi"},
                              {"name": "Sergey Lavrov"}], "when": "2021-08-17",
             "summary": "Met", "sources": [{"url": "https://example.org/b",
                                            "outlet": "Example News"}]},
        ]
    )  # fmt: skip
    piped = run_piped(["timeline", "--actor", "Blinken"], tmp_path)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == PIPED
    assert piped.stderr == ""
    assert "\x1b" not in piped.stdout  # never colour in a pipe
    # json and csv are the same on a terminal as piped
    for fmt in ("json", "csv"):
        shown = run_tty(["timeline", "--actor", "Blinken", "-f", fmt], tmp_path, columns=80)
        again = run_piped(["timeline", "--actor", "Blinken", "-f", fmt], tmp_path)
        assert shown.text == again.stdout, fmt


# --------------------------------------------------------------------------- the pager

PAGER = "sed s/^/PAGED:/"


def test_long_output_goes_through_the_pager(busy: Path) -> None:
    args = ["timeline", "--actor", "Actor 0000", "--last", "30"]
    paged = run_tty(args, busy, rows=20, TRACKER_PAGER=PAGER)
    assert paged.code == 0
    lines = [line for line in paged.lines if line]
    assert len(lines) > 20
    assert all(line.startswith("PAGED:") for line in lines)
    # PAGER when TRACKER_PAGER is not set; an empty TRACKER_PAGER turns paging off
    via_pager = run_tty(args, busy, rows=20, unset=("TRACKER_PAGER",), PAGER=PAGER)
    assert [line for line in via_pager.lines if line] == lines
    del_env = run_tty(args, busy, rows=20, PAGER=PAGER, TRACKER_PAGER="")
    assert not any(line.startswith("PAGED:") for line in del_env.lines)
    for flags in (["--no-pager", *args], [*args, "--no-pager"]):
        plain = run_tty(flags, busy, rows=20, unset=("TRACKER_PAGER",), PAGER=PAGER)
        assert plain.code == 0
        assert not any(line.startswith("PAGED:") for line in plain.lines), flags
        assert [line[len("PAGED:") :] for line in lines] == [line for line in plain.lines if line]


def test_short_output_and_pipes_are_never_paged(tmp_path: Path, busy: Path) -> None:
    folder = _shipped(tmp_path)
    short = run_tty(
        ["timeline", "--actor", "Blinken"], folder, rows=40, unset=("TRACKER_PAGER",), PAGER=PAGER
    )
    assert not any(line.startswith("PAGED:") for line in short.lines)
    piped = run_piped(["timeline", "--actor", "Actor 0000"], busy, PAGER=PAGER, TRACKER_PAGER=PAGER)
    assert piped.returncode == 0
    assert "PAGED:" not in piped.stdout
    assert piped.stdout.startswith("Timeline of Actor 0000: 312 event(s)\nDATE")


def test_a_missing_pager_prints_straight_out(tmp_path: Path, busy: Path) -> None:
    args = ["timeline", "--actor", "Actor 0000", "--last", "30"]
    shown = run_tty(args, busy, rows=20, TRACKER_PAGER="no-such-pager-anywhere")
    assert shown.code == 0
    assert len(_table_ids(shown.lines)) == 30


# --------------------------------------------------------------------------- colour

RED = "\x1b[1;31mError:\x1b[0m "


@pytest.mark.parametrize(
    ("args", "env", "coloured"),
    [
        ([], {}, True),
        ([], {"NO_COLOR": "1"}, False),
        ([], {"NO_COLOR": ""}, True),  # empty: not set (no-color.org)
        (["--no-color"], {}, False),
        ([], {"TERM": "dumb"}, False),
        ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"}, False),
    ],
)
def test_colour_on_a_terminal(
    tmp_path: Path, args: list[str], env: dict[str, str], coloured: bool
) -> None:
    folder = _shipped(tmp_path)
    forms = [[*args, "timeline", "--actor", "Blinkin"]]
    if args:  # the flag after the command too
        forms.append(["timeline", "-a", "Lavrow", *args])
    for argv in forms:
        shown = run_tty(argv, folder, **env)
        assert shown.code == 3
        assert shown.text.startswith("Error: unknown actor")
        assert shown.raw.startswith(RED) is coloured, (argv, shown.raw[:40])
    table = run_tty([*args, "timeline", "--actor", "Blinken"], folder, **env)
    assert ("\x1b[" in table.raw) is coloured


def test_no_colour_in_pipes_unless_forced(tmp_path: Path) -> None:
    folder = _shipped(tmp_path)
    piped = run_piped(["timeline", "--actor", "Blinkin"], folder)
    assert piped.stderr.startswith("Error: unknown actor 'Blinkin'")
    forced = run_piped(["timeline", "--actor", "Blinkin"], folder, FORCE_COLOR="1")
    assert forced.stderr.startswith(RED)
    table = run_piped(["timeline", "--actor", "Blinken"], folder, FORCE_COLOR="1")
    assert "\x1b" not in table.stdout  # the piped table stays the plain one scripts read


# --------------------------------------------------------------------------- other tables


@pytest.mark.parametrize(
    ("args", "columns"),
    [(["actors"], 80), (["actors"], 120), (["history", "antony-blinken"], 80),
     (["dyad", "Blinken", "Lavrov"], 120), (["graph", "--actor", "Blinken", "--depth", "2"], 80),
     (["rank", "--by", "pagerank"], 80), (["communities"], 80)],
    ids=["actors-80", "actors-120", "history-80", "dyad-120", "graph-80", "rank-80",
         "communities-80"],
)  # fmt: skip
def test_other_tables_fit_and_pipes_are_whole(
    tmp_path: Path, args: list[str], columns: int
) -> None:
    folder = _shipped(tmp_path)
    piped = run_piped(args, folder)
    assert piped.returncode == 0
    shown = run_tty(args, folder, columns=columns)
    assert shown.code == 0, shown.text
    widest = max(len(line) for line in shown.lines)
    print(f"{' '.join(args)} at {columns}: widest {widest} (piped: "
          f"{max(len(line) for line in piped.stdout.splitlines())})")  # fmt: skip
    assert widest <= columns
    wide = run_tty([*args, "--wide"], folder, columns=columns)
    assert wide.text == piped.stdout  # --wide is the piped table
    if args[0] == "actors":  # every id whole, in the piped order
        ids = [line.split()[0] for line in piped.stdout.splitlines()[2:] if line[:1] != " "]
        assert [line.split()[0] for line in shown.lines[2:] if line] == ids

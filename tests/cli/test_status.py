"""Issue 17: whatever takes a while says so. On a terminal, one status line on stderr, then
a progress bar with a count and a rate; on a pipe at most one line; nothing for a quick
command. ``TRACKER_STATUS_DELAY=0`` makes the small logs of these tests count as slow."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from benchmarks.generate import generate
from benchmarks.run import gdelt_file
from tests.cli.terminal import run_piped, run_tty
from tests.conftest import SHIPPED_LOG
from tracker.cli.status import Status, SyncStatus

BAR = re.compile(r"^\[#{30}\] 100%  (\d[\d,]*) events  [\d,]+ events/s  \d+\.\d s$")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("status")
    generate(folder / "events.jsonl", 3000, 30, batch=3000)
    return folder / "events.jsonl"


def _fresh(generated: Path, tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    shutil.copy(generated, tmp_path / "data" / "events.jsonl")
    return tmp_path


@pytest.mark.parametrize("columns", [80, 120])
def test_an_implicit_rebuild_says_so_on_a_terminal(
    generated: Path, tmp_path: Path, columns: int
) -> None:
    folder = _fresh(generated, tmp_path)
    shown = run_tty(
        ["timeline", "--actor", "Actor 0000", "--last", "3"],
        folder,
        columns=columns,
        TRACKER_STATUS_DELAY="0",
    )
    assert shown.code == 0, shown.text
    lines = shown.lines
    print("\n".join(lines[:3]))
    assert re.fullmatch(
        r"rebuilding the read model of data/events\.jsonl \(\d+ MB\) …", lines[0]
    ), lines[0]
    bar = BAR.match(lines[1])
    assert bar, lines[1]
    assert int(bar.group(1).replace(",", "")) == 3030  # 30 actors, 3000 events
    assert lines[2] == "Timeline of Actor 0000: 3 event(s)"
    assert max(len(line) for line in lines) <= columns
    # the next command finds the model current: nothing said
    again = run_tty(["timeline", "--actor", "Actor 0000", "--last", "3"], folder,
                    columns=columns, TRACKER_STATUS_DELAY="0")  # fmt: skip
    assert again.lines[0] == "Timeline of Actor 0000: 3 event(s)"


def test_a_catch_up_says_so(generated: Path, tmp_path: Path) -> None:
    folder = _fresh(generated, tmp_path)
    log = folder / "data" / "events.jsonl"
    half = log.read_bytes()
    lines = half.splitlines(keepends=True)
    log.write_bytes(b"".join(lines[:1000]))
    assert run_piped(["verify"], folder).returncode == 0
    assert run_piped(["actors"], folder).returncode == 0  # the model of the first 1000
    log.write_bytes(half)
    shown = run_tty(["actors"], folder, TRACKER_STATUS_DELAY="0")
    assert shown.code == 0
    assert re.fullmatch(
        r"applying \d+ [kM]B of new lines of data/events\.jsonl to the read model …",
        shown.lines[0],
    ), shown.lines[0]
    assert BAR.match(shown.lines[1]), shown.lines[1]
    assert BAR.match(shown.lines[1]).group(1) == "2,030"  # type: ignore[union-attr]


def test_piped_it_is_one_line_at_most(generated: Path, tmp_path: Path) -> None:
    folder = _fresh(generated, tmp_path)
    slow = run_piped(["timeline", "--actor", "Actor 0000", "--last", "3"], folder,
                     TRACKER_STATUS_DELAY="0")  # fmt: skip
    assert slow.returncode == 0
    assert slow.stderr.splitlines() == [slow.stderr.splitlines()[0]] and slow.stderr.startswith(
        "rebuilding the read model of data/events.jsonl ("
    )
    assert "\r" not in slow.stderr and "\x1b" not in slow.stderr
    assert slow.stdout.startswith("Timeline of Actor 0000: 3 event(s)\n")


def test_a_quick_command_says_nothing(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    shutil.copy(SHIPPED_LOG, tmp_path / "data" / "events.jsonl")
    for run in (run_piped, run_tty):
        result = run(["timeline", "--actor", "Blinken"], tmp_path)
        out = result.stderr if run is run_piped else result.text  # type: ignore[union-attr]
        assert "rebuilding" not in out and "…\n" not in out.split("Timeline")[0]


def test_an_import_shows_its_count_and_rate(tmp_path: Path) -> None:
    from tracker.log.file import EventLog

    EventLog.create(tmp_path / "data" / "events.jsonl")
    assert run_piped(["actors"], tmp_path).returncode == 0  # an empty model, made quietly
    gdelt_file(tmp_path / "day.CSV", 2500)
    shown = run_tty(["import", "gdelt", "day.CSV"], tmp_path, TRACKER_STATUS_DELAY="0")
    assert shown.code == 0, shown.text
    lines = shown.lines
    print("\n".join(lines[:4]))
    assert lines[0] == "importing day.CSV (gdelt) …"
    bar = r"\[[#.]{30}\] +\d+%"
    assert re.fullmatch(rf"checking  {bar}  [\d,]+ rows  [\d,]+ rows/s  \d+\.\d s", lines[1]), (
        lines[1]
    )
    assert re.fullmatch(
        r"importing  \[#{30}\] 100%  2,500 rows  [\d,]+ rows/s  \d+\.\d s", lines[2]
    ), lines[2]
    other = tmp_path / "other"
    EventLog.create(other / "data" / "events.jsonl")
    assert run_piped(["actors"], other).returncode == 0
    piped = run_piped(["import", "gdelt", "../day.CSV"], other, TRACKER_STATUS_DELAY="0")
    assert piped.returncode == 0
    said = piped.stderr.splitlines()
    assert said[0] == "importing ../day.CSV (gdelt) …"  # one line, then the new actors
    assert said[1].startswith("registered new actor ")
    assert not any("rows/s" in line or "\r" in line for line in said)


def test_the_helper_waits_for_the_delay() -> None:
    out = io.StringIO()
    with Status("exporting", out, delay=60, tty=True) as status:
        status.update(10, 5, 10)
    assert out.getvalue() == ""  # quick: nothing
    with Status("exporting", out, delay=0.05, tty=False):
        import time

        time.sleep(0.3)
    assert out.getvalue() == "exporting …\n"  # the timer said it, once, and no bar
    sync = io.StringIO()
    progress = SyncStatus(Path("x.jsonl"), sync)
    progress(0, 100, 0, "rebuild")
    progress(100, 100, 7, "rebuild")
    assert sync.getvalue() == ""  # quick again

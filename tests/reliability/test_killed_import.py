"""A killed import leaves nothing in TMPDIR (issue 11, item 17).

Between its two steps an import keeps its checked events in temporary files (the spill,
``tracker/_spill.py``). They have no name in TMPDIR, so the system frees them when the
import ends, however it ends: SIGKILL included.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.run import gdelt_file
from tests.reliability.conftest import Report
from tracker.log.file import EventLog
from tracker.services.tracker import Tracker

ROWS = 30_000


def _spill_bytes(pid: int, tmpdir: Path) -> int:
    """Bytes of the files the process has open in ``tmpdir`` (0 if none, or gone)."""
    total = 0
    with contextlib.suppress(OSError):
        for fd in os.listdir(f"/proc/{pid}/fd"):
            with contextlib.suppress(OSError):
                if os.readlink(f"/proc/{pid}/fd/{fd}").startswith(f"{tmpdir}/"):
                    total += os.stat(f"/proc/{pid}/fd/{fd}").st_size
    return total


def _import(source: Path, log: Path, tmpdir: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TMPDIR=str(tmpdir), TRACKER_USER="tester")
    return subprocess.Popen(
        [sys.executable, "-m", "tracker", "import", "gdelt", str(source), "--log", str(log)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _contents(log: Path) -> tuple[set[str], set[str]]:
    """The ids of the imported events (made from the rows) and of the actors registered."""
    events, actors = set(), set()
    for record in EventLog(log).read():
        if record.type == "ActorRegistered":
            actors.add(record.data["actor"])
        else:
            events.add(record.id)
    return events, actors


@pytest.mark.skipif(not Path("/proc/self/fd").exists(), reason="reads /proc (Linux)")
def test_a_killed_import_leaves_no_spill_behind(tmp_path: Path, figures: Report) -> None:
    source = tmp_path / "events.CSV"
    gdelt_file(source, ROWS)
    tmpdir = tmp_path / "tmp"
    tmpdir.mkdir()
    log = EventLog.create(tmp_path / "killed" / "events.jsonl").path

    first = _import(source, log, tmpdir)
    try:
        deadline = time.monotonic() + 60
        spilled = 0
        while first.poll() is None and time.monotonic() < deadline:
            spilled = _spill_bytes(first.pid, tmpdir)
            if spilled > 2 << 20:  # well into the import's first step
                break
            time.sleep(0.005)
        assert first.poll() is None, f"the import ended first: {first.communicate()}"
        os.kill(first.pid, signal.SIGKILL)
    finally:
        first.kill()
        first.communicate()
    left_by_kill = sorted(p.name for p in tmpdir.iterdir())

    second = _import(source, log, tmpdir)
    _, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    left_after = sorted(p.name for p in tmpdir.iterdir())
    assert left_by_kill == [], f"the killed import left {left_by_kill} in TMPDIR"
    assert left_after == []
    # and the kill lost or doubled nothing: the same events as one import of the file
    clean = EventLog.create(tmp_path / "clean" / "events.jsonl").path
    third = _import(source, clean, tmpdir)
    assert third.wait(timeout=300) == 0
    assert _contents(log) == _contents(clean)
    assert EventLog(log).verify().events == EventLog(clean).verify().events
    assert len(Tracker(log).timeline(["OFFICIAL 0000"]).entries) > 0
    figures(
        f"import of {ROWS:,} GDELT rows SIGKILLed with {spilled / 2**20:.1f} MB spilled:"
        f" {len(left_by_kill)} files left in TMPDIR; the next import exit 0, 0 left; the log"
        f" holds the same {len(_contents(clean)[0]):,} events as one clean import"
    )

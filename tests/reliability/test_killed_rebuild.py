"""Killing the parent of a two-process rebuild (issue 11, item 6).

A real ``tracker rebuild`` of a log over 32 MB (the real threshold: no setting lowers
it) runs in a subprocess. When its forked reader is there, the parent is stopped (so it
no longer reads the pipe, which fills: the reader blocks writing) and then killed, with
SIGKILL or SIGTERM. The reader must die with it, and must never have held the read
model's lock; later commands must finish, and nothing of the killed run stays behind.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.conftest import Report, call
from tracker.domain.events import build_actor
from tracker.log.file import EventLog
from tracker.readmodel import parallel as parallel_rebuild

COMMAND_TIMEOUT = 120  # seconds: a hang fails the test instead of the run


@pytest.fixture(scope="module")
def big_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A log just over the two-process threshold: two actors, then long calls."""
    path = tmp_path_factory.mktemp("big") / "events.jsonl"
    log = EventLog.create(path)
    log.append([build_actor("Antony Blinken"), build_actor("Wang Yi")])
    words = "the ministers discussed regional security and humanitarian access " * 24
    i = 0
    while path.stat().st_size <= parallel_rebuild.MIN_BYTES + (1 << 20):
        log.append([call(f"call {i + j}: {words}") for j in range(2000)])
        i += 2000
    return path


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                stat = Path(f"/proc/{entry}/stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    """Running, sleeping or stopped; not gone, not a zombie (which holds no files)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _lock_files_open(pid: int) -> list[str]:
    out = []
    for fd in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            target = os.readlink(f"/proc/{pid}/fd/{fd}")
            if target.endswith(".lock"):
                out.append(Path(target).name)
    return out


def _flock_holders(lock: Path) -> set[int]:
    st = lock.stat()
    where = f"{os.major(st.st_dev):02x}:{os.minor(st.st_dev):02x}:{st.st_ino}"
    holders = set()
    for line in Path("/proc/locks").read_text().splitlines():
        fields = line.split()
        if len(fields) >= 6 and fields[1] == "FLOCK" and fields[5] == where:
            holders.add(int(fields[4]))
    return holders


@pytest.fixture
def reaper() -> Iterator[list[int]]:
    """Pids this test started (directly or by fork); whatever is left is killed at the end
    (a failing run must not leave a hung reader behind)."""
    pids: list[int] = []
    yield pids
    for pid in pids:
        if _alive(pid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def _tracker(
    *args: str, log: Path, timeout: float = COMMAND_TIMEOUT
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_LOG=str(log), TRACKER_USER="tester")
    try:
        return subprocess.run(
            [sys.executable, "-m", "tracker", *args],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`tracker {' '.join(args)}` still waiting after {timeout} s: a lock is held")


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="reads /proc (Linux)")
@pytest.mark.skipif(not parallel_rebuild.usable(64 << 20), reason="one core: no second process")
@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM"])
def test_killing_a_two_process_rebuild_leaves_no_reader_and_no_lock(
    big_log: Path, tmp_path: Path, reaper: list[int], how: str, figures: Report
) -> None:
    log = tmp_path / "data" / "events.jsonl"
    log.parent.mkdir()
    shutil.copy(big_log, log)
    model_lock = log.parent / f".{log.name}.readmodel.sqlite.lock"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_LOG=str(log), TRACKER_USER="tester")
    parent = subprocess.Popen(
        [sys.executable, "-m", "tracker", "rebuild"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    reaper.append(parent.pid)
    deadline = time.monotonic() + 60
    readers: list[int] = []
    while not readers and parent.poll() is None and time.monotonic() < deadline:
        readers = _children(parent.pid)
        time.sleep(0.005)
    assert readers, "the rebuild finished or failed before its reader was seen"
    reader = readers[0]
    reaper.append(reader)
    os.kill(parent.pid, signal.SIGSTOP)  # it stops reading the pipe: the reader fills it
    time.sleep(0.3)
    # who holds the read model's lock: the parent alone; the reader has no lock file open
    holders = _flock_holders(model_lock)
    reader_locks = _lock_files_open(reader) if _alive(reader) else []
    os.kill(parent.pid, getattr(signal, how))
    os.kill(parent.pid, signal.SIGCONT)  # SIGTERM waits for it
    parent.wait(timeout=COMMAND_TIMEOUT)
    killed = time.monotonic()
    while _alive(reader) and time.monotonic() - killed < 30:
        time.sleep(0.01)
    reader_lived = time.monotonic() - killed
    assert not _alive(reader), f"the reader {reader} outlived its parent by {reader_lived:.0f} s"
    assert holders == {parent.pid}, holders
    assert reader_locks == [], reader_locks
    leftover = sorted(p.name for p in log.parent.glob("*.rebuild-*"))
    assert leftover == [f".{log.name}.readmodel.sqlite.rebuild-{parent.pid}"]  # killed mid-run

    started = time.monotonic()
    timeline = _tracker(
        "timeline", "--actor", "Wang Yi", "--limit", "2", "--format", "csv", log=log
    )
    timeline_s = time.monotonic() - started
    assert timeline.returncode == 0, timeline.stderr
    assert timeline.stdout.count("\n") == 3 and "call 0:" in timeline.stdout
    assert "waiting for the lock" not in timeline.stderr
    lines = log.read_bytes().count(b"\n")
    added = _tracker(
        "add-event", "--type", "phone_call", "--initiator", "Antony Blinken",
        "--recipient", "Wang Yi", "--date", "2021-08-16", "--summary", "after the kill",
        "--source", "https://example.org/story", log=log,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert log.read_bytes().count(b"\n") == lines + 1
    assert sorted(p.name for p in log.parent.glob("*.rebuild-*")) == []  # the stale file went
    assert not [pid for pid in (parent.pid, reader) if _alive(pid)]
    figures(
        f"{how} of the parent of a real two-process rebuild"
        f" ({log.stat().st_size / 2**20:.0f} MB log, parent stopped with a full pipe):"
        f" lock held by the parent only, reader with 0 lock files, reader gone"
        f" {reader_lived * 1000:.0f} ms after its parent; then timeline exit 0 in"
        f" {timeline_s:.1f} s (rebuild), add-event exit 0, stale .rebuild-PID removed"
    )

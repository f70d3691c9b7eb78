"""Issue 17 for ``extract`` and ``merge``: on a slow run (``TRACKER_STATUS_DELAY=0`` makes
every run slow) one status line on stderr, the output unchanged; on a quick one nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.cli.terminal import run_piped, run_tty
from tests.conftest import SOURCE
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker

TEXT = (
    "WASHINGTON, Aug. 17 -- Secretary of State Antony Blinken spoke by phone on Monday with "
    "Chinese Foreign Minister Wang Yi about the situation in Afghanistan.\n"
)


def test_extract_says_what_it_is_doing(tracker: Tracker, tmp_path: Path) -> None:
    article = tmp_path / "readout.txt"
    article.write_text(TEXT, encoding="utf-8")
    args = ["extract", "readout.txt", "--published", "2021-08-17"]
    quick = run_piped(args, tmp_path)
    assert quick.returncode == 0, quick.stderr
    assert quick.stderr == ""
    slow = run_piped(args, tmp_path, TRACKER_STATUS_DELAY="0")
    assert slow.returncode == 0
    size = len(TEXT.encode())
    assert slow.stderr == f"finding the events reported in readout.txt ({size} bytes) …\n"
    assert slow.stdout == quick.stdout
    assert "proposal(s) from readout.txt" in slow.stdout
    shown = run_tty(args, tmp_path, TRACKER_STATUS_DELAY="0")
    assert shown.code == 0
    assert shown.lines[0] == f"finding the events reported in readout.txt ({size} bytes) …"
    assert shown.lines[1:] == quick.stdout.split("\n")  # then the output, as piped


def test_merge_says_what_it_is_doing(tracker: Tracker, tmp_path: Path) -> None:
    ours = tmp_path / "data" / "events.jsonl"
    theirs_dir = tmp_path / "theirs"
    theirs_dir.mkdir()
    theirs = theirs_dir / "events.jsonl"
    shutil.copy(ours, theirs)
    Tracker(theirs).add_event(
        type="phone_call",
        when="2021-08-16",
        participants=[ActorRef("Blinken", "initiator"), ActorRef("Wang Yi", "recipient")],
        summary="Discussed Afghanistan",
        sources=[SOURCE],
    )
    before = ours.read_bytes()
    slow = run_piped(["merge", str(ours), str(theirs)], tmp_path, TRACKER_STATUS_DELAY="0")
    assert slow.returncode == 0, slow.stderr
    assert slow.stderr == f"merging {theirs} into {ours} …\n"
    assert slow.stdout.startswith(f"merged 1 event(s) from {theirs} into {ours}")
    assert len(ours.read_bytes()) > len(before)
    again = run_piped(["merge", str(ours), str(theirs)], tmp_path)
    assert again.returncode == 0
    assert again.stderr == ""
    assert again.stdout == f"nothing to merge: {ours} already has every event of {theirs}\n"

"""The log in real git repositories (issue 11, items 3, 8 and 17): the merge driver writes
through the one writer (a torn tail in ours is mended first) and leaves nothing behind,
and a Windows-style clone (``core.autocrlf=true``) either keeps the log's bytes (the
``-text`` rule that ``tracker init`` writes) or is refused with the cause and the fix.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHIPPED_LOG, SOURCE, file_digest
from tests.reliability.conftest import Report
from tracker.domain.errors import ExitCode
from tracker.log.file import EventLog
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

Cli = Callable[..., Any]
LOG = Path("data") / "events.jsonl"
TORN = b'{"v":1,"seq":35,"id":"torn'


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=Analyst", "-c", "user.email=a@example.org",
         *args],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def new_repo(cli: Cli, repo: Path) -> Path:
    """A repository started by `tracker init` (ignore rules, attributes, the merge driver),
    holding the shipped log."""
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    assert cli("init", str(repo)).exit_code == 0
    shutil.copy(SHIPPED_LOG, repo / LOG)
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "the shipped log")
    return repo / LOG


def add_call(log: Path, summary: str) -> str:
    with Tracker(log) as t:
        raw = {
            "type": "phone_call",
            "when": "2021-08-20",
            "participants": [ActorRef("Blinken", "initiator"), ActorRef("Lavrov", "recipient")],
            "summary": summary,
            "sources": [SOURCE],
        }
        return t.add_events([raw]).ids[0]


def two_branches(repo: Path, log: Path, torn_ours: bool = False) -> tuple[str, str]:
    git(repo, "checkout", "-q", "-b", "theirs")
    theirs = add_call(log, "recorded on the branch theirs")
    git(repo, "commit", "-qam", "theirs adds a call")
    git(repo, "checkout", "-q", "main")
    ours = add_call(log, "recorded on main")
    if torn_ours:  # committed with a torn tail: the driver gets it as ours (%A)
        with log.open("ab") as f:
            f.write(TORN)
    git(repo, "commit", "-qam", "main adds a call")
    return ours, theirs


def test_the_git_merge_driver_leaves_nothing_behind(
    cli: Cli, tmp_path: Path, figures: Report
) -> None:
    """17: git runs the driver on its temporary `.merge_file_*` copies; no lock file (or
    any other file) is left beside them, and `git status` is clean after the merge."""
    repo = tmp_path / "repo"
    log = new_repo(cli, repo)
    ours, theirs = two_branches(repo, log)
    before = set(os.listdir(repo))
    out = git(repo, "merge", "--no-edit", "theirs")
    assert "CONFLICT" not in out
    left = sorted(set(os.listdir(repo)) - before)
    status = git(repo, "status", "--porcelain", "--untracked-files=all")
    assert (left, status) == ([], "")
    records = list(EventLog(log).read())
    assert EventLog(log).verify().events == len(records)
    assert {ours, theirs} <= {r.id for r in records} and records[-1].type == "LogsMerged"
    figures(
        f"git merge with the driver: {len(records)} events verify, 0 files left in the"
        f" work tree ({len(before)} entries before and after), `git status` clean"
    )


def test_the_git_merge_driver_mends_a_torn_tail_in_ours(
    cli: Cli, tmp_path: Path, figures: Report
) -> None:
    """3: ours (as committed) ends with a torn write. The driver moves the fragment aside
    (beside git's copy; untracked, so `git status` shows it) and merges onto the complete
    lines; before, git committed a log broken at that line."""
    repo = tmp_path / "repo"
    log = new_repo(cli, repo)
    ours, theirs = two_branches(repo, log, torn_ours=True)
    out = git(repo, "merge", "--no-edit", "theirs")
    assert "warning: the log ended with an incomplete line" in out
    records = list(EventLog(log).read())
    assert EventLog(log).verify().events == len(records) == 33 + 3
    assert {ours, theirs} <= {r.id for r in records}
    assert TORN not in log.read_bytes()
    git(repo, "diff", "--quiet", "HEAD")  # what was committed is the mended log
    untracked = [
        line[3:] for line in git(repo, "status", "--porcelain").splitlines() if line[:2] == "??"
    ]
    assert len(untracked) == 1 and (repo / untracked[0]).read_bytes() == TORN
    figures(
        f"git merge, torn tail in ours: merged log of {len(records)} events verifies; the"
        f" {len(TORN)}-byte fragment kept in {untracked[0][:20]}… (shown by git status)"
    )


@pytest.mark.parametrize("attributes", ["tracker init", "before issue 11"])
def test_a_clone_with_core_autocrlf(
    cli: Cli, tmp_path: Path, attributes: str, figures: Report
) -> None:
    """8: Git for Windows' default, `core.autocrlf=true`. With the `-text` rule the clone's
    log is byte for byte the committed one. Without it (a repository set up before) every
    line ends with CRLF: verify and every reading command name the cause and the fix
    (exit 6), and add-event leaves the file as it is."""
    origin = tmp_path / "origin"
    log = new_repo(cli, origin)
    if attributes == "before issue 11":
        (origin / ".gitattributes").write_text("data/events.jsonl merge=tracker-log\n")
        git(origin, "commit", "-q", "--allow-empty", "-am", "the old rule")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "-c", "core.autocrlf=true", str(origin), str(clone)], check=True
    )
    copy = clone / LOG
    if attributes == "tracker init":
        assert copy.read_bytes() == log.read_bytes()
        assert cli("verify", "--log", str(copy)).exit_code == 0
        figures("autocrlf clone with tracker init's attributes: log byte-identical, verify ok")
        return
    assert copy.read_bytes() == log.read_bytes().replace(b"\n", b"\r\n")
    digest = file_digest(copy)
    problem = (
        f"damaged log {copy}: line 1: ends with CRLF (\\r\\n), not LF: git converted the line"
        " endings (core.autocrlf, Git for Windows' default) or an editor did"
    )
    codes = {}
    for command in (
        ["verify"],
        ["timeline", "--actor", "Blinken"],
        ["actors"],
        ["rebuild"],
        ["export", "jsonl", "-o", str(tmp_path / "out.jsonl")],
        ["add-event", "--type", "phone_call", "--initiator", "Blinken", "--recipient", "Lavrov",
         "--date", "2021-08-20", "--summary", "s", "--source", SOURCE],
    ):  # fmt: skip
        result = cli(*command, "--log", str(copy))
        assert result.exit_code == ExitCode.DAMAGED_LOG, (command, result.stderr)
        assert result.stderr.startswith(f"Error: {problem}"), result.stderr
        assert result.stderr.count("\n") == 1
        assert f"`rm {copy} && git checkout -- {copy}`" in result.stderr
        codes[command[0]] = result.exit_code
    assert file_digest(copy) == digest
    figures(
        f"autocrlf clone with the old attributes: {len(codes)} commands"
        f" ({', '.join(codes)}) exit 6 naming line 1's CRLF, log unchanged"
    )

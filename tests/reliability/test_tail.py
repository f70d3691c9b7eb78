"""The last line of the log (issue 11, item 2).

A last line without its final newline that is a complete event (valid JSON, every field,
linked to the line before, both hashes right) is an event: every reader counts it, and the
next writer restores the newline, under the lock, with one notice line. Only a real
fragment is moved aside, to ``<log>-torn-<time>``, a file the user is told about and that
``git status`` shows (neither the repository's ``.gitignore`` nor the one ``tracker init``
writes ignores it), so a commit cannot lose it.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.conftest import ROOT, SHIPPED_LOG, SOURCE
from tests.reliability.conftest import Report, call
from tracker.log.envelope import Pending, seal
from tracker.log.file import EventLog
from tracker.services.tracker import Tracker

Cli = Callable[..., Any]
LOG = "data/events.jsonl"
ADD = ["add-event", "--type", "phone_call", "--initiator", "Blinken", "--recipient", "Lavrov",
       "--date", "2021-08-20", "--summary", "Blinken called Lavrov again", "--source", SOURCE]  # fmt: skip


def drop_final_newline(path: Path) -> bytes:
    raw = path.read_bytes()
    assert raw.endswith(b"}\n")
    path.write_bytes(raw[:-1])
    return raw


def test_a_complete_last_event_without_its_newline_is_an_event(
    cli: Cli, seed_log: Path, figures: Report
) -> None:
    whole = drop_final_newline(seed_log)
    count = whole.count(b"\n")
    last = list(EventLog(seed_log).read())[-1]
    assert (last.seq, last.end) == (count, len(whole))  # counted, ending where it will

    # every reader counts it
    verify = cli("verify")
    assert verify.exit_code == 0, verify.stderr
    assert verify.stdout == f"ok: {count} events, chain intact, head {last.chain}\n"
    assert verify.stderr == (
        f"note: the last line (line {count}) lacks its final newline; it is a complete event"
        " and is counted, and the next append restores the newline\n"
    )
    shown = cli("show", last.id)
    assert shown.exit_code == 0, shown.stderr
    assert seed_log.read_bytes() == whole[:-1]  # reading never writes

    # the next writer restores the newline, says so in one line, and moves nothing aside
    added = cli(*ADD)
    assert added.exit_code == 0, added.stderr
    assert added.stderr == (
        f"note: the last line of the log (line {count}) is a complete event that lacked its"
        " final newline; restored the newline\n"
    )
    after = seed_log.read_bytes()
    assert after.startswith(whole) and after.count(b"\n") == count + 1
    assert list(seed_log.parent.glob("events.jsonl-torn-*")) == []
    report = EventLog(seed_log).verify()
    assert (report.events, report.unterminated, report.torn_tail_bytes) == (count + 1, False, 0)
    figures(
        f"unterminated last event: counted by verify and show ({count} events), newline"
        f" restored by the next add-event (1 notice line), 0 files moved aside,"
        f" {report.events} events verify"
    )


def test_the_read_model_counts_it_and_resumes_after_the_newline_is_restored(
    tmp_path: Path, figures: Report
) -> None:
    path = tmp_path / "events.jsonl"
    shutil.copy(SHIPPED_LOG, path)
    drop_final_newline(path)
    tracker = Tracker(path)
    first = tracker.sync()
    assert (first.mode, first.seq) == ("rebuild", 33)
    tracker.log.append([call("after the restored newline")], notice=lambda _m: None)
    second = tracker.sync()
    assert (second.mode, second.applied, second.seq) == ("incremental", 1, 34)
    assert tracker.rebuild().seq == 34
    figures(
        "read model: the unterminated event is row 33; after the writer restores its newline"
        " and appends, the next sync is incremental (1 line), equal to a rebuild (34)"
    )


def test_its_id_is_known_to_a_writer_given_the_same_id(tmp_path: Path) -> None:
    path = EventLog.create(tmp_path / "events.jsonl").path
    log = EventLog(path)
    event = call("given id")
    given = "0190aaaa-0000-7000-8000-0000000000aa"
    log.append([Pending(event, given)])
    drop_final_newline(path)
    assert [i for i, _ in log.id_hashes()] == [given]
    again = log.append([Pending(event, given)], notice=lambda _m: None)
    assert again.duplicates == [given] and again.written == []
    assert [r.id for r in log.read()] == [given]


def _last_line_variants(path: Path) -> dict[str, bytes]:
    """Last lines without a newline that are NOT events: each is a fragment."""
    records = list(EventLog(path).read())
    before = records[-2]
    env = orjson.loads(path.read_bytes().splitlines()[-1])
    env.pop("chain")
    good, _ = seal(env)
    edited = dict(env, data={**env["data"], "summary": "edited"})
    wrong_seq, _ = seal(dict(env, seq=env["seq"] + 1))
    unlinked, _ = seal(dict(env, prev="f" * 64))
    assert env["prev"] == before.chain
    return {
        "bad chain hash": good[:-1].replace(b'"chain":"', b'"chain":"0', 1)[:-2] + b'"}',
        "edited payload, chain recomputed": seal(edited)[0][:-1],
        "wrong sequence number": wrong_seq[:-1],
        "does not link to the line before": unlinked[:-1],
        "not an object": b"[1, 2, 3]",
        "missing fields": b'{"v":1,"seq":33}',
        "half a line": good[: len(good) // 2],
    }


@pytest.mark.parametrize(
    "variant",
    [
        "bad chain hash",
        "edited payload, chain recomputed",
        "wrong sequence number",
        "does not link to the line before",
        "not an object",
        "missing fields",
        "half a line",
    ],
)
def test_only_a_real_fragment_is_moved_aside(tmp_path: Path, variant: str) -> None:
    path = tmp_path / "events.jsonl"
    shutil.copy(SHIPPED_LOG, path)
    fragment = _last_line_variants(path)[variant]
    whole = path.read_bytes()
    prefix = whole[: whole.rstrip(b"\n").rfind(b"\n") + 1]  # the last line replaced
    path.write_bytes(prefix + fragment)
    log = EventLog(path)
    assert len(list(log.read())) == 32  # readers ignore it
    assert log.tail_state().torn == len(fragment)
    notices: list[str] = []
    log.append([call("next")], notice=notices.append)
    (aside,) = tmp_path.glob("events.jsonl-torn-*")
    assert aside.read_bytes() == fragment
    assert len(notices) == 1 and str(aside) in notices[0]
    assert log.verify().events == 33


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
@pytest.mark.parametrize("ignore_rules", ["tracker init", "this repository"])
def test_a_fragment_moved_aside_shows_in_git_status(
    cli: Cli, tmp_path: Path, ignore_rules: str, figures: Report
) -> None:
    git(tmp_path, "init", "-q", "-b", "main")
    assert cli("init").exit_code == 0
    if ignore_rules == "this repository":
        shutil.copy(ROOT / ".gitignore", tmp_path / ".gitignore")
    log = tmp_path / LOG
    shutil.copy(SHIPPED_LOG, log)
    git(tmp_path, "add", "-A")
    git(tmp_path, "-c", "user.name=A", "-c", "user.email=a@example.org", "commit", "-qm", "log")
    fragment = b'{"v":1,"seq":34,"id":"torn'
    with log.open("ab") as f:
        f.write(fragment)
    added = cli(*ADD)
    assert added.exit_code == 0, added.stderr
    (aside,) = log.parent.glob("events.jsonl-torn-*")
    assert added.stderr == (
        f"warning: the log ended with an incomplete line ({len(fragment)} bytes, a torn"
        f" write); moved it to data/{aside.name}\n"
    )
    status = git(tmp_path, "status", "--porcelain", "--untracked-files=all").splitlines()
    assert f"?? data/{aside.name}" in status
    ignored = subprocess.run(
        ["git", "-C", str(tmp_path), "check-ignore", "-q", f"data/{aside.name}"], check=False
    )
    assert ignored.returncode == 1  # not ignored
    figures(
        f"torn tail moved aside with {ignore_rules}'s .gitignore: `git status` lists"
        f" '?? data/{aside.name[:22]}…', git check-ignore: not ignored"
    )

"""Tampering: an edited, deleted, reordered or inserted line, at every position of the
log, is named by ``verify`` with where and what. A whole-file rewrite with a recomputed
chain passes a plain verify and is caught only against an anchored head hash."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.reliability.conftest import Report, call, fill
from tracker.domain.errors import DamagedLogError, ExitCode
from tracker.log.envelope import content_hash, seal
from tracker.log.file import EventLog

EVENTS = 60
Lines = list[bytes]


def edit_content(lines: Lines, k: int) -> tuple[Lines, int, str]:
    lines[k - 1] = lines[k - 1].replace(b'"summary":"call', b'"summary":"CALL')
    return lines, k, "content does not match its hash (the line was edited)"


def edit_envelope(lines: Lines, k: int) -> tuple[Lines, int, str]:
    lines[k - 1] = lines[k - 1].replace(b'"recorded_by":"tester"', b'"recorded_by":"mallory"')
    return lines, k, "chain hash does not match (the envelope was edited)"


def delete(lines: Lines, k: int) -> tuple[Lines, int, str]:
    del lines[k - 1]
    return lines, k, f"sequence number {k + 1}, expected {k}"


def swap(lines: Lines, k: int) -> tuple[Lines, int, str]:
    lines[k - 1], lines[k] = lines[k], lines[k - 1]
    return lines, k, f"sequence number {k + 1}, expected {k}"


def insert_copy(lines: Lines, k: int) -> tuple[Lines, int, str]:
    lines.insert(k, lines[k - 1])
    return lines, k + 1, f"sequence number {k}, expected {k + 1}"


def insert_forged(lines: Lines, k: int) -> tuple[Lines, int, str]:
    """A well-made line slipped in after line k (right seq and prev): the next one breaks."""
    before = orjson.loads(lines[k - 1])
    env = {
        **before,
        "seq": k + 1,
        "id": "00000000-0000-7000-8000-00000000dead",
        "prev": before["chain"],
    }
    env.pop("chain")
    lines.insert(k, seal(env)[0])
    return lines, k + 2, f"sequence number {k + 1}, expected {k + 2}"


TAMPERS: list[Callable[[Lines, int], tuple[Lines, int, str]]] = [
    edit_content, edit_envelope, delete, swap, insert_copy, insert_forged,
]  # fmt: skip


def test_every_tamper_at_every_position_is_named(tmp_path: Path, figures: Report) -> None:
    original = fill(tmp_path / "original.jsonl", EVENTS).path.read_bytes().splitlines(True)
    path = tmp_path / "events.jsonl"
    log = EventLog(path)
    started, caught = time.monotonic(), 0
    for tamper in TAMPERS:
        for k in range(2, EVENTS):  # every line in the middle
            lines, line, problem = tamper(list(original), k)
            path.write_bytes(b"".join(lines))
            with pytest.raises(DamagedLogError) as exc:
                log.verify()
            assert (exc.value.line, exc.value.problem.startswith(problem)) == (line, True), (
                tamper.__name__, k, exc.value.line, exc.value.problem,
            )  # fmt: skip
            caught += 1
    figures(
        f"tampering: {len(TAMPERS)} kinds (content edit, envelope edit, delete, swap, insert a"
        f" copy, insert a forged line) x {EVENTS - 2} positions = {caught}/{caught} named with"
        f" line and problem, {time.monotonic() - started:.1f} s"
    )


def rewrite(lines: Lines, k: int) -> bytes:
    """Edit line k's summary and recompute every hash after it: a consistent forgery."""
    out: Lines = []
    prev = None
    for i, raw in enumerate(lines, 1):
        env: dict[str, Any] = orjson.loads(raw)
        if i == k:
            env["data"]["summary"] = "forged"
            env["hash"] = content_hash(env["type"], env["type_v"], env["data"])
        if prev is not None:
            env["prev"] = prev
        env.pop("chain")
        line, prev = seal(env)
        out.append(line)
    return b"".join(out)


def test_a_rewritten_log_fails_only_against_the_anchored_head(
    tmp_path: Path, cli: Callable[..., Any], figures: Report
) -> None:
    log = fill(tmp_path / "events.jsonl", EVENTS)
    anchor = log.verify().head
    original = log.path.read_bytes()
    log.path.write_bytes(rewrite(original.splitlines(True), EVENTS // 2))
    assert log.verify().events == EVENTS  # the chain alone cannot tell
    with pytest.raises(DamagedLogError, match="no line of the log has that hash"):
        log.verify(head=anchor)
    result = cli("verify", "--head", anchor, "--log", "events.jsonl")  # cwd is tmp_path
    assert result.exit_code == ExitCode.DAMAGED_LOG and "Traceback" not in result.stderr
    assert "no line of the log has that hash" in result.stderr
    # cutting the last lines off is the same: only the anchor shows it
    log.path.write_bytes(b"".join(original.splitlines(True)[:-3]))
    assert log.verify().events == EVENTS - 3
    with pytest.raises(DamagedLogError, match="no line of the log has that hash"):
        log.verify(head=anchor)
    # an honest append after the anchor is told apart from a rewrite
    log.path.write_bytes(original)
    log.append([call("later")])
    with pytest.raises(DamagedLogError, match=f"head of line {EVENTS}, so 1 line"):
        log.verify(head=anchor)
    figures(
        "whole-file rewrite with a recomputed chain: plain verify passes, verify --head"
        f" ANCHOR exits {result.exit_code} ({result.stderr.strip()[:80]}…); a cut-off tail is"
        " caught the same way; an honest append is reported as lines after the anchor"
    )

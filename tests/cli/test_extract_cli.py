"""``tracker extract`` end to end: JSON into ``add-event``, new actors, bad input, --review."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import file_digest
from tracker.services.tracker import Tracker

READOUT = (
    "Office of the Spokesperson\n\nAugust 20, 2021\n\n"
    "Secretary of State Antony Blinken spoke yesterday with Chinese Foreign Minister Wang Yi. "
    "Secretary Blinken also met today with Dutch Foreign Minister Pieter Smit in Washington.\n"
    "Blinken will travel to Moscow next week.\n"
)


def _run(*args: str, stdin: bytes | None = None, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "TRACKER_USER": "tester"}
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        input=stdin,
        capture_output=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )


def test_json_pipes_into_add_event_and_create_actors_registers_offices(
    seed_log: Path, tmp_path: Path, cli: Any
) -> None:
    (tmp_path / "r.txt").write_text(READOUT, encoding="utf-8")
    before = file_digest(seed_log)
    out = cli("extract", "r.txt", "--format", "json", "--url", "https://example.org/r")
    assert out.exit_code == 0, out.stderr
    assert file_digest(seed_log) == before  # extraction writes nothing
    items = json.loads(out.stdout)
    assert [(i["type"], i["date"]) for i in items] == [
        ("phone_call", "2021-08-19"),
        ("meeting", "2021-08-20"),
    ]
    assert items[0]["participants"] == [
        {"actor": "antony-blinken", "role": "participant"},
        {"actor": "wang-yi", "role": "participant"},
    ]
    assert items[1]["participants"][1]["actor"] == {
        "name": "Pieter Smit", "kind": "person", "country": "NLD", "office": "Foreign Minister", "aliases": ["Smit"],
    }  # fmt: skip
    assert items[0]["sources"][0] == {
        "url": "https://example.org/r",
        "published": "2021-08-20",
        "quote": "Secretary of State Antony Blinken spoke yesterday with Chinese Foreign Minister Wang Yi.",
    }
    assert (
        items[0]["proposal"]["rule"] == "contact.spoke_with" and items[0]["proposal"]["extractor"]
    )
    (tmp_path / "d.json").write_text(out.stdout, encoding="utf-8")
    refused = cli("add-event", "--json", "d.json")
    assert refused.exit_code == 3 and "Pieter Smit" in refused.stderr
    assert file_digest(seed_log) == before
    added = cli("add-event", "--json", "d.json", "--create-actors")
    assert added.exit_code == 0, added.stderr
    assert len(added.stdout.split()) == 2
    smit = Tracker(seed_log).actor("Smit")
    assert (smit.name, smit.kind, smit.country) == ("Pieter Smit", "person", "NLD")
    assert [(o.what, o.start, o.end) for o in smit.offices] == [
        ("Foreign Minister", "2021-08-20", "2021-08-20")
    ]
    entries = Tracker(seed_log).timeline(["Pieter Smit"]).entries
    assert [(e.type, e.when) for e in entries] == [("meeting", "2021-08-20")]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\x00\x01\x02\x03 binary", "is a binary file"),
        (b"Blinken met Wang Yi \xff today.", "is not valid UTF-8 (byte 20)"),
        (b"Blinken met Wang Yi.", "the text does not say when it was published"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    seed_log: Path, tmp_path: Path, cli: Any, content: bytes, message: str
) -> None:
    (tmp_path / "bad.txt").write_bytes(content)
    before = file_digest(seed_log)
    out = cli("extract", "bad.txt")
    assert out.exit_code == 2
    assert (
        out.stderr.startswith("Error: ") and message in out.stderr and out.stderr.count("\n") == 1
    )
    assert file_digest(seed_log) == before


def test_a_50_mb_file_is_refused_before_it_is_read(
    seed_log: Path, tmp_path: Path, cli: Any
) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(50 * 1000 * 1000)
    out = cli("extract", "big.txt", "--published", "2021-08-17")
    assert out.exit_code == 2
    assert (
        out.stderr
        == "Error: big.txt is 50.0 MB; extract reads documents of at most 10 MB (split it into its articles)\n"
    )


def test_html_with_scripts_from_stdin(seed_log: Path, tmp_path: Path) -> None:
    page = (
        b"<html><head><script>fetch('https://evil.example')</script></head><body>"
        b"<p>Secretary Blinken held a call with Sergey Lavrov on Monday.</p>"
        b"<script>Blinken called Wang Yi</script></body></html>"
    )
    out = _run(
        "extract", "-", "--published", "2021-08-17", "--format", "json", stdin=page, cwd=tmp_path
    )
    assert out.returncode == 0, out.stderr
    items = json.loads(out.stdout)
    assert [(i["type"], i["date"], [p["actor"] for p in i["participants"]]) for i in items] == [
        ("phone_call", "2021-08-16", ["antony-blinken", "sergey-lavrov"])
    ]
    assert b"evil" not in out.stdout and items[0]["sources"][0]["outlet"] == "stdin"


def test_review_refuses_a_non_terminal(seed_log: Path, tmp_path: Path, cli: Any) -> None:
    (tmp_path / "r.txt").write_text(READOUT, encoding="utf-8")
    out = cli("extract", "r.txt", "--review")
    assert out.exit_code == 2
    assert out.stderr.startswith("Error: --review needs a terminal; use --format json")


def review_on_a_terminal(
    folder: Path, env: dict[str, str], answers: list[bytes]
) -> tuple[int, str]:
    """``tracker extract r.txt --review`` on a pseudo-terminal in ``folder``, answering each
    prompt in turn; its exit code and screen."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: tracker on a pseudo-terminal
        os.chdir(folder)
        os.environ.update(env)
        os.execv(sys.executable, [sys.executable, "-m", "tracker", "extract", "r.txt", "--review"])
    screen = b""
    prompts = len(answers)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            break
        if not chunk:
            break
        screen += chunk
        if screen.count(b"[a/e/s/q]") > prompts - len(answers) and answers:
            os.write(fd, answers.pop(0))
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), screen.decode("utf-8", "replace")


def test_review_on_a_terminal_appends_the_accepted_in_one_append(
    seed_log: Path, tmp_path: Path
) -> None:
    (tmp_path / "r.txt").write_text(READOUT, encoding="utf-8")
    lines_before = seed_log.read_bytes().count(b"\n")
    code, text = review_on_a_terminal(tmp_path, {"TRACKER_USER": "tester"}, [b"a\n", b"s\n"])
    assert code == 0, text
    assert "\x1b[1m\x1b[36mSecretary of State Antony Blinken\x1b[0m" in text  # actors highlighted
    assert "\x1b[1m\x1b[33myesterday\x1b[0m" in text  # and the date words
    lines = seed_log.read_bytes().splitlines()
    assert len(lines) == lines_before + 1  # one event: the accepted call; the meeting was skipped
    record = json.loads(lines[-1])
    assert record["type"] == "InteractionRecorded" and record["id"] in text
    assert {p["actor"] for p in record["data"]["participants"]} == {"antony-blinken", "wang-yi"}


def test_help_does_not_load_the_extractor(tmp_path: Path) -> None:
    code = (
        "import sys, runpy\nsys.argv = ['tracker', '--help']\n"
        "try:\n    runpy.run_module('tracker', run_name='__main__')\nexcept SystemExit:\n    pass\n"
        "print('LOADED', 'tracker.extract' in sys.modules, 'tracker.extract.snapshot' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=60
    )
    assert "extract" in out.stdout
    assert out.stdout.strip().endswith("LOADED False False")

"""``--log`` before or after the command, for every command that takes ``--html`` (issue 12:
``tracker --log data/events.jsonl timeline --actor Blinken --html`` said "Option '--html'
requires an argument": the argv rewrite took ``--log``'s value for the command's name).

``--log`` travels in the click context: nothing is written to ``os.environ``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHIPPED_LOG, file_digest

CLI = Callable[..., Any]

# Each command that takes --html: its arguments, the chart it writes by default, its line.
HTML_COMMANDS = {
    "timeline": (["timeline", "--actor", "Blinken"], "reports/timeline-blinken.html", "(4 events)"),
    "graph": (["graph", "--actor", "Blinken"], "reports/network-blinken.html", "actors"),
    "dyad": (["dyad", "Blinken", "Wang Yi"], "reports/dyad-blinken-wang-yi.html", "events)"),
    "communities": (["communities"], "reports/communities.html", "communities)"),
}


@pytest.fixture
def elsewhere(tmp_path: Path) -> Path:
    """A copy of the shipped log that is not at the default path (./data/events.jsonl)."""
    log = tmp_path / "team" / "events.jsonl"
    log.parent.mkdir()
    shutil.copy(SHIPPED_LOG, log)
    return log


def _positions(log: Path, args: list[str]) -> dict[str, list[str]]:
    command, rest = args[0], args[1:]
    return {
        "before the command, --html last": ["--log", str(log), command, *rest, "--html"],
        "before the command, --html then an option": [
            "--log", str(log), command, "--html", "--format", "json", *rest,
        ],
        "after the command, --html last": [command, "--log", str(log), *rest, "--html"],
        "after the command, --html first": [command, "--html", "--log", str(log), *rest],
        "after the command, at the end": [command, *rest, "--html", "--log", str(log)],
    }  # fmt: skip


@pytest.mark.parametrize("name", sorted(HTML_COMMANDS))
def test_log_before_or_after_every_html_command(
    name: str, elsewhere: Path, tmp_path: Path, cli: CLI
) -> None:
    args, chart, said = HTML_COMMANDS[name]
    before = file_digest(elsewhere)
    environ = dict(os.environ)
    for position, argv in _positions(elsewhere, args).items():
        target = tmp_path / chart
        target.unlink(missing_ok=True)
        result = cli(*argv)
        assert result.exit_code == 0, (position, result.stderr)
        assert result.stdout.startswith(f"wrote {chart} ") and said in result.stdout, position
        assert target.stat().st_size > 0, position
        assert not (tmp_path / "data").exists(), position  # the default log was never used
        assert dict(os.environ) == environ  # --log went in the context, not the environment
    assert file_digest(elsewhere) == before


def test_the_commands_own_log_wins_over_the_roots(
    elsewhere: Path, seed_log: Path, cli: CLI
) -> None:
    """``tracker --log A timeline --log B``: B, the command's own; then the root's; then
    TRACKER_LOG; then the default."""
    empty = elsewhere.with_name("empty.jsonl")
    empty.write_bytes(b"")
    own = cli("--log", str(empty), "timeline", "--actor", "Blinken", "--log", str(elsewhere))
    assert own.exit_code == 0 and own.stdout.startswith("Timeline of Antony Blinken: 4 event(s)")
    root = cli("--log", str(empty), "timeline", "--actor", "Blinken")
    assert root.exit_code == 3 and root.stderr.startswith("Error: unknown actor 'Blinken'")
    default = cli("timeline", "--actor", "Blinken")  # ./data/events.jsonl, the seed log
    assert default.exit_code == 0 and "4 event(s)" in default.stdout


def test_the_root_log_wins_over_tracker_log(
    elsewhere: Path, seed_log: Path, cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = elsewhere.with_name("empty.jsonl")
    empty.write_bytes(b"")
    monkeypatch.setenv("TRACKER_LOG", str(empty))
    from_env = cli("timeline", "--actor", "Blinken")
    assert from_env.exit_code == 3  # the empty log knows no Blinken
    root = cli("--log", str(elsewhere), "timeline", "--actor", "Blinken")
    assert root.exit_code == 0 and "4 event(s)" in root.stdout
    assert os.environ["TRACKER_LOG"] == str(empty)


def test_the_issues_command_in_a_real_process(seed_log: Path, tmp_path: Path) -> None:
    """The command of issue 12, as a user types it."""
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "--log", "data/events.jsonl", "timeline", "--actor",
         "Blinken", "--html"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == "wrote reports/timeline-blinken.html (4 events)\n"
    assert (tmp_path / "reports" / "timeline-blinken.html").stat().st_size > 1_000_000

"""``tracker COMMAND`` builds that one command only (``app.main``): typer would build all
48 commands' options first, which costs more than ``add-event`` itself. The command's
help, options, output and errors are the same as with every command built."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.cli.app import command_named


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["add-event", "--type", "x"], "add-event"),
        (["--log", "a.jsonl", "timeline", "--actor", "B"], "timeline"),
        (["--store", "postgresql:///d", "--no-pager", "actor", "add", "X"], "actor"),
        (["--log=a.jsonl", "--no-color", "verify"], "verify"),
        (["--help"], None),
        (["--bogus", "timeline"], None),
        ([], None),
        (["--log"], None),
    ],
)
def test_command_named(args: list[str], name: str | None) -> None:
    assert command_named(args) == name


# the app with every command built: what ``main`` ran before it built one
EVERY = "from tracker.cli.app import app; app(prog_name='tracker')"


def _tracker(*args: str, cwd: Path, every: bool = False) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRACKER_", "_TRACKER"))}
    env["COLUMNS"] = "80"
    run = ["-c", EVERY] if every else ["-m", "tracker"]
    return subprocess.run(
        [sys.executable, *run, *args], cwd=cwd, env=env, capture_output=True, text=True,
        check=False,
    )  # fmt: skip


def test_one_command_behaves_as_with_all_built(tmp_path: Path) -> None:
    for args in (["add-event", "--help"], ["actor", "--help"], ["store", "init", "--help"],
                 ["add-event", "--bogus"], ["timeline"]):  # fmt: skip
        alone = _tracker(*args, cwd=tmp_path)
        every = _tracker(*args, cwd=tmp_path, every=True)
        assert (alone.returncode, alone.stdout, alone.stderr) == (
            every.returncode,
            every.stdout,
            every.stderr,
        ), args
    assert _tracker("init", str(tmp_path / "t"), cwd=tmp_path).returncode == 0
    log = str(tmp_path / "t" / "data" / "events.jsonl")
    added = _tracker(
        "--log", log, "add-event", "--type", "phone_call", "--actor", "Blinken", "--actor",
        "Wang Yi", "--date", "2021-08-16", "--summary", "A call", "--source",
        "https://example.org/a", "--create-actors", cwd=tmp_path,
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    assert added.stderr.splitlines() == [
        "registered new actor Blinken (blinken)",
        "registered new actor Wang Yi (wang-yi)",
    ]
    shown = _tracker("timeline", "--log", log, "--actor", "Blinken", cwd=tmp_path)
    assert shown.returncode == 0 and "A call" in shown.stdout
    # an unknown command: every command built, typer's usage error as before
    unknown = _tracker("add-evnt", cwd=tmp_path)
    assert unknown.returncode == 2
    assert unknown.stderr.startswith("Error: No such command 'add-evnt'")
    bad = _tracker("add-event", "--bogus", cwd=tmp_path)
    assert bad.returncode == 2
    assert bad.stderr.strip() == (
        "Error: No such option: --bogus (Possible options: --about, --host, --log)"
        " (see `tracker add-event --help`)"
    )

"""Issue 17: help reads like a typer program's (metavars NAME, DATE, TEXT, URL, ID, N, PATH);
``tracker`` alone gets you started; the packaging metadata is an SPDX licence."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import typer

from tests.conftest import ROOT
from tracker.cli.app import app

CLI = Callable[..., Any]
WORDS = {"NAME", "DATE", "TEXT", "URL", "ID", "N", "PATH"}
OPTION = re.compile(r"^  (?:-\w, )?(--[\w-]+)(?:, --[\w-]+)? ([^ ]+)  ")


def _paths() -> list[list[str]]:
    root = typer.main.get_command(app)
    out: list[list[str]] = [[]]
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        out.append([name])
        for sub in getattr(command, "commands", {}):
            out.append([name, sub])
    return out


@pytest.mark.parametrize("path", _paths(), ids=lambda p: " ".join(p) or "tracker")
def test_metavars_are_words(cli: CLI, path: list[str]) -> None:
    result = cli(*path, "--help")
    assert result.exit_code == 0
    seen = {}
    for line in result.stdout.splitlines():
        match = OPTION.match(line)
        if match and match.group(2).isupper():
            seen[match.group(1)] = match.group(2)
    assert set(seen.values()) <= WORDS, seen
    assert not re.search(r"<(list\[str\]|str|int|int range|path|float)>", result.stdout)


def test_the_words_of_timeline(cli: CLI) -> None:
    text = cli("timeline", "--help").stdout
    for option, word in (("--actor", "NAME"), ("--with", "NAME"), ("--from", "DATE"),
                         ("--as-of", "DATE"), ("--type", "TEXT"), ("--html", "PATH"),
                         ("--last", "N"), ("--log", "PATH")):  # fmt: skip
        assert re.search(rf"{option} {word}  ", text), option
    assert re.search(r"--source URL  ", cli("add-event", "--help").stdout)
    assert re.search(r"--id ID  ", cli("add-event", "--help").stdout)


def test_tracker_alone_gets_you_started(cli: CLI, seed_log: Path) -> None:
    result = cli()
    assert result.exit_code == 0
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[0] == "tracker: an event-sourced diplomatic timeline tracker."
    size = seed_log.stat().st_size
    assert lines[1] == f"The log is data/events.jsonl ({seed_log.resolve()}, {size:,} bytes)."
    commands = [line.split()[:2] for line in lines if line.startswith("  tracker ")]
    assert commands == [["tracker", "actors"], ["tracker", "timeline"], ["tracker", "add-event"]]


def test_tracker_alone_without_a_log(cli: CLI, tmp_path: Path) -> None:
    result = cli("--log", str(tmp_path / "none.jsonl"))
    assert result.exit_code == 0
    assert f"The log would be {tmp_path / 'none.jsonl'}: there is none yet" in result.stdout
    assert not (tmp_path / "none.jsonl").exists()


def test_a_group_alone_shows_its_help(cli: CLI) -> None:
    result = cli("actor")
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: root actor [OPTIONS] COMMAND [ARGS]...")
    assert result.stderr == ""


def test_the_licence_is_an_spdx_string() -> None:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert meta["project"]["license"] == "MIT"
    for name in meta["project"]["license-files"]:
        assert (ROOT / name).read_text(encoding="utf-8").startswith("MIT License")
    requires = meta["build-system"]["requires"]
    version = next(r for r in requires if r.startswith("setuptools>="))
    assert tuple(int(x) for x in version.split(">=")[1].split(".")) >= (77,)

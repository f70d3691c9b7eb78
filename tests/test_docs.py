"""The README cannot drift from the CLI: each ``tracker ...`` line of its examples runs.

A reading command (and an export, a chart, ``rebuild``, ``init``) runs for real on a
temporary copy of the shipped log; a command that needs a file the README only names, or
that would change the log, runs with ``--help`` appended, so that an unknown command or
option still fails. Every command's help has an ``Example: tracker ...`` line.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import typer.main

from tests.conftest import ROOT, SHIPPED_LOG
from tracker.cli.app import app

CLI = Callable[..., Any]
README = ROOT / "README.md"

# Commands that only read the log, or write what may be thrown away (charts, exports, the
# read model, a new tracker in a new folder): run for real.
REAL = {
    "timeline", "show", "history", "actors", "verify", "rebuild", "init", "graph", "rank",
    "path", "dyad", "communities", "report", "export", "actor show", "search", "explore",
    "view list", "view show",
}  # fmt: skip


def _code_lines(text: str) -> Iterator[str]:
    """The lines of the README's indented code blocks, continuation lines joined."""
    pending = ""
    for line in text.splitlines():
        if not line.startswith("    "):
            pending = ""
            continue
        line = line.strip()
        if pending:
            line = f"{pending} {line}"
        if line.endswith("\\"):
            pending = line[:-1].rstrip()
            continue
        pending = ""
        yield line


def _without_comment(line: str) -> str:
    quote = None
    for i, ch in enumerate(line):
        if quote:
            quote = None if ch == quote else quote
        elif ch in "\"'":
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1].isspace()):
            return line[:i].rstrip()
    return line


def readme_commands() -> list[str]:
    """Every ``tracker ...`` command of the README's examples (after a ``|``, before a
    ``>``), comment left out."""
    found = []
    for line in _code_lines(README.read_text(encoding="utf-8")):
        line = _without_comment(line)
        if "tracker " not in line or not re.search(r"(^|\| )tracker ", line):
            continue
        line = (
            line[line.index("tracker ") :]
            if line.startswith("tracker ")
            else line.split("| ", 1)[1]
        )
        found.append(line.split(" > ")[0].strip())
    return found


def _argv(command: str, *, optional: bool, values: dict[str, str]) -> list[str]:
    """The arguments of a README command: ``[--kind person]`` kept (``optional``) or left
    out; the placeholders ID, HASH and DIR given ``values``."""
    text = re.sub(r"\s\[([^\]]*)\]", (lambda m: f" {m.group(1)}") if optional else "", command)
    words = shlex.split(text)[1:]
    return [values.get(w, w) for w in words]


GROUPS = ("actor", "view", "store")  # the command groups: a command is named with its group


def _kind(argv: list[str]) -> str:
    return " ".join(argv[:2]) if argv[0] in GROUPS else argv[0]


COMMANDS = readme_commands()


def test_the_readme_has_examples_of_every_command() -> None:
    root = typer.main.get_command(app)
    names = {f"{g} {n}" if g in GROUPS else n for g, n in _leaves(root)}
    shown = {_kind(_argv(c, optional=True, values={})) for c in COMMANDS}
    print(f"docs: {len(COMMANDS)} README commands, {len(shown & names)} of {len(names)} commands")
    assert len(COMMANDS) >= 50
    assert names - shown == set(), f"commands with no README example: {sorted(names - shown)}"


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command(command: str, seed_log: Path, tmp_path: Path, cli: CLI) -> None:
    last = orjson.loads(SHIPPED_LOG.read_bytes().splitlines()[-1])
    values = {"ID": last["id"][-8:], "HASH": last["chain"], "DIR": str(tmp_path / "new")}
    argv = _argv(command, optional=False, values=values)
    if _kind(argv) not in REAL:
        result = cli(*_argv(command, optional=True, values=values), "--help")
        assert (result.exit_code, result.stderr) == (0, ""), command
        assert result.stdout.startswith("Usage: ") and f" {argv[0]} " in result.stdout, command
        return
    if "--view" in argv or _kind(argv) == "view show":  # the views the README saves first
        for save in (c for c in COMMANDS if c.startswith("tracker view save ")):
            saved = cli(*_argv(save, optional=True, values=values))
            assert saved.exit_code == 0, (save, saved.stderr)
    result = cli(*_argv(command, optional=True, values=values))  # [options] given too
    assert result.exit_code == 0, (command, result.stderr)
    assert result.stdout, command


def _leaves(command: Any, group: str = "") -> Iterator[tuple[str, str]]:
    for name, sub in getattr(command, "commands", {}).items():
        if getattr(sub, "commands", None):
            yield from _leaves(sub, name)
        else:
            yield group, name


def test_every_command_has_help_with_an_example() -> None:
    root = typer.main.get_command(app)
    leaves = list(_leaves(root))
    missing = []
    for group, name in leaves:
        command = root.commands[group].commands[name] if group else root.commands[name]  # type: ignore[attr-defined]
        text = command.help or ""
        if not text.strip() or "Example: tracker " not in text:
            missing.append(f"{group} {name}".strip())
    print(f"docs: {len(leaves)} commands, {len(leaves) - len(missing)} with an Example line")
    assert not missing, f"commands without help or an Example line: {missing}"

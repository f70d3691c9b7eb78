"""Issue 17: shell completion. typer's --install-completion and --show-completion work, and
--actor and --with complete actor names from the read model (read only, never rebuilt);
the completion code loads only when the shell asks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tracker.services.tracker import Tracker

PY = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable


def _run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if not k.startswith(("_TRACKER", "_TYPER"))}
    full.update(env)
    return subprocess.run(
        [PY, "-m", "tracker", *args], cwd=cwd, env=full, capture_output=True, text=True,
        timeout=60, check=False,
    )  # fmt: skip


def _complete(cwd: Path, words: str, shell: str = "bash") -> list[str]:
    if shell == "bash":
        parts = words.split(" ")
        done = _run([], cwd, _TRACKER_COMPLETE="complete_bash", COMP_WORDS=words,
                    COMP_CWORD=str(len(parts) - 1))  # fmt: skip
    else:
        done = _run([], cwd, _TRACKER_COMPLETE="complete_fish", _TYPER_COMPLETE_ARGS=words,
                    _TYPER_COMPLETE_FISH_ACTION="get-args")  # fmt: skip
    assert done.returncode == 0, done.stderr
    return [line for line in done.stdout.splitlines() if line]


def test_show_and_install_completion(tmp_path: Path) -> None:
    shown = _run(["--show-completion", "bash"], tmp_path)
    assert shown.returncode == 0, shown.stderr
    assert "_TRACKER_COMPLETE=complete_bash" in shown.stdout
    assert "complete -o default -F _tracker_completion tracker" in shown.stdout
    home = tmp_path / "home"
    home.mkdir()
    installed = _run(["--install-completion", "bash"], tmp_path, HOME=str(home))
    assert installed.returncode == 0, installed.stderr
    script = home / ".bash_completions" / "tracker.sh"
    assert "_TRACKER_COMPLETE=complete_bash" in script.read_text()
    assert "source" in (home / ".bashrc").read_text()


def test_actor_names_complete_from_the_read_model(seed_log: Path, tmp_path: Path) -> None:
    Tracker(seed_log).sync()
    assert _complete(tmp_path, "tracker timeline --actor Bl") == ["Blinken"]
    assert _complete(tmp_path, "tracker timeline --actor Blinken --with W") == [
        "Wang\\ Yi",  # bash splits at spaces: escaped
        "Washington",
    ]
    assert _complete(tmp_path, "tracker timeline --actor Se", "fish") == [
        "Sergey Lavrov",  # a current name first, then aliases
        "Secretary Blinken",
        "Secretary of State Antony Blinken",
        "Sergei Lavrov",
    ]
    assert _complete(tmp_path, "tracker export csv --actor Ru") == [
        "Russia", "Russia's\\ foreign\\ ministry", "Russian\\ Federation",
        "Russian\\ Foreign\\ Ministry", "Russian\\ MFA",
    ]  # fmt: skip
    assert "antony-blinken" not in _complete(tmp_path, "tracker graph --actor a")  # no ids
    assert _complete(tmp_path, "tracker dyad Blinken La") == ["Lavrov"]  # arguments too
    assert _complete(tmp_path, "tracker add-event --recipient Wa") == ["Wang\\ Yi", "Washington"]
    other = tmp_path / "elsewhere"
    other.mkdir()
    assert _complete(other, f"tracker timeline --log {seed_log} --actor Wa", "fish") == [
        "Wang Yi",
        "Washington",
    ]


def test_no_read_model_no_names_and_no_rebuild(seed_log: Path, tmp_path: Path) -> None:
    assert _complete(tmp_path, "tracker timeline --actor Bl") == []
    assert not list(seed_log.parent.glob("*.sqlite*"))  # a tab press never builds one


def test_completion_code_loads_only_when_asked(tmp_path: Path) -> None:
    done = _run(["--help"], tmp_path)
    assert done.returncode == 0
    timed = subprocess.run(
        [PY, "-X", "importtime", "-m", "tracker", "--help"], cwd=tmp_path,
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip
    assert "tracker.cli.app" in timed.stderr
    assert "tracker.cli.complete" not in timed.stderr
    assert "sqlite3" not in timed.stderr
    assert "--install-completion" in done.stdout and "--show-completion" in done.stdout

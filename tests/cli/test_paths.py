"""Paths given to --log and --html are used as given: no surprise writes elsewhere."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import SHIPPED_LOG


def files(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_log_and_html_paths_are_used_as_given(tmp_path: Path, cli: Callable[..., Any]) -> None:
    log = tmp_path / "my logs" / "team.jsonl"
    log.parent.mkdir()
    shutil.copy(SHIPPED_LOG, log)
    before = files(tmp_path)
    result = cli("timeline", "--actor", "Blinken", "--log", str(log), "--html", "out/b.html")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "wrote out/b.html (4 events)\n"
    # the chart where asked; beside the log only its cache and the cache's lock, named for it
    assert files(tmp_path) - before == {
        "out/b.html",
        "my logs/.team.jsonl.readmodel.sqlite",
        "my logs/.team.jsonl.readmodel.sqlite.lock",
    }
    added = cli(
        "add-event", "--type", "meeting", "--actor", "Blinken", "--actor", "Lavrov",
        "--date", "2021-09-01", "--summary", "s", "--source", "https://example.org/x",
        "--log", str(log),
    )  # fmt: skip
    assert added.exit_code == 0, added.stderr
    assert files(tmp_path) - before == {
        "out/b.html",
        "my logs/.team.jsonl.readmodel.sqlite",
        "my logs/.team.jsonl.readmodel.sqlite.lock",
        "my logs/.team.jsonl.checked",  # the writers' record of the file, beside it
    }
    assert not (tmp_path / "data").exists() and not (tmp_path / "reports").exists()

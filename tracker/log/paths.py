"""Where a log and its files are: the default log, the writers' record beside it, its read
model (beside it, or in the user's cache when its folder is read-only).
"""

from __future__ import annotations

import hashlib
import itertools
import os
from pathlib import Path
from typing import BinaryIO

DEFAULT_LOG = Path("data") / "events.jsonl"


def default_log_path() -> Path:
    """The log in use: ``TRACKER_LOG``, else ``data/events.jsonl`` under the current folder."""
    return Path(os.environ.get("TRACKER_LOG") or DEFAULT_LOG)


def checked_path(log_path: Path) -> Path:
    """Where writers record the file as they left it: beside the real file (symlinks
    followed), so every path to one log shares it."""
    real = log_path.resolve()
    return real.with_name(f".{real.name}.checked")


def default_db_path(log_path: Path) -> Path:
    """Beside the log (git-ignored), or in the user's cache if that folder is read-only."""
    folder = log_path.resolve().parent
    if os.access(folder, os.W_OK):
        return folder / f".{log_path.name}.readmodel.sqlite"
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tracker"
    digest = hashlib.sha256(str(log_path.resolve()).encode()).hexdigest()[:16]
    return cache / f"{log_path.name}-{digest}.readmodel.sqlite"


def file_in_the_way(path: Path) -> Path | None:
    """The first folder on ``path`` that is in fact a file (what makes ENOTDIR), or None."""
    for parent in reversed(path.parents):
        if parent.exists() and not parent.is_dir():
            return parent
    return None


def create_beside(path: Path, name: str) -> tuple[Path, BinaryIO]:
    """A new file ``name`` in ``path``'s folder, opened for writing; never one that exists
    (``name-2``, ``name-3``... if it does)."""
    for n in itertools.count(1):
        target = path.with_name(name if n == 1 else f"{name}-{n}")
        try:
            return target, open(target, "xb")
        except FileExistsError:
            continue
    raise AssertionError("unreachable")

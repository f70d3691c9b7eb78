"""A tracker's folder: a new, empty log with the git rules it needs (``tracker init``).

Git must keep the log's bytes as they are (``-text``: no line-ending conversion) and merge
it with tracker's driver (``tracker merge %A %B %O``); the caches beside the log are
git-ignored, a torn tail moved aside is not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tracker.domain.errors import LogIOError, ValidationError
from tracker.log.file import EventLog
from tracker.log.paths import DEFAULT_LOG


def merge_driver_command(tracker_command: str) -> str:
    """The ``git config merge.tracker-log.driver`` value for a tracker command."""
    return f"{tracker_command} merge %A %B %O"


# The log's bytes are what its hash chain covers: git must never convert its line endings
# (core.autocrlf), and merges it with tracker's driver.
ATTRIBUTES = "data/events.jsonl -text merge=tracker-log"
_OLD_ATTRIBUTES = ("data/events.jsonl merge=tracker-log",)  # what tracker wrote before


def write_attributes(folder: Path) -> Path:
    """Have ``folder/.gitattributes`` hold the log's rule (``ATTRIBUTES``), replacing the
    rule an older tracker wrote; other lines are kept as they are."""
    attributes = folder / ".gitattributes"
    try:
        text = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
        lines = text.splitlines()
        if ATTRIBUTES in lines and not any(old in lines for old in _OLD_ATTRIBUTES):
            return attributes
        kept = [line for line in lines if line not in _OLD_ATTRIBUTES]
        if ATTRIBUTES not in kept:
            kept.append(ATTRIBUTES)
        attributes.write_text("\n".join(kept) + "\n", encoding="utf-8")
    except OSError as exc:
        raise LogIOError(f"cannot write {attributes}: {exc.strerror}") from None
    return attributes


def setup_git(folder: Path, tracker_command: str) -> bool:
    """Register the merge driver for the log in ``folder``'s git repository, if any.

    Writes the ``.gitattributes`` rule and sets ``merge.tracker-log.*`` in the repository's
    config. Returns False when ``folder`` is not in a git work tree (or git is missing).
    """
    git = shutil.which("git")
    if git is None:
        return False
    inside = subprocess.run(
        [git, "-C", str(folder), "rev-parse", "--is-inside-work-tree"],
        capture_output=True,
        text=True,
        check=False,
    )
    if inside.returncode != 0 or inside.stdout.strip() != "true":
        return False
    write_attributes(folder)
    for key, value in (
        ("merge.tracker-log.name", "tracker: merge two event logs, re-chaining the new suffix"),
        ("merge.tracker-log.driver", merge_driver_command(tracker_command)),
    ):
        subprocess.run([git, "-C", str(folder), "config", key, value], check=True)
    return True


def init(folder: str | os.PathLike[str]) -> Path:
    """Start an empty tracker in ``folder``: ``data/events.jsonl``, ignore rules and the
    log's ``.gitattributes`` rule."""
    root = Path(folder)
    log_path = root / DEFAULT_LOG
    if log_path.exists() and not log_path.is_file():
        raise LogIOError(f"{log_path} exists and is not a file; nothing was changed")
    if log_path.exists() and log_path.stat().st_size:
        raise ValidationError(f"{log_path} already exists and holds events; nothing was changed")
    EventLog.create(log_path)
    write_attributes(root)  # the log's bytes kept as they are (-text), and the merge driver
    ignore = root / ".gitignore"
    # the caches and the writers' record; a torn tail moved aside is NOT ignored (nor lost)
    rules = ["data/.events.jsonl.*", "reports/*", "!reports/.gitkeep"]
    try:
        existing = ignore.read_text(encoding="utf-8").splitlines() if ignore.exists() else []
        missing = [r for r in rules if r not in existing]
        if missing:
            with ignore.open("a", encoding="utf-8") as f:
                f.write(("\n" if existing and existing[-1] else "") + "\n".join(missing) + "\n")
        (root / "reports").mkdir(exist_ok=True)
    except OSError as exc:
        raise LogIOError(f"cannot write {ignore}: {exc.strerror}") from None
    return log_path

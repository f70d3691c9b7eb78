"""Output files: where a command may write, and how it writes (issue 11).

Every command that writes a file the user names or that tracker names for them (an export,
a chart, a report folder, the csv template, an import's report of bad rows) goes through
this module:

- **Never over the log.** ``Outputs.of(log)`` knows the files of a log: the log itself,
  every file beside it named after it (``events.jsonl.*`` and ``.events.jsonl.*``: its
  lock, torn tails, the read model with its journal, ``-wal``/``-shm``, lock and
  ``.rebuild-*`` files), and the read model and its files where it lives in the user's
  cache instead. ``check`` refuses such a path (``ValidationError``, exit 2) and
  ``check_folder`` a folder holding them as an output folder. Paths are compared resolved,
  symlinks followed (also for a file that does not exist yet whose folder is a link), and
  an existing file by its inode too (a hard link to the log).
- **Whole or not at all.** ``replacing`` writes into a temporary file in the target's
  folder, fsyncs it and renames it over the target (``os.replace``): a failed or killed
  write leaves the old file as it was, and never half a file. A symlink target stays a
  link: the file it points to is replaced. A temporary file left by a killed process is
  removed by the next write of the same target.
- **Readable names, one per actor.** ``file_slug`` transliterates a name to ASCII with
  anyascii (王毅 -> ``wang-yi``, Сергей Лавров -> ``sergey-lavrov``); ``FileNames`` hands
  out names within one run so that no chart overwrites another.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from tracker.domain.errors import LogIOError, ValidationError
from tracker.domain.names import FileNames, file_slug, name_part
from tracker.log.paths import default_db_path, default_log_path, file_in_the_way

_fsync = os.fsync  # one name, so that a test can make the output's fsync fail alone
_TMP = re.compile(r"\.tmp-(\d+)-[0-9a-f]{8}(?:\.lock)?$")


def _resolved(path: Path) -> Path:
    """``path`` absolute with every symlink followed, as far as it exists."""
    try:
        return Path(os.path.realpath(path))
    except (OSError, ValueError):
        return Path(os.path.abspath(path))


@dataclass(frozen=True)
class Outputs:
    """The files of one log that no output may replace (see the module docstring)."""

    logs: tuple[Path, ...]  # the log as given (its folder resolved) and fully resolved
    models: tuple[Path, ...]  # the read model, resolved

    @classmethod
    def of(
        cls, log_path: str | os.PathLike[str], db_path: str | os.PathLike[str] | None = None
    ) -> Outputs:
        given = Path(log_path)
        logs = dict.fromkeys([_resolved(given.parent) / given.name, _resolved(given)])
        models = [default_db_path(given)]
        if db_path is not None:
            models.append(Path(db_path))
        return cls(tuple(logs), tuple(dict.fromkeys(_resolved(m) for m in models)))

    @classmethod
    def default(cls) -> Outputs:
        """The files of the log in use (``TRACKER_LOG``, else ``data/events.jsonl``)."""
        return cls.of(default_log_path())

    def why(self, path: str | os.PathLike[str]) -> str | None:
        """Why ``path`` must not be written (it is one of the log's files), or None."""
        target = _resolved(Path(path))
        for log in self.logs:
            if target == log:
                return f"it is the log {log}"
            if target.parent == log.parent and target.name.lstrip(".").startswith(
                (f"{log.name}.", f"{log.name}-")  # sidecars (.lock, .checked) and -torn-* files
            ):
                return f"it is a file of the log {log} (beside it and named after it)"
        for model in self.models:
            if target.parent == model.parent and target.name.startswith(model.name):
                return f"it is the read model of the log {self.logs[-1]}, or one of its files"
        try:
            found = os.stat(target)
        except OSError:
            return None
        for known in (*self.logs, *self.models):
            with contextlib.suppress(OSError):
                if os.path.samestat(found, os.stat(known)):
                    return f"it is the same file as {known}"
        return None

    def check(self, path: str | os.PathLike[str], *, what: str = "") -> Path:
        """``path`` resolved, if a command may write it; else a one-line error.

        Refused: a file of the log (``ValidationError``, exit 2); a folder, or a path under
        a file (``LogIOError``, exit 7). ``what`` names the output in the message
        ("chart ", "the report ").
        """
        given = Path(path)
        why = self.why(given)
        if why is not None:
            raise ValidationError(f"refusing to write {what}{given}: {why}; choose another path")
        blocker = file_in_the_way(given)
        if blocker is not None:
            raise LogIOError(f"cannot write {what}{given}: {blocker} is a file, not a folder")
        if given.is_dir():
            raise LogIOError(f"cannot write {what}{given}: it is a folder")
        return _resolved(given)

    def check_folder(self, folder: str | os.PathLike[str], *, what: str = "") -> Path:
        """``folder`` resolved, if a command may write its files into it (see ``check``)."""
        given = Path(folder)
        target = _resolved(given)
        holders = {p.parent for p in (*self.logs, *self.models)}
        if target in holders or self.why(given) is not None:
            raise ValidationError(
                f"refusing to write {what}to {given}: it holds the log {self.logs[-1]}"
                " or its files; choose another folder"
            )
        blocker = file_in_the_way(given)
        if blocker is not None or (given.exists() and not given.is_dir()):
            raise LogIOError(
                f"cannot write {what}to {given}: {blocker or given} is a file, not a folder"
            )
        return target


def _clean_stale(folder: Path, name: str) -> None:
    """Remove the temporary files of ``name`` (and their lock files, for a log written
    there) left by processes that are gone."""
    mark = f".{name[:200]}.tmp-"
    try:
        entries = [e for e in os.scandir(folder) if mark in e.name]
    except OSError:
        return
    for entry in entries:
        match = _TMP.search(entry.name)
        if match is None or not entry.name.lstrip(".").startswith(mark[1:]):
            continue
        try:
            os.kill(int(match.group(1)), 0)
        except ProcessLookupError:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
        except OSError:
            pass  # alive (or not ours to ask about): leave it


@contextlib.contextmanager
def staged(
    path: str | os.PathLike[str], *, outputs: Outputs | None = None, what: str = ""
) -> Iterator[Path]:
    """A new, empty temporary file beside ``path``'s target to write into; when the block
    ends without an error it is fsynced and renamed over the target (``os.replace``), else
    removed. The target is checked first (``Outputs.check``)."""
    given = Path(path)
    target = (outputs or Outputs.default()).check(given, what=what)
    folder = target.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        _clean_stale(folder, target.name)
        tmp = folder / f".{target.name[:200]}.tmp-{os.getpid()}-{secrets.token_hex(4)}"
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o666))
    except OSError as exc:
        raise LogIOError(f"cannot write {what}{given}: {exc.strerror or exc}") from None
    try:
        yield tmp
        fd = os.open(tmp, os.O_RDONLY | os.O_CLOEXEC)
        try:
            with contextlib.suppress(FileNotFoundError):
                os.fchmod(fd, stat.S_IMODE(os.stat(target).st_mode))  # keep the old mode
            _fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, target)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise LogIOError(f"cannot write {what}{given}: {exc.strerror or exc}") from None
        raise
    with contextlib.suppress(OSError):  # the rename itself, on disk
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        try:
            _fsync(dir_fd)
        finally:
            os.close(dir_fd)


@contextlib.contextmanager
def replacing(
    path: str | os.PathLike[str], *, outputs: Outputs | None = None, what: str = ""
) -> Iterator[BinaryIO]:
    """A binary file to write ``path``'s new content into; it replaces ``path`` only when
    the block ends without an error (see ``staged``)."""
    with staged(path, outputs=outputs, what=what) as tmp, open(tmp, "wb") as f:
        yield f


def write_bytes(
    path: str | os.PathLike[str],
    data: bytes | Iterable[bytes],
    *,
    outputs: Outputs | None = None,
    what: str = "",
) -> Path:
    """Write ``data`` (bytes, or chunks of it) to ``path`` whole or not at all."""
    with replacing(path, outputs=outputs, what=what) as f:
        if isinstance(data, bytes | bytearray):
            f.write(data)
        else:
            for chunk in data:
                f.write(chunk)
    return Path(path)


def write_text(
    path: str | os.PathLike[str], text: str, *, outputs: Outputs | None = None, what: str = ""
) -> Path:
    return write_bytes(path, text.encode("utf-8"), outputs=outputs, what=what)


__all__ = [
    "FileNames",
    "Outputs",
    "file_slug",
    "name_part",
    "replacing",
    "staged",
    "write_bytes",
    "write_text",
]

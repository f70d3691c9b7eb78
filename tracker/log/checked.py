"""The writers' record: the log file as the last writer left it.

After each append the writer records the file's inode, size and mtime with the head it
left (``.<log>.checked``, beside the log). If the file is not as the last writer left it
(replaced by ``mv`` or a git checkout, edited, appended to by something else), the next
writer, and the next reader that would apply it incrementally, first checks the whole
chain from the raw bytes, and refuses a damaged log. The record is a cache: failing to
write it, or finding it torn, only costs that check.
"""

from __future__ import annotations

import contextlib
import os
import zlib
from pathlib import Path

SIZE = 256  # bytes of the record (written in place, always this long)


class WritersRecord:
    """The record at ``path`` (``tracker.log.paths.checked_path`` of a log)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def read(self) -> tuple[int, int, int, int, str] | None:
        """(inode, size, mtime, seq, chain) of the file as the last writer left it."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
            try:
                raw = os.read(fd, SIZE)
            finally:
                os.close(fd)
            text, _, crc = raw.decode("ascii").rstrip().rpartition(" ")
            if int(crc) != zlib.crc32(text.encode()):
                return None  # torn (a writer killed while recording it)
            ino, size, mtime, seq, chain = text.split()
            return int(ino), int(size), int(mtime), int(seq), chain
        except (OSError, ValueError, UnicodeDecodeError):
            return None

    def left_as(self, st: os.stat_result) -> tuple[int, str] | None:
        """(seq, chain) of the last line, if the file ``st`` is still as the last writer
        left it."""
        checked = self.read()
        if checked is None or checked[:3] != (st.st_ino, st.st_size, st.st_mtime_ns):
            return None
        return checked[3], checked[4]

    def remember(self, st: os.stat_result, seq: int, chain: str) -> None:
        """Record the file ``st`` as this writer leaves it, its last line ``seq`` with
        ``chain``: one fixed-size ``pwrite`` in place (a rename would cost a flush on
        ext4)."""
        text = f"{st.st_ino} {st.st_size} {st.st_mtime_ns} {seq} {chain}"
        line = f"{text} {zlib.crc32(text.encode())}".ljust(SIZE - 1) + "\n"
        with contextlib.suppress(OSError):
            fd = os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o644)
            try:
                os.pwrite(fd, line.encode("ascii"), 0)
            finally:
                os.close(fd)

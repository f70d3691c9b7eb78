"""Running the real ``tracker`` process under a pseudo-terminal (the standard library's
``pty``) of a given size, as a user's terminal runs it, or with its output piped."""

from __future__ import annotations

import fcntl
import os
import pty
import re
import select
import struct
import subprocess
import sys
import termios
import time
from dataclasses import dataclass
from pathlib import Path

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@dataclass
class Screenful:
    raw: str  # what the terminal received, colour codes and carriage returns included
    code: int

    @property
    def text(self) -> str:
        """The text without colour codes, lines ended by LF."""
        return ANSI.sub("", self.raw).replace("\r\n", "\n")

    @property
    def lines(self) -> list[str]:
        """The lines a terminal shows (a carriage return starts the line again)."""
        return [line.rsplit("\r", 1)[-1] for line in self.text.split("\n")]


def environment(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "PAGER", "TRACKER_PAGER")
        and not k.startswith("PYTEST")
    }
    env.update({"TERM": "xterm-256color", "TRACKER_USER": "tester"})
    env.update(extra)
    return env


def run_tty(
    args: list[str],
    cwd: Path,
    *,
    columns: int = 80,
    rows: int = 40,
    timeout: float = 30,
    unset: tuple[str, ...] = (),
    **env: str,
) -> Screenful:
    """``tracker ARGS`` with stdin, stdout and stderr on a new pseudo-terminal (no pager
    unless ``TRACKER_PAGER`` is given or ``unset``: a pager would wait for keys)."""
    if "TRACKER_PAGER" not in unset:
        env.setdefault("TRACKER_PAGER", "")
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    proc = subprocess.Popen(
        [sys.executable, "-m", "tracker", *args],
        cwd=cwd,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=environment(**env),
        start_new_session=True,
    )
    os.close(slave)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    data = os.read(master, 65536)
                except OSError:  # EIO: the other side is closed
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        code = proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return Screenful(b"".join(chunks).decode("utf-8", "replace"), code)


def run_piped(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``tracker ARGS`` with stdout and stderr pipes (as ``| cat`` gives them)."""
    return subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=environment(**env),
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )

"""What a command's output goes to: a terminal (fitted tables, colour, a pager) or a pipe
(the whole table, plain, as scripts and tests read it).

A command that prints a table or a long text takes ``--wide``, ``--no-pager`` and
``--no-color`` (``options.WideOpt``, ``NoPagerOpt``, ``NoColorOpt``; the last two also
before the command: ``tracker --no-pager timeline ...``), makes its ``Screen`` with
``screen(ctx, wide=..., no_pager=..., no_color=...)`` and prints with ``screen.show(text)``:

- ``fit``: stdout is a terminal and ``--wide`` was not given: tables are cut to
  ``width`` (the terminal's, or ``COLUMNS``) by ``tracker.views.fit``;
- ``color``: ``--no-color`` or ``NO_COLOR`` (any value) turn it off; else ``FORCE_COLOR``
  (not empty or ``0``) turns it on; else only on a terminal (and not ``TERM=dumb``);
- the pager: on a terminal, text longer than the screen goes through ``TRACKER_PAGER``,
  else ``PAGER``, else ``less -FRX`` (as git does; ``LESS=FRX`` is set when ``LESS`` is
  not); an empty ``TRACKER_PAGER`` or ``PAGER``, or ``--no-pager``, prints straight out.
  Never when stdout is not a terminal.
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass

import typer

from tracker.cli.options import invocation


@dataclass(frozen=True)
class Screen:
    tty: bool  # stdout is a terminal
    width: int
    height: int
    fit: bool  # tables cut to the width
    color: bool
    pager: str | None  # the pager command, or None: print straight out

    def show(self, text: str) -> None:
        """Print ``text`` (and a newline): through the pager when it is longer than the
        screen, else straight out."""
        long = text.count("\n") + 1 >= self.height - 1
        if self.pager and long and page(text, self.pager):
            return
        typer.echo(text, color=self.color)

    def show_labelled(self, text: str) -> None:
        """Print a "label:  value" text (``show``, ``actor show``): on a terminal (and not
        ``--wide``) its long values wrapped to the width under their labels."""
        if self.fit:
            from tracker.views.fit import fit_labelled

            text = fit_labelled(text, self.width)
        self.show(text)


# --no-color given (before or after the command), for what is written before or without a
# Screen (the ``Error:`` line); reset by each run of the app
_ASKED = {"no_color": False}


def ask_no_color(asked: bool = True) -> None:
    _ASKED["no_color"] = asked


def color_wanted(tty: bool, no_color: bool = False) -> bool:
    """Colour for a stream that is (or is not) a terminal: see the module docstring."""
    if no_color or _ASKED["no_color"] or os.environ.get("NO_COLOR", "") != "":
        return False
    force = os.environ.get("FORCE_COLOR")
    if force not in (None, "", "0"):
        return True
    return tty and os.environ.get("TERM") != "dumb"


def pager_command() -> str | None:
    """The pager asked for, or None when it is turned off (see the module docstring)."""
    for name in ("TRACKER_PAGER", "PAGER"):
        value = os.environ.get(name)
        if value is not None:
            return value.strip() or None
    return "less -FRX"


def screen(
    ctx: typer.Context, *, wide: bool = False, no_pager: bool = False, no_color: bool = False
) -> Screen:
    """The command's screen: what stdout is, and what was asked (see the module docstring)."""
    made = invocation(ctx)
    if no_color:
        ask_no_color()
    tty = _isatty(sys.stdout)
    size = shutil.get_terminal_size((120, 24))
    return Screen(
        tty=tty,
        width=max(20, size.columns),
        height=max(2, size.lines),
        fit=tty and not wide,
        color=color_wanted(tty, no_color or made.no_color),
        pager=pager_command() if tty and not (no_pager or made.no_pager) else None,
    )


def page(text: str, command: str) -> bool:
    """Show ``text`` through the pager ``command``; False if it could not be started."""
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    env.setdefault("LV", "-c")
    sys.stdout.flush()
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    assert pager.stdin is not None
    try:
        pager.stdin.write(text.encode("utf-8", "replace") + b"\n")
        pager.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the reader quit the pager early: not an error
    while True:
        try:
            code = pager.wait()
            break
        except KeyboardInterrupt:  # ctrl-c goes to the pager (less stays); wait for it
            continue
    return code != 127  # "command not found": print it straight out instead


def stderr_color() -> bool:
    """Colour on stderr (the ``Error:`` prefix)."""
    return color_wanted(_isatty(sys.stderr))


def _isatty(stream: object) -> bool:
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError):
        return False

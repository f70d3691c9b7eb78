"""Care of the log: ``init``, ``verify``, ``rebuild``, ``merge`` (also git's merge driver)."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.options import (
    LogOpt,
    StoreOpt,
    invocation,
    say,
    tracker_for,
)
from tracker.domain.errors import DamagedLogError, ValidationError


def files_only(ctx: typer.Context, command: str, instead: str) -> None:
    """``init`` and ``merge`` work on files: a ``--store`` before them is a usage error
    (``TRACKER_STORE`` is left alone: git runs ``merge`` as its driver)."""
    if invocation(ctx).store is not None:
        raise ValidationError(f"`tracker {command}` works on log files, not a store; {instead}")


def init(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="Where to start the tracker.")] = Path("."),
) -> None:
    """Start a new, empty tracker: data/events.jsonl, ignore rules and .gitattributes.

    Example: tracker init my-tracker
    """
    from tracker.log.folder import init as init_tracker
    from tracker.log.folder import setup_git

    files_only(ctx, "init", "`tracker store init URL` sets up a store")
    path = init_tracker(folder)
    typer.echo(f"started an empty log at {path}")
    if setup_git(folder, f"{sys.executable} -m tracker"):
        typer.echo("registered the git merge driver for the log (.gitattributes, git config)")


def verify(
    ctx: typer.Context,
    head: Annotated[
        str | None,
        typer.Option(
            help="Also check that the log's head hash is this one (an anchor kept elsewhere)."
        ),
    ] = None,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Check every line: JSON, sequence, content hashes and the hash chain.

    Example: tracker verify --head 3f1a...
    """
    from tracker.cli.status import Status

    tracker = tracker_for(ctx, log)
    try:
        with Status(f"verifying every line of {tracker.log.path}"):
            report = tracker.verify(head)
    except DamagedLogError as exc:  # without the "(run `tracker verify` ...)" hint
        exc.message = f"damaged log {exc.path}: line {exc.line}: {exc.problem}"
        raise
    typer.echo(f"ok: {report.events} events, chain intact, head {report.head}")
    if report.unterminated:
        say(
            f"note: the last line (line {report.events}) lacks its final newline; it is a"
            " complete event and is counted, and the next append restores the newline"
        )
    if report.retracted_bad:
        say(
            f"note: {report.retracted_bad} bad event(s) from before events were checked on"
            " entry are retracted; readers leave them out"
        )
    if report.torn_tail_bytes:
        say(
            f"note: the log ends with an incomplete line ({report.torn_tail_bytes} bytes);"
            " readers ignore it and the next append moves it aside"
        )


def rebuild(ctx: typer.Context, log: LogOpt = None, store: StoreOpt = None) -> None:
    """Rebuild the read model from the log, from scratch.

    Example: tracker rebuild
    """
    tracker = tracker_for(ctx, log)  # its rebuild says so (tracker.cli.status)
    started = time.monotonic()
    result = tracker.rebuild()
    typer.echo(
        f"rebuilt the read model: {result.applied} lines in {time.monotonic() - started:.1f} s"
    )


def merge(
    ctx: typer.Context,
    ours: Annotated[Path, typer.Argument(help="Our log; the merge is written into it.")],
    theirs: Annotated[Path, typer.Argument(help="Their log (another branch's copy).")],
    base: Annotated[
        Path | None, typer.Argument(help="Optional: the common ancestor, to check.")
    ] = None,
) -> None:
    """Merge their log into ours: keep ours, append what only theirs has, re-chain it.

    Git runs this as the merge driver of data/events.jsonl (see `tracker init`).

    Example: tracker merge data/events.jsonl ../colleague/data/events.jsonl
    """
    from tracker.log.merge import merge_logs

    files_only(ctx, "merge", "`tracker push FILE` puts a file log's events on a store")
    from tracker.cli.status import Status
    from tracker.domain.markup import safe

    with Status(safe(f"merging {theirs} into {ours}")):
        result = merge_logs(ours, theirs, base, notice=say)
    if result.added:
        typer.echo(
            f"merged {result.added} event(s) from {theirs} into {ours}"
            f" ({result.duplicates} already there); head {result.head}"
        )
    else:
        typer.echo(f"nothing to merge: {ours} already has every event of {theirs}")


def register_init(app: typer.Typer) -> None:
    """``init``, the first command ``--help`` lists."""
    app.command()(init)


def register(app: typer.Typer) -> None:
    """``verify`` and ``rebuild``, after the event commands."""
    app.command()(verify)
    app.command()(rebuild)


def register_merge(app: typer.Typer) -> None:
    """``merge``, the last command ``--help`` lists."""
    app.command("merge")(merge)

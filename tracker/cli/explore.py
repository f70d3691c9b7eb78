"""``tracker explore``: the whole log, or a selection of it, in one offline HTML page."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tracker.cli.options import (
    ActorsOpt,
    AsOfOpt,
    FromOpt,
    LogOpt,
    StarredOpt,
    TagOpt,
    ToOpt,
    TypeOpt,
    ViewOpt,
    WithOpt,
    event_filter,
    tracker_for,
    with_view,
)


def explore(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="The page to write (default reports/explorer.html)."),
    ] = None,
    actor: ActorsOpt = None,
    with_: WithOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    type_: TypeOpt = None,
    tag: TagOpt = None,
    starred: StarredOpt = False,
    view: ViewOpt = None,
    as_of: AsOfOpt = None,
    log: LogOpt = None,
) -> None:
    """One offline page to explore the events: search, filters, a timeline and a network
    that follow them, the list, and each event's sources, quotes and history.

    The page is one file (plotly.js inlined), opened over file:// with no server and no
    network. Above 50,000 events it is not written: narrow the selection with filters.

    Example: tracker explore --actor Blinken --from 2021-08 -o blinken.html
    """
    from tracker.views.explorer.page import write_explorer

    tracker = tracker_for(ctx, log)
    query = event_filter(
        actor, with_=with_, from_=from_, to=to, types=type_, as_of=as_of, tags=tag,
        starred=starred,
    )  # fmt: skip
    query = with_view(tracker, view, query)
    path, meta = write_explorer(tracker, query, output)
    typer.echo(f"wrote {path} ({meta['events']} events, {meta['actors']} actors)")


def register(app: typer.Typer) -> None:
    """Add this module's commands."""
    app.command()(explore)

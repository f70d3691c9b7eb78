"""Finding events: ``search``, full-text with a timeline's filters."""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.options import (
    ActorsOpt,
    AsOfOpt,
    FormatOpt,
    FromOpt,
    LogOpt,
    NoColorOpt,
    NoPagerOpt,
    StarredOpt,
    TagOpt,
    ToOpt,
    TypeOpt,
    ViewOpt,
    WideOpt,
    WithOpt,
    check_format,
    event_filter,
    tracker_for,
    with_view,
)
from tracker.cli.screen import screen


def search(
    ctx: typer.Context,
    query: Annotated[
        str,
        typer.Argument(
            metavar="QUERY",
            help='Words, "a phrase", prefix*, AND, OR, NOT, NEAR(a b, 10), column:word.',
        ),
    ],
    actor: ActorsOpt = None,
    with_: WithOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    type_: TypeOpt = None,
    tag: TagOpt = None,
    starred: StarredOpt = False,
    view: ViewOpt = None,
    as_of: AsOfOpt = None,
    limit: Annotated[
        int | None, typer.Option(help="At most this many events (default 20), best first.")
    ] = None,
    fmt: FormatOpt = "table",
    log: LogOpt = None,
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Full-text search: events whose summary, quotes, topics, location, outlets,
    participants' names and aliases, tags or notes match QUERY, best first (bm25), with
    the matching words highlighted. Case and accents are ignored; an amended event is
    found by its current text, a retracted one not at all.

    Columns for column:word are summary, quotes, topics, location, outlets, actors, tags
    and notes.

    On a terminal each hit fits its width (the participants cut to "Wang Yi +3", the
    snippet to two lines), the matches in colour, long output through a pager; --wide
    shows everything. Piped, everything is shown whole, the matches between ** marks.

    Example: tracker search 'Lavrov AND Afghanistan' --from 2021 --type phone_call
    """
    out = screen(ctx, wide=wide, no_pager=no_pager, no_color=no_color)
    output = check_format(fmt, ("table", "json", "csv"))
    found = event_filter(
        actor, with_=with_, from_=from_, to=to, types=type_, as_of=as_of, limit=limit,
        tags=tag, starred=starred,
    )  # fmt: skip
    tracker = tracker_for(ctx, log)
    result = tracker.search(query, with_view(tracker, view, found))
    from tracker.views import search as render  # here: --help needs none of it

    if output == "json":
        typer.echo(render.search_json(result))
    elif output == "csv":
        typer.echo(render.search_csv(result))
    else:
        out.show(render.search_text(result, colour=out.color, width=out.width if out.fit else None))


def register(app: typer.Typer) -> None:
    app.command()(search)

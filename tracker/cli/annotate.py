"""Annotations and saved views: ``tag``, ``untag``, ``star``, ``unstar``, ``note``, and
``view save|list|show|delete``. Each appends an event of its own; the facts never change.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from tracker.cli.options import (
    ActorsOpt,
    AsOfOpt,
    FromOpt,
    LogOpt,
    StarredOpt,
    StoreOpt,
    TableFormatOpt,
    TagOpt,
    ToOpt,
    TypeOpt,
    WithOpt,
    check_format,
    event_filter,
    say,
    tracker_for,
)

TargetArg = Annotated[
    str,
    typer.Argument(
        metavar="ID",
        help="An event id (or its last 8+ characters), or an actor's name, alias or id.",
    ),
]


def _done(found: Any, what: str, unchanged: str) -> None:
    target, line = found
    if line is None:
        say(f"{target.label} {unchanged}; nothing written")
    else:
        say(f"{what} {target.label}")
        typer.echo(line)


def tag(
    ctx: typer.Context,
    target: TargetArg,
    name: Annotated[str, typer.Argument(metavar="TAG", help="The tag (one line).")],
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Tag an event or an actor. The tag is an event of its own: the facts never change.

    Example: tracker tag 1e914455 follow-up
    """
    _done(tracker_for(ctx, log).tag(target, name), f"tagged {name!r}:", "already has that tag")


def untag(
    ctx: typer.Context,
    target: TargetArg,
    name: Annotated[str, typer.Argument(metavar="TAG", help="The tag to take away.")],
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Take a tag away from an event or an actor.

    Example: tracker untag 1e914455 follow-up
    """
    _done(tracker_for(ctx, log).untag(target, name), f"untagged {name!r}:", "has no such tag")


def star(ctx: typer.Context, target: TargetArg, log: LogOpt = None, store: StoreOpt = None) -> None:
    """Star an event or an actor (timeline --starred lists the starred events).

    Example: tracker star 1e914455
    """
    _done(tracker_for(ctx, log).star(target), "starred", "is already starred")


def unstar(
    ctx: typer.Context, target: TargetArg, log: LogOpt = None, store: StoreOpt = None
) -> None:
    """Take the star away from an event or an actor.

    Example: tracker unstar 1e914455
    """
    _done(tracker_for(ctx, log).star(target, on=False), "unstarred", "is not starred")


def note(
    ctx: typer.Context,
    target: TargetArg,
    text: Annotated[str, typer.Argument(metavar="TEXT", help="The note.")],
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Add a note to an event or an actor (shown by show and history, searchable).

    Example: tracker note 1e914455 "Check against the Russian MFA's own readout"
    """
    _done(tracker_for(ctx, log).note(target, text), "noted on", "")


def view_save(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME", help="The view's name.")],
    actor: ActorsOpt = None,
    with_: WithOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    type_: TypeOpt = None,
    tag: TagOpt = None,
    starred: StarredOpt = False,
    as_of: AsOfOpt = None,
    limit: Annotated[int | None, typer.Option(help="At most this many events.", min=1)] = None,
    members: Annotated[
        bool, typer.Option("--members", help="Widen each actor to its members.")
    ] = False,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Save timeline filters under a name (an event: everyone with the log shares it);
    then --view NAME on timeline, search, graph and export. Saving a name again replaces it.

    Example: tracker view save blinken-august --actor Blinken --from 2021-08 --to 2021-08
    """
    query = event_filter(
        actor, with_=with_, from_=from_, to=to, types=type_, as_of=as_of, limit=limit,
        members=members, tags=tag, starred=starred,
    )  # fmt: skip
    line = tracker_for(ctx, log).save_view(name, query)
    say(f"saved view {name!r}")
    typer.echo(line)


def view_list(
    ctx: typer.Context, fmt: TableFormatOpt = "table", log: LogOpt = None, store: StoreOpt = None
) -> None:
    """The saved views and their filters.

    Example: tracker view list
    """
    from tracker.views import annotations as render

    output = check_format(fmt, ("table", "json"))
    views = tracker_for(ctx, log).views()
    typer.echo(render.views_json(views) if output == "json" else render.views_table(views))


def view_show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME")],
    fmt: TableFormatOpt = "table",
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """One saved view: its filters, as options.

    Example: tracker view show blinken-august
    """
    from tracker.views import annotations as render

    output = check_format(fmt, ("table", "json"))
    found = tracker_for(ctx, log).view(name)
    typer.echo(render.views_json([found]) if output == "json" else render.view_text(found))


def view_delete(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(metavar="NAME")],
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Delete a saved view (an event too: its history stays in the log).

    Example: tracker view delete blinken-august
    """
    line = tracker_for(ctx, log).delete_view(name)
    say(f"deleted view {name!r}")
    typer.echo(line)


def register(app: typer.Typer, view_app: typer.Typer) -> None:
    """Add this module's commands: the annotations to ``app``, the views to ``view_app``."""
    for command in (tag, untag, star, unstar, note):
        app.command()(command)
    view_app.command("save")(view_save)
    view_app.command("list")(view_list)
    view_app.command("show")(view_show)
    view_app.command("delete")(view_delete)

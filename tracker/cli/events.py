"""Recording and reading events: ``add-event``, ``timeline``, ``show``, ``history``,
``amend``, ``retract``. Each command parses its options, calls one library function and
renders the result.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from tracker.cli.options import (
    AsOfOpt,
    FormatOpt,
    FromOpt,
    LogOpt,
    NoColorOpt,
    NoPagerOpt,
    OptionalValueCommand,
    StarredOpt,
    StoreOpt,
    TagOpt,
    TextFormatOpt,
    ToOpt,
    TypeOpt,
    ViewOpt,
    WideOpt,
    WithOpt,
    check_format,
    complete_actor,
    event_filter,
    interactive,
    moment,
    outputs_for,
    say,
    tracker_for,
    with_view,
)
from tracker.cli.screen import screen
from tracker.domain.errors import ValidationError


def add_event(
    ctx: typer.Context,
    type_: Annotated[
        str | None,
        typer.Option(
            "--type",
            "-t",
            help="phone_call, meeting, visit, video_call, letter, message, negotiation_round, summit, multilateral_meeting, statement or development.",
        ),
    ] = None,
    actor: Annotated[
        list[str] | None,
        typer.Option(
            "--actor",
            "-a",
            help="A participant (the speaker of a statement; an actor involved in a development). Repeat it.",
            autocompletion=complete_actor,
        ),
    ] = None,
    initiator: Annotated[
        list[str] | None,
        typer.Option(
            help="A participant who initiated the contact.", autocompletion=complete_actor
        ),
    ] = None,
    recipient: Annotated[
        list[str] | None,
        typer.Option(help="A participant who received it.", autocompletion=complete_actor),
    ] = None,
    host: Annotated[
        list[str] | None,
        typer.Option(help="A host of a visit or meeting.", autocompletion=complete_actor),
    ] = None,
    visitor: Annotated[
        list[str] | None, typer.Option(help="A visitor.", autocompletion=complete_actor)
    ] = None,
    about: Annotated[
        list[str] | None,
        typer.Option(help="Whom a statement is about.", autocompletion=complete_actor),
    ] = None,
    addressee: Annotated[
        list[str] | None,
        typer.Option(help="Whom a statement addresses.", autocompletion=complete_actor),
    ] = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            help="YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+ZONE; START/END if it spans days.",
        ),
    ] = None,
    summary: Annotated[str | None, typer.Option("--summary", "-s", help="What happened.")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="A topic. Repeat it.")] = None,
    location: Annotated[str | None, typer.Option(help="Where it happened.")] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="A source URL. Repeat it.")
    ] = None,
    outlet: Annotated[
        list[str] | None, typer.Option(help="The outlet of each --source, in order.")
    ] = None,
    published: Annotated[
        list[str] | None, typer.Option(help="The publication date of each --source.")
    ] = None,
    quote: Annotated[list[str] | None, typer.Option(help="A quote from each --source.")] = None,
    cameo: Annotated[str | None, typer.Option(help="A CAMEO event code, e.g. 041.")] = None,
    event_id: Annotated[
        str | None,
        typer.Option("--id", help="Your own event id (a UUID): adding it again adds nothing."),
    ] = None,
    json_file: Annotated[
        str | None,
        typer.Option(
            "--json", help="Read one event or a list of events from a JSON file, or - for stdin."
        ),
    ] = None,
    create_actors: Annotated[
        bool | None,
        typer.Option(
            "--create-actors/--no-create-actors",
            help="Register participants no actor has yet. Default: ask on a terminal, refuse otherwise.",
            show_default=False,
        ),
    ] = None,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Record an interaction, statement or development. Prints the new event's id.

    Example: tracker add-event --type phone_call --initiator Blinken --recipient "Wang Yi"
    --date 2021-08-16 --summary "Discussed Afghanistan" --source https://example.org/story
    """
    from tracker.cli import event_input

    tracker = tracker_for(ctx, log)
    tracker.log.require()
    policy: Any
    if create_actors is not None:
        policy = create_actors
    elif interactive():

        def policy(name: str) -> bool:
            return typer.confirm(
                f"No actor is called {name!r}. Register a new actor?", default=False
            )
    else:
        policy = False

    if json_file is not None:
        raws = event_input.read_json_events(json_file)
    else:
        roles = [(None, actor), ("initiator", initiator), ("recipient", recipient),
                 ("host", host), ("visitor", visitor), ("about", about), ("addressee", addressee)]  # fmt: skip
        raws = event_input.from_options(
            type_=type_, roles=roles, date=date, summary=summary, source=source, outlet=outlet,
            published=published, quote=quote, topic=topic, location=location, cameo=cameo,
            event_id=event_id,
        )  # fmt: skip
    result = tracker.add_events(raws, create_actors=policy)
    for actor_id, name in result.new_actors:
        say(f"registered new actor {name} ({actor_id})")
    for dup in result.duplicates:
        say(f"already in the log, nothing written: {dup}")
    for new_id in result.ids:
        typer.echo(new_id)


def timeline(
    ctx: typer.Context,
    actor: Annotated[
        list[str] | None,
        typer.Option(
            "--actor",
            "-a",
            help="Whose timeline (a name, alias or id). Repeat it for several.",
            autocompletion=complete_actor,
        ),
    ] = None,
    with_: WithOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    type_: TypeOpt = None,
    tag: TagOpt = None,
    starred: StarredOpt = False,
    view: ViewOpt = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = "table",
    html: Annotated[
        str | None,
        typer.Option(
            "--html",
            help="Write an interactive chart (default reports/timeline-<actor>.html).",
            show_default=False,
        ),
    ] = None,
    per_event: Annotated[
        bool,
        typer.Option(
            "--per-event",
            help="With --html: one marker per event even above 1,000 events, where the chart"
            " otherwise shows bins (a big chart is slow to open).",
        ),
    ] = False,
    limit: Annotated[
        int | None,
        typer.Option(metavar="N", help="At most N events: the earliest N, in time order.", min=1),
    ] = None,
    last: Annotated[
        int | None,
        typer.Option(metavar="N", help="The latest N events, in time order.", min=1),
    ] = None,
    members: Annotated[
        bool,
        typer.Option(
            "--members",
            help="Widen each actor to everything affiliated with it at the time of each event.",
        ),
    ] = False,
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    no_color: NoColorOpt = False,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """An actor's events in time order: date, type, counterparts, summary, source.

    --actor takes a name, an alias, an id, or an office ("US Secretary of State": whoever
    held it within the dates asked about).

    Example: tracker timeline --actor Blinken --last 20
    """
    from tracker.domain import markup  # here: --help needs none of it

    out = screen(ctx, wide=wide, no_pager=no_pager, no_color=no_color)
    output = check_format(fmt, ("table", "json", "csv"))
    if limit is not None and last is not None:
        raise ValidationError("give --limit (the earliest) or --last (the latest), not both")
    tracker = tracker_for(ctx, log)
    query = event_filter(
        actor, with_=with_, from_=from_, to=to, types=type_, as_of=as_of,
        limit=last if last is not None else limit, latest=last is not None, members=members,
        tags=tag, starred=starred,
    )  # fmt: skip
    query = with_view(tracker, view, query)
    if output == "json" and html is None:  # straight from the rows: no objects in between
        sys.stdout.buffer.write(tracker.timeline_json(query) + b"\n")
        return
    if html:
        outputs_for(ctx, log).check(html, what="chart ")  # before any work
    result = tracker.timeline(query)
    if html is not None:
        from tracker.domain.names import name_part
        from tracker.views.charts.html import write_html
        from tracker.views.charts.timeline import timeline_figure

        groups = result.groups
        parts = [
            name_part(asked, resolved, *(groups[i] if i < len(groups) else ()))
            for i, (asked, resolved) in enumerate(result.actors)
        ]
        if with_:
            parts += ["with", *(name_part(w) for w in with_)]
        path = Path(html) if html else Path("reports") / f"timeline-{'-'.join(parts)}.html"
        from tracker.cli.status import Status

        with Status(markup.safe(f"drawing {len(result.entries):,} events to {path}")):
            figure = timeline_figure(result, aggregate_above=sys.maxsize if per_event else None)
            written = write_html(figure, path, outputs=outputs_for(ctx, log))
        typer.echo(f"wrote {written} ({len(result.entries)} events)")
        return
    from tracker.views import tables as render

    if output == "csv":
        typer.echo(render.timeline_csv(result.entries, result.actor_ids))
        return
    names = ", ".join(name for _, name in result.actors)
    text = markup.safe(f"Timeline of {names}: {len(result.entries)} event(s)")
    if result.entries:
        text += "\n" + render.timeline_table(
            result.entries, result.actor_ids, out.width if out.fit else None, fit=out.fit,
            color=out.color,
        )  # fmt: skip
    out.show(text)


def show(
    ctx: typer.Context,
    event_id: Annotated[
        str, typer.Argument(metavar="ID", help="An event id, or its last 8+ characters.")
    ],
    as_of: AsOfOpt = None,
    fmt: TextFormatOpt = "text",
    log: LogOpt = None,
    store: StoreOpt = None,
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """One event as it stands now (or --as-of a moment), with its sources. On a terminal
    long values are wrapped to its width under their labels (--wide: one line each).

    Example: tracker show 1c9e4f2a
    """
    out = screen(ctx, wide=wide, no_pager=no_pager, no_color=no_color)
    from tracker.queries.annotations import Annotations
    from tracker.views import tables as render
    from tracker.views.annotations import annotation_lines

    output = check_format(fmt, ("text", "json"))
    tracker = tracker_for(ctx, log)
    then = moment(as_of)
    entry = tracker.show(event_id, as_of=then)
    notes = tracker.annotations([entry.id], as_of=then).get(entry.id)
    if output == "json":
        import orjson

        data = {**entry.to_json(), **(notes or Annotations()).to_json()}
        typer.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
    else:
        out.show_labelled("\n".join([render.entry_text(entry), *annotation_lines(notes)]))


def history(
    ctx: typer.Context,
    event_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="An event id (or its last 8+ characters), or an actor."),
    ],
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    no_color: NoColorOpt = False,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """The whole trail of an event or actor: recorded, amended, retracted, by whom and why.

    Example: tracker history 1c9e4f2a
    """
    from tracker.domain import markup  # here: --help needs none of it
    from tracker.views import tables as render

    out = screen(ctx, wide=wide, no_pager=no_pager, no_color=no_color)
    target, changes = tracker_for(ctx, log).history(event_id)
    out.show(markup.safe(render.history_text(target, changes, out.width if out.fit else None)))


def amend(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event to correct.")],
    reason: Annotated[str, typer.Option(help="Why it is amended.")],
    type_: Annotated[str | None, typer.Option("--type", "-t", help="A new event type.")] = None,
    date: Annotated[
        str | None, typer.Option("--date", "-d", help="A new date (or START/END).")
    ] = None,
    summary: Annotated[str | None, typer.Option("--summary", "-s", help="A new summary.")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Replace the topics.")] = None,
    location: Annotated[str | None, typer.Option(help="A new location.")] = None,
    cameo: Annotated[str | None, typer.Option(help="A new CAMEO code.")] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Replace the sources with these URLs.")
    ] = None,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Correct fields of an earlier event. The original line stays; the amendment is a new event.

    Example: tracker amend 1c9e4f2a --date 2021-08-17 --reason "readout dated the next day"
    """
    changes: dict[str, Any] = {}
    for key, value in (
        ("type", type_),
        ("when", date),
        ("summary", summary),
        ("location", location),
        ("cameo", cameo),
    ):
        if value is not None:
            changes[key] = value
    if topic is not None:
        changes["topics"] = topic
    if source is not None:
        changes["sources"] = [{"url": s} for s in source]
    new_id = tracker_for(ctx, log).amend(event_id, changes, reason)
    typer.echo(new_id)


def retract(
    ctx: typer.Context,
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event to retract.")],
    reason: Annotated[str, typer.Option(help="Why it is retracted.")],
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Withdraw an event. It leaves timelines but stays in the log and in its history.

    Example: tracker retract 1c9e4f2a --reason "duplicate of another report"
    """
    typer.echo(tracker_for(ctx, log).retract(event_id, reason))


def register(app: typer.Typer) -> None:
    """Add this module's commands (in the order ``--help`` lists them)."""
    app.command("add-event")(add_event)
    app.command(cls=OptionalValueCommand)(timeline)
    app.command()(show)
    app.command()(history)
    app.command()(amend)
    app.command()(retract)

"""The actor commands: ``tracker actors`` and ``tracker actor add|show|alias|rename|role|
affiliate|merge|unmerge``.
"""

from __future__ import annotations

from typing import Annotated

import typer

from tracker.cli.options import (
    AsOfOpt,
    LogOpt,
    NoColorOpt,
    NoPagerOpt,
    SinceOpt,
    StoreOpt,
    UntilOpt,
    WideOpt,
    check_format,
    moment,
    tracker_for,
)
from tracker.cli.screen import screen


def actors(
    ctx: typer.Context,
    country: Annotated[
        str | None, typer.Option(help="Only actors of this country (ISO alpha-3).")
    ] = None,
    kind: Annotated[str | None, typer.Option(help="Only actors of this kind.")] = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    no_color: NoColorOpt = False,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Every actor with its event count and first and last contact, busiest first.

    Example: tracker actors --country CHN --kind person
    """
    from tracker.domain.events import check_country, check_kind
    from tracker.views import tables as render

    out = screen(ctx, wide=wide, no_pager=no_pager, no_color=no_color)
    output = check_format(fmt, ("table", "json"))
    found = tracker_for(ctx, log).actors(
        as_of=moment(as_of),
        country=check_country(country) if country else None,
        kind=check_kind(kind) if kind else None,
    )
    if output == "json":
        typer.echo(render.actors_json(found))
    else:
        out.show(render.actors_table(found, out.width if out.fit else None))


def actor_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The actor's display name.")],
    kind: Annotated[
        str,
        typer.Option(
            help="person, state, government_body, international_organization, group or other."
        ),
    ] = "person",
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 code, e.g. USA.")] = None,
    alias: Annotated[
        list[str] | None, typer.Option("--alias", help="Another name. Repeat it.")
    ] = None,
    wikidata: Annotated[str | None, typer.Option(help="A Wikidata id, e.g. Q30.")] = None,
    cameo: Annotated[str | None, typer.Option(help="A CAMEO actor code, e.g. USAGOV.")] = None,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Register an actor. Prints its id.

    Example: tracker actor add "Antony Blinken" --kind person --country USA --alias Blinken
    """
    actor_id = tracker_for(ctx, log).register_actor(
        name,
        kind=kind,
        aliases=alias or [],
        country=country,
        external_ids={"wikidata": wikidata, "cameo": cameo},
    )
    typer.echo(actor_id)


def actor_show(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="A name, alias, id or office.")],
    as_of: AsOfOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    log: LogOpt = None,
    store: StoreOpt = None,
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    """Names, aliases, offices with dates, affiliations, members, event counts, first/last contact.
    On a terminal long values are wrapped to its width under their labels (--wide: one
    line each).

    Example: tracker actor show Blinken
    """
    out = screen(ctx, wide=wide, no_pager=no_pager, no_color=no_color)
    from tracker.queries.annotations import Annotations
    from tracker.views import tables as render
    from tracker.views.annotations import annotation_lines

    output = check_format(fmt, ("text", "json"))
    tracker = tracker_for(ctx, log)
    then = moment(as_of)
    profile = tracker.actor(name, as_of=then)
    notes = tracker.annotations([profile.id], as_of=then).get(profile.id)
    if output == "json":
        import orjson

        data = {**profile.to_json(), **(notes or Annotations()).to_json()}
        typer.echo(orjson.dumps(data, option=orjson.OPT_INDENT_2).decode())
    else:
        out.show_labelled("\n".join([render.profile_text(profile), *annotation_lines(notes)]))


def actor_alias(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The actor.")],
    alias: Annotated[str, typer.Argument(help="The alias to add (or remove).")],
    remove: Annotated[bool, typer.Option("--remove", help="Remove the alias instead.")] = False,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Add an alias to an actor (or remove one with --remove).

    Example: tracker actor alias "Sergey Lavrov" "Sergei Lavrov"
    """
    tracker = tracker_for(ctx, log)
    if remove:
        typer.echo(tracker.remove_alias(name, alias))
    else:
        typer.echo(tracker.add_alias(name, alias))


def actor_rename(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The actor.")],
    new_name: Annotated[str, typer.Argument(help="Its new display name.")],
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Give an actor a new display name; the old one stays as an alias.

    Example: tracker actor rename "UN" "United Nations"
    """
    typer.echo(tracker_for(ctx, log).rename(name, new_name))


def actor_role(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The actor who held the office.")],
    office: Annotated[str, typer.Argument(help="The office, e.g. 'Secretary of State'.")],
    org: Annotated[
        str | None, typer.Option(help="The organization or state the office belongs to.")
    ] = None,
    from_: SinceOpt = None,
    to: UntilOpt = None,
    alias: Annotated[
        list[str] | None,
        typer.Option(
            "--alias", help="Another name of the office, e.g. 'Chinese Foreign Minister'."
        ),
    ] = None,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Record an office held, with dates of any precision (the end may be left open).

    Example: tracker actor role "Antony Blinken" "Secretary of State" --org "US Department of State" --from 2021-01-26 --to 2025-01-20
    """
    typer.echo(
        tracker_for(ctx, log).hold_office(
            name, office, org=org, start=from_, end=to, aliases=alias or []
        )
    )


def actor_affiliate(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="The actor.")],
    org: Annotated[str, typer.Argument(help="The organization or state.")],
    relation: Annotated[str, typer.Option(help="member_of or part_of.")] = "member_of",
    from_: SinceOpt = None,
    to: UntilOpt = None,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Record that an actor is a member, or a part, of an organization or state.

    Example: tracker actor affiliate "US Department of State" USA --relation part_of
    """
    typer.echo(tracker_for(ctx, log).affiliate(name, org, relation=relation, start=from_, end=to))


def actor_merge(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="The actor that turned out to be the other.")],
    target: Annotated[str, typer.Argument(help="The actor it is.")],
    reason: Annotated[str, typer.Option(help="Why they are one.")],
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Merge two actor ids that are one actor. Nothing is rewritten; `unmerge` undoes it.

    Example: tracker actor merge "A. Blinken" "Antony Blinken" --reason "same person"
    """
    typer.echo(tracker_for(ctx, log).merge(source, target, reason))


def actor_unmerge(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="The merged actor's id (or a name it had).")],
    reason: Annotated[str, typer.Option(help="Why they are two after all.")],
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Undo a merge: the actor answers as itself again.

    Example: tracker actor unmerge a-blinken --reason "a different person"
    """
    typer.echo(tracker_for(ctx, log).unmerge(source, reason))


def register(app: typer.Typer, actor_app: typer.Typer) -> None:
    """Add this module's commands (in the order ``--help`` lists them)."""
    app.command()(actors)
    actor_app.command("add")(actor_add)
    actor_app.command("show")(actor_show)
    actor_app.command("alias")(actor_alias)
    actor_app.command("rename")(actor_rename)
    actor_app.command("role")(actor_role)
    actor_app.command("affiliate")(actor_affiliate)
    actor_app.command("merge")(actor_merge)
    actor_app.command("unmerge")(actor_unmerge)

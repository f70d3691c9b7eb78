"""The graph commands: ``graph``, ``rank``, ``path``, ``dyad``, ``communities``, ``report``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from tracker.cli.options import (
    AsOfOpt,
    FromOpt,
    HtmlOpt,
    LogOpt,
    NoColorOpt,
    NoPagerOpt,
    OptionalValueCommand,
    StoreOpt,
    ToOpt,
    WideOpt,
    check_format,
    complete_actor,
    event_filter,
    moment,
    outputs_for,
    tracker_for,
    window_fields,
    with_view,
)
from tracker.cli.screen import screen
from tracker.domain.errors import ValidationError


def _write_chart(ctx: typer.Context, fig: Any, html: str, default: str, log: Path | None) -> Path:
    from tracker.cli.status import Status
    from tracker.domain.markup import safe
    from tracker.views.charts.html import write_html

    target = Path(html) if html else Path("reports") / default
    with Status(safe(f"writing the chart {target}")):
        return write_html(fig, target, outputs=outputs_for(ctx, log))


def graph(
    ctx: typer.Context,
    actor: Annotated[
        str | None,
        typer.Option(
            "--actor",
            "-a",
            help="The actor at the centre (gexf, graphml, json: the whole graph without it).",
            autocompletion=complete_actor,
        ),
    ] = None,
    depth: Annotated[int, typer.Option(help="How many contacts away to go.")] = 1,
    from_: FromOpt = None,
    to: ToOpt = None,
    as_of: AsOfOpt = None,
    view: Annotated[
        str | None,
        typer.Option(
            "--view",
            help="Start from a saved view: its first actor, dates and --as-of (options given"
            " replace them).",
        ),
    ] = None,
    html: HtmlOpt = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="table, json, gexf or graphml.")
    ] = "table",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Where gexf/graphml go.")
    ] = None,
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    no_color: NoColorOpt = False,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """An actor's network of contacts, up to --depth contacts away (or the whole graph).

    Example: tracker graph --actor Blinken --depth 2 --format gexf -o blinken.gexf
    """
    from tracker.views import tables as render

    out = screen(ctx, wide=wide, no_pager=no_pager, no_color=no_color)
    output_fmt = check_format(fmt, ("table", "json", "gexf", "graphml"))
    if output is not None and output_fmt not in ("gexf", "graphml"):
        raise ValidationError(f"--output is for --format gexf or graphml, not {output_fmt}")
    from tracker.domain.names import name_part

    tracker = tracker_for(ctx, log)
    query = with_view(tracker, view, event_filter([actor] if actor else [], from_=from_, to=to,
                                                  as_of=as_of))  # fmt: skip
    query.check_window()
    actor = query.actors[0] if query.actors else None
    if actor is None and (html is not None or output_fmt == "table"):
        raise ValidationError(
            "give --actor (or a --view with one) for the table or --html; --format gexf,"
            " graphml or json without it is the whole graph"
        )
    target = html or output
    if target is not None:  # before any work
        outputs_for(ctx, log).check(target, what="chart " if html else "")
    if actor is None:
        center, name, slug = "", "every actor", "all"
        g = tracker.contact_graph(detail=True, as_of=query.as_of, start=query.start, end=query.end)
    else:
        center, g = tracker.ego_graph(
            actor, depth, as_of=query.as_of, start=query.start, end=query.end
        )
        name = g.nodes[center].get("label", center)
        slug = name_part(actor, name, center)
    if html is not None:
        from tracker.queries.metrics import centrality
        from tracker.views.charts.network import network_figure

        fig = network_figure(
            g,
            title=f"Contacts of {name} within {depth} step(s)",
            size_by=centrality(g, "degree"),
        )
        path = _write_chart(ctx, fig, html, f"network-{slug}.html", log)
        typer.echo(f"wrote {path} ({g.number_of_nodes()} actors, {g.number_of_edges()} pairs)")
        return
    if output_fmt in ("gexf", "graphml"):
        from tracker.exchange.exporting.graphs import write_graph
        from tracker.log.outputs import replacing

        path = output or Path("reports") / f"graph-{slug}.{output_fmt}"
        title = f"Contacts of {name}" + (f" within {depth} step(s)" if center else "")
        with replacing(path, outputs=outputs_for(ctx, log)) as f:
            write_graph(g, output_fmt, f, title=title)
        typer.echo(f"wrote {path} ({g.number_of_nodes()} actors, {g.number_of_edges()} pairs)")
    elif output_fmt == "json":
        typer.echo(render.graph_json(g, center or None))
    else:
        out.show(render.graph_table(g, name, depth, out.width if out.fit else None))


def rank(
    ctx: typer.Context,
    by: Annotated[
        str, typer.Option(help="degree, betweenness, eigenvector or pagerank.")
    ] = "degree",
    top: Annotated[int, typer.Option(help="How many to show.", min=1)] = 20,
    kind: Annotated[str | None, typer.Option(help="Only actors of this kind.")] = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    no_color: NoColorOpt = False,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Actors ranked by a networkx centrality of the contact graph.

    Example: tracker rank --by pagerank --top 10 --kind person
    """
    from tracker.domain.events import check_kind
    from tracker.views import tables as render

    out = screen(ctx, wide=wide, no_pager=no_pager, no_color=no_color)
    output = check_format(fmt, ("table", "json"))
    ranked = tracker_for(ctx, log).rank(
        by.lower(),
        top=top,
        kind=check_kind(kind) if kind else None,
        as_of=moment(as_of),
        **window_fields(from_, to),
    )
    if output == "json":
        typer.echo(render.rank_json(ranked))
    else:
        out.show(render.rank_table(ranked, by, out.width if out.fit else None))


def path(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="From this actor.", autocompletion=complete_actor)],
    target: Annotated[str, typer.Argument(help="To this actor.", autocompletion=complete_actor)],
    from_: FromOpt = None,
    to: ToOpt = None,
    as_of: AsOfOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """The shortest chain of contacts between two actors, with the event behind each hop.

    "No path" is an answer (exit 0), not an error.

    Example: tracker path "Wang Yi" Lavrov
    """
    from tracker.views import tables as render

    output = check_format(fmt, ("text", "json"))
    found = tracker_for(ctx, log).path(
        source, target, as_of=moment(as_of), **window_fields(from_, to)
    )
    typer.echo(render.path_json(found) if output == "json" else render.path_text(found))


def dyad(
    ctx: typer.Context,
    a: Annotated[str, typer.Argument(help="One actor.", autocompletion=complete_actor)],
    b: Annotated[str, typer.Argument(help="The other.", autocompletion=complete_actor)],
    from_: FromOpt = None,
    to: ToOpt = None,
    as_of: AsOfOpt = None,
    html: HtmlOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    no_color: NoColorOpt = False,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Two actors' events together: the list, counts by month, mean Goldstein score.

    Example: tracker dyad Blinken Lavrov --html
    """
    from tracker.views import tables as render

    out = screen(ctx, wide=wide, no_pager=no_pager, no_color=no_color)
    output = check_format(fmt, ("text", "json"))
    from tracker.domain.names import name_part

    if html:
        outputs_for(ctx, log).check(html, what="chart ")  # before any work
    result = tracker_for(ctx, log).dyad(a, b, as_of=moment(as_of), **window_fields(from_, to))
    if html is not None:
        from tracker.views.charts.network import dyad_figure

        ids = result.timeline.ids[:1]
        slug = f"{name_part(a, result.a, *ids)}-{name_part(b, result.b)}"
        written = _write_chart(ctx, dyad_figure(result), html, f"dyad-{slug}.html", log)
        typer.echo(f"wrote {written} ({len(result.timeline.entries)} events)")
        return
    if output == "json":
        typer.echo(render.dyad_json(result))
    else:
        out.show(render.dyad_text(result, out.width if out.fit else None, color=out.color))


def communities(
    ctx: typer.Context,
    from_: FromOpt = None,
    to: ToOpt = None,
    as_of: AsOfOpt = None,
    html: HtmlOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    wide: WideOpt = False,
    no_pager: NoPagerOpt = False,
    no_color: NoColorOpt = False,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Groups of actors that talk mostly among themselves (networkx's Louvain).

    Example: tracker communities --from 2021 --html
    """
    from tracker.views import tables as render

    out = screen(ctx, wide=wide, no_pager=no_pager, no_color=no_color)
    output = check_format(fmt, ("table", "json"))
    if html:
        outputs_for(ctx, log).check(html, what="chart ")  # before any work
    g, groups = tracker_for(ctx, log).communities(as_of=moment(as_of), **window_fields(from_, to))
    if html is not None:
        from tracker.queries.metrics import centrality
        from tracker.views.charts.network import network_figure

        for number, group in enumerate(groups, 1):
            for node in group:
                g.nodes[node]["community"] = f"community {number}"
        fig = network_figure(
            g,
            title="Communities of the contact graph",
            size_by=centrality(g, "degree"),
            colour_by="community",
        )
        written = _write_chart(ctx, fig, html, "communities.html", log)
        typer.echo(f"wrote {written} ({len(groups)} communities)")
        return
    if output == "json":
        typer.echo(render.communities_json(g, groups))
    else:
        out.show(render.communities_table(g, groups, out.width if out.fit else None))


def report(
    ctx: typer.Context,
    actor: Annotated[
        str, typer.Option("--actor", "-a", help="Whose report.", autocompletion=complete_actor)
    ],
    from_: FromOpt = None,
    to: ToOpt = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="The folder (default reports/<actor>).")
    ] = None,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """One page linking an actor's timeline, network, dyads and activity charts.

    The charts share one plotly.js in the folder, and work offline over file://.

    Example: tracker report --actor Blinken
    """
    from tracker.domain.markup import safe
    from tracker.views.report import write_report

    query = event_filter([actor], from_=from_, to=to)
    query.check_window()
    from tracker.cli.status import Status

    tracker = tracker_for(ctx, log)
    tracker.sync()  # a rebuild first says so itself
    with Status(safe(f"writing the report of {actor}")):
        written = write_report(tracker, query, output)
    typer.echo(f"wrote {written.index} ({len(written.charts)} charts)")


def register(app: typer.Typer) -> None:
    """Add this module's commands (in the order ``--help`` lists them)."""
    app.command(cls=OptionalValueCommand)(graph)
    app.command()(rank)
    app.command()(path)
    app.command(cls=OptionalValueCommand)(dyad)
    app.command(cls=OptionalValueCommand)(communities)
    app.command()(report)

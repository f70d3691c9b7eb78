"""Turning query results into text: plain tables for people, JSON and CSV for scripts.

Plain text on purpose: predictable output that tests can assert exactly, and no rich
import on the start-up path. Hostile strings are printed as they are, minus control
characters, which are shown as escapes so they cannot drive the terminal.
"""

from __future__ import annotations

import csv
import io
import shutil
import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import orjson

from tracker.domain.markup import csv_cell, safe, source_label
from tracker.queries.events import Change, Entry
from tracker.queries.profiles import ActorProfile, ActorSummary, Tenure
from tracker.views import style
from tracker.views.columns import (
    ACTOR_COLUMNS,
    GRAPH_COLUMNS,
    HISTORY_COLUMNS,
    RANK_COLUMNS,
    TIMELINE_COLUMNS,
)
from tracker.views.fit import Cell, Column, counted, fit_table
from tracker.views.style import event_type

SHORT_ID = 8  # the last characters of an id shown in tables (`show` takes them)


def short_id(event_id: str) -> str:
    return event_id[-SHORT_ID:]


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    wrap: dict[int, int] | None = None,
    *,
    fit: int | None = None,
    columns: Sequence[Column] | None = None,
) -> str:
    """A plain table. ``wrap`` maps a column index to a width its text is wrapped at.
    With ``fit`` (a terminal's width) and ``columns``: the table cut to that width
    (``tracker.views.fit``) instead.

    >>> print(table(["ACTOR", "EVENTS"], [["Wang Yi", "3"]]))
    ACTOR    EVENTS
    -------  ------
    Wang Yi  3
    """
    if fit and columns:
        return fit_table(columns, rows, fit)
    wrap = wrap or {}
    cells = [[safe(c) for c in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        for i, cell in enumerate(row):
            width = wrap.get(i)
            longest = min(len(cell), width) if width else len(cell)
            widths[i] = max(widths[i], longest)
    lines = ["  ".join(h.ljust(widths[i]) for i, h in enumerate(headers)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in cells:
        wrapped = [
            textwrap.wrap(cell, wrap[i]) or [""] if i in wrap else [cell]
            for i, cell in enumerate(row)
        ]
        for n in range(max(len(c) for c in wrapped)):
            parts = [
                (col[n] if n < len(col) else "").ljust(widths[i]) for i, col in enumerate(wrapped)
            ]
            lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def with_text(entry: Entry, actor_ids: Sequence[str]) -> str:
    others = entry.counterparts(actor_ids)
    return ", ".join(f"{p.name} ({p.role})" for p in others) or "-"


def timeline_table(
    entries: Sequence[Entry],
    actor_ids: Sequence[str],
    width: int | None = None,
    fit: bool = False,
    color: bool = False,
) -> str:
    """The timeline as a table: every cell whole (wrapped), or with ``fit`` cut to a
    terminal ``width`` wide (``tracker.views.fit``), its types in colour with ``color``."""
    width = width or shutil.get_terminal_size((120, 24)).columns
    if fit:
        fitted = [_fitted_row(e, actor_ids) for e in entries]
        paint = {1: lambda t: event_type(t, on=True), 5: lambda t: style.paint(t, "id", on=True)}
        return fit_table(TIMELINE_COLUMNS, fitted, width, paint if color else None)
    rows = [
        [
            e.when,
            e.type,
            with_text(e, actor_ids),
            e.summary,
            "; ".join(source_label(s) for s in e.sources),
            short_id(e.id),
        ]
        for e in entries
    ]
    summary_width = max(30, width - 10 - 12 - 28 - 22 - 10 - 10)
    return table(
        ["DATE", "TYPE", "WITH", "SUMMARY", "SOURCE", "ID"],
        rows,
        wrap={2: 28, 3: summary_width, 4: 22},
    )


def _fitted_row(e: Entry, actor_ids: Sequence[str]) -> list[str | Cell]:
    others = e.counterparts(actor_ids)
    with_roles = ", ".join(f"{p.name} ({p.role})" for p in others) or "-"
    names = counted([p.name for p in others])
    return [
        e.when,
        e.type,
        Cell((with_roles, *names)),
        e.summary,
        "; ".join(source_label(s) for s in e.sources),
        short_id(e.id),
    ]


def timeline_csv(entries: Sequence[Entry], actor_ids: Sequence[str]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(
        [
            "id",
            "date",
            "type",
            "with",
            "participants",
            "summary",
            "topics",
            "location",
            "cameo",
            "sources",
        ]
    )
    for e in entries:
        writer.writerow(
            [
                csv_cell(v)
                for v in (
                    e.id,
                    e.when,
                    e.type,
                    with_text(e, actor_ids),
                    "; ".join(f"{p.name} ({p.role})" for p in e.participants),
                    e.summary,
                    "; ".join(e.topics),
                    e.location or "",
                    e.cameo or "",
                    " ".join(str(s.get("url") or source_label(s)) for s in e.sources),
                )
            ]
        )
    return buf.getvalue().rstrip("\n")


def entry_text(e: Entry) -> str:
    lines = [
        f"id:           {e.id}",
        f"date:         {e.when}",
        f"type:         {e.type}",
        "participants: " + ", ".join(f"{p.name} ({p.role})" for p in e.participants),
        f"summary:      {e.summary}",
    ]
    if e.topics:
        lines.append("topics:       " + ", ".join(e.topics))
    if e.location:
        lines.append(f"location:     {e.location}")
    if e.cameo:
        lines.append(f"cameo:        {e.cameo}")
    for s in e.sources:
        bits = [str(s.get("url") or "")]
        bits += [str(s[k]) for k in ("outlet", "published") if s.get(k)]
        lines.append("source:       " + " · ".join(b for b in bits if b))
        if s.get("quote"):
            lines.append(f"  quote:      {s['quote']}")
    lines.append(f"recorded:     {e.recorded_at} by {e.recorded_by}")
    if e.amendments:
        lines.append(f"amended:      {e.amendments} time(s) (tracker history {short_id(e.id)})")
    if e.retracted:
        lines.append(f"RETRACTED:    {e.retraction_reason}")
    return safe("\n".join(lines))


def describe_change(c: Change) -> str:
    """One line saying what a line of the log did to its target."""
    d = c.data
    if c.type == "EventAmended":
        return "amended " + ", ".join(f"{k} -> {_brief(v)}" for k, v in d["changes"].items())
    if c.type == "EventRetracted":
        return "retracted"
    if c.type == "ActorRegistered":
        return f"actor registered as {d.get('name')} ({d.get('kind')})"
    if c.type == "ActorAliasAdded":
        return f"alias added: {d['alias']}"
    if c.type == "ActorAliasRemoved":
        return f"alias removed: {d['alias']}"
    if c.type == "ActorRenamed":
        return f"renamed to {d['name']}"
    if c.type == "OfficeHeld":
        org = f" of {d['org']}" if d.get("org") else ""
        return (
            f"{d['actor']} held office {d['office']}{org} ({_period(d.get('start'), d.get('end'))})"
        )
    if c.type == "ActorAffiliated":
        period = _period(d.get("start"), d.get("end"))
        return f"{d['actor']} {d['relation'].replace('_', ' ')} {d['org']} ({period})"
    if c.type == "ActorsMerged":
        return f"{d['source']} merged into {d['target']}"
    if c.type == "ActorsUnmerged":
        return f"{d['source']} unmerged from {d['target']}"
    return f"recorded: {d.get('type')} on {d.get('when')}: {_brief(d.get('summary'))}"


def history_text(target: str, changes: Sequence[Change], width: int | None = None) -> str:
    """The trail as a table: whole, or fitted to ``width`` (a terminal's)."""
    rows = [
        [str(c.seq), c.recorded_at, c.recorded_by, describe_change(c), c.reason or ""]
        for c in changes
    ]
    return f"History of {target}\n" + table(
        ["LINE", "RECORDED (UTC)", "BY", "CHANGE", "REASON"], rows, wrap={3: 60, 4: 30},
        fit=width, columns=HISTORY_COLUMNS,
    )  # fmt: skip


def _brief(value: Any, limit: int = 60) -> str:
    text = value if isinstance(value, str) else orjson.dumps(value).decode()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def actors_table(actors: Sequence[ActorSummary], width: int | None = None) -> str:
    rows = [
        [
            a.id,
            a.name,
            a.kind,
            a.country or "",
            str(a.events),
            a.first or "",
            a.last or "",
            ", ".join(a.aliases),
        ]
        for a in actors
    ]
    return table(
        ["ID", "NAME", "KIND", "COUNTRY", "EVENTS", "FIRST", "LAST", "ALIASES"], rows,
        wrap={7: 40}, fit=width, columns=ACTOR_COLUMNS,
    )  # fmt: skip


def actors_json(actors: Sequence[ActorSummary]) -> str:
    return orjson.dumps(
        [
            {
                "id": a.id,
                "name": a.name,
                "kind": a.kind,
                "country": a.country,
                "aliases": list(a.aliases),
                "events": a.events,
                "first": a.first,
                "last": a.last,
            }
            for a in actors
        ],
        option=orjson.OPT_INDENT_2,
    ).decode()


def _period(start: str | None, end: str | None) -> str:
    if not start and not end:
        return "no dates recorded"
    return f"{start or '?'} to {end or 'now'}"


def profile_text(p: ActorProfile) -> str:
    lines = [f"{p.name} ({p.id})", f"kind:          {p.kind}"]
    if p.country:
        lines.append(f"country:       {p.country}")
    if p.aliases:
        lines.append("aliases:       " + ", ".join(p.aliases))
    for key, value in sorted(p.external_ids.items()):
        lines.append(f"{key + ':':<15}{value}")

    def tenures(title: str, items: tuple[Tenure, ...], line: Callable[[Tenure], str]) -> None:
        if items:
            lines.append(f"{title}:")
            lines.extend(f"  {line(t)}" for t in items)

    tenures(
        "offices",
        p.offices,
        lambda t: f"{t.what}{', ' + t.name if t.name else ''} ({_period(t.start, t.end)})",
    )
    tenures(
        "affiliations",
        p.affiliations,
        lambda t: f"{t.what.replace('_', ' ')} {t.name} ({_period(t.start, t.end)})",
    )
    tenures(
        "members",
        p.members,
        lambda t: f"{t.name}: {t.what.replace('_', ' ')} ({_period(t.start, t.end)})",
    )
    if p.merged_from:
        lines.append("merged from:   " + ", ".join(f"{n} ({i})" for i, n in p.merged_from))
    lines.append(f"events:        {p.events}")
    if p.first:
        lines.append(f"first contact: {p.first}")
        lines.append(f"last contact:  {p.last}")
    if p.counterparts:
        lines.append("counterparts:  " + ", ".join(f"{name} ({n})" for name, n in p.counterparts))
    return safe("\n".join(lines))


# --------------------------------------------------------------------------- the graph


def graph_table(g: Any, name: str, depth: int, width: int | None = None) -> str:
    rows = [
        [
            g.nodes[x].get("label", x),
            g.nodes[y].get("label", y),
            str(d.get("weight", 1)),
            d.get("first") or "",
            d.get("last") or "",
            d.get("types", "").replace(",", ", "),
        ]
        for x, y, d in sorted(
            g.edges(data=True), key=lambda e: (-e[2].get("weight", 1), e[2].get("last") or "")
        )
    ]
    head = (
        f"Contacts of {name} within {depth} step(s): {g.number_of_nodes()} actors,"
        f" {g.number_of_edges()} pairs"
    )
    if not rows:
        return safe(head)
    return safe(head) + "\n" + table(
        ["ACTOR", "ACTOR", "CONTACTS", "FIRST", "LAST", "TYPES"], rows, fit=width,
        columns=GRAPH_COLUMNS,
    )  # fmt: skip


def graph_json(g: Any, center: str | None) -> str:
    return orjson.dumps(
        {
            "center": center,
            "nodes": [
                {"id": n, "name": d.get("label", n), "kind": d.get("kind"),
                 "country": d.get("country") or None, "events": d.get("events", 0)}
                for n, d in g.nodes(data=True)
            ],
            "edges": [
                {"source": x, "target": y, "contacts": d.get("weight", 1),
                 "first": d.get("first"), "last": d.get("last"),
                 "events": d.get("events", "").split(), "types": d.get("types", "").split(",")}
                for x, y, d in g.edges(data=True)
            ],
        },
        option=orjson.OPT_INDENT_2,
    ).decode()  # fmt: skip


def rank_table(ranked: Sequence[Any], by: str, width: int | None = None) -> str:
    rows = [
        [str(i), r.name, r.kind, r.country or "", f"{r.score:.4f}", str(r.contacts),
         str(r.counterparts)]
        for i, r in enumerate(ranked, 1)
    ]  # fmt: skip
    headers = ["RANK", "ACTOR", "KIND", "COUNTRY", by.upper(), "CONTACTS", "COUNTERPARTS"]
    columns = [Column(h, keep=c.keep, optional=c.optional, least=c.least)
               for h, c in zip(headers, RANK_COLUMNS, strict=True)]  # fmt: skip
    return table(headers, rows, fit=width, columns=columns)


def rank_json(ranked: Sequence[Any]) -> str:
    return orjson.dumps(
        [
            {"rank": i, "id": r.actor_id, "name": r.name, "kind": r.kind, "country": r.country,
             "score": r.score, "contacts": r.contacts, "counterparts": r.counterparts}
            for i, r in enumerate(ranked, 1)
        ],
        option=orjson.OPT_INDENT_2,
    ).decode()  # fmt: skip


def path_text(found: Any) -> str:
    a, b = found.ends
    if found.hops is None:
        return safe(f"No chain of contacts links {a} and {b}.")
    lines = [f"{a} -> {b}: {len(found.hops)} hop(s)"]
    for x, y, e in found.hops:
        lines.append(f"  {x} -- {y}: {e.when} {e.type}: {e.summary} [{short_id(e.id)}]")
    return safe("\n".join(lines))


def path_json(found: Any) -> str:
    a, b = found.ends
    hops = None
    if found.hops is not None:
        hops = [{"from": x, "to": y, "event": e.to_json()} for x, y, e in found.hops]
    return orjson.dumps({"from": a, "to": b, "hops": hops}, option=orjson.OPT_INDENT_2).decode()


def dyad_text(d: Any, width: int | None = None, color: bool = False) -> str:
    n = len(d.timeline.entries)
    mean = (
        f"mean Goldstein {d.mean_goldstein:+.2f} over {d.coded} coded contact(s)"
        if d.mean_goldstein is not None
        else "no CAMEO codes, no Goldstein score"
    )
    head = safe(f"{d.a} and {d.b}: {n} event(s) together; {mean}")
    lines = ["\n".join(textwrap.wrap(head, width)) if width else head]
    if not n:
        return lines[0]
    lines.append("")
    lines.append(table(["MONTH", "EVENTS"], [[m, str(c)] for m, c in sorted(d.months.items())]))
    lines.append("")
    lines.append(
        timeline_table(
            d.timeline.entries, d.timeline.actor_ids, width, fit=bool(width), color=color
        )
    )
    return "\n".join(lines)


def dyad_json(d: Any) -> str:
    return orjson.dumps(
        {
            "a": d.a,
            "b": d.b,
            "events": [e.to_json() for e in d.timeline.entries],
            "months": dict(sorted(d.months.items())),
            "mean_goldstein": d.mean_goldstein,
            "coded_events": d.coded,
        },
        option=orjson.OPT_INDENT_2,
    ).decode()


def communities_table(g: Any, groups: Sequence[Sequence[str]], width: int | None = None) -> str:
    rows = [
        [str(i), str(len(group)), ", ".join(g.nodes[n].get("label", n) for n in group)]
        for i, group in enumerate(groups, 1)
    ]
    columns = (
        Column("COMMUNITY", keep=True),
        Column("SIZE", keep=True),
        Column("MEMBERS", lines=3),
    )
    return table(["COMMUNITY", "SIZE", "MEMBERS"], rows, wrap={2: 90}, fit=width, columns=columns)


def communities_json(g: Any, groups: Sequence[Sequence[str]]) -> str:
    return orjson.dumps(
        [
            {
                "community": i,
                "members": [{"id": n, "name": g.nodes[n].get("label", n)} for n in group],
            }
            for i, group in enumerate(groups, 1)
        ],
        option=orjson.OPT_INDENT_2,
    ).decode()

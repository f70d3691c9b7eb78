"""``tracker report``: one folder per actor, an index page linking its charts.

The folder (default ``reports/<actor>``, never the log's folder) holds ``index.html``,
``timeline.html``, ``network.html``, ``activity.html`` and one ``dyad-<counterpart>.html``
per top counterpart, its name transliterated and unique in the folder
(``tracker.domain.names.FileNames``: a name already given gets the counterpart's id). The charts
share a single ``plotly.min.js`` beside them (checked against plotly's own, rewritten if
it differs), so the folder works over ``file://`` offline and weighs one plotly.js, not
five. Every string written into the index page is escaped here; the charts escape their
own. Every file is written whole (``tracker.log.outputs``).
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.domain.errors import LogIOError
from tracker.domain.filters import EventFilter
from tracker.domain.names import FileNames, name_part
from tracker.log.outputs import Outputs, write_text
from tracker.queries import graph, metrics
from tracker.views.charts.html import write_html
from tracker.views.charts.network import activity_figure, dyad_figure, network_figure
from tracker.views.charts.timeline import timeline_figure

if TYPE_CHECKING:
    from tracker.services.tracker import Tracker

TOP_DYADS = 5
TOP_ACTIVITY = 15


@dataclass
class Written:
    index: Path
    charts: list[tuple[str, Path]] = field(default_factory=list)  # (title, path)


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def write_report(
    tracker: Tracker, query: EventFilter, folder: str | os.PathLike[str] | None = None
) -> Written:
    """Write the report of ``query``'s actor within its window (default folder
    ``reports/<actor>``); never the log's folder."""
    outputs = Outputs.of(tracker.log.path, tracker.db_path)
    if folder is not None:
        outputs.check_folder(folder, what="the report ")  # before any work
    actor, start, end = query.actors[0], query.start, query.end
    timeline = tracker.timeline([actor], start=start, end=end)  # an unknown actor: no folder
    name = timeline.actors[0][1]
    if folder is None:
        folder = Path("reports") / name_part(actor, name, *timeline.ids[:1])
    out = Path(folder)
    outputs.check_folder(out, what="the report ")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise LogIOError(f"cannot write the report to {out}: {exc.strerror or exc}") from None
    written = Written(out / "index.html")
    # Every file of the folder has its own name: two counterparts never share a chart.
    files = FileNames(["index.html", "plotly.min.js"])

    def chart(title: str, fig: object, stem: str, fallback: str | None = None) -> None:
        filename = files.claim(stem, ".html", fallback=fallback)
        path = write_html(fig, out / filename, plotlyjs="directory", outputs=outputs)
        written.charts.append((title, path))

    chart(f"Timeline of {name}", timeline_figure(timeline), "timeline")

    conn = tracker.model()
    try:
        center = timeline.ids[0] if timeline.ids else None
        g = graph.contact_graph(conn, start, end, detail=True)
        if center is not None and center not in g:
            g.add_node(center, label=name, kind="", country="", events=0)
        ego = metrics.ego(g, center, 2) if center is not None else g
        counts: dict[str, int] = {}
        for entry in timeline.entries:
            for p in entry.counterparts(timeline.actor_ids):
                counts[p.actor_id] = counts.get(p.actor_id, 0) + 1
        top = sorted(counts, key=lambda a: (-counts[a], a))
        names, months, cells = graph.activity(
            conn, [*timeline.ids[:1], *top[: TOP_ACTIVITY - 1]], start=start, end=end
        )
        last_recorded = conn.execute("SELECT MAX(recorded_at) FROM changes").fetchone()[0]
        labels = dict(conn.execute("SELECT id, name FROM actors").fetchall())
    finally:
        conn.close()

    chart(
        f"Contacts of {name} (two steps)",
        network_figure(
            ego,
            title=f"Contacts of {name} within two steps",
            size_by=metrics.centrality(ego, "degree"),
        ),
        "network",
    )
    chart(
        f"Activity of {name} and counterparts by month",
        activity_figure(names, months, cells, title=f"Events per month: {name} and counterparts"),
        "activity",
    )
    for other in top[:TOP_DYADS]:
        dyad = tracker.dyad(timeline.ids[0], other, start=start, end=end)
        label = labels.get(other, other)
        chart(f"{name} and {label}", dyad_figure(dyad), f"dyad-{name_part(label, other)}", other)

    busiest = _busiest_months(timeline.entries)
    page = _index_html(
        name=name,
        events=len(timeline.entries),
        first=timeline.entries[0].when if timeline.entries else None,
        last=timeline.entries[-1].when if timeline.entries else None,
        counterparts=[(labels.get(a, a), counts[a]) for a in top[:10]],
        busiest=busiest,
        last_recorded=last_recorded,
        charts=[(title, path.name) for title, path in written.charts],
        window=(start, end),
    )
    write_text(written.index, page, outputs=outputs)
    return written


def _busiest_months(entries: Sequence[object]) -> list[tuple[str, int]]:
    months: dict[str, int] = {}
    for e in entries:
        month = e.day_first[:7]  # type: ignore[attr-defined]
        months[month] = months.get(month, 0) + 1
    return sorted(months.items(), key=lambda kv: (-kv[1], kv[0]))[:3]


def _index_html(
    *,
    name: str,
    events: int,
    first: str | None,
    last: str | None,
    counterparts: list[tuple[str, int]],
    busiest: list[tuple[str, int]],
    last_recorded: str | None,
    charts: list[tuple[str, str]],
    window: tuple[date | None, date | None],
) -> str:
    span = f"{_e(first)} to {_e(last)}" if first else "no events"
    start, end = window
    window_text = ""
    if start or end:
        window_text = f" (window {_e(start or '…')} to {_e(end or '…')})"
    items = "\n".join(f"<li>{_e(n)}: {c} event(s)</li>" for n, c in counterparts) or "<li>none</li>"
    months = "\n".join(f"<li>{_e(m)}: {c} event(s)</li>" for m, c in busiest) or "<li>none</li>"
    links = "\n".join(
        f'<li><a href="{_e(filename)}">{_e(title)}</a></li>' for title, filename in charts
    )
    made = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Report: {_e(name)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 56rem; margin: 2rem auto; padding: 0 1rem;
        color: #222; line-height: 1.45; }}
h1 {{ font-size: 1.6rem; margin-bottom: .2rem; }}
.meta {{ color: #666; margin-top: 0; }}
section {{ display: inline-block; vertical-align: top; min-width: 16rem; margin-right: 2rem; }}
ul {{ padding-left: 1.2rem; }}
</style>
</head>
<body>
<h1>{_e(name)}</h1>
<p class="meta">{events} event(s), {span}{window_text}. Data last recorded {_e(last_recorded or "never")};
page made {made}.</p>
<section><h2>Top counterparts</h2><ul id="counterparts">
{items}
</ul></section>
<section><h2>Busiest months</h2><ul id="months">
{months}
</ul></section>
<h2>Charts</h2>
<ul id="charts">
{links}
</ul>
</body>
</html>
"""

"""The explorer page: one self-contained HTML file that works offline over ``file://``.

plotly.js (the copy plotly ships) is inlined once; ``explorer.js`` and ``explorer.css``
beside this module are the page's own code. The payload goes in a
``<script type="application/json">``, with ``<``, ``>``, ``&``, U+2028 and U+2029 written
as JSON escapes, so that no string in it can end the element or start markup. The
Content-Security-Policy lets exactly the two inline scripts run (by their sha256), loads
nothing from anywhere, and sends nothing anywhere.
"""

from __future__ import annotations

import base64
import hashlib
import html
import os
import pkgutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from tracker.domain.filters import EventFilter
from tracker.log.outputs import Outputs, write_text
from tracker.views.explorer import payload as payloads

if TYPE_CHECKING:
    from tracker.services.tracker import Tracker

DEFAULT_PATH = Path("reports") / "explorer.html"
_JSON_ESCAPES = (
    (b"<", b"\\u003c"),
    (b">", b"\\u003e"),
    (b"&", b"\\u0026"),
    ("\u2028".encode(), b"\\u2028"),
    ("\u2029".encode(), b"\\u2029"),
)


def embed_json(value: Any) -> str:
    """``value`` as JSON that is safe inside a ``<script type="application/json">``.

    >>> embed_json({"s": "</script><b>&\\u2028"})
    '{"s":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e\\\\u0026\\\\u2028"}'
    """
    data = orjson.dumps(value)
    for raw, escaped in _JSON_ESCAPES:
        data = data.replace(raw, escaped)
    return data.decode()


def _asset(name: str) -> str:
    data = pkgutil.get_data(__name__.rpartition(".")[0], name)
    assert data is not None, name
    return data.decode()


def _plotlyjs() -> str:
    data = pkgutil.get_data("plotly", "package_data/plotly.min.js")
    assert data is not None
    return data.decode()


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def render(data: dict[str, Any]) -> str:
    """The page's HTML for a payload (``payload.build``)."""
    plotly, code, style = _plotlyjs(), _asset("explorer.js"), _asset("explorer.css")
    # "</script" in either script would end it early: neither holds one.
    assert "</script" not in plotly.lower() and "</script" not in code.lower()
    csp = "; ".join(
        (
            "default-src 'none'",
            f"script-src {_hash(plotly)} {_hash(code)}",
            "style-src 'unsafe-inline'",  # plotly.js sets styles as it draws
            "img-src data: blob:",
            "font-src data:",
            "connect-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        )
    )
    title = "tracker explorer"
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{html.escape(csp, quote=True)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{style}
</style>
</head>
<body>
<header>
<h1>Explorer</h1>
<p id="note" class="note"></p>
</header>
<noscript>This page needs JavaScript: it draws the events from the data it holds.</noscript>
<section id="controls" aria-label="Filters">
<div class="searchrow">
<input id="q" type="search" placeholder='Search: words, "a phrase", prefix*, OR, -word (case and accents ignored)' aria-label="Search the events" autocomplete="off" spellcheck="false">
<span id="count" class="count" aria-live="polite"></span>
</div>
<div class="filterrow">
<select id="actor" aria-label="Actor"></select>
<select id="with" aria-label="Counterpart"></select>
<select id="type" aria-label="Event type"></select>
<select id="topic" aria-label="Topic"></select>
<select id="tag" aria-label="Tag"></select>
<label class="check"><input id="starred" type="checkbox"> starred</label>
<label class="check"><input id="retracted" type="checkbox"> retracted too</label>
<input id="from" class="date" placeholder="from YYYY-MM-DD" title="From a year, a month or a day: 2021, 2021-08 or 2021-08-16" aria-label="From date" autocomplete="off">
<input id="to" class="date" placeholder="to YYYY-MM-DD" title="To a year, a month or a day: 2021, 2021-08 or 2021-08-16" aria-label="To date" autocomplete="off">
<button id="reset" type="button">Reset</button>
</div>
</section>
<main>
<div class="panel chartbox"><div id="timeline" class="chart"></div><p id="types" class="legend"></p></div>
<div class="columns">
<div class="panel chartbox netbox"><div id="network" class="chart"></div><p id="kinds" class="legend"></p></div>
<section class="panel listing" aria-label="Events">
<div class="listhead"><h2>Events</h2>
<select id="order" aria-label="Order"><option value="asc">oldest first</option><option value="desc">newest first</option></select></div>
<ol id="list"></ol>
<button id="more" type="button" hidden></button>
</section>
<aside id="detail" class="panel" aria-label="The event"></aside>
</div>
</main>
<script type="application/json" id="explorer-data">{embed_json(data)}</script>
<script>{plotly}</script>
<script>{code}</script>
</body>
</html>
"""


def write_explorer(
    tracker: Tracker,
    query: EventFilter,
    path: str | os.PathLike[str] | None = None,
    *,
    limit: int | None = None,
) -> tuple[Path, dict[str, Any]]:
    """Write the explorer of ``query`` (default ``reports/explorer.html``), whole or not at
    all, never over the log or its files; the path and the payload's ``meta``. Above
    ``limit`` events (default ``payload.MAX_EVENTS``) nothing is written."""
    target = Path(path) if path is not None else DEFAULT_PATH
    outputs = Outputs.of(tracker.log.path, tracker.db_path)
    outputs.check(target, what="the explorer ")  # before any work
    data = payloads.build(tracker, query, payloads.MAX_EVENTS if limit is None else limit)
    write_text(target, render(data), outputs=outputs, what="the explorer ")
    return target, data["meta"]

"""Search results as text (for a terminal), JSON and CSV.

The matching words of a snippet are highlighted: on a terminal in bold yellow (ANSI
colour), in plain text (a pipe, a file) between ``**`` and ``**``; in JSON the snippet is
plain text with the ``[start, end)`` character offsets of each highlighted run, and the
same text with ``**`` marks beside it. The log's text is shown literally (control
characters as escapes) and never carries the marks itself.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import orjson

from tracker.domain.markup import csv_cell, safe, source_label
from tracker.queries.annotations import Annotations
from tracker.queries.search import MARK_END, MARK_START, Hit, highlights
from tracker.services.searching import SearchResult
from tracker.views import fit, style
from tracker.views.tables import short_id

PLAIN = ("**", "**")
COLOUR = ("\x1b[1;33m", "\x1b[0m")


def shown_snippet(snippet: str, marks: tuple[str, str] = PLAIN) -> str:
    """A snippet for a terminal: its text made safe, its highlights marked with ``marks``.

    >>> shown_snippet("a \\x02b\\x03 \\x1b c")
    'a **b** \\\\x1b c'
    """
    out = []
    for piece in snippet.split(MARK_START):
        inside, sep, after = piece.partition(MARK_END)
        if sep:
            out.append(f"{marks[0]}{safe(inside)}{marks[1]}{safe(after)}")
        else:
            out.append(safe(piece))
    return "".join(out)


def _people(hit: Hit) -> str:
    return ", ".join(f"{p.name} ({p.role})" for p in hit.entry.participants)


def _tags(notes: Annotations | None) -> str:
    if notes is None:
        return ""
    star = "★ " if notes.starred else ""
    tags = " ".join(f"#{t}" for t in notes.tags)
    return f"  {star}{tags}".rstrip()


def search_text(result: SearchResult, *, colour: bool = False, width: int | None = None) -> str:
    """One block per hit: rank, date, type, participants, short id, then the snippet.

    With a ``width`` (a terminal's), every line fits in it: the participants are cut to
    "Name +3" (the rank, date, type and id stay whole), the snippet to two lines ending
    in "…". Without one (a pipe), everything is shown whole."""
    marks = COLOUR if colour else PLAIN
    within = ""
    if result.actors:
        within = " among the events of " + ", ".join(name for _, name in result.actors)
    more = f" (the first {result.limit}; --limit for more)" if result.full_page else ""
    among = ""
    if result.ranked_among:
        among = f" of the latest {result.ranked_among:,} matches (narrow the query to rank all)"
    head = f"Search {result.text!r}{within}: {len(result.hits)} event(s), best first{among}{more}"
    if width is not None:
        return _fitted(safe(head), result, width, colour)
    lines = [safe(head)]
    notes = result.annotations or {}
    for rank, hit in enumerate(result.hits, 1):
        e = hit.entry
        lines.append("")
        head = f"{rank:>3}. {e.when}  {e.type}  {_people(hit)}  [{short_id(e.id)}]"
        lines.append(safe(head) + safe(_tags(notes.get(e.id))))
        lines.append("     " + shown_snippet(hit.snippet or e.summary, marks))
    return "\n".join(lines)


INDENT = "     "  # under the rank


def _fitted(head: str, result: SearchResult, width: int, colour: bool) -> str:
    lines = fit.wrap(head, width, 4)
    notes = result.annotations or {}
    for rank, hit in enumerate(result.hits, 1):
        lines.append("")
        lines.extend(_first_line(rank, hit, notes.get(hit.entry.id), width, colour))
        lines.extend(_snippet_lines(hit.snippet or hit.entry.summary, width, colour))
    return "\n".join(lines)


def _first_line(rank: int, hit: Hit, notes: Annotations | None, width: int, on: bool) -> list[str]:
    """Rank, date, type, the participants as many as fit, the id and tags: ``width`` wide
    at most, the participants (then the tags) giving way. On a narrow terminal, where
    fewer than ``LEAST`` cells would be left for the names, the names and the id go on a
    second line under the rank."""
    e = hit.entry
    when, kind = safe(e.when), safe(e.type)
    start = f"{rank:>3}. {when}  {kind}  "
    ident = f"[{short_id(e.id)}]"
    tags = safe(_tags(notes))
    names = [safe(p.name) for p in e.participants]
    forms = (safe(_people(hit)), *fit.counted(names))
    painted = f"{rank:>3}. {style.paint(when, 'dim', on=on)}  {style.event_type(kind, on=on)}"
    room = width - fit.cell_width(start) - len(ident) - 2
    if room < LEAST:  # a narrow terminal: the names and the id under the rank
        people, tags = _people_and_tags(forms, tags, width - len(INDENT) - len(ident) - 2)
        return [painted, f"{INDENT}{people}  {style.paint(ident, 'id', on=on)}{tags}"]
    people, tags = _people_and_tags(forms, tags, room)
    return [f"{painted}  {people}  {style.paint(ident, 'id', on=on)}{tags}"]


LEAST = 12  # cells of names worth showing beside the date and type


def _people_and_tags(forms: tuple[str, ...], tags: str, room: int) -> tuple[str, str]:
    """The participants in ``room`` cells, and the tags when they fit beside a readable
    list of names (else nothing: ``show`` has them)."""
    if room - fit.cell_width(tags) >= LEAST:
        room -= fit.cell_width(tags)
    else:
        tags = ""
    return (fit.shortest(forms, room) if room > 0 else ""), tags


def _snippet_lines(snippet: str, width: int, on: bool) -> list[str]:
    """The snippet on at most two lines under the rank, cut with "…"; its matches in colour
    when ``on``, else between ``**`` marks."""
    room = max(8, width - len(INDENT))
    if not on:
        return [INDENT + line for line in fit.wrap(shown_snippet(snippet), room, 2)]
    text, spans = highlights(snippet)
    terms = {safe(text[a:b]) for a, b in spans}
    return [
        INDENT + style.highlight(line, terms, on=True) for line in fit.wrap(safe(text), room, 2)
    ]


def _hit_json(rank: int, hit: Hit, notes: Annotations | None) -> dict[str, Any]:
    text, spans = highlights(hit.snippet)
    data = hit.entry.to_json()
    data.update(
        rank=rank,
        score=round(-hit.score, 6),  # higher is better here
        snippet=text,
        highlights=[list(s) for s in spans],
        snippet_marked=hit.snippet.replace(MARK_START, PLAIN[0]).replace(MARK_END, PLAIN[1]),
    )
    data.update((notes or Annotations()).to_json())
    return data


def search_json(result: SearchResult) -> str:
    notes = result.annotations or {}
    out = {
        "query": result.text,
        "as_of": result.as_of.isoformat() if result.as_of else None,
        "limit": result.limit,
        "count": len(result.hits),
        "ranked_among": result.ranked_among,
        "hits": [_hit_json(n, h, notes.get(h.entry.id)) for n, h in enumerate(result.hits, 1)],
    }
    return orjson.dumps(out, option=orjson.OPT_INDENT_2).decode("utf-8")


HEADER = ("rank", "score", "id", "date", "type", "participants", "summary", "snippet",
          "tags", "sources")  # fmt: skip


def search_csv(result: SearchResult) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(HEADER)
    notes = result.annotations or {}
    for rank, hit in enumerate(result.hits, 1):
        e = hit.entry
        tags = (notes.get(e.id) or Annotations()).tags
        row: Sequence[object] = (
            rank, f"{-hit.score:.6f}", e.id, e.when, e.type, _people(hit), e.summary,
            hit.snippet.replace(MARK_START, PLAIN[0]).replace(MARK_END, PLAIN[1]),
            "; ".join(tags), " ".join(str(s.get("url") or source_label(s)) for s in e.sources),
        )  # fmt: skip
        writer.writerow([csv_cell(v) for v in row])
    return buf.getvalue().rstrip("\n")

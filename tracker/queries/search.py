"""Full-text search over the read model's FTS5 index (``tracker.readmodel.fulltext``).

``search`` ranks the live events that match an FTS5 query by bm25 (best first), keeps
those a timeline's filters keep (actors as spans of days, ``--with`` groups, the date
window, types, tags, stars), and gives each a snippet of its best-matching field with the
matching words between ``MARK_START`` and ``MARK_END`` (two control characters, which no
text of the log may hold, so they cannot be confused with the text).

The page is found first (rowids and scores only), then its events and snippets are read:
a common word that matches most of the log costs one pass over its matches, not a
snippet for each.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.domain.errors import ValidationError
from tracker.domain.fts import search_query
from tracker.domain.text import shown
from tracker.queries.actors import Span
from tracker.queries.events import Clause, Entry, entries_at, event_clauses, sql_limit
from tracker.readmodel.ddl import SEARCH_COLUMNS
from tracker.readmodel.store import error_code

MARK_START, MARK_END, ELLIPSIS = "\x02", "\x03", "…"
SNIPPET_TOKENS = 16
RANK_WINDOW = 5_000  # a query matching more is ranked among its latest matches (``search``)
# bm25 weights, in the order of SEARCH_COLUMNS: the summary and what an analyst wrote
# (tags, notes) count most, the outlet least.
WEIGHTS = {
    "summary": 2.0, "quotes": 1.0, "topics": 1.5, "location": 1.0, "outlets": 0.5,
    "actors": 1.0, "tags": 1.5, "notes": 1.0,
}  # fmt: skip
_BM25 = "bm25(search, " + ", ".join(str(WEIGHTS[c]) for c in SEARCH_COLUMNS) + ")"


@dataclass(frozen=True, slots=True)
class Hit:
    entry: Entry
    score: float  # bm25: lower is a better match (SQLite's sign)
    snippet: str  # with MARK_START/MARK_END around the matching words


@dataclass(frozen=True)
class Found:
    hits: list[Hit]
    # None: every match was ranked; else the number of latest matches the page was ranked
    # among (a query that matches more than RANK_WINDOW events)
    ranked_among: int | None = None


def search(
    conn: sqlite3.Connection,
    text: str,
    actors: Sequence[str | Span] = (),
    *,
    with_actors: Sequence[Sequence[str | Span]] = (),
    start: date | None = None,
    end: date | None = None,
    types: Sequence[str] = (),
    extra: Clause | None = None,
    limit: int | None = 20,
) -> Found:
    """The live events matching ``text`` (FTS5 syntax), best first. ``extra``: one more
    SQL condition on the event (alias ``e``) and its parameters (tags, stars).

    bm25 scores every match it ranks, so a word in half the log would cost seconds: a
    query that matches more than ``RANK_WINDOW`` events (after the filters) is ranked
    among its ``RANK_WINDOW`` latest matches (the lines recorded last), which FTS5 reads
    in order and stops; ``Found.ranked_among`` says so. Without a limit, or one beyond
    the window, every match is ranked."""
    query = search_query(text, SEARCH_COLUMNS)
    filtered = bool(actors or with_actors or start or end or types or extra)
    clauses: list[str] = ["search MATCH ?"]
    params: list[Any] = [query]
    if filtered:
        more, values = event_clauses(actors, with_actors, start, end, types, extra, by_line=True)
        clauses.extend(more)
        params.extend(values)
    # CROSS JOIN: FTS5 drives (SQLite keeps that order), the filters are checked per match;
    # without filters the index alone answers (it holds live events only)
    joined = "FROM search"
    if filtered:
        joined += " CROSS JOIN events e ON e.seq = search.rowid"
    joined += f" WHERE {' AND '.join(clauses)}"
    window = None
    if limit is not None and sql_limit(limit) <= RANK_WINDOW:
        cut = _run(
            conn, f"SELECT search.rowid {joined} ORDER BY search.rowid DESC LIMIT 1 OFFSET ?",
            [*params, RANK_WINDOW], text,
        )  # fmt: skip
        if cut:  # more matches than the window: rank the latest
            joined += " AND search.rowid > ?"
            params.append(cut[0][0])
            window = RANK_WINDOW
    sql = f"SELECT search.rowid, {_BM25} AS score {joined} ORDER BY score, search.rowid DESC"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(sql_limit(limit))
    page = _run(conn, sql, params, text)
    if not page:
        return Found([], window)
    seqs = [seq for seq, _ in page]
    found = entries_at(conn, seqs)
    snippets = _snippets(conn, query, seqs, text)
    hits = [Hit(found[seq], score, snippets.get(seq, "")) for seq, score in page if seq in found]
    return Found(hits, window)


def _snippets(conn: sqlite3.Connection, query: str, seqs: list[int], text: str) -> dict[int, str]:
    out: dict[int, str] = {}
    for at in range(0, len(seqs), 10_000):
        chunk = seqs[at : at + 10_000]
        marks = ", ".join("?" * len(chunk))
        sql = (
            f"SELECT rowid, snippet(search, -1, '{MARK_START}', '{MARK_END}', '{ELLIPSIS}',"
            f" {SNIPPET_TOKENS}) FROM search WHERE search MATCH ? AND rowid IN ({marks})"
        )
        out.update(_run(conn, sql, [query, *chunk], text))
    return out


def _run(conn: sqlite3.Connection, sql: str, params: list[Any], text: str) -> list[Any]:
    """Run a query of the index: what FTS5 refuses in the query is a ``ValidationError``."""
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        # the statements are fixed: SQLite's plain error (not I/O, not a lock, not damage)
        # is about the query the user gave
        if error_code(exc) != sqlite3.SQLITE_ERROR:
            raise
        message = str(exc)
        raise ValidationError(
            f'bad search query {shown(text)}: {message} (FTS5 syntax: words, "a phrase",'
            " prefix*, AND, OR, NOT, NEAR(a b, 10), column:word)"
        ) from None


def marked(snippet: str, start: str, end: str) -> str:
    """A snippet with its marks replaced by ``start``/``end`` (``**``, or a colour).

    >>> marked("the \\x02intra\\x03-\\x02Afghan\\x03 dialogue", "[", "]")
    'the [intra]-[Afghan] dialogue'
    """
    return snippet.replace(MARK_START, start).replace(MARK_END, end)


def highlights(snippet: str) -> tuple[str, list[tuple[int, int]]]:
    """A snippet's plain text, and the [start, end) offsets of each highlighted run.

    >>> highlights("a \\x02b\\x03 c")
    ('a b c', [(2, 3)])
    """
    plain: list[str] = []
    spans: list[tuple[int, int]] = []
    at, opened = 0, -1
    for ch in snippet:
        if ch == MARK_START:
            opened = at
        elif ch == MARK_END:
            if opened >= 0:
                spans.append((opened, at))
            opened = -1
        else:
            plain.append(ch)
            at += 1
    return "".join(plain), spans

"""Searching the log: full-text queries with a timeline's filters, ranked by bm25.

The read model's index holds each event's current state (``tracker.readmodel.fulltext``):
an amended summary is found by its new words, a retracted event not at all. With
``as_of``, the search runs on the model of the lines recorded by then (replayed into
memory, index included), so it finds the events, words and tags of that moment.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tracker.domain.filters import EventFilter
from tracker.queries.actors import Span, resolve_spans
from tracker.queries.annotations import Annotations, annotation_clause, annotations_of
from tracker.queries.search import Hit
from tracker.queries.search import search as search_rows
from tracker.services.session import Session

DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class SearchResult:
    text: str  # the query as given
    hits: list[Hit]
    actors: tuple[tuple[str, str], ...]  # (what was asked, the name it resolved to)
    limit: int | None
    as_of: datetime | None = None
    annotations: dict[str, Annotations] | None = None  # per event id, those with any
    ranked_among: int | None = None  # see ``tracker.queries.search.Found``

    @property
    def full_page(self) -> bool:
        """Whether ``limit`` stopped the list (there may be more)."""
        return self.limit is not None and len(self.hits) >= self.limit


def search(session: Session, text: str, query: EventFilter) -> SearchResult:
    """The events matching ``text`` (FTS5 syntax) that ``query`` keeps, best first; at
    most ``query.limit`` (default 20)."""
    kinds = list(query.event_types())
    query.check_window()
    first = query.start.isoformat() if query.start else None
    last = query.end.isoformat() if query.end else None
    limit = DEFAULT_LIMIT if query.limit is None else query.limit
    conn = session.model(query.as_of)
    try:
        asked = [
            (a, *resolve_spans(conn, a, first, last, members=query.members)) for a in query.actors
        ]
        spans: list[str | Span] = [span for _, _, group in asked for span in group]
        withs = [resolve_spans(conn, w, first, last)[1] for w in query.with_actors]
        found = search_rows(
            conn, text, spans, with_actors=withs, start=query.start, end=query.end, types=kinds,
            extra=annotation_clause(query.tags, query.starred), limit=limit,
        )  # fmt: skip
        notes = annotations_of(conn, [h.entry.id for h in found.hits])
    finally:
        conn.close()
    named = tuple((a, label) for a, label, _ in asked)
    return SearchResult(text, found.hits, named, limit, query.as_of, notes, found.ranked_among)

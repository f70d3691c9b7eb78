"""Folding CAMEO's directed pairs. CAMEO codes one visit twice: A-B 042 (A visits B) and
B-A 043 (B hosts A). Two rows fold into one visit (A visitor, B host) when: one is 042 and
the other 043, the 043 row's actors are the 042 row's actors swapped (compared by actor
code, else by name, ignoring case), they have the same date, and the same source (GDELT:
the SOURCEURL; ICEWS: the Story ID; PLOVER is not coded in pairs), and the second comes at
most ``FOLD_WINDOW`` rows after the first (which keeps memory bounded; exports are written
in event-id order, so a story's rows lie together). The folded event's id comes from both
source ids (``gdelt:ID042+ID043``), its ``extra`` holds both rows' codes and scores (a
value the rows share is kept once, differing ones as a list [042's, 043's]). A half whose
partner is in another file is imported alone, as a visit with the same roles.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from tracker.exchange.importing.build import Builder
from tracker.exchange.importing.rows import (
    ActorSpec,
    BadRow,
    Built,
    Draft,
    LeftOut,
    Progress,
    Row,
)

FOLD_WINDOW = 1000


def fold_keys(
    draft: Draft, story: str, first: ActorSpec | None, second: ActorSpec | None
) -> tuple[tuple[Any, ...], tuple[Any, ...]] | None:
    """The keys under which a 042/043 row waits for its mirror row (see the docstring)."""
    if not draft.cameo or draft.cameo[:3] not in ("042", "043") or not (first and second):
        return None
    a = (first.code or first.name).casefold()
    b = (second.code or second.name).casefold()
    if a == b:
        return None
    mine, other = draft.cameo[:3], "043" if draft.cameo[:3] == "042" else "042"
    return (draft.when, story, a, b, mine), (draft.when, story, b, a, other)


def fold_pairs(rows: Iterable[Row], window: int = FOLD_WINDOW) -> Iterator[Row]:
    """Fold CAMEO 042/043 mirror rows into one visit (see the module docstring)."""
    folds = FoldWindow(window)
    for row in rows:
        if isinstance(row, Draft) and row.fold is not None:
            yield from folds.push(row)
        else:
            yield row
        if folds.waiting:
            line = row.line if isinstance(row, BadRow | LeftOut) else row.lines[-1]
            if folds.oldest < line - window:
                yield from folds.expire(line)
    yield from folds.rest()


class FoldWindow:
    """The 042/043 rows waiting for their mirror row, at most ``window`` rows."""

    def __init__(self, window: int) -> None:
        self.window = window
        self.waiting: dict[tuple[Any, ...], Draft] = {}
        self.oldest = 0  # the first line of the row waiting longest, while one waits

    def _moved(self) -> None:
        self.oldest = next(iter(self.waiting.values())).lines[0] if self.waiting else 0

    def push(self, row: Draft) -> list[Row]:
        """Take a row that may fold (``row.fold``): the rows now ready, in order (the row
        folded with its mirror, or a row it replaces)."""
        assert row.fold is not None
        mine, partner_key = row.fold
        ready: list[Row] = []
        partner = self.waiting.pop(partner_key, None)
        if partner is not None:
            ready.append(fold_rows(partner, row))
        else:
            if mine in self.waiting:
                ready.append(self.waiting.pop(mine))
            self.waiting[mine] = row
        self._moved()
        return ready

    def expire(self, line: int) -> list[Row]:
        """The rows that have waited since before ``line - window``, in order."""
        ready: list[Row] = []
        while self.waiting:
            first_key = next(iter(self.waiting))
            if self.waiting[first_key].lines[0] >= line - self.window:
                break
            ready.append(self.waiting.pop(first_key))
        self._moved()
        return ready

    def rest(self) -> list[Row]:
        """The rows still waiting at the end of the file."""
        ready: list[Row] = list(self.waiting.values())
        self.waiting.clear()
        return ready


def fold_rows(a: Draft, b: Draft) -> Draft:
    visit, host = (a, b) if (a.cameo or "").startswith("042") else (b, a)
    extra: dict[str, Any] = {}
    for key in dict.fromkeys([*visit.extra, *host.extra]):
        x, y = visit.extra.get(key), host.extra.get(key)
        extra[key] = x if x == y else [v for v in (x, y) if v is not None]
    sources = list(visit.sources)
    for s in host.sources:
        if s not in sources:
            sources.append(s)
    visitor, hosting = visit.actors[0][0].name, visit.actors[-1][0].name
    lines = tuple(sorted(a.lines + b.lines))
    return replace(
        visit,
        lines=lines,
        key=f"{visit.key}+{host.key.partition(':')[2]}",
        summary=f"Visit: {visitor} visited {hosting}",
        sources=sources,
        extra=extra,
        fold=None,
        raw=visit.raw,
        checked=a.checked and b.checked,
    )


class DraftReader:
    """The rows of a file that ``parse`` reads into drafts, folded (``fold_pairs``) and
    built by ``builder``; ``count`` is the rows read."""

    def __init__(self, parse: Callable[[Path], Iterator[Row]], builder: Builder) -> None:
        self.parse = parse
        self.builder = builder
        self.count = 0

    def items(
        self, path: Path, progress: Progress | None = None
    ) -> Iterator[Built | BadRow | LeftOut]:
        count = 0
        for row in fold_pairs(self.parse(path)):
            count += 1 if isinstance(row, BadRow | LeftOut) else len(row.lines)
            yield self.builder.built(row)
            if progress is not None and count % 1000 == 0:
                progress("checking", count)
        self.count = count

"""Tables that fit a terminal: every line at most ``width`` cells wide.

The plain ``tables.table`` is what scripts read (piped output, tests): every cell whole,
long ones wrapped. On a terminal a table is fitted instead. Each column says how it may
give way (``Column``): a kept column (a date, a type, an id, a number) never wraps and is
never cut; the others share the room that is left, each up to its ``share`` of it, the
rest going to the first of them that wants more; a cell is wrapped onto at most
``lines`` lines, and the last one ends in "…" when text was left out. A cell may offer
shorter forms of itself (``Cell``: "Wang Yi (recipient), Sergey Lavrov (recipient)",
then "Wang Yi, Sergey Lavrov", then "Wang Yi +1"); the longest that fits is shown. An
``optional`` column is left out when the room would leave it too narrow to read.

Widths are terminal cells: a CJK character takes two, a combining mark none.

>>> cols = [Column("DATE", keep=True), Column("SUMMARY", lines=2), Column("ID", keep=True)]
>>> print(fit_table(cols, [["2021-08-16", "Discussed Afghanistan and the evacuation", "4c3e45da"]], 40))
DATE        SUMMARY             ID
----------  ------------------  --------
2021-08-16  Discussed           4c3e45da
            Afghanistan and…
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from tracker.domain.markup import safe

ELLIPSIS = "…"
GAP = 2  # spaces between columns


@dataclass(frozen=True)
class Column:
    header: str
    keep: bool = False  # never wrapped or cut
    share: float = 1.0  # at most this part of the room the other columns share
    lines: int = 1  # a cell takes at most this many lines
    optional: bool = False  # left out (the rightmost first) when the room is too small
    # an optional column is left out below this width; another gets at least this, an
    # optional column going first to make the room
    least: int = 8


@dataclass(frozen=True)
class Cell:
    """A cell that may be shown shorter: its forms, longest first."""

    forms: tuple[str, ...]

    def __str__(self) -> str:
        return self.forms[0]


def char_width(ch: str) -> int:
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """How many terminal cells ``text`` takes.

    >>> cell_width("Wang Yi"), cell_width("王毅"), cell_width("é")
    (7, 4, 1)
    """
    if text.isascii():
        return len(text)
    return sum(char_width(ch) for ch in text)


def clip(text: str, width: int) -> str:
    """``text`` cut to ``width`` cells, ending in "…" when something was cut.

    >>> clip("Discussed Afghanistan", 10), clip("short", 10), clip("王毅王毅", 5)
    ('Discussed…', 'short', '王毅…')
    """
    if cell_width(text) <= width:
        return text
    out: list[str] = []
    used = 0
    for ch in text:
        w = char_width(ch)
        if used + w > width - 1:
            break
        out.append(ch)
        used += w
    return "".join(out).rstrip() + ELLIPSIS if width > 0 else ""


def pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_width(text))


def wrap(text: str, width: int, lines: int) -> list[str]:
    """``text`` on at most ``lines`` lines of ``width`` cells, words kept whole where they
    fit; the last line ends in "…" when text was left out.

    >>> wrap("Discussed the evacuation of Kabul airport", 14, 2)
    ['Discussed the', 'evacuation of…']
    """
    out: list[str] = []
    line = ""
    for word in text.split():
        joined = f"{line} {word}" if line else word
        if cell_width(joined) <= width:
            line = joined
            continue
        if line:
            out.append(line)
        while cell_width(word) > width:  # a word longer than the column: cut it
            head = _take(word, width)
            out.append(head)
            word = word[len(head) :]
        line = word
        if len(out) > lines:
            break
    if line:
        out.append(line)
    if len(out) <= lines:
        return out or [""]
    kept = out[:lines]
    last = kept[-1]
    if cell_width(last) < width:
        kept[-1] = last + ELLIPSIS
    else:
        kept[-1] = _take(last, width - 1).rstrip() + ELLIPSIS
    return kept


def _take(word: str, width: int) -> str:
    """The start of ``word`` that fits in ``width`` cells (at least one character)."""
    out: list[str] = []
    used = 0
    for ch in word:
        w = char_width(ch)
        if used + w > width and out:
            break
        out.append(ch)
        used += w
    return "".join(out)


def _natural(header: str, texts: list[str | Cell]) -> int:
    """The width the column's longest cell (its longest form) would like."""
    return max([cell_width(header), *(cell_width(str(t)) for t in texts)])


def layout(
    columns: Sequence[Column], rows: Sequence[Sequence[str | Cell]], width: int
) -> list[int]:
    """Each column's width (0: left out) so that the table is at most ``width`` wide."""
    n = len(columns)
    natural = [_natural(c.header, [r[i] for r in rows]) for i, c in enumerate(columns)]
    shown = list(range(n))
    while True:
        widths = [natural[i] if columns[i].keep else 0 for i in range(n)]
        flexible = [i for i in shown if not columns[i].keep]
        room = width - sum(widths[i] for i in shown if columns[i].keep) - GAP * (len(shown) - 1)
        if sum(natural[i] for i in flexible) <= room:
            for i in flexible:
                widths[i] = natural[i]
        else:
            wants = [
                (i, natural[i], c.share, 1 if c.optional else c.least)
                for i, c in ((i, columns[i]) for i in flexible)
            ]
            given = _share(room, wants)
            for i, w in given.items():
                widths[i] = w
        narrow = [
            i
            for i in flexible
            if columns[i].optional and widths[i] < min(natural[i], columns[i].least)
        ]
        starved = any(
            widths[i] < min(natural[i], columns[i].least)
            for i in flexible
            if not columns[i].optional
        )
        too_wide = sum(widths[i] for i in shown) + GAP * (len(shown) - 1) > width
        if not narrow and (starved or too_wide):  # an optional column makes room
            narrow = [i for i in shown if columns[i].optional]
        if not narrow:
            break
        shown.remove(narrow[-1])
    return [widths[i] if i in shown else 0 for i in range(n)]


def _share(room: int, wants: list[tuple[int, int, float, int]]) -> dict[int, int]:
    """Split ``room`` between columns (index, natural width, share, least): a column with
    a share below 1 first gets up to that part of the room (and at least ``least``), the
    others split what is left, and what any leaves unused goes to the first that wants
    more."""
    given = {
        i: min(natural, max(least, int(room * share)))
        for i, natural, share, least in wants
        if share < 1
    }
    rest = [i for i, _, share, _ in wants if share >= 1]
    left = max(0, room - sum(given.values()))
    for i, natural, share, _ in wants:
        if share >= 1:
            given[i] = max(1, min(natural, left // len(rest)))
    while sum(given.values()) > room and max(given.values()) > 1:  # the floors left no room
        widest = max(given, key=given.__getitem__)
        given[widest] -= 1
    spare = room - sum(given.values())
    for i, natural, _, _ in sorted(wants, key=lambda w: w[2] < 1):
        more = max(0, min(spare, natural - given[i]))
        given[i] += more
        spare -= more
    return given


def fit_table(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str | Cell]],
    width: int,
    paint: Mapping[int, Callable[[str], str]] | None = None,
) -> str:
    """The rows as a table at most ``width`` cells wide (see the module docstring).
    ``paint`` colours the text of a column's cells (``tracker.views.style``), after the
    layout: the colour codes take no room."""
    paint = paint or {}
    rows = [
        [Cell(tuple(_flat(f) for f in c.forms)) if isinstance(c, Cell) else _flat(c) for c in row]
        for row in rows
    ]
    widths = layout(columns, rows, width)
    shown = [i for i, w in enumerate(widths) if w]
    lines = [
        "  ".join(pad(clip(columns[i].header, widths[i]), widths[i]) for i in shown).rstrip(),
        "  ".join("-" * widths[i] for i in shown),
    ]
    for row in rows:
        cells = [_lines(columns[i], row[i], widths[i]) for i in shown]
        for k in range(max(len(c) for c in cells)):
            parts = [
                _painted(c[k] if k < len(c) else "", widths[i], paint.get(i))
                for c, i in zip(cells, shown, strict=True)
            ]
            lines.append("  ".join(parts).rstrip())
    return "\n".join(lines)


def _flat(text: object) -> str:
    """A cell's text on one line: control characters as escapes (``safe``), newlines and
    tabs (which ``safe`` keeps) as spaces."""
    shown = safe(text)
    return " ".join(shown.split()) if any(ch in shown for ch in "\n\t\r\x0b\x0c") else shown


def _painted(text: str, width: int, paint: Callable[[str], str] | None) -> str:
    padded = pad(text, width)
    if paint is None or not text:
        return padded
    return paint(text) + padded[len(text) :]


def _lines(column: Column, cell: str | Cell, width: int) -> list[str]:
    if column.keep:
        return [str(cell)]
    if isinstance(cell, Cell):
        for form in cell.forms:
            if cell_width(form) <= width:
                return [form]
        last = cell.forms[-1]
        head, _, more = last.rpartition(" +")
        if head and more.isdigit() and width > len(more) + 3:  # "Ministry of… +1"
            return [clip(head, width - len(more) - 2) + " +" + more]
        return [clip(last, width)]
    if column.lines == 1 or cell_width(cell) <= width:
        return [clip(" ".join(cell.split()), width)]
    return wrap(cell, width, column.lines)


def shortest(forms: Sequence[str], width: int) -> str:
    """The longest of ``forms`` (longest first) that fits in ``width`` cells, else the
    last cut to fit, its "+N" kept.

    >>> shortest(counted(["Wang Yi", "Sergey Lavrov", "Ned Price"]), 12)
    'Wang Yi +2'
    """
    return _lines(Column(""), Cell(tuple(_flat(f) for f in forms)), width)[0]


def counted(names: Sequence[str]) -> tuple[str, ...]:
    """Shorter forms of a list of names: all of them, then the first and how many more.

    >>> counted(["Wang Yi", "Sergey Lavrov", "Ned Price"])
    ('Wang Yi, Sergey Lavrov, Ned Price', 'Wang Yi, Sergey Lavrov +1', 'Wang Yi +2')
    """
    forms = [", ".join(names)] if names else ["-"]
    for k in range(len(names) - 1, 0, -1):
        forms.append(f"{', '.join(names[:k])} +{len(names) - k}")
    return tuple(forms)


_LABEL = re.compile(r"( *[A-Za-z][\w ]{0,18}: +)(?=\S)")


def fit_labelled(text: str, width: int) -> str:
    """A "label:  value" text (``tracker show``, ``tracker actor show``) in ``width``
    cells: a long value wrapped, its next lines under its start (or indented two when the
    label takes half the width); a word longer than a line is split. Nothing is left out.

    >>> print(fit_labelled("summary:  Discussed the evacuation of Kabul", 24))
    summary:  Discussed the
              evacuation of
              Kabul
    """
    out: list[str] = []
    for line in text.split("\n"):
        if cell_width(line) <= width:
            out.append(line)
            continue
        found = _LABEL.match(line)
        label = found.group(1) if found else line[: len(line) - len(line.lstrip(" "))]
        indent = cell_width(label) if cell_width(label) <= width // 2 else 2
        first, *rest = wrap(line[len(label) :], width - indent, len(line))
        out.append(pad(label, indent) + first if indent == cell_width(label) else label.rstrip())
        if indent != cell_width(label):
            rest = [first, *rest]
        out.extend(" " * indent + part for part in rest)
    return "\n".join(out)

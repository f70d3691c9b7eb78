"""Issue 17: the fitted table (``tracker.views.fit``): every line at most the width, in
terminal cells, whatever the text (hypothesis), kept columns whole, cut cells ending in
an ellipsis, control characters shown as escapes."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.views.columns import TIMELINE_COLUMNS
from tracker.views.fit import Cell, Column, cell_width, clip, counted, fit_table, wrap

ID = "4c3e45da"


def _row(summary: str, names: list[str], source: str = "Example News") -> list[str | Cell]:
    return ["2021-08-16", "phone_call", Cell(tuple(counted(names))), summary, source, ID]


@settings(max_examples=150, deadline=None)
@given(
    summary=st.text(max_size=400),
    names=st.lists(st.text(min_size=1, max_size=40), min_size=1, max_size=6),
    source=st.text(max_size=80),
    width=st.integers(min_value=60, max_value=200),
)
def test_no_line_is_wider_than_the_terminal(
    summary: str, names: list[str], source: str, width: int
) -> None:
    text = fit_table(TIMELINE_COLUMNS, [_row(summary, names, source)], width)
    lines = text.split("\n")
    assert all(cell_width(line) <= width for line in lines), (width, lines)
    assert lines[2].startswith("2021-08-16  phone_call  ") and lines[2].endswith(ID)
    assert len(lines) <= 2 + 2  # header, rule, at most two lines of summary
    assert "\x1b" not in text and "\r" not in text


def test_cjk_and_controls() -> None:
    rows = [_row("王毅与布林肯通电话讨论阿富汗局势" * 4, ["王毅", "Сергей Лавров"]),
            _row("bell\x07 and escape\x1b[31m red", ["\u202eevil"])]  # fmt: skip
    text = fit_table(TIMELINE_COLUMNS, rows, 80)
    assert all(cell_width(line) <= 80 for line in text.split("\n"))
    assert "\\x07" in text and "\\x1b" in text and "\\u202e" in text
    assert "王毅" in text and "…" in text


def test_forms_and_clipping() -> None:
    assert counted(["A", "B", "C"]) == ("A, B, C", "A, B +1", "A +2")
    assert clip("Sergey Lavrov", 8) == "Sergey…" and cell_width(clip("王毅王毅王毅", 7)) <= 7
    assert wrap("one two three four five", 9, 2) == ["one two", "three…"]
    assert wrap("short", 20, 2) == ["short"]
    assert wrap("x" * 30, 10, 2) == ["x" * 10, "x" * 9 + "…"]
    cols = [Column("ID", keep=True), Column("WITH", least=12)]
    shown = fit_table(cols, [["id-1", Cell(counted(["Ministry of Foreign Affairs", "B"]))]], 20)
    assert shown.split("\n")[2] == "id-1  Ministry o… +1"  # 14 cells: the count kept


def test_a_table_that_fits_is_left_as_it_is() -> None:
    cols = [Column("A", keep=True), Column("B", lines=2), Column("C", optional=True)]
    text = fit_table(cols, [["1", "short", "x"]], 120)
    assert text.split("\n") == ["A  B      C", "-  -----  -", "1  short  x"]
    narrow = fit_table(cols, [["1", "a somewhat longer text", "optional column text"]], 20)
    assert narrow.split("\n")[0].split() == ["A", "B"]  # the optional column gave way

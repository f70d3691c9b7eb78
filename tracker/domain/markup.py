"""Text from the log made safe for where it is shown: a terminal, plotly's markup, a
spreadsheet cell. One helper per place, used by every view.

>>> safe("Blinken\\x1b[31m")
'Blinken\\\\x1b[31m'
>>> esc("<b>Wang</b> %{x}")
'&lt;b&gt;Wang&lt;/b&gt; %{x}'
>>> csv_cell("=HYPERLINK(1)"), csv_text(csv_cell("=HYPERLINK(1)"))
("'=HYPERLINK(1)", '=HYPERLINK(1)')
"""

from __future__ import annotations

import html
from typing import Any
from urllib.parse import urlparse

_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def safe(text: object) -> str:
    """Text for a terminal: control characters (ESC, BEL...) shown as escapes."""
    out = []
    for ch in str(text):
        code = ord(ch)
        if (code < 32 and ch not in "\n\t") or 0x7F <= code < 0xA0:
            out.append(f"\\x{code:02x}")
        elif ch in _BIDI:
            out.append(f"\\u{code:04x}")  # bidi controls would reorder the table
        else:
            out.append(ch)
    return "".join(out)


# An error line shows at most this many characters of its message: the start and the end
# (a message that names a file's whole first line would otherwise be megabytes long).
ERROR_HEAD, ERROR_TAIL = 700, 250


def error_text(message: object) -> str:
    """An error message as one bounded line for a terminal: ``safe``, and cut in the middle
    when longer than ``ERROR_HEAD + ERROR_TAIL`` characters (saying how much was cut)."""
    text = str(message)
    if len(text) <= ERROR_HEAD + ERROR_TAIL:
        shown = safe(text)
        if len(shown) <= ERROR_HEAD + ERROR_TAIL:
            return shown
    head, tail = safe(text[:ERROR_HEAD])[:ERROR_HEAD], safe(text[-ERROR_TAIL:])[-ERROR_TAIL:]
    cut = len(text) - ERROR_HEAD - ERROR_TAIL
    return f"{head} […{max(cut, 0):,} characters cut…] {tail}"


def esc(text: object) -> str:
    """Untrusted text as plotly should show it: literally (plotly applies its own markup,
    ``<b>``, ``<a href>``, ``<span style>``, in hover text, ticks and titles)."""
    return html.escape(str(text), quote=False)


# A cell starting with one of these gets a leading quote ("'"), which spreadsheets read as
# "text, not a formula" and do not show; the quote itself is among them, so that
# ``csv_text`` can undo exactly what ``csv_cell`` did (an exported "'tis" is "''tis").
FORMULA_START = "=+-@\t\r'"


def csv_cell(value: object) -> str:
    """Neutralise spreadsheet formulas: a leading = + - @ (or tab/CR, or a quote) gets a
    quote. ``csv_text`` undoes it."""
    text = "" if value is None else str(value)
    if text and text[0] in FORMULA_START and text != "-":  # "-" alone: "nobody else"
        return "'" + text
    return text


def csv_text(cell: str) -> str:
    """The text of a cell ``csv_cell`` wrote: its leading quote taken off again. A quote
    before anything else is left (a spreadsheet would hide it, but no export wrote it)."""
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_START:
        return cell[1:]
    return cell


def source_label(source: dict[str, Any]) -> str:
    """How a source is named in a table or a slide: its outlet, else its url's host."""
    if source.get("outlet"):
        return str(source["outlet"])
    host = urlparse(str(source.get("url") or "")).hostname or ""
    return host.removeprefix("www.")

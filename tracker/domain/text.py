"""Text as every field of an event takes it: clean, bounded, and free of what XML forbids.

One pattern of the characters no text may hold (``has_control``), used by ``clean_text``
for a single field and by the importers for a whole row at once.

>>> clean_name("  Antony   Blinken ")
'Antony Blinken'
>>> url_problem("example.org")
'it must start with http:// or https://'
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from tracker.domain.errors import ValidationError

MAX_NAME = 200
MAX_TEXT = 20_000
# What no text may hold, in any field, by any path (one pattern, used by clean_text and by
# the importers' whole-row check):
# - the C0 controls but tab and newline, DEL and the C1 controls (Unicode category Cc);
# - lone surrogates (bytes that were not UTF-8, as Python decodes them with surrogateescape);
# - the 66 noncharacters: U+FDD0..U+FDEF and the last two code points of every plane.
# XML 1.0 forbids the controls, the surrogates, U+FFFE and U+FFFF, so a GEXF or GraphML
# export could not carry them. It allows the other noncharacters, but Unicode reserves them
# for a program's internal use, never for text that is interchanged; tracker refuses them
# all alike rather than keep a second rule for 64 code points no source text contains.
# (A character class holding astral code points is ten times slower to search: those 32 are
# looked for apart, and only in text that has an astral character at all.)
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_ASTRAL_NONCHARACTER = re.compile(
    "[" + "".join(f"{chr(p << 16 | 0xFFFE)}{chr(p << 16 | 0xFFFF)}" for p in range(1, 17)) + "]"
)
SOURCE_URL = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
_URL_START = re.compile(r"^https?://", re.IGNORECASE)


def clean_text(value: Any, what: str, *, limit: int = MAX_TEXT, required: bool = True) -> str:
    """Validate a user string: UTF-8 encodable, no control characters, within a size."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(f"{what} must be text, not {type(value).__name__}")
    bad = has_control(value)
    if bad:
        raise ValidationError(f"{what} {forbidden_reason(bad.group())}")
    value = value.strip()
    if required and not value:
        raise ValidationError(f"{what} is empty")
    if len(value) > limit:
        raise ValidationError(f"{what} is too long ({len(value)} characters, at most {limit})")
    return value


def forbidden_reason(char: str) -> str:
    """What is wrong with a character ``has_control`` found, after the field's name."""
    code = ord(char)
    if 0xD800 <= code <= 0xDFFF:  # a lone surrogate: bytes that were not UTF-8
        return "is not valid UTF-8"
    if code <= 0x9F:
        return f"contains a control character (U+{code:04X})"
    return f"contains a noncharacter (U+{code:04X}), which XML and other formats refuse"


def has_control(text: str) -> re.Match[str] | None:
    """The first character of ``text`` that ``clean_text`` refuses (see ``_CONTROL``), else
    None. Importers check a whole row at once. Every refused character is one
    ``str.isprintable`` refuses too, so most text is passed by that one quick look."""
    if text.isprintable():
        return None
    found = _CONTROL.search(text)
    if found is None and not text.isascii() and _ASTRAL.search(text):
        found = _ASTRAL_NONCHARACTER.search(text)
    return found


# is_source_url(text): whether ``Source.parse`` takes ``text`` (clean and stripped) as a
# url: a match, else None. A bound method: it runs once a row.
is_source_url = SOURCE_URL.match


def url_problem(url: str) -> str | None:
    """Why ``url`` (clean and stripped) is not a source url, or None when it is one."""
    if SOURCE_URL.match(url):
        return None
    if not _URL_START.match(url):
        return "it must start with http:// or https://"
    space = re.search(r"\s", url)
    if space is None:
        return "it has no address after the scheme"
    char = space.group()
    return (
        f"it contains a space character (U+{ord(char):04X}) at character {space.start() + 1};"
        f" a url writes it as {quote(char)}"
    )


def shown(value: Any, limit: int = 80) -> str:
    """``repr`` of a value for an error message, cut to about ``limit`` characters."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_name(value: Any, what: str = "actor name") -> str:
    name = clean_text(value, what, limit=MAX_NAME)
    if "\n" in name or "\t" in name:
        raise ValidationError(f"{what} must be on one line")
    return " ".join(name.split())

"""Event ids: UUIDv7 (RFC 9562), time-ordered, made by the writer.

An id is stored and compared in one spelling only, the canonical one: lower-case
hexadecimal, hyphenated (``0192a0b0-1234-7abc-8def-0123456789ab``). Whatever a user or a
file gives (braces, ``urn:uuid:``, no hyphens, upper case) is brought to it on input by
``canonical_id``, so four spellings of one UUID are one event.
"""

from __future__ import annotations

import os
import re
import time
import uuid

from tracker.domain.errors import ValidationError

# re.ASCII: \d-like classes would match other scripts' digits; uuid.UUID itself takes them
# (int(..., 16) reads "٣" as 3), so the hex digits are checked here first.
_CANONICAL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.ASCII)
_SPELLED = re.compile(
    r"(?:urn:uuid:)?(\{)?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?"
    r"([0-9a-f]{12})(?(1)\})",
    re.ASCII | re.IGNORECASE,
)


def uuid7() -> str:
    """A new UUIDv7 as a lowercase hyphenated string.

    48 bits of Unix time in milliseconds, version 7, variant 10, then 74 random bits.
    """
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def is_canonical_id(text: object) -> bool:
    """Whether ``text`` is a UUID in its canonical spelling (the only one the log holds)."""
    return isinstance(text, str) and _CANONICAL.fullmatch(text) is not None


def spelled_id(text: str) -> str | None:
    """The canonical form of a UUID in any of its usual spellings, else None.

    >>> spelled_id("{0192A0B0-1234-7ABC-8DEF-0123456789AB}")
    '0192a0b0-1234-7abc-8def-0123456789ab'
    >>> spelled_id("urn:uuid:0192a0b012347abc8def0123456789ab")
    '0192a0b0-1234-7abc-8def-0123456789ab'
    """
    m = _SPELLED.fullmatch(text.strip())
    if m is None:
        return None
    return "-".join(m.group(i) for i in range(2, 7)).lower()


def canonical_id(text: object, what: str = "event id") -> str:
    """``spelled_id``, or a ``ValidationError`` for anything that is not a UUID."""
    found = spelled_id(text) if isinstance(text, str) else None
    if found is None:
        shown = text if not isinstance(text, str) or len(text) <= 60 else text[:60] + "…"
        raise ValidationError(f"bad {what} {shown!r}: it must be a UUID")
    return found


def is_event_id(text: str) -> bool:
    return spelled_id(text) is not None

"""An analyst's annotations and saved views, as events: never folded into the facts.

- ``TagAdded`` / ``TagRemoved``, ``StarAdded`` / ``StarRemoved`` and ``NoteAdded`` point at
  an event (``on="event"``) or an actor (``on="actor"``) by its id. The event or actor they
  point at is unchanged: its fields, its content hash and its line stay as they are; the
  read model keeps annotations in a table of their own.
- ``ViewSaved`` / ``ViewDeleted``: a named set of timeline filters (``tracker view save``),
  shared by everyone who has the log.

Tags and views are compared ignoring case and accents (``name_key``): ``Follow-up`` and
``follow-up`` are one tag. Two branches that each change one (a tag added on one, removed
on the other) are settled like every other fact: the line recorded later decides.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar

from tracker.domain.errors import ValidationError
from tracker.domain.events.base import FlatEvent
from tracker.domain.text import MAX_NAME, clean_name, clean_text, shown

TARGET_KINDS = ("event", "actor")
MAX_TAG = 100
MAX_NOTE = 5_000
# The filters a saved view may hold: a timeline's (``EventFilter``), plus tags and stars.
VIEW_LISTS = ("actors", "with_actors", "types", "tags")
VIEW_TEXTS = ("start", "end", "as_of")
VIEW_FIELDS = (*VIEW_LISTS, *VIEW_TEXTS, "limit", "members", "starred")


@dataclass(frozen=True)
class AnnotationEvent(FlatEvent):
    """Base of the annotations: ``target`` is an event id (``on="event"``) or an actor id."""

    target: str
    on: str


@dataclass(frozen=True)
class TagAdded(AnnotationEvent):
    TYPE: ClassVar[str] = "TagAdded"

    tag: str = ""


@dataclass(frozen=True)
class TagRemoved(AnnotationEvent):
    TYPE: ClassVar[str] = "TagRemoved"

    tag: str = ""


@dataclass(frozen=True)
class StarAdded(AnnotationEvent):
    TYPE: ClassVar[str] = "StarAdded"


@dataclass(frozen=True)
class StarRemoved(AnnotationEvent):
    TYPE: ClassVar[str] = "StarRemoved"


@dataclass(frozen=True)
class NoteAdded(AnnotationEvent):
    TYPE: ClassVar[str] = "NoteAdded"

    text: str = ""


@dataclass(frozen=True)
class ViewSaved(FlatEvent):
    """A named set of filters (a timeline's, and tags/stars): ``tracker view save``."""

    TYPE: ClassVar[str] = "ViewSaved"

    name: str
    filters: Mapping[str, Any] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        return {"name": self.name, "filters": dict(self.filters)}

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> ViewSaved:
        return cls(data["name"], dict(data.get("filters") or {}))


@dataclass(frozen=True)
class ViewDeleted(FlatEvent):
    TYPE: ClassVar[str] = "ViewDeleted"

    name: str


ANNOTATION_CLASSES = (TagAdded, TagRemoved, StarAdded, StarRemoved, NoteAdded)
VIEW_CLASSES = (ViewSaved, ViewDeleted)


def check_target_kind(value: Any) -> str:
    if value not in TARGET_KINDS:
        raise ValidationError(f"an annotation points at an event or an actor, not {shown(value)}")
    return str(value)


def check_tag(value: Any) -> str:
    """A tag: one line of text, at most 100 characters.

    >>> check_tag("  follow-up ")
    'follow-up'
    """
    tag = clean_text(value, "tag", limit=MAX_TAG)
    if "\n" in tag or "\t" in tag:
        raise ValidationError(f"tag {shown(tag)} must be one line")
    return tag


def check_note(value: Any) -> str:
    return clean_text(value, "note", limit=MAX_NOTE)


def check_view_name(value: Any) -> str:
    return clean_name(value, "view name")


def check_view_filters(filters: Any) -> dict[str, Any]:
    """A saved view's filters: text lists, dates as text, a limit, flags. What the command
    line gives is checked again when the view is used (names resolved, dates parsed)."""
    if not isinstance(filters, Mapping):
        raise ValidationError("a view's filters must be an object")
    unknown = sorted(str(k) for k in set(filters) - set(VIEW_FIELDS))
    if unknown:
        raise ValidationError(f"a view has unknown filter(s) {shown(', '.join(unknown))}")
    out: dict[str, Any] = {}
    for key in VIEW_FIELDS:
        value = filters.get(key)
        if value is None or value is False or value == []:
            continue
        if key in VIEW_LISTS:
            if not isinstance(value, list):
                raise ValidationError(f"a view's {key} must be a list of text")
            out[key] = [clean_text(v, f"a view's {key}", limit=MAX_NAME) for v in value]
        elif key in VIEW_TEXTS:
            out[key] = clean_text(value, f"a view's {key}", limit=40)
        elif key == "limit":
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValidationError(f"a view's limit must be a whole number, not {shown(value)}")
            out[key] = value
        elif value is not True:
            raise ValidationError(f"a view's {key} must be true or absent, not {shown(value)}")
        else:
            out[key] = True
    return out

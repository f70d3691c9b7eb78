"""The one filter of a question (``EventFilter``): built from keywords, copied with changes,
its types checked in their one spelling, a window that ends before it starts refused."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.errors import ValidationError
from tracker.domain.filters import EventFilter


def test_of_makes_tuples_and_copies_with_changes() -> None:
    first = EventFilter.of(["Blinken"], with_actors=["Wang Yi"], types=["visit"], limit=5)
    assert first == EventFilter(("Blinken",), ("Wang Yi",), None, None, ("visit",), None, 5)
    second = EventFilter.of(first, start=date(2021, 8, 1), members=True)
    assert (second.actors, second.start, second.members, second.limit) == (
        ("Blinken",), date(2021, 8, 1), True, 5,
    )  # fmt: skip
    assert first.start is None  # frozen: the copy changed, not the original


def test_of_refuses_a_field_it_does_not_have() -> None:
    with pytest.raises(TypeError, match="unknown filter field"):
        EventFilter.of(["Blinken"], actor="Blinken")


def test_types_are_checked_in_their_one_spelling() -> None:
    assert EventFilter(types=("Phone-Call", "statement")).event_types() == (
        "phone_call",
        "statement",
    )
    with pytest.raises(ValidationError, match="unknown event type 'lunch'"):
        EventFilter(types=("lunch",)).event_types()


def test_a_window_that_ends_before_it_starts_is_refused() -> None:
    EventFilter(start=date(2021, 8, 1), end=date(2021, 8, 1)).check_window()  # one day: fine
    with pytest.raises(ValidationError) as caught:
        EventFilter(start=date(2021, 9, 1), end=date(2021, 8, 31)).check_window()
    assert caught.value.message == "--from 2021-09-01 is after --to 2021-08-31"

"""One story's repeated rows against a log that holds the story's first row alone (imported
earlier on its own): the repeat folds into the logged event, or counts as already there;
it is never a conflict, and nothing is written twice."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import file_digest
from tests.exchange.test_coded_imports import GBR, RUS, URL, g2, gdelt_file, imported
from tests.exchange.test_importers import events_of, occurrences

Run = Callable[..., Any]
DAY = "20161013"


SAME = "read 2, added 0, duplicates 1, folded 1, skipped 0, new actors 0"


@pytest.mark.parametrize(
    ("code", "repeat", "said"),
    [
        ("010", g2("91", DAY, "010", GBR, RUS, URL.format(90)), SAME),  # a statement twice
        ("190", g2("91", DAY, "190", RUS, GBR, URL.format(90)), SAME),  # a development, A-B B-A
        ("040", g2("91", DAY, "040", RUS, GBR, URL.format(90)), SAME),  # a meeting, A-B B-A
        ("040", g2("91", DAY, "040", GBR, RUS, URL.format(90)), SAME),  # a meeting twice
        # a visit's mirror rows are one event of another id (gdelt:90+91): both rows fold
        # into the logged half
        (
            "043",
            g2("91", DAY, "042", RUS, GBR, URL.format(90)),
            SAME.replace("1, folded 1", "0, folded 2"),
        ),
    ],
)
def test_the_first_row_alone_in_the_log_then_the_story_with_a_repeat(
    empty_log: Path, tmp_path: Path, cli: Run, code: str, repeat: str, said: str
) -> None:
    first = g2("90", DAY, code, GBR, RUS, URL.format(90))
    alone = gdelt_file(tmp_path / "alone.CSV", [first])
    story = gdelt_file(tmp_path / "story.CSV", [first, repeat])
    assert imported(cli, empty_log, "gdelt", alone) == (
        "read 1, added 1, duplicates 0, skipped 0, new actors 2"
    )
    [logged] = occurrences(empty_log)
    before = file_digest(empty_log)
    out = imported(cli, empty_log, "gdelt", story)
    assert out == said
    assert file_digest(empty_log) == before  # the story's one source is the event's already
    assert occurrences(empty_log) == [logged]
    assert events_of(empty_log, "EventAmended") == []
    again = imported(cli, empty_log, "gdelt", story)
    assert again == out
    assert file_digest(empty_log) == before


def test_the_first_row_alone_then_the_story_with_a_repeat_and_a_new_story(
    empty_log: Path, tmp_path: Path, cli: Run
) -> None:
    """The repeat folds into the logged event; a second story's row of the same contact
    gives its source to that event by an amendment."""
    first = g2("90", DAY, "040", GBR, RUS, URL.format(90))
    alone = gdelt_file(tmp_path / "alone.CSV", [first])
    story = gdelt_file(tmp_path / "story.CSV", [
        first,
        g2("91", DAY, "040", RUS, GBR, URL.format(90)),
        g2("92", DAY, "040", GBR, RUS, URL.format(92)),
    ])  # fmt: skip
    imported(cli, empty_log, "gdelt", alone)
    [logged] = occurrences(empty_log)
    out = imported(cli, empty_log, "gdelt", story)
    assert out == "read 3, added 0, duplicates 0, folded 3, skipped 0, new actors 0"
    [amended] = events_of(empty_log, "EventAmended")
    assert amended["target"] == logged["id"]
    assert amended["changes"]["sources"] == [{"url": URL.format(n)} for n in (90, 92)]
    before = file_digest(empty_log)
    again = imported(cli, empty_log, "gdelt", story)
    assert again == "read 3, added 0, duplicates 1, folded 2, skipped 0, new actors 0"
    assert file_digest(empty_log) == before

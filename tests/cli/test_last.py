"""Issue 17: ``timeline --last N``, the latest N events in time order, read off the index;
``--limit N`` stays the earliest N."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from tracker.queries import events as queries
from tracker.services.tracker import Tracker

CLI = Callable[..., Any]


def _ids(result: Any) -> list[str]:
    assert result.exit_code == 0, result.stderr
    return [e["id"] for e in orjson.loads(result.stdout)]


def test_last_is_the_latest_in_time_order(cli: CLI, seed_log: Path) -> None:
    everything = [e.id for e in Tracker(seed_log).timeline(["Blinken"]).entries]
    assert len(everything) == 4
    assert (
        _ids(cli("timeline", "--actor", "Blinken", "--last", "2", "-f", "json")) == everything[2:]
    )
    assert (
        _ids(cli("timeline", "--actor", "Blinken", "--limit", "2", "-f", "json")) == everything[:2]
    )
    assert _ids(cli("timeline", "--actor", "Blinken", "--last", "99", "-f", "json")) == everything
    table = cli("timeline", "--actor", "Blinken", "--last", "1")
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0] == "Timeline of Antony Blinken: 1 event(s)"
    assert table.stdout.splitlines()[3].endswith(everything[-1][-8:])
    csv = cli("timeline", "--actor", "Blinken", "--last", "1", "-f", "csv")
    assert csv.stdout.splitlines()[1].startswith(everything[-1] + ",")


def test_last_with_several_actors_and_a_window(tracker: Tracker) -> None:
    raws = [
        {"type": "phone_call", "when": day, "summary": f"call {i}",
         "participants": [{"name": "Antony Blinken"}, {"name": "Wang Yi"}],
         "sources": [{"url": "https://example.org/a"}]}
        for i, day in enumerate(["2021-08-03", "2021-08-01", "2021-08-05", "2021-08-02", "2021"])
    ]  # fmt: skip
    tracker.add_events(raws)
    whole = tracker.timeline(["Blinken", "Wang Yi"]).entries
    latest = tracker.timeline(["Blinken", "Wang Yi"], limit=2, latest=True).entries
    assert [e.when for e in latest] == [e.when for e in whole[-2:]] == ["2021-08-03", "2021-08-05"]
    window = tracker.timeline(
        ["Blinken"], start=None, limit=3, latest=True, with_actors=["Wang Yi"]
    )
    assert [e.summary for e in window.entries] == [e.summary for e in whole[-3:]]


def test_last_reads_the_index_newest_first(tracker: Tracker) -> None:
    conn = tracker.model()
    sql, params = queries._timeline_of_one_sql("antony-blinken", None, None, (), 20, True)
    plan = " ".join(row[-1] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}", params))
    print("plan:", plan)
    assert "ix_participations_actor_time" in plan
    assert "TEMP B-TREE" not in plan  # no sort of all the actor's events


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--last", "2", "--limit", "2"],
            "Error: give --limit (the earliest) or --last (the latest), not both\n",
        ),
        (["--last", "0"], None),
        (["--last", "many"], None),
    ],
)
def test_bad_last(cli: CLI, seed_log: Path, args: list[str], message: str | None) -> None:
    before = seed_log.read_bytes()
    result = cli("timeline", "--actor", "Blinken", *args)
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert "--last" in lines[0]
    if message:
        assert result.stderr == message
    assert result.stdout == ""
    assert seed_log.read_bytes() == before


def test_help_says_which_end(cli: CLI) -> None:
    text = " ".join(cli("timeline", "--help").stdout.split())
    assert "--limit N At most N events: the earliest N, in time order." in text
    assert "--last N The latest N events, in time order." in text

"""Saved views: ``view save|list|show|delete`` and ``--view NAME`` on timeline, search,
graph and export. Views are events, so they are shared and merged like the rest."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import SHIPPED_LOG, file_digest
from tracker.domain.filters import EventFilter
from tracker.log.merge import merge_logs
from tracker.services.tracker import Tracker

Cli = Callable[..., Any]


def ok(result: Any) -> Any:
    assert result.exit_code == 0, result.stderr
    return result


def ids(result: Any) -> list[str]:
    return [e["id"] for e in json.loads(ok(result).stdout)]


def test_save_list_show_delete(cli: Cli, seed_log: Path) -> None:
    saved = ok(cli("view", "save", "blinken-august", "--actor", "Blinken", "--from", "2021-08",
                   "--to", "2021-08", "--type", "phone_call"))  # fmt: skip
    assert saved.stderr == "saved view 'blinken-august'\n"
    last = json.loads(seed_log.read_text(encoding="utf-8").splitlines()[-1])
    assert (last["type"], last["data"]) == ("ViewSaved", {
        "name": "blinken-august",
        "filters": {"actors": ["Blinken"], "start": "2021-08-01", "end": "2021-08-31",
                    "types": ["phone_call"]},
    })  # fmt: skip
    ok(cli("view", "save", "Follow ups", "--tag", "follow-up", "--starred"))
    listed = ok(cli("view", "list")).stdout.splitlines()
    assert listed[0].split() == ["VIEW", "FILTERS", "SAVED", "BY", "SAVED", "(UTC)"]
    assert listed[2].startswith(
        "blinken-august  --actor Blinken --from 2021-08-01 --to 2021-08-31 --type phone_call"
    )
    assert listed[3].startswith("Follow ups      --tag follow-up --starred")
    shown = ok(cli("view", "show", "FOLLOW UPS")).stdout  # case is ignored
    assert shown.startswith("view:     Follow ups\nfilters:  --tag follow-up --starred\n")
    data = json.loads(ok(cli("view", "show", "blinken-august", "--format", "json")).stdout)
    assert data[0]["filters"]["types"] == ["phone_call"]
    ok(cli("view", "delete", "blinken-august"))
    assert [v["name"] for v in json.loads(ok(cli("view", "list", "--format", "json")).stdout)] == [
        "Follow ups"
    ]
    gone = cli("view", "show", "blinken-august")
    assert gone.exit_code == 3
    assert gone.stderr == "Error: no saved view 'blinken-august'; saved views: Follow ups\n"


def test_view_on_timeline_search_graph_and_export(cli: Cli, seed_log: Path, tmp_path: Path) -> None:
    ok(cli("view", "save", "calls", "--actor", "Blinken", "--type", "phone_call"))
    plain = ids(cli("timeline", "--actor", "Blinken", "--type", "phone_call", "--format", "json"))
    assert len(plain) == 2
    assert ids(cli("timeline", "--view", "calls", "--format", "json")) == plain
    # an option given replaces the view's: here the type
    statements = ids(cli("timeline", "--view", "calls", "--type", "statement", "--format", "json"))
    assert statements == ids(
        cli("timeline", "--actor", "Blinken", "--type", "statement", "--format", "json")
    )
    assert statements and not set(statements) & set(plain)
    found = json.loads(
        ok(cli("search", "Afghanistan", "--view", "calls", "--format", "json")).stdout
    )
    assert {h["id"] for h in found["hits"]} == set(plain)
    graph = ok(cli("graph", "--view", "calls")).stdout
    assert graph.startswith("Contacts of Antony Blinken within 1 step(s)")
    out = tmp_path / "calls.csv"
    ok(cli("export", "csv", "--view", "calls", "-o", str(out)))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["id"] for r in rows] == plain


def test_a_view_of_tags(cli: Cli, seed_log: Path) -> None:
    ok(cli("tag", "1e914455", "follow-up"))
    ok(cli("view", "save", "follow-ups", "--tag", "follow-up"))
    (event,) = json.loads(ok(cli("timeline", "--view", "follow-ups", "--actor", "Lavrov",
                                 "--format", "json")).stdout)  # fmt: skip
    assert event["id"].endswith("1e914455")


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("view", "save", "x"), 2, "a view needs at least one filter"),
        (("view", "save", "x", "--type", "nonsense"), 2, "unknown event type 'nonsense'"),
        (("view", "save", "x", "--from", "2021-13"), 2, "2021-13"),
        (("view", "save", "x", "--from", "2022", "--to", "2021"), 2, "is after"),
        (("view", "save", "x", "--actor", "Nobody Known"), 3, "unknown actor 'Nobody Known'"),
        (("view", "save", "   ", "--actor", "Blinken"), 2, "view name is empty"),
        (("view", "delete", "nope"), 3, "no saved view 'nope'; no view is saved yet"),
        (("timeline", "--view", "nope"), 3, "no saved view 'nope'"),
        (("graph", "--view", "nope"), 3, "no saved view 'nope'"),
        (("timeline",), 2, "give at least one --actor"),
    ],
)
def test_bad_views_are_one_line_and_write_nothing(
    cli: Cli, seed_log: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    before = file_digest(seed_log)
    result = cli(*args)
    assert result.exit_code == code, result.stderr
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr
    assert file_digest(seed_log) == before


def test_a_view_round_trips_through_its_filter() -> None:
    from datetime import UTC, date, datetime

    query = EventFilter(
        ("Blinken",), ("Wang Yi",), date(2021, 8, 1), date(2021, 8, 31), ("phone_call",),
        datetime(2026, 12, 1, tzinfo=UTC), 5, True, ("follow-up",), True,
    )  # fmt: skip
    assert EventFilter.from_view(query.to_view()) == query
    assert EventFilter(types=("visit",)).over(query).types == ("visit",)
    assert EventFilter(types=("visit",)).over(query).actors == ("Blinken",)


def test_two_branches_saving_one_view_merge_to_the_later(tmp_path: Path) -> None:
    trackers = []
    for name in ("a", "b"):
        log = tmp_path / name / "events.jsonl"
        log.parent.mkdir()
        shutil.copy(SHIPPED_LOG, log)
        trackers.append(Tracker(log))
    a, b = trackers
    a.save_view("shared", EventFilter(("Blinken",)))
    a.save_view("only-a", EventFilter(("Lavrov",)))
    time.sleep(0.01)
    b.save_view("Shared", EventFilter(("Wang Yi",)))  # recorded later: it wins
    results = []
    for ours, theirs in ((a, b), (b, a)):
        copy = tmp_path / f"m{len(results)}" / "events.jsonl"
        copy.parent.mkdir()
        shutil.copy(ours.log.path, copy)
        Tracker(copy).sync()
        merge_logs(copy, theirs.log.path)
        views = {v.name: v.filters for v in Tracker(copy).views()}
        Tracker(copy).rebuild()
        assert {v.name: v.filters for v in Tracker(copy).views()} == views
        results.append(views)
    assert results[0] == results[1] == {"Shared": {"actors": ["Wang Yi"]},
                                        "only-a": {"actors": ["Lavrov"]}}  # fmt: skip

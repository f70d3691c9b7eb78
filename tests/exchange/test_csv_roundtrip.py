"""``export csv`` then ``import csv`` into the same log adds nothing, whatever the cells
hold: formula-like text neutralised with a leading ``'``, quotes, separators, newlines,
amended events, several sources (a csv carries the first)."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import file_digest
from tracker.log.file import EventLog
from tracker.services.tracker import Tracker

Run = Callable[..., Any]

HOSTILE = [
    '=HYPERLINK("http://evil")',
    "+1 remark",
    "-2 points",
    "@SUM(A1)",
    "'tis the season",
    "''=already quoted twice",
    "'",
    "=",
    "-",
    'a "quoted", comma-laden\nline break',
    "=cmd|' /C calc'!A0",
]


def _fill(tracker: Tracker) -> list[str]:
    tracker.register_actor("=Evil Name", kind="person", country="RUS")
    ids = []
    for n, summary in enumerate(HOSTILE):
        raw = {
            "type": "statement" if n % 2 else "phone_call",
            "when": f"2021-08-{n + 1:02d}",
            "participants": [{"name": "Blinken", "role": "speaker" if n % 2 else "initiator"}]
            + ([] if n % 2 else [{"name": "=Evil Name", "role": "recipient"}]),
            "summary": summary,
            "topics": ["-minus", "=eq"] if n % 3 == 0 else [],
            "location": "@Home" if n % 4 == 0 else None,
            "sources": [
                {"url": f"https://example.org/{n}", "outlet": "+Outlet", "quote": "=q"},
                {"url": "https://example.org/second"},
            ],
        }
        ids.append(tracker.add_events([raw]).ids[0])
    tracker.amend(ids[0], {"summary": "-amended, now negative"}, "the readout")
    return ids


def test_the_whole_export_reimports_as_duplicates(
    tracker: Tracker, tmp_path: Path, cli: Run
) -> None:
    ids = _fill(tracker)
    log = str(tracker.log.path)
    out = tmp_path / "all.csv"
    assert cli("export", "csv", "-o", str(out), "--log", log).exit_code == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert len(rows) == len(HOSTILE)
    assert rows[0]["summary"] == "'-amended, now negative"  # as it stands now
    assert rows[0]["actors"] == "Antony Blinken; =Evil Name"  # not a formula: starts "A"
    assert rows[1]["actors"] == "Antony Blinken"
    assert rows[0]["topics"] == "'-minus; =eq" and rows[0]["location"] == "'@Home"
    assert rows[0]["source_outlet"] == "'+Outlet" and rows[0]["source_quote"] == "'=q"
    assert [r["summary"] for r in rows[1:6]] == [
        "'+1 remark", "'-2 points", "'@SUM(A1)", "''tis the season", "'''=already quoted twice",
    ]  # fmt: skip
    assert [r["summary"] for r in rows[6:9]] == ["''", "'=", "-"]
    assert [r["id"] for r in rows] == ids
    before = file_digest(tracker.log.path)
    again = cli("import", "csv", str(out), "--log", log)
    assert again.exit_code == 0, again.stderr
    n = len(HOSTILE)
    assert again.stdout.strip() == f"read {n}, added 0, duplicates {n}, skipped 0, new actors 0"
    assert file_digest(tracker.log.path) == before
    # and twice over: still nothing
    assert (
        cli("import", "csv", str(out), "--log", log)
        .stdout.strip()
        .endswith(f"added 0, duplicates {n}, skipped 0, new actors 0")
    )
    assert file_digest(tracker.log.path) == before


def test_an_edited_row_is_a_conflict_and_the_log_stays(
    tracker: Tracker, tmp_path: Path, cli: Run
) -> None:
    _fill(tracker)
    log = str(tracker.log.path)
    out = tmp_path / "all.csv"
    cli("export", "csv", "-o", str(out), "--log", log)
    text = out.read_text(encoding="utf-8").replace("'+1 remark", "'+1 remark edited")
    edited = tmp_path / "edited.csv"
    edited.write_text(text, encoding="utf-8")
    before = file_digest(tracker.log.path)
    result = cli("import", "csv", str(edited), "--log", log)
    assert result.exit_code != 0
    assert "different content" in result.stderr and "Traceback" not in result.stderr
    assert file_digest(tracker.log.path) == before


def test_a_fresh_log_takes_the_export(tracker: Tracker, tmp_path: Path, cli: Run) -> None:
    """Into another log the rows are new events with the same ids and the same text."""
    ids = _fill(tracker)
    out = tmp_path / "all.csv"
    cli("export", "csv", "-o", str(out), "--log", str(tracker.log.path))
    other = EventLog.create(tmp_path / "other" / "events.jsonl").path
    result = cli("import", "csv", str(out), "--log", str(other))
    assert result.exit_code == 0, result.stderr
    copy = Tracker(other)
    got = {e.id: e.summary for e in copy.timeline(["Antony Blinken"]).entries}
    want = {e.id: e.summary for e in tracker.timeline(["Blinken"]).entries}
    assert set(got) == set(ids) and got == want

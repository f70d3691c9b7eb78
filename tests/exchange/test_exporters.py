"""Exporters: csv, a verifiable sub-log, PLOVER, TimelineJS, GEXF and GraphML."""

from __future__ import annotations

import csv
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import file_digest
from tracker.log.envelope import Pending
from tracker.log.file import EventLog
from tracker.services.tracker import Tracker

Run = Callable[..., Any]


def test_csv_neutralises_formulas_and_reimports(busy: Tracker, tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "out.csv"
    result = cli("export", "csv", "-o", str(out), "--log", str(busy.log.path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == f"wrote {out} (4 events)"
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [r["summary"] for r in rows] == [
        "'=HYPERLINK(\"http://evil\")", "<script>alert(1)</script>", "A visit", "'+1 remark",
    ]  # fmt: skip
    assert rows[3]["topics"] == "'-x"
    assert rows[0]["actors"] == "Antony Blinken; Wang Yi"
    assert rows[0]["roles"] == "initiator; recipient"
    assert rows[0]["cameo"] == "041" and rows[2]["date"] == "2021-09"
    # The harmless rows re-import into the same log as duplicates (same ids, same content).
    clean = tmp_path / "clean.csv"
    lines = out.read_text().splitlines()
    clean.write_text("\n".join([lines[0], lines[2], lines[3]]) + "\n")
    again = cli("import", "csv", str(clean), "--log", str(busy.log.path))
    assert again.stdout.strip() == "read 2, added 0, duplicates 2, skipped 0, new actors 0"


def test_jsonl_is_a_valid_sub_log(busy: Tracker, tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "sub.jsonl"
    result = cli("export", "jsonl", "--actor", "Wang Yi", "-o", str(out),
                 "--log", str(busy.log.path))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    verified = cli("verify", "--log", str(out))
    assert verified.exit_code == 0, verified.stderr
    assert verified.stdout.startswith("ok: ")
    records = list(EventLog(out).read())
    kinds = [r.type for r in records]
    assert kinds.count("InteractionRecorded") == 2  # the call and the visit, not the retracted
    assert kinds.count("ActorRegistered") == 3 and "EventRetracted" not in kinds
    originals = {r.id: r for r in EventLog(busy.log.path).read()}
    for r in records:
        assert originals[r.id].hash == r.hash  # the same events under the same ids
    # Read back, the sub-log gives the same timeline.
    sub = Tracker(out).timeline(["Wang Yi"])
    full = busy.timeline(["Wang Yi"])
    assert [(e.id, e.summary, e.participants) for e in sub.entries] == [
        (e.id, e.summary, e.participants) for e in full.entries
    ]
    # Appending its events to the log they came from adds nothing.
    before = file_digest(busy.log.path)
    events = [Pending(r_event(r), r.id) for r in records]
    appended = busy.log.append(events)
    assert appended.written == [] and len(appended.duplicates) == len(records)
    assert file_digest(busy.log.path) == before
    # It refuses to overwrite.
    twice = cli("export", "jsonl", "-o", str(out), "--log", str(busy.log.path))
    assert twice.exit_code == 2 and "already exists" in twice.stderr


def r_event(record: Any) -> Any:
    from tracker.domain.events import EVENT_CLASSES

    return EVENT_CLASSES[record.type].from_data(record.data)


def test_imported_extra_survives_the_sub_log(empty_log: Path, tmp_path: Path, cli: Run) -> None:
    sample = tmp_path / "p.jsonl"
    sample.write_text(
        '{"id": "p-1", "date": "2021-08-16", "actor": ["Antony Blinken"], "recipient":'
        ' ["Wang Yi"], "event": ["CONSULT"], "mode": ["phone"], "intensity": 1.0,'
        ' "link": "https://example.org/p1"}\n'
    )
    assert cli("import", "plover", str(sample), "--log", str(empty_log)).exit_code == 0
    out = tmp_path / "sub.jsonl"
    assert cli("export", "jsonl", "-o", str(out), "--log", str(empty_log)).exit_code == 0
    event = next(r for r in EventLog(out).read() if r.type == "InteractionRecorded")
    assert event.data["extra"]["intensity"] == 1.0
    assert cli("verify", "--log", str(out)).exit_code == 0


def test_timelinejs(busy: Tracker, tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "tl.json"
    result = cli("export", "timelinejs", "--actor", "Blinken", "-o", str(out),
                 "--log", str(busy.log.path))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    doc = json.loads(out.read_text())
    assert doc["title"]["text"]["headline"] == "Timeline of Antony Blinken"
    slides = doc["events"]
    assert len(slides) == 3
    for slide in slides:
        assert {"start_date", "text", "group"} <= set(slide)
        assert "media" not in slide  # an article is no media: it is a link in the text
        assert set(slide["text"]) == {"headline", "text"}
    assert [s["text"]["text"].rsplit("<p>", 1)[1] for s in slides] == [
        f'Source: <a href="https://example.org/{day}">Example News</a></p>'
        for day in ("2021-08-16", "2021-08-16", "2021-10-01")
    ]
    assert slides[0]["start_date"] == {"year": 2021, "month": 8, "day": 16}
    assert {s["group"] for s in slides} == {"Wang Yi", "Sergey Lavrov", "(no counterpart)"}
    assert "<script>" not in out.read_text() and "&lt;script&gt;" in slides[1]["text"]["text"]


def test_timelinejs_month_precision_and_with(busy: Tracker, tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "tl.json"
    result = cli("export", "timelinejs", "--actor", "Wang Yi", "--with", "Sergey Lavrov",
                 "--type", "visit", "-o", str(out), "--log", str(busy.log.path))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    (slide,) = json.loads(out.read_text())["events"]
    assert slide["start_date"] == {"year": 2021, "month": 9}
    assert slide["group"] == "Sergey Lavrov"


def test_as_of_and_bad_options(busy: Tracker, tmp_path: Path, cli: Run) -> None:
    out = tmp_path / "old.csv"
    result = cli("export", "csv", "--as-of", "2000-01-01", "-o", str(out),
                 "--log", str(busy.log.path))  # fmt: skip
    assert result.exit_code == 0 and result.stdout.strip().endswith("(0 events)")
    assert len(out.read_text().splitlines()) == 1
    assert cli("export", "pdf", "-o", "x", "--log", str(busy.log.path)).exit_code == 2
    wrong = cli("export", "csv", "--type", "dinner", "-o", "x", "--log", str(busy.log.path))
    assert wrong.exit_code == 2 and "unknown event type" in wrong.stderr
    unknown = cli("export", "csv", "-a", "Nobody Atall", "-o", "x", "--log", str(busy.log.path))
    assert unknown.exit_code == 3

"""``tracker export parquet``: events, participants and actors tables in a folder, read
back by pandas and DuckDB; streamed in row groups; the log's folder refused."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from tests.conftest import file_digest
from tracker.exchange.exporting import parquet
from tracker.services.tracker import Tracker

Run = Callable[..., Any]


@pytest.fixture
def more(busy: Tracker) -> Tracker:
    """The busy log plus a date-time meeting with two sources, later amended."""
    ids = busy.add_events(
        [
            {
                "type": "meeting",
                "when": "2021-10-03T14:30+04:30",
                "participants": [
                    {"name": "Blinken", "role": "initiator"},
                    {"name": "Sergey Lavrov", "role": "recipient"},
                ],
                "summary": "Met in Geneva",
                "location": "Geneva",
                "cameo": "046",
                "sources": [
                    {"url": "https://example.org/a", "outlet": "A", "published": "2021-10-04"},
                    {"url": "https://example.org/b"},
                ],
            }
        ]
    ).ids
    busy.amend(ids[0], {"summary": "Met in Geneva for talks"}, "the readout")
    return busy


def _export(tracker: Tracker, folder: Path, cli: Run, *args: str) -> Any:
    result = cli("export", "parquet", "-o", str(folder), *args, "--log", str(tracker.log.path))
    assert result.exit_code == 0, result.stderr
    return result


def test_pandas_reads_the_tables(more: Tracker, tmp_path: Path, cli: Run) -> None:
    folder = tmp_path / "out"
    result = _export(more, folder, cli)
    assert result.stdout.strip() == f"wrote {folder} (5 events)"
    assert sorted(p.name for p in folder.iterdir()) == sorted(parquet.FILES)
    events = pd.read_parquet(folder / "events.parquet")
    assert list(events["type"]) == ["phone_call", "phone_call", "visit", "statement", "meeting"]
    assert events["id"].is_unique
    visit = events[events["type"] == "visit"].iloc[0]
    assert visit["date"] == "2021-09" and visit["precision"] == "month"
    assert (visit["day_first"], visit["day_last"]) == (date(2021, 9, 1), date(2021, 9, 30))
    meeting = events[events["type"] == "meeting"].iloc[0]
    assert meeting["summary"] == "Met in Geneva for talks" and meeting["amendments"] == 1
    assert meeting["time_utc"] == pd.Timestamp(datetime(2021, 10, 3, 10, 0, tzinfo=UTC))
    assert meeting["goldstein"] == 7.0 and meeting["cameo"] == "046"
    assert (meeting["source_url"], meeting["source_outlet"]) == ("https://example.org/a", "A")
    assert [s["url"] for s in meeting["sources"]] == [
        "https://example.org/a",
        "https://example.org/b",
    ]
    assert meeting["sources"][0]["published"] == "2021-10-04"
    statement = events[events["type"] == "statement"].iloc[0]
    assert list(statement["topics"]) == ["-x"] and statement["participants"] == 1
    assert pd.isna(statement["goldstein"]) and pd.isna(statement["time_utc"])
    assert "Did not happen" not in set(events["summary"])  # retracted
    parts = pd.read_parquet(folder / "participants.parquet")
    assert len(parts) == 9
    call = parts[parts["event_id"] == events.iloc[0]["id"]]
    assert list(zip(call["actor_name"], call["role"], strict=True)) == [
        ("Antony Blinken", "initiator"), ("Wang Yi", "recipient"),
    ]  # fmt: skip
    actors = pd.read_parquet(folder / "actors.parquet")
    assert sorted(actors["id"]) == ["antony-blinken", "sergey-lavrov", "wang-yi"]
    assert set(actors.columns) == {
        "id",
        "name",
        "kind",
        "country",
        "wikidata",
        "cameo",
        "merged_into",
    }


def test_duckdb_joins_the_tables(more: Tracker, tmp_path: Path, cli: Run) -> None:
    folder = tmp_path / "out"
    _export(more, folder, cli)
    db = duckdb.connect()
    rows = db.execute(
        f"SELECT a.name, count(*) AS n, min(e.day_first) FROM '{folder}/events.parquet' e"
        f" JOIN '{folder}/participants.parquet' p ON p.event_id = e.id"
        f" JOIN '{folder}/actors.parquet' a ON a.id = p.actor_id"
        " GROUP BY a.name ORDER BY n DESC, a.name"
    ).fetchall()
    assert rows == [
        ("Antony Blinken", 4, date(2021, 8, 16)),
        ("Sergey Lavrov", 3, date(2021, 8, 16)),
        ("Wang Yi", 2, date(2021, 8, 16)),
    ]
    month = db.execute(
        f"SELECT strftime(day_first, '%Y-%m') AS m, count(*) FROM '{folder}/events.parquet'"
        " GROUP BY m ORDER BY m"
    ).fetchall()
    assert month == [("2021-08", 2), ("2021-09", 1), ("2021-10", 2)]
    outlet = db.execute(
        f"SELECT sources[1].outlet FROM '{folder}/events.parquet' WHERE type = 'meeting'"
    ).fetchone()
    assert outlet == ("A",)


def test_filters_and_row_groups(
    more: Tracker, tmp_path: Path, cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    only = tmp_path / "wang"
    assert _export(more, only, cli, "--actor", "Wang Yi").stdout.strip().endswith("(2 events)")
    assert list(pd.read_parquet(only / "events.parquet")["type"]) == ["phone_call", "visit"]
    window = tmp_path / "october"
    _export(more, window, cli, "--from", "2021-10", "--type", "meeting")
    assert len(pd.read_parquet(window / "events.parquet")) == 1
    monkeypatch.setattr(parquet, "BATCH", 2)
    batched = tmp_path / "batched"
    _export(more, batched, cli)
    assert pq.ParquetFile(batched / "events.parquet").metadata.num_row_groups == 3
    whole = pd.read_parquet(tmp_path / "wang" / "events.parquet")
    again = pd.read_parquet(batched / "events.parquet")
    assert list(again["id"][again["id"].isin(whole["id"])]) == list(whole["id"])
    assert len(pd.read_parquet(batched / "participants.parquet")) == 9
    # again into the same folder: the files are replaced
    _export(more, batched, cli)
    assert len(pd.read_parquet(batched / "events.parquet")) == 5
    empty = tmp_path / "none"
    _export(more, empty, cli, "--from", "1990", "--to", "1990")
    assert len(pd.read_parquet(empty / "events.parquet")) == 0
    assert duckdb.sql(f"SELECT count(*) FROM '{empty}/participants.parquet'").fetchall() == [(0,)]


def test_bad_targets(more: Tracker, tmp_path: Path, cli: Run) -> None:
    log = str(more.log.path)
    before = file_digest(more.log.path)
    into_data = cli("export", "parquet", "-o", str(more.log.path.parent), "--log", log)
    assert into_data.exit_code == 2
    assert into_data.stderr.startswith("Error: refusing to write to ")
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    onto_file = cli("export", "parquet", "-o", str(a_file), "--log", log)
    assert onto_file.exit_code == 7 and len(onto_file.stderr.strip().splitlines()) == 1
    assert "is a file, not a folder" in onto_file.stderr
    bad_date = cli(
        "export", "parquet", "-o", str(tmp_path / "x"), "--from", "2021-13", "--log", log
    )
    assert bad_date.exit_code == 2 and "Traceback" not in bad_date.stderr
    assert file_digest(more.log.path) == before

"""One UUID, one event (issue 11, item 12): every spelling of an id a user or a file gives
(braces, ``urn:uuid:``, no hyphens, upper case) is the canonical lower-case hyphenated id,
on every path that takes an id."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests.reliability.conftest import Report
from tracker.domain.errors import ExitCode
from tracker.log.file import EventLog

Cli = Callable[..., Any]
CANONICAL = "0192a0b0-1234-7abc-8def-0123456789ab"
SPELLINGS = [
    "{0192A0B0-1234-7ABC-8DEF-0123456789AB}",
    "urn:uuid:0192a0b0-1234-7abc-8def-0123456789ab",
    "0192a0b012347abc8def0123456789ab",
    "0192A0B0-1234-7ABC-8DEF-0123456789AB",
    CANONICAL,
]
CALL = ["--type", "phone_call", "--initiator", "Blinken", "--recipient", "Wang Yi",
        "--date", "2021-08-16", "--summary", "One call", "--source", "https://e.org/1"]  # fmt: skip


def ids_in(path: Path) -> list[str]:
    return [r.id for r in EventLog(path).read()]


def test_add_event_id_in_four_spellings_is_one_event(
    seed_log: Path, cli: Cli, figures: Report
) -> None:
    before = len(ids_in(seed_log))
    printed = []
    for spelling in SPELLINGS:
        result = cli("add-event", *CALL, "--id", spelling)
        assert result.exit_code == 0, result.stderr
        printed.append(result.stdout.strip())
    ids = ids_in(seed_log)
    assert len(ids) == before + 1 and ids[-1] == CANONICAL
    assert printed == [CANONICAL] * len(SPELLINGS)
    figures(f"{len(SPELLINGS)} spellings of one --id: 1 event ({CANONICAL}), "
            f"{len(SPELLINGS) - 1} duplicates")  # fmt: skip


def test_json_ids_in_four_spellings_are_one_event(seed_log: Path, cli: Cli, tmp_path: Path) -> None:
    event = {"type": "phone_call", "when": "2021-08-16", "summary": "One call",
             "participants": [{"name": "Blinken", "role": "initiator"},
                              {"name": "Wang Yi", "role": "recipient"}],
             "sources": ["https://e.org/1"]}  # fmt: skip
    file = tmp_path / "events.json"
    file.write_bytes(orjson.dumps([{**event, "id": s} for s in SPELLINGS]))
    before = len(ids_in(seed_log))
    result = cli("add-event", "--json", str(file))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == [CANONICAL] * len(SPELLINGS)
    assert ids_in(seed_log)[before:] == [CANONICAL]


def test_every_command_that_takes_an_id_takes_every_spelling(
    seed_log: Path, cli: Cli, figures: Report
) -> None:
    assert cli("add-event", *CALL, "--id", CANONICAL).exit_code == 0
    for spelling in [*SPELLINGS, CANONICAL[-12:].upper()]:
        shown = cli("show", spelling)
        assert shown.exit_code == 0 and f"id:           {CANONICAL}" in shown.stdout, spelling
        history = cli("history", spelling)
        assert history.exit_code == 0 and CANONICAL in history.stdout, spelling
    amended = cli("amend", SPELLINGS[0], "--summary", "One long call", "--reason", "longer")
    assert amended.exit_code == 0, amended.stderr
    retracted = cli("retract", SPELLINGS[1], "--reason", "duplicate report")
    assert retracted.exit_code == 0, retracted.stderr
    targets = [r.data["target"] for r in EventLog(seed_log).read() if "target" in r.data]
    assert targets[-2:] == [CANONICAL, CANONICAL]
    again = cli("retract", SPELLINGS[2], "--reason", "again")
    assert again.exit_code == ExitCode.USAGE and "already retracted" in again.stderr
    figures(f"show, history: {len(SPELLINGS) + 1} spellings each; amend and retract by braces"
            " and urn: targets stored canonical")  # fmt: skip


def test_csv_import_ids_in_every_spelling_are_one_event(
    seed_log: Path, cli: Cli, tmp_path: Path
) -> None:
    """...and a lookalike in other digits is no UUID (uuid.UUID would read it as one): it is
    the row's own source id."""
    rows = tmp_path / "rows.csv"
    lines = ["type,date,actors,summary,source_url,id"]
    lines += [
        f"phone_call,2021-08-16,Blinken;Wang Yi,One call,https://e.org/1,{s}" for s in SPELLINGS
    ]
    lookalike = "\uff10" * 32
    lines.append(f"meeting,2021-08-17,Blinken;Wang Yi,Met,https://e.org/2,{lookalike}")
    rows.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = len(ids_in(seed_log))
    result = cli("import", "csv", str(rows))
    assert result.exit_code == 0, result.stderr
    assert "added 2, duplicates 4" in result.stdout
    added = ids_in(seed_log)[before:]
    assert added[0] == CANONICAL and added[1] != "00000000-0000-0000-0000-000000000000"


@pytest.mark.parametrize(
    "spelling",
    [
        "\uff10" * 32,  # full-width digits: uuid.UUID reads them as 0
        "0192a0b0-1234-7abc-8def-0123456789a\u0661",  # an Arabic-Indic one at the end
        "{0192a0b0-1234-7abc-8def-0123456789ab",  # an unclosed brace
        "0192a0b0-1234-7abc-8def-0123456789abc",
    ],
)
def test_what_only_looks_like_a_uuid_is_refused(seed_log: Path, cli: Cli, spelling: str) -> None:
    before = seed_log.read_bytes()
    result = cli("add-event", *CALL, "--id", spelling)
    assert result.exit_code == ExitCode.USAGE
    assert result.stderr.startswith("Error: bad event id ") and result.stderr.count("\n") == 1
    assert result.stderr.rstrip().endswith(": it must be a UUID")
    assert seed_log.read_bytes() == before

"""Hostile input in every field of ``add-event``: never a traceback, only documented exit
codes, the text stored literally when accepted and the log untouched when refused."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SOURCE
from tests.reliability.conftest import Report
from tracker.log.file import EventLog

Cli = Callable[..., Any]
VALID = {
    "--type": "phone_call",
    "--initiator": "Blinken",
    "--recipient": "Lavrov",
    "--date": "2021-08-20",
    "--summary": "Blinken called Lavrov again",
    "--topic": "Afghanistan",
    "--location": "Washington",
    "--source": SOURCE,
    "--outlet": "Example News",
    "--published": "2021-08-21",
    "--quote": "We spoke.",
    "--cameo": "040",
    "--id": "018f0000-0000-7000-8000-0000000000aa",
}
DOCUMENTED_REFUSALS = {2, 3, 4, 5}  # bad input, not found, ambiguous, conflict
STATS: Counter[str] = Counter()


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def attempt(cli: Cli, log_path: Path, option: str, text: str) -> str:
    """Run add-event with ``option`` set to ``text``; check the outcome; say which it was."""
    args = ["add-event"]
    for key, value in VALID.items():
        if key == "--id" and option != "--id":
            continue  # a fresh id each time, so accepted runs do not collide
        args.append(f"{key}={text if key == option else value}")
    before = log_path.read_bytes()
    result = cli(*args)
    out = str(result.stdout) + str(result.stderr)
    assert "Traceback" not in out
    if result.exit_code == 0:
        assert log_path.read_bytes().startswith(before)
        records = list(EventLog(log_path).read())
        assert records[-1].id == result.stdout.strip()
        assert len(records) == before.count(b"\n") + 1
        return "accepted"
    assert result.exit_code in DOCUMENTED_REFUSALS, (option, text, result.exit_code, out)
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "internal error" not in result.stderr
    assert log_path.read_bytes() == before
    return f"exit {result.exit_code}"


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(option=st.sampled_from(sorted(VALID)), text=st.text(max_size=40))
def _generated_text_in_any_field(cli: Cli, seed_log: Path, option: str, text: str) -> None:
    STATS[attempt(cli, seed_log, option, text)] += 1


def test_generated_text_in_any_field(cli: Cli, seed_log: Path, figures: Report) -> None:
    """hypothesis st.text() in every add-event field: each run accepted or refused cleanly."""
    STATS.clear()
    _generated_text_in_any_field(cli, seed_log)
    total = sum(STATS.values())
    assert total >= 50  # hypothesis ran (nearly) all its examples
    assert STATS["accepted"] > 0 and total - STATS["accepted"] > 0  # both outcomes seen
    outcomes = ", ".join(f"{n} {k}" for k, n in sorted(STATS.items()))
    figures(f"hostile input (hypothesis st.text() in 13 add-event fields): {total} runs,"
            f" {outcomes}; 0 tracebacks, 0 undocumented codes, log unchanged on every refusal")  # fmt: skip


PAYLOADS = {
    "script": "<script>alert(1)</script>",
    "a href": '<a href="javascript:alert(1)">x</a>',
    "span style": '<span style="color:red">x</span>',
    "format": "%{x} %s {0}",
    "formula": '=HYPERLINK("http://evil.example","x")',
    "nul": "a\x00b",
    "1 MB": "x" * 1_000_000,
    "U+202E": "Blinken \u202eecnalubma",
    "lone surrogate": "Blinken \udcff",
}


@pytest.mark.parametrize("name", sorted(PAYLOADS))
def test_known_payloads_in_every_field(
    cli: Cli, seed_log: Path, name: str, figures: Report
) -> None:
    payload = PAYLOADS[name]
    started = time.monotonic()
    outcome: dict[str, str] = {}
    for option in VALID:
        outcome[option] = attempt(cli, seed_log, option, payload)
        if outcome[option] == "accepted":  # stored literally, not escaped or changed
            assert payload in strings(list(EventLog(seed_log).read())[-1].data), option
    accepted = [o for o, r in outcome.items() if r == "accepted"]
    refused = Counter(r for r in outcome.values() if r != "accepted")
    figures(
        f"payload {name!r}: stored literally via {', '.join(accepted) or 'no field'};"
        f" refused clearly elsewhere ({', '.join(f'{n} x {k}' for k, n in refused.items())}),"
        f" {time.monotonic() - started:.1f} s"
    )

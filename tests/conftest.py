"""Shared fixtures: a temporary copy of the shipped log, an empty log, and a CLI runner."""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tracker.cli.app import app
from tracker.log.file import EventLog
from tracker.services.tracker import Tracker

ROOT = Path(__file__).resolve().parent.parent
SHIPPED_LOG = ROOT / "data" / "events.jsonl"
SOURCE = "https://example.org/story"

# Tests that measure something report it through the ``figures`` fixture: the line is printed,
# kept as the test's ``figures`` property (JUnit XML), and listed at the end of the run under
# the section of the test's folder. The summary reads the reports, which pytest-xdist carries
# from its workers, so the figures are listed however many processes ran the suite.
_FIGURE_SECTIONS = {"tests/log/postgres/": "server store figures", "": "reliability figures"}


@pytest.fixture
def figures(record_property: Callable[[str, object], None]) -> Callable[[str], None]:
    def report(line: str) -> None:
        print(line)
        record_property("figures", line)

    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    sections: dict[str, list[str]] = {}
    for reports in terminalreporter.stats.values():
        for report in reports:
            if getattr(report, "when", None) != "call":
                continue
            nodeid = str(getattr(report, "nodeid", ""))
            for key, value in getattr(report, "user_properties", ()):
                if key == "figures":
                    prefix = next(p for p in _FIGURE_SECTIONS if nodeid.startswith(p))
                    name = nodeid.rpartition("::")[2]
                    sections.setdefault(_FIGURE_SECTIONS[prefix], []).append(f"{name}: {value}")
    for title, lines in sorted(sections.items()):
        terminalreporter.section(title)
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test runs in its own folder, with no TRACKER_* settings leaking in."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRACKER_LOG", raising=False)
    monkeypatch.delenv("TRACKER_STORE", raising=False)
    monkeypatch.setenv("TRACKER_USER", "tester")
    monkeypatch.setenv("COLUMNS", "200")
    # A command that takes over a second says so on stderr (tracker/cli/status.py). On a
    # loaded machine a quick test command can take that long, and its one status line would
    # sit before the output a test reads; tests/cli/test_status.py sets 0 where it tests it.
    monkeypatch.setenv("TRACKER_STATUS_DELAY", "3600")


@pytest.fixture
def seed_log(tmp_path: Path) -> Path:
    """A copy of the shipped log at ./data/events.jsonl (the default path)."""
    target = tmp_path / "data" / "events.jsonl"
    target.parent.mkdir()
    shutil.copy(SHIPPED_LOG, target)
    return target


@pytest.fixture
def empty_log(tmp_path: Path) -> Path:
    return EventLog.create(tmp_path / "data" / "events.jsonl").path


@pytest.fixture
def tracker(empty_log: Path) -> Tracker:
    """A tracker on an empty log with two actors registered."""
    t = Tracker(empty_log)
    t.register_actor("Antony Blinken", kind="person", aliases=["Blinken"], country="USA")
    t.register_actor("Wang Yi", kind="person", country="CHN")
    return t


Result = object


@pytest.fixture
def cli() -> Callable[..., object]:
    """Run the CLI in-process: cli("timeline", "--actor", "Blinken") -> result.

    The result has .exit_code, .stdout and .stderr kept apart.
    """
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None) -> object:
        return runner.invoke(app, list(args), input=input, catch_exceptions=False)

    return invoke


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()

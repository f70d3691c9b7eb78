"""``tracker import historyatstate ... --propose-meetings FILE``: the trips' remarks run
through the extractor, the meetings written as add-event drafts (never appended), then
appended by add-event. Fixtures: made-up trips in the published files' shape."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.conftest import file_digest

Cli = Callable[..., Any]

TRIPS = """<?xml version="1.0" encoding="UTF-8"?>
<trips>
    <trip role="secretary" who="ruiz-ana-maria">
        <id>9001</id>
        <role>secretary</role>
        <name>Ana Maria Ruiz</name>
        <start-date>2031-03-15</start-date>
        <end-date>2031-03-17</end-date>
        <country id="japan">Japan</country>
        <locale>Tokyo</locale>
        <remarks>Met with Prime Minister Hiro Tanaka and Minister for Foreign Affairs
            Kenji Sato. Attended the Quad Foreign Ministers Meeting.</remarks>
    </trip>
    <trip role="secretary" who="ruiz-ana-maria">
        <id>9002</id>
        <role>secretary</role>
        <name>Ana Maria Ruiz</name>
        <start-date>2031-03-18</start-date>
        <end-date>2031-03-18</end-date>
        <country id="korea-south">Korea, South</country>
        <locale>Seoul</locale>
        <remarks>Attended the Summit for Democracy.</remarks>
    </trip>
</trips>
"""


def _repo(tmp_path: Path) -> Path:
    folder = tmp_path / "travels" / "secretary-travels"
    folder.mkdir(parents=True)
    (folder / "ruiz-ana-maria.xml").write_text(TRIPS, encoding="utf-8")
    return tmp_path / "travels"


def test_the_remarks_meetings_are_drafts_that_add_event_appends(
    empty_log: Path, tmp_path: Path, cli: Cli
) -> None:
    repo, drafts = _repo(tmp_path), tmp_path / "drafts.json"
    result = cli("import", "historyatstate", str(repo), "--propose-meetings", str(drafts),
                 "--log", str(empty_log))  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "proposed 1 meeting(s) from the remarks of 2 trip stop(s)" in result.stdout
    events_after_import = empty_log.read_text(encoding="utf-8").count('"InteractionRecorded"')
    (draft,) = json.loads(drafts.read_text(encoding="utf-8"))
    assert draft["type"] == "meeting" and draft["date"] == "2031-03-15"
    names = [p["actor"] if isinstance(p["actor"], str) else p["actor"]["name"]
             for p in draft["participants"]]  # fmt: skip
    assert names == ["ana-maria-ruiz", "Hiro Tanaka", "Kenji Sato"]
    assert draft["sources"][0]["url"].endswith("/travels/secretary/ruiz-ana-maria")
    assert draft["proposal"]["source_id"] == "9001"
    added = cli("add-event", "--json", str(drafts), "--create-actors", "--log", str(empty_log))
    assert added.exit_code == 0, added.stderr
    text = empty_log.read_text(encoding="utf-8")
    assert text.count('"InteractionRecorded"') == events_after_import + 1
    assert '"Kenji Sato"' in text


def test_refusals_leave_the_log_as_it_was(empty_log: Path, tmp_path: Path, cli: Cli) -> None:
    repo = _repo(tmp_path)
    before = file_digest(empty_log)
    cases = [
        (["import", "historyatstate", str(repo), "--propose-meetings", str(empty_log)],
         "is the log itself"),
        (["import", "historyatstate", str(repo), "--propose-meetings",
          str(tmp_path / "no-such-dir" / "d.json")], "not a writable folder"),
        (["import", "historyatstate", str(repo), "--propose-meetings", str(tmp_path)],
         "is a folder"),
        (["import", "csv", str(repo), "--propose-meetings", str(tmp_path / "d.json")],
         "for the historyatstate format"),
    ]  # fmt: skip
    for args, message in cases:
        result = cli(*args, "--log", str(empty_log))
        assert result.exit_code == 2, (args, result.stdout)
        assert message in result.stderr and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
        assert file_digest(empty_log) == before

"""Chart and report file names: readable, and one per actor (issue 11, item 11).

Non-Latin names are transliterated (anyascii): 王毅 -> ``wang-yi``, Сергей Лавров ->
``sergey-lavrov``; a name with nothing to transliterate falls back to the actor id; a name
already given in the run gets the actor id too, so no chart overwrites another and the
report's index links each title to its own page.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.reliability.conftest import Report
from tracker.cli.app import app
from tracker.log.file import EventLog
from tracker.services.recording import ActorRef
from tracker.services.tracker import Tracker

SOURCE = "https://example.org/story"
# (name, events with Blinken): the busier first in the report.
COUNTERPARTS = [("王毅", 4), ("Сергей Лавров", 3), ("Wang Yi", 2), ("⸻", 1)]


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def log(tmp_path: Path) -> Path:
    path = EventLog.create(tmp_path / "data" / "events.jsonl").path
    with Tracker(path) as t:
        t.register_actor("Antony Blinken", kind="person", aliases=["Blinken"], country="USA")
        day = 1
        for name, count in COUNTERPARTS:
            t.register_actor(name, kind="person")
            for _ in range(count):
                t.add_event(
                    type="phone_call",
                    when=f"2021-08-{day:02d}",
                    participants=[ActorRef("Blinken", "initiator"), ActorRef(name, "recipient")],
                    summary=f"Blinken called {name}",
                    sources=[SOURCE],
                )
                day += 1
    return path


def shows(page: Path, name: str) -> bool:
    """Whether the chart ``page`` names ``name`` (plotly may write it \\u-escaped)."""
    text = page.read_text(encoding="utf-8")
    return name in text or json.dumps(name)[1:-1] in text


def test_report_names_each_counterparts_chart(log: Path, figures: Report) -> None:
    result = run("report", "--actor", "Blinken")
    assert result.exit_code == 0, result.stderr
    folder = Path("reports/blinken")
    index = (folder / "index.html").read_text(encoding="utf-8")
    charts = re.search(r'<ul id="charts">\n(.*?)\n</ul>', index, re.S)
    assert charts is not None
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a></li>', charts.group(1))
    assert links == [
        ("timeline.html", "Timeline of Antony Blinken"),
        ("network.html", "Contacts of Antony Blinken (two steps)"),
        ("activity.html", "Activity of Antony Blinken and counterparts by month"),
        ("dyad-wang-yi.html", "Antony Blinken and 王毅"),
        ("dyad-sergey-lavrov.html", "Antony Blinken and Сергей Лавров"),
        ("dyad-wang-yi-wang-yi.html", "Antony Blinken and Wang Yi"),  # taken: + its id
        ("dyad-actor-3.html", "Antony Blinken and ⸻"),  # nothing to transliterate: its id
    ]
    pages = {href for href, _ in links}
    assert len(pages) == len(links)  # one page per chart
    assert {p.name for p in folder.iterdir()} == pages | {"index.html", "plotly.min.js"}
    for href, title in links[3:]:
        counterpart = title.removeprefix("Antony Blinken and ")
        assert shows(folder / href, counterpart), href
        others = [n for n, _ in COUNTERPARTS if n != counterpart and n not in counterpart]
        assert not any(shows(folder / href, f"and {n}") for n in others), href
    figures(
        f"report of Blinken: {len(links)} charts, {len(pages)} files, each title linked to its"
        " own page (王毅 -> dyad-wang-yi, Сергей Лавров -> dyad-sergey-lavrov,"
        " Wang Yi -> dyad-wang-yi-wang-yi, ⸻ -> dyad-actor-3)"
    )


@pytest.mark.parametrize(
    ("args", "written"),
    [
        (["timeline", "--actor", "Blinken", "--with", "Wang Yi"], "timeline-blinken-with-wang-yi"),
        (["timeline", "--actor", "王毅"], "timeline-wang-yi"),
        (["timeline", "--actor", "Blinken", "--with", "Сергей Лавров"],
         "timeline-blinken-with-sergey-lavrov"),
        (["timeline", "--actor", "⸻"], "timeline-actor-3"),
        (["dyad", "王毅", "Blinken"], "dyad-wang-yi-blinken"),
        (["graph", "--actor", "Сергей Лавров"], "network-sergey-lavrov"),
    ],
    ids=lambda v: v if isinstance(v, str) else None,
)  # fmt: skip
def test_default_chart_names(log: Path, args: list[str], written: str, figures: Report) -> None:
    result = run(*args, "--html")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"wrote reports/{written}.html (")
    assert Path(f"reports/{written}.html").is_file()
    figures(f"{' '.join(args)} --html -> reports/{written}.html")


def test_report_folder_of_a_non_latin_name(log: Path) -> None:
    result = run("report", "--actor", "王毅")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "wrote reports/wang-yi/index.html (4 charts)\n"


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Antony Blinken", "antony-blinken"),
        ("王毅", "wang-yi"),
        ("习近平", "xi-jin-ping"),
        ("김정은", "gim-jeong-eun"),
        ("Сергей Лавров", "sergey-lavrov"),
        ("Щербаков", "shcherbakov"),  # a capital of a cased script stays in its word
        ("Νίκος Δένδιας", "nikos-dendias"),
        ("محمد جواد ظريف", "mhmd-jwd-dhryf"),
        ("Łódź / Ñuñoa", "lodz-nunoa"),
        ("⸻", ""),
        ("A" * 1000, "a" * 60),
        ("word " * 40, "-".join(["word"] * 12)),  # cut at a word, at most 60 characters
    ],
)
def test_file_slug(name: str, slug: str) -> None:
    from tracker.domain.names import file_slug

    assert file_slug(name) == slug

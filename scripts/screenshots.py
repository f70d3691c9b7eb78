"""Regenerate the README's screenshots in docs/, from charts the tracker writes itself.

    .venv/bin/python scripts/screenshots.py

- docs/timeline.png: ``tracker timeline --actor Blinken --html`` on the shipped log;
- docs/network.png: ``tracker graph --actor "Actor 0000" --html`` on a generated log of
  200 actors and 5000 events (benchmarks/generate.py, seed 1);
- docs/report-index.png: the index page of ``tracker report --actor Blinken``;
- docs/explorer.png: ``tracker explore`` on the shipped log, Blinken's call to Lavrov
  opened in the detail panel.

Everything runs in a temporary folder, offline: Debian's chromium (/usr/bin/chromium,
driven by playwright; never ``playwright install``) with every request that is not
``file:`` aborted. A page error, a console error or a blocked request fails the script.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
READY = """() => {
    const gd = document.querySelector('.js-plotly-plot');
    return !!(gd && gd._fullLayout && gd.calcdata && gd.querySelector('.main-svg'));
}"""
LIMIT = 300_000  # bytes a screenshot may weigh


def tracker(folder: Path, *args: str) -> str:
    """Run the tracker CLI in ``folder``, as a user would; its stdout."""
    env = {**os.environ, "TRACKER_USER": "screenshots", "COLUMNS": "120"}
    env.pop("TRACKER_LOG", None)
    done = subprocess.run(
        [sys.executable, "-m", "tracker", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        raise SystemExit(f"tracker {' '.join(args)} failed:\n{done.stderr}")
    print(f"  tracker {' '.join(args)}: {done.stdout.strip()}")
    return done.stdout


def make_pages(work: Path) -> dict[str, Path]:
    """The three pages to photograph, written by the tracker into ``work``."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.generate import generate

    shipped = work / "shipped"
    (shipped / "data").mkdir(parents=True)
    shutil.copy(ROOT / "data" / "events.jsonl", shipped / "data" / "events.jsonl")
    tracker(shipped, "timeline", "--actor", "Blinken", "--html")
    tracker(shipped, "report", "--actor", "Blinken")
    tracker(shipped, "explore")

    synthetic = work / "synthetic"
    generate(synthetic / "data" / "events.jsonl", n_events=5000, n_actors=200, seed=1)
    tracker(synthetic, "graph", "--actor", "Actor 0000", "--html")
    return {
        "timeline.png": shipped / "reports" / "timeline-blinken.html",
        "network.png": synthetic / "reports" / "network-actor-0000.html",
        "report-index.png": shipped / "reports" / "blinken" / "index.html",
        "explorer.png": shipped / "reports" / "explorer.html",
    }


def shoot(pages: dict[str, Path]) -> None:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    problems: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=FLAGS)
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        context.set_default_timeout(30_000)

        def route(r: Any) -> None:
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                problems.append(f"blocked {r.request.url}")
                r.abort()

        context.route("**/*", route)
        page = context.new_page()
        page.on("pageerror", lambda e: problems.append(f"pageerror: {e}"))
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        for name, source in pages.items():
            page.goto(source.as_uri(), wait_until="load")
            target = DOCS / name
            if source.name == "index.html":
                page.screenshot(path=str(target), full_page=True)
            elif source.name == "explorer.html":
                # its CSP forbids eval, so no wait_for_function: the page marks itself
                page.set_viewport_size({"width": 1280, "height": 900})
                page.wait_for_selector("body[data-ready='1']", state="attached")
                page.click("#list .row:has-text('Russian Foreign Minister')")
                page.mouse.move(1, 1)
                page.screenshot(path=str(target), full_page=True)
                page.set_viewport_size({"width": 1280, "height": 800})
            else:
                page.wait_for_function(READY)
                page.mouse.move(1, 1)  # no hover label in the picture
                page.locator(".js-plotly-plot").screenshot(path=str(target))
            size = target.stat().st_size
            print(f"  {target.relative_to(ROOT)}: {size // 1024} KB")
            if size > LIMIT:
                problems.append(f"{name} weighs {size} bytes, more than {LIMIT}")
        browser.close()
    if problems:
        raise SystemExit("screenshots failed:\n" + "\n".join(problems))


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tracker-shots-") as tmp:
        print("writing the charts")
        pages = make_pages(Path(tmp))
        print("taking the screenshots")
        shoot(pages)
    return 0


if __name__ == "__main__":
    sys.exit(main())

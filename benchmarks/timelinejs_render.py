"""Render TimelineJS exports in the real TimelineJS3, offline, and say what a reader sees.

    .venv/bin/python benchmarks/timelinejs_render.py TIMELINE.json [...]

Each file (``tracker export timelinejs -o TIMELINE.json`` of a real published file, say)
is inlined into a page with TimelineJS3 from ``.cache/timelinejs`` (``scripts/setup.sh
--browser``) and opened in headless Chromium with every request outside the page refused.
Printed per file: slides drawn of slides in the file, images drawn and broken, page
errors, requests refused, the group labels, and the first dates shown.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / ".cache" / "timelinejs" / "node_modules" / "@knight-lab" / "timelinejs" / "dist"
FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip


def render(browser: Any, path: Path) -> dict[str, object]:
    doc = json.loads(path.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copytree(DIST / "css", folder / "css")
        shutil.copytree(DIST / "js", folder / "js")
        inline = json.dumps(doc).replace("</", "<\\/")
        page_html = folder / "page.html"
        page_html.write_text(
            "<!doctype html><html><head><meta charset='utf-8'>"
            "<link rel='stylesheet' href='css/timeline.css'><script src='js/timeline.js'>"
            "</script></head><body><div id='embed' style='width:1200px;height:720px'></div>"
            f"<script>var data = {inline};"
            "window.tl = new TL.Timeline('embed', data, {font: null, hash_bookmark: false});"
            "</script></body></html>",
            encoding="utf-8",
        )
        context = browser.new_context(viewport={"width": 1280, "height": 800})
        page = context.new_page()
        errors: list[str] = []
        refused: list[str] = []

        def route(r: Any) -> None:
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                refused.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_html.as_uri())
        want = len(doc["events"]) + (1 if "title" in doc else 0)
        page.wait_for_function(
            f"document.querySelectorAll('.tl-slide').length >= {want}", timeout=60_000
        )
        for slide in doc["events"][:50]:  # shown slides load their media
            page.evaluate("id => window.tl.goToId(id)", slide["unique_id"])
        images = page.evaluate(
            "() => [...document.querySelectorAll('img')].map(i => [i.complete, i.naturalWidth])"
        )
        groups = sorted(set(page.locator(".tl-timegroup-message").all_text_contents()))
        dates = page.locator(".tl-headline-date").all_text_contents()
        drawn = page.locator(".tl-slide").count()
        context.close()
    return {
        "slides drawn": f"{drawn} of {want}",
        "images": f"{len(images)}, broken {sum(1 for ok, w in images if not ok or w == 0)}",
        "page errors": errors[:3],
        "requests refused": len(refused),
        "groups": groups[:12] + (["..."] if len(groups) > 12 else []),
        "first dates": [d for d in dates if d][:4],
    }


def main(paths: list[Path]) -> None:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium") or "/usr/bin/chromium"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=FLAGS)
        for path in paths:
            print(f"== {path}")
            for key, value in render(browser, path).items():
                print(f"  {key}: {value}")
        browser.close()


if __name__ == "__main__":
    main([Path(a) for a in sys.argv[1:]])

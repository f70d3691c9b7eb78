"""benchmarks/extract_eval.py on a folder in the corpus format (two short readouts written
for this test): the table's counts, warm and cold, and not_events counted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

DOCS = [
    {
        "url": "https://example.org/a", "outlet": "Test", "published": "2031-09-17",
        "title": "Secretary Ruiz's Call with Norwegian Foreign Minister Lind",
        "text": "The below is attributable to Spokesperson Mia Holt:\n\nSecretary of State Ana"
                " Ruiz spoke today with Norwegian Foreign Minister Eva Lind. They will meet"
                " next week in Oslo.",
        "actors": [
            {"name": "Ana Ruiz", "kind": "person", "country": "USA",
             "aliases": ["Ruiz", "Secretary Ruiz"], "office": "Secretary of State"},
            {"name": "Eva Lind", "kind": "person", "country": "NOR", "aliases": ["Lind"],
             "office": "Minister of Foreign Affairs"},
        ],
        "events": [
            {"type": "phone_call", "date": "2031-09-17", "participants": ["Ana Ruiz", "Eva Lind"],
             "evidence": "Secretary of State Ana Ruiz spoke today with Norwegian Foreign"
                         " Minister Eva Lind."},
        ],
        "not_events": ["They will meet next week in Oslo."],
    },
    {
        "url": "https://example.org/b", "outlet": "Test", "published": "2031-09-20",
        "title": "Lind meets Tanaka",
        "text": "OSLO - Norwegian Foreign Minister Eva Lind met Japanese Foreign Minister Hiro"
                " Tanaka on Friday in Oslo.",
        "actors": [
            {"name": "Eva Lind", "kind": "person", "country": "NOR", "aliases": ["Lind"]},
            {"name": "Hiro Tanaka", "kind": "person", "country": "JPN", "aliases": ["Tanaka"]},
        ],
        "events": [
            {"type": "meeting", "date": "2031-09-19", "participants": ["Eva Lind", "Hiro Tanaka"],
             "evidence": "Norwegian Foreign Minister Eva Lind met Japanese Foreign Minister Hiro"
                         " Tanaka on Friday in Oslo."},
        ],
        "not_events": [],
    },
]  # fmt: skip


def test_the_evaluation_scores_any_folder_in_the_corpus_format(tmp_path: Path) -> None:
    for i, doc in enumerate(DOCS, 1):
        (tmp_path / f"{i:02d}.json").write_text(json.dumps(doc), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "extract_eval.py"), str(tmp_path),
         "--seconds", "0.05", "--seeds", str(tmp_path / "no-seeds")],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    rows = {
        line.split("|")[1].strip(): [c.strip() for c in line.split("|")[2:-1]]
        for line in out.splitlines()
        if line.startswith("| warm") or line.startswith("| cold")
    }
    # gold, proposed, matched, precision, recall, F1, type, date, dated date, role, not_events
    assert rows["warm, with borderline"] == [
        "2",
        "2",
        "2",
        "1.00",
        "1.00",
        "1.00",
        "1.00",
        "1.00",
        "1.00",
        "1.00",
        "0/1",
    ]
    cold = rows["cold, with borderline"]  # new people proposed from the text alone
    assert cold[:3] == ["2", "2", "2"] and cold[-1] == "0/1"
    assert "2 documents from" in out
    assert "documents per CPU second" in out
    assert "seed article" in out and "not found; skipped" in out

"""Fixtures of the exchange tests: a small log with calls, a visit, a statement and hostile text."""

from __future__ import annotations

from typing import Any

import pytest

from tracker.services.tracker import Tracker


@pytest.fixture
def busy(tracker: Tracker) -> Tracker:
    """Blinken and Wang Yi plus Lavrov, with calls, a visit, a statement and hostile text."""
    tracker.register_actor("Sergey Lavrov", kind="person", country="RUS")

    def add(kind: str, when: str, parts: list[tuple[str, str]], summary: str, **more: Any) -> str:
        raw = {
            "type": kind,
            "when": when,
            "participants": [{"name": n, "role": r} for n, r in parts],
            "summary": summary,
            "sources": [{"url": f"https://example.org/{when}", "outlet": "Example News"}],
            **more,
        }
        return tracker.add_events([raw]).ids[0]

    add("phone_call", "2021-08-16", [("Blinken", "initiator"), ("Wang Yi", "recipient")],
        '=HYPERLINK("http://evil")', cameo="041")  # fmt: skip
    add("phone_call", "2021-08-16", [("Blinken", "initiator"), ("Sergey Lavrov", "recipient")],
        "<script>alert(1)</script>", cameo="041")  # fmt: skip
    add("visit", "2021-09", [("Wang Yi", "visitor"), ("Sergey Lavrov", "host")], "A visit")
    add("statement", "2021-10-01", [("Blinken", "speaker")], "+1 remark", topics=["-x"])
    wrong = add("meeting", "2021-10-02", [("Blinken", "initiator"), ("Wang Yi", "recipient")],
                "Did not happen")  # fmt: skip
    tracker.retract(wrong, "never happened")
    return tracker

"""tracker: an event-sourced diplomatic timeline tracker.

The flow: the log (``tracker.log``) -> events (``tracker.events``) -> the read model
(``tracker.projection``, tables in ``tracker.schema``) -> queries (``tracker.queries``)
and charts (``tracker.charts``) -> the CLI (``tracker.cli``). ``tracker.api.Tracker`` is
the library's front door.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"
__all__ = ["Tracker", "__version__"]


def __getattr__(name: str) -> Any:
    if name == "Tracker":
        from tracker.api import Tracker

        return Tracker
    raise AttributeError(name)

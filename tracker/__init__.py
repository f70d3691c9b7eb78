"""tracker: an event-sourced diplomatic timeline tracker.

The package is layered, each layer importing only those below it:
``domain`` (events, dates, ids, codes: pure) -> ``log`` (the append-only file) ->
``readmodel`` (the SQLite cache) -> ``queries`` -> ``services`` (the library:
``Tracker``) -> ``exchange`` (imports, exports), ``views`` (tables, charts, report) and
``extract`` (text to events) -> ``cli``.

>>> from tracker import Tracker  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tracker.services import ActorRef, Tracker

__version__ = "0.1.0"
__all__ = ["ActorRef", "Tracker", "__version__"]


def __getattr__(name: str) -> Any:
    # The library loads on first use: `tracker --help` needs none of it.
    if name in ("Tracker", "ActorRef"):
        from tracker import services

        return getattr(services, name)
    raise AttributeError(name)

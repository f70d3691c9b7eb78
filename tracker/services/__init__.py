"""The library: ``Tracker`` (``tracker.services.tracker``), a facade that only wires, over
``recording`` (events, amendments, retractions), ``registering`` (who is who) and
``analysis`` (timelines, profiles, the graph), each a set of functions of a ``Session``
(the log and its read model)."""

from tracker.services.analysis import Dyad, Path_, Timeline
from tracker.services.recording import ActorRef, AddResult
from tracker.services.tracker import Tracker

__all__ = ["ActorRef", "AddResult", "Dyad", "Path_", "Timeline", "Tracker"]

"""Another tracker log imported: its events not already in this log, re-chained onto it
(``tracker merge``'s rules; actors come with their events, as log lines).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tracker.domain.errors import Notice, ValidationError
from tracker.log.file import EventLog
from tracker.log.merge import merge_logs
from tracker.services.tracker import Tracker


@dataclass(frozen=True)
class LogImport:
    read: int  # events of the other log (its merge records left out)
    added: int

    def summary(self) -> str:
        return (
            f"read {self.read}, added {self.added}, duplicates {self.read - self.added},"
            " skipped 0, new actors 0 (actors come with their events as log lines)"
        )


def import_log(tracker: Tracker, path: Path | None, notice: Notice | None = None) -> LogImport:
    """Append to the tracker's log the events of the log at ``path`` that it lacks."""
    if path is None:
        raise ValidationError("give the FILE to import: another tracker log")
    other = sum(1 for r in EventLog(path).read(full=True) if r.type != "LogsMerged")
    if tracker.session.remote:  # a team server: ``tracker push``'s rules, the same summary
        from tracker.log.postgres.mirror import StoreLog

        assert isinstance(tracker.log, StoreLog)
        return LogImport(other, tracker.log.push(path).added)
    merged = merge_logs(tracker.log.path, path, notice=notice, remember=True)
    return LogImport(other, merged.added)

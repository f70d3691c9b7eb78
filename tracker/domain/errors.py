"""One error hierarchy. Each class carries the exit code the CLI maps it to.

The library raises these; ``tracker.cli`` turns them into ``Error: <message>`` on
stderr and the exit code, in one place. Expected errors never show a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

# How a notice (a warning, a note, a wait) reaches the user: one line at a time.
Notice = Callable[[str], None]


class ExitCode(IntEnum):
    OK = 0
    ERROR = 1  # generic failure
    USAGE = 2  # bad option or bad value given by the user (typer uses 2 as well)
    NOT_FOUND = 3  # unknown actor, unknown event id
    AMBIGUOUS = 4  # a name that matches several actors
    CONFLICT = 5  # an event id already in the log with different content
    DAMAGED_LOG = 6  # the log fails verification: bad JSON, broken chain, edited line
    IO = 7  # the log or an output path cannot be read or written


class TrackerError(Exception):
    """Base class of every expected error. ``str(err)`` is a one-line message."""

    exit_code: ExitCode = ExitCode.ERROR

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take other arguments than the message: rebuild from the attributes,
        # so that an error can cross a process boundary (the two-process rebuild).
        return _restore, (type(self), self.__dict__)


def _restore(cls: type[TrackerError], state: dict[str, Any]) -> TrackerError:
    error = cls.__new__(cls)
    Exception.__init__(error, state.get("message", ""))
    error.__dict__.update(state)
    return error


class ValidationError(TrackerError):
    """Input that cannot become an event: a bad date, an unknown type, an empty actor."""

    exit_code = ExitCode.USAGE


class NewerEventError(ValidationError):
    """An event of a type version newer than this tracker reads: upgrade tracker."""


class NotFoundError(TrackerError):
    exit_code = ExitCode.NOT_FOUND


class UnknownActorError(NotFoundError):
    def __init__(
        self, name: str, suggestions: list[str] | None = None, hint: str | None = None
    ) -> None:
        self.name = name
        self.suggestions = suggestions or []
        message = f"unknown actor {name!r}"
        if hint:
            message += f": {hint}"
        if self.suggestions:
            message += "; did you mean " + ", ".join(repr(s) for s in self.suggestions) + "?"
        super().__init__(message)


class AmbiguousActorError(TrackerError):
    exit_code = ExitCode.AMBIGUOUS

    def __init__(self, name: str, candidates: list[tuple[str, str]]) -> None:
        self.name = name
        self.candidates = candidates
        listed = "; ".join(f"{cid} ({cname})" for cid, cname in candidates)
        super().__init__(
            f"{name!r} matches {len(candidates)} actors: {listed}; pass one of these ids instead"
        )


class ConflictError(TrackerError):
    exit_code = ExitCode.CONFLICT


class DamagedLogError(TrackerError):
    """The log fails verification. ``line`` is 1-based."""

    exit_code = ExitCode.DAMAGED_LOG

    def __init__(self, path: str, line: int, problem: str) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        super().__init__(
            f"damaged log {path}: line {line}: {problem} (run `tracker verify` for details)"
        )


class BadEventError(TrackerError):
    """An event in the log that does not pass the check every new event passes (it got in
    before that check, or by hand): named with its line, id and how to settle it."""

    exit_code = ExitCode.DAMAGED_LOG

    def __init__(
        self,
        path: str,
        line: int,
        event_id: str,
        problem: str,
        more: int = 0,
        retractable: bool = True,
    ) -> None:
        self.path = path
        self.line = line
        self.event_id = event_id
        self.problem = problem
        others = f" ({more} more bad event(s) after it)" if more else ""
        how = (
            f'retract it with `tracker retract {event_id} --reason "..."`'
            " (then add it again, corrected)"
            if retractable
            else "its id is no UUID, so no retraction can name it: restore the log from a"
            " copy without that line (git)"
        )
        super().__init__(
            f"bad event in {path}: line {line}: event {event_id}: {problem}{others}; {how}"
        )


class LogIOError(TrackerError):
    exit_code = ExitCode.IO


class LockTimeoutError(LogIOError):
    """A lock that another process held for longer than ``TRACKER_LOCK_TIMEOUT``."""


class ModelIOError(LogIOError):
    """The read model (a cache) cannot be opened or written: a full disk, an unwritable
    folder. Writing commands then resolve names from the log in memory."""

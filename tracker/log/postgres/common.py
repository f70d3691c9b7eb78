"""What the team server's clients (``store``, ``libpq``) and its schema (``schema``) share:
the channel the server notifies, the errors, and the URL's password kept out of every message.

It imports no psycopg: ``add-event --store`` goes through ``tracker.log.postgres.libpq``
without it. The errors it classifies are psycopg's or ``libpq.PgError``.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Sequence

from tracker.domain.errors import ExitCode, LogIOError, TrackerError

CHANNEL = "tracker_log"  # the server NOTIFYs it on every append; the payload is the new head
BAD_CONTENT = "TK001"  # the SQLSTATE of an event the server refuses: its payload or hash


class StoreError(TrackerError):
    """The server refused something this client did not expect it to refuse."""


class StoreContentError(StoreError):
    """The server refused an event whose content hash is not the hash of its type, version
    and payload, or whose payload is not written as tracker writes it (exit 6, as a damaged
    line of a file log): nothing was written."""

    exit_code = ExitCode.DAMAGED_LOG


class StoreIOError(LogIOError):
    """The server cannot be reached, or the connection was lost (exit 7).

    ``ids`` are the event ids of the append that failed; ``maybe_committed`` is True when
    the connection was lost during the commit, so the events may be on the server:
    appending the same ids again is safe either way (the ones there are skipped)."""

    def __init__(
        self, message: str, ids: Sequence[str] = (), maybe_committed: bool = False
    ) -> None:
        super().__init__(message)
        self.ids = list(ids)
        self.maybe_committed = maybe_committed


class StorePermissionError(LogIOError):
    """The role may not do this: a reader appending, anyone editing the log (exit 7)."""


# ---------------------------------------------------------------------- passwords, errors

_KEYWORD_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)


def redact(url: str) -> str:
    """The URL with its password (in the authority or a ``password=`` parameter) as ``***``;
    everything else exactly as given."""
    if "://" not in url:  # a libpq keyword string: host=... password=...
        return _KEYWORD_PASSWORD.sub(r"\1***", url)
    scheme, _, rest = url.partition("://")
    cut = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
    authority, tail = rest[:cut], rest[cut:]
    if "@" in authority:
        auth, _, hosts = authority.rpartition("@")
        if ":" in auth:
            authority = f"{auth.split(':', 1)[0]}:***@{hosts}"
    return f"{scheme}://{authority}" + _QUERY_PASSWORD.sub(r"\1***", tail)


def _passwords(url: str) -> list[str]:
    """Every spelling of the URL's password that a message could hold."""
    found: list[str] = []
    if "://" in url:
        rest = url.partition("://")[2]
        cut = min((i for i in (rest.find("/"), rest.find("?")) if i >= 0), default=len(rest))
        auth = rest[:cut].rpartition("@")[0]  # as ``redact`` reads it: no URL parser to fail
        if ":" in auth:
            found.append(auth.split(":", 1)[1])
        query = rest.partition("?")[2].partition("#")[0]
        for key, value in urllib.parse.parse_qsl(query):
            if key.lower() == "password":
                found.append(value)
    else:
        found += [m.group(2).strip("'") for m in _KEYWORD_PASSWORD.finditer(url)]
    found += [urllib.parse.unquote(p) for p in found]
    return sorted({p for p in found if p}, key=len, reverse=True)


def clean_line(url: str, text: str) -> str:
    """One line, with no spelling of the URL's password in it."""
    line = " ".join(text.split())
    for secret in _passwords(url):
        line = line.replace(secret, "***")
    return line


# the SQLSTATE classes psycopg raises as OperationalError (a lost connection among them)
_OPERATIONAL = ("08", "53", "54", "55", "57", "58")


def _kind(exc: BaseException) -> str:
    """``privilege`` (the role may not), ``lost`` (the connection, or the server's state:
    psycopg's OperationalError) or ``refused``."""
    lost = getattr(exc, "lost", None)
    if lost is not None:  # libpq.PgError
        state = getattr(exc, "sqlstate", None) or ""
        if state == "42501":
            return "privilege"
        if lost or (state[:2] in _OPERATIONAL and state != "55P03"):
            return "lost"
        return "refused"
    import psycopg  # the exception is psycopg's: it is imported already
    import psycopg.errors

    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return "privilege"
    if isinstance(exc, psycopg.OperationalError) and not isinstance(
        exc, psycopg.errors.LockNotAvailable
    ):
        return "lost"
    return "refused"


def _primary(exc: BaseException) -> str:
    primary = getattr(exc, "primary", None)
    if primary:  # libpq.PgError
        return str(primary).strip().rstrip(".")
    diag = getattr(exc, "diag", None)
    message = getattr(diag, "message_primary", None) if diag is not None else None
    return str(message or exc or type(exc).__name__).strip().rstrip(".")


def connect_error(url: str, exc: BaseException) -> TrackerError:
    """The error for a connection that could not be opened."""
    where = redact(url)
    if _kind(exc) == "privilege":
        return StorePermissionError(
            clean_line(url, f"may not connect to the store {where}: {_primary(exc)}")
        )
    return StoreIOError(clean_line(url, f"cannot connect to the store {where}: {_primary(exc)}"))


def server_error(url: str, exc: BaseException, doing: str) -> TrackerError:
    """The error for a statement the server refused or a connection lost, as one line."""
    where = redact(url)
    kind = _kind(exc)
    if kind == "privilege":
        return StorePermissionError(clean_line(url, f"{doing}: {_primary(exc)} (store {where})"))
    if kind == "lost":
        return StoreIOError(
            clean_line(url, f"{doing}: lost the connection to the store {where}: {_primary(exc)}")
        )
    return StoreError(clean_line(url, f"{doing}: the store {where} refused it: {_primary(exc)}"))

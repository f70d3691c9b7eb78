"""The read model's tables, defined with SQLModel.

The SQLite file is only a cache of the log: delete it and the next command rebuilds it.
Bulk paths (rebuild, sync) and queries use the DB-API on these same tables, because
per-row ORM round trips are far too slow for a million events; a notebook user can still
open the file with ``sqlmodel.Session`` and these classes.

Importing this module imports SQLModel (about a second), so no command does: the DDL these
classes compile to is kept in ``tracker/readmodel/ddl.py``, written by ``python -m tracker.readmodel.schema``
(a test checks that the two agree).
"""

from __future__ import annotations

from sqlalchemy import Index
from sqlalchemy.dialects import sqlite
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel import Field, SQLModel

# Bump when a table changes: an older read model is then rebuilt from the log.
SCHEMA_VERSION = 7


class EventRow(SQLModel, table=True):
    """The current state of an occurrence (interaction, statement, development)."""

    __tablename__ = "events"

    id: str = Field(unique=True)
    seq: int = Field(primary_key=True)  # the line that recorded it (SQLite's rowid)
    category: str  # interaction | statement | development
    type: str = Field(index=True)
    when_text: str
    precision: str  # year | month | day | minute
    day_first: str = Field(index=True)  # ISO date: the first day the date covers
    day_last: str  # the last day it covers (an interval's: its end's)
    time_utc: str | None = None
    end_text: str | None = None  # an interval's end as written (``when_text`` is START/END)
    summary: str
    topics: str = "[]"  # JSON array
    location: str | None = None
    cameo: str | None = None
    sources: str = "[]"  # JSON array of source objects
    participants: str = "[]"  # JSON array of {actor, role}, in the recorded order
    recorded_at: str
    recorded_by: str
    updated_seq: int  # the last line that changed it
    amendments: int = 0
    retracted: bool = False
    retraction_reason: str | None = None


class ParticipationRow(SQLModel, table=True):
    """Who took part in which event. The event's sort key (day, time, line) is copied here
    so that an actor's page of events is read straight off one index, in order."""

    __tablename__ = "participations"
    __table_args__ = (
        Index("ix_participations_actor_time", "actor_id", "day_first", "time_utc", "seq"),
    )

    event_id: str = Field(primary_key=True)
    actor_id: str = Field(primary_key=True)
    role: str
    day_first: str
    time_utc: str | None = None
    seq: int


class ActorRow(SQLModel, table=True):
    __tablename__ = "actors"

    id: str = Field(primary_key=True)
    name: str
    kind: str
    country: str | None = None
    aliases: str = "[]"  # JSON array
    external_ids: str = "{}"  # JSON object: wikidata, cameo
    merged_into: str | None = Field(default=None, index=True)  # set while merged into another
    registered_seq: int
    registered_at: str


class OfficeRow(SQLModel, table=True):
    """An office an actor held, with the first and last day it covers (None: open)."""

    __tablename__ = "offices"

    id: str = Field(primary_key=True)  # the id of the line that recorded it
    actor_id: str = Field(index=True)
    title: str
    org_id: str | None = Field(default=None, index=True)
    start_text: str | None = None
    end_text: str | None = None
    day_first: str | None = None
    day_last: str | None = None
    aliases: str = "[]"  # JSON array of other names of the office


class AffiliationRow(SQLModel, table=True):
    """An actor is a member or part of an organization or state over a time."""

    __tablename__ = "affiliations"

    id: str = Field(primary_key=True)
    actor_id: str = Field(index=True)
    org_id: str = Field(index=True)
    relation: str
    start_text: str | None = None
    end_text: str | None = None
    day_first: str | None = None
    day_last: str | None = None


class ActorNameRow(SQLModel, table=True):
    """Every name and alias of an actor, under a key that ignores case and accents."""

    __tablename__ = "actor_names"

    key: str = Field(primary_key=True)
    actor_id: str = Field(primary_key=True)
    name: str


class ChangeRow(SQLModel, table=True):
    """The trail of every event and actor: created, amended, retracted."""

    __tablename__ = "changes"
    __table_args__ = (Index("ix_changes_target", "target", "seq"),)

    seq: int = Field(primary_key=True)
    target: str = Field(primary_key=True)  # the event or actor it changed
    event_id: str  # the id of the line that made the change
    type: str
    recorded_at: str
    recorded_by: str
    reason: str | None = None
    data: str | None = None  # JSON of the payload; None for a new event (read the log line)
    line_end: int  # byte offset just after the line in the log


class BadEventRow(SQLModel, table=True):
    """A line of the log whose event does not pass the check every new event passes
    (``tracker.domain.validation.check_event``): it got in before that check, or by hand. It is set
    aside, not applied; reading commands name it until it is retracted."""

    __tablename__ = "bad_events"

    seq: int = Field(primary_key=True)  # its line
    event_id: str  # its id (in the canonical spelling when it is a UUID at all)
    type: str
    problem: str  # what the check says, one line
    retracted_seq: int | None = None  # the line of the retraction that settles it


class SyncStateRow(SQLModel, table=True):
    """Where in the log the read model stands. Written in the same transaction as rows."""

    __tablename__ = "sync_state"

    id: int = Field(default=1, primary_key=True)
    schema_version: int
    offset: int  # bytes of the log applied (complete lines)
    seq: int
    chain: str  # chain hash of the last applied line
    inode: int
    size: int
    mtime_ns: int


def ddl(*, tables: bool = True, indexes: bool = True) -> list[str]:
    """The DDL of the tables and/or their secondary indexes, for the DB-API.

    A bulk rebuild creates the tables, loads them, then creates the indexes: one sort per
    index instead of keeping every index up to date row by row.
    """
    dialect = sqlite.dialect()
    statements: list[str] = []
    for table in SQLModel.metadata.sorted_tables:
        if tables:
            statements.append(str(CreateTable(table).compile(dialect=dialect)))
        if indexes:
            for ix in sorted(table.indexes, key=lambda ix: str(ix.name)):
                statements.append(str(CreateIndex(ix).compile(dialect=dialect)))
    return statements


def one_line(statement: str) -> str:
    return " ".join(statement.split())


def _quoted(text: str) -> str:
    """A string literal as ruff formats it: double quotes unless that needs escapes."""
    if '"' in text and "'" not in text:
        return f"'{text}'"
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_ddl_module(path: str) -> None:
    """Write the compiled DDL as a module that imports nothing (``tracker/readmodel/ddl.py``)."""
    tables = "".join(f"    {_quoted(one_line(s))},\n" for s in ddl(indexes=False))
    indexes = "".join(f"    {_quoted(one_line(s))},\n" for s in ddl(tables=False))
    text = (
        '"""The read model\'s DDL, compiled from the SQLModel classes in tracker/readmodel/schema.py.\n\n'
        "Generated by `python -m tracker.readmodel.schema`; do not edit (a test checks it is current).\n"
        '"""\n\n'
        f"SCHEMA_VERSION = {SCHEMA_VERSION}\n\n"
        f"TABLES = [\n{tables}]\n\n"
        f"INDEXES = [\n{indexes}]\n"
    )
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    import pathlib

    write_ddl_module(str(pathlib.Path(__file__).with_name("ddl.py")))

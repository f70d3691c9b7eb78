"""The team server's commands: ``store init``, ``store grant``, ``push``, ``pull``, ``watch``.

Every other command works on a store too (``--store URL`` or ``TRACKER_STORE``): appends
go to the server, reads catch a local copy up first (``tracker.log.postgres.mirror``).
psycopg is imported inside the commands, so ``--help`` and file-log commands never load it.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import orjson
import typer

from tracker.cli.options import (
    ActorsOpt,
    FromOpt,
    StoreOpt,
    ToOpt,
    TypeOpt,
    WithOpt,
    event_filter,
    outputs_for,
    say,
    target,
    tracker_for,
)
from tracker.domain.errors import ValidationError

if TYPE_CHECKING:
    from tracker.queries.events import Change, Entry

UrlArg = Annotated[
    str,
    typer.Argument(
        metavar="URL",
        help="The database, as its owner: postgresql://owner@db.example/desk, or a libpq"
        " service (postgresql:///?service=desk); a password may come from ~/.pgpass.",
    ),
]


def store_url(ctx: typer.Context) -> str:
    """The store this command works on: ``--store`` or ``TRACKER_STORE``."""
    where = target(ctx, None)
    if where.store is None:
        raise ValidationError("no store given: pass --store URL or set TRACKER_STORE")
    return where.store


def init(
    url: UrlArg,
    writer: Annotated[
        str | None, typer.Option(help="The writer group role. Default: <database>_writer.")
    ] = None,
    reader: Annotated[
        str | None, typer.Option(help="The reader group role. Default: <database>_reader.")
    ] = None,
) -> None:
    """Create the log's table, its triggers and the two roles (again: safe, nothing lost).

    The URL's role becomes the owner: it needs CREATE on the database and CREATEROLE.

    Example: tracker store init postgresql://tracker@db.example/desk
    """
    from tracker.log.postgres.common import redact
    from tracker.log.postgres.schema import init_store

    done = init_store(url, writer=writer, reader=reader)
    typer.echo(
        f"store ready: {redact(url)} (database {done.database}, owner {done.owner},"
        f" {done.events} events)"
    )
    typer.echo(
        f"writer role {done.writer}: may read the log and append events (SELECT, INSERT);"
        f" `tracker store grant URL USER --access writer` makes a login role one"
    )
    typer.echo(
        f"reader role {done.reader}: may read the log only (SELECT); its appends are"
        " refused (exit 7)"
    )
    typer.echo(
        f"nobody but the owner ({done.owner}) may update, delete or truncate a line; the"
        " server writes each line's seq, chain, recorded_at and recorded_by (session_user)"
    )


def grant(
    url: UrlArg,
    user: Annotated[str, typer.Argument(help="The login role (made if it does not exist).")],
    access: Annotated[str, typer.Option(help="writer or reader.")] = "reader",
) -> None:
    """Let a login role append (writer) or only read (reader) the store.

    Example: tracker store grant postgresql://tracker@db.example/desk alice --access writer
    """
    from tracker.log.postgres.schema import grant as grant_access

    grant_access(url, user, access)
    typer.echo(f"{user} is now a {access} of the store")


def push(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(metavar="FILE", help="A file log to put on the server.")],
    store: StoreOpt = None,
) -> None:
    """Append a file log's events the server lacks, re-chained after the server's head.

    Events already there (by id) are skipped; the same id with other content is a conflict
    (exit 5) and nothing is written. A LogsMerged event records the push. The file is not
    changed.

    Example: tracker push data/events.jsonl
    """
    from tracker.log.postgres.common import redact
    from tracker.log.postgres.store import Store
    from tracker.log.postgres.transfer import push as push_log

    url = store_url(ctx)
    with Store(url) as server:
        done = push_log(server, path)
    if done.added:
        typer.echo(
            f"pushed {path} to {redact(url)}: appended {done.added}, skipped {done.duplicates}"
            f" already there (by id), conflicts 0; head seq {done.head.seq}"
            f" ({done.added + 1} lines with the LogsMerged event)"
        )
    else:
        typer.echo(
            f"nothing to push: {redact(url)} already has every event of {path}"
            f" ({done.duplicates} skipped by id); head seq {done.head.seq}"
        )


def pull(
    ctx: typer.Context,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The file log to write (replaced whole).")
    ],
    store: StoreOpt = None,
) -> None:
    """Write the server's log as a file log: the same lines, byte for byte.

    The file is written aside, verified, then moved in place. A file that holds events
    the server lacks is refused (exit 5): push it first.

    Example: tracker pull -o data/events.jsonl
    """
    from tracker.log.outputs import Outputs
    from tracker.log.postgres.common import redact
    from tracker.log.postgres.store import Store
    from tracker.log.postgres.transfer import pull as pull_log

    url = store_url(ctx)
    outputs_for(ctx, None).check(output)  # the store's copy and its read model
    why = Outputs.default().why(output)  # the files beside a file log, not the log itself
    if why is not None and not why.startswith("it is the log"):
        raise ValidationError(f"refusing to write {output}: {why}; choose another path")
    with Store(url) as server:
        done = pull_log(server, output)
    typer.echo(
        f"pulled {done.events} events from {redact(url)} into {done.path}; head {done.head.chain}"
    )


def watch(
    ctx: typer.Context,
    actor: ActorsOpt = None,
    with_: WithOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    type_: TypeOpt = None,
    after: Annotated[
        int | None,
        typer.Option(help="Start after this seq (0: every event). Default: the head now.", min=0),
    ] = None,
    poll: Annotated[
        float, typer.Option(help="Look every this many seconds too (NOTIFY wakes it at once).")
    ] = 2.0,
    store: StoreOpt = None,
) -> None:
    """Print each new event as it lands on the server, until Ctrl-C: new events, and the
    amendments, retractions, tags, stars and notes of the events the filters select.

    Takes timeline's filters (--with, --from and --to need --actor); with none, every line
    is printed (actor changes, saved views and merges too). Woken by the server's NOTIFY,
    and polling meanwhile, so a lost notification only delays it; after a lost connection
    it retries, and resumes after the last seq it printed.

    Example: tracker watch --actor Lavrov
    """
    from tracker.domain import markup
    from tracker.log.postgres.common import StoreIOError, redact
    from tracker.log.postgres.mirror import StoreLog

    url = store_url(ctx)
    if not actor and (with_ or from_ or to):
        raise ValidationError("--with, --from and --to need --actor")
    if poll <= 0:
        raise ValidationError("--poll is a number of seconds above 0")
    query = event_filter(actor, with_=with_, from_=from_, to=to, types=type_)
    tracker = tracker_for(ctx, None)
    log = tracker.log
    assert isinstance(log, StoreLog)
    lost = False
    log.catch_up()  # a store that cannot be reached at the start is an error, not a wait
    last = after if after is not None else log.reader.tail_state().seq
    # the events whose changes are printed: those the filters select (now, or since)
    known: set[str] | None = set() if query.actors or query.types else None
    tracker.watched(last, last, query, known)
    say(f"watching {redact(url)} after seq {last} (Ctrl-C stops)")
    try:
        while True:
            try:
                head = log.server.wait_for(last, timeout=60.0, poll=poll)
                if lost:
                    say(f"note: the store is back; resuming after seq {last}")
                    lost = False
                if head > last:
                    upto = tracker.sync().seq  # the lines the read model holds now
                    new = tracker.watched(last, upto, query, known)
                    printed = [(e.seq, entry_line(e)) for e in new.entries]
                    printed += [(c.seq, change_line(target, c)) for target, c in new.changes]
                    for _seq, text in sorted(printed):
                        typer.echo(markup.safe(text))
                    last = upto
            except StoreIOError as exc:
                if not lost:
                    say(f"note: {exc}; retrying every {poll:g} s")
                    lost = True
                log.close()
                time.sleep(poll)
    except KeyboardInterrupt:
        say(f"stopped watching after seq {last}")
        raise typer.Exit(0) from None


def entry_line(entry: Entry) -> str:
    """A new event as ``watch`` prints it."""
    names = ", ".join(p.name for p in entry.participants)
    return (
        f"{entry.seq}  {entry.when}  {entry.type}  {names}: {entry.summary}"
        f"  ({entry.id}, by {entry.recorded_by})"
    )


def _value(value: object) -> str:
    text = value if isinstance(value, str) else orjson.dumps(value).decode()
    return " ".join(text.split())


def change_line(target: str, change: Change) -> str:
    """A change as ``watch`` prints it: the seq, what was done to which event (or actor),
    then the line's own id and who recorded it.

    >>> from tracker.queries.events import Change
    >>> change_line("01a2-e1", Change(9, "01a2-f3", "EventRetracted", "", "alice", "dup"))
    '9  retracted 01a2-e1 (reason: dup)  (01a2-f3, by alice)'
    """
    data, kind = change.data, change.type
    if kind == "EventAmended":
        fields = "; ".join(f"{k} = {_value(v)}" for k, v in dict(data.get("changes", {})).items())
        what = f"amended {target}: {fields} (reason: {change.reason})"
    elif kind == "EventRetracted":
        what = f"retracted {target} (reason: {change.reason})"
    elif kind in ("TagAdded", "TagRemoved"):
        verb = "tagged" if kind == "TagAdded" else "untagged"
        what = f"{verb} {target}: {_value(data.get('tag', ''))}"
    elif kind in ("StarAdded", "StarRemoved"):
        what = f"{'starred' if kind == 'StarAdded' else 'unstarred'} {target}"
    elif kind == "NoteAdded":
        what = f"noted on {target}: {_value(data.get('text', ''))}"
    else:  # actor events, saved views, merges
        what = f"{kind} {target}"
    return f"{change.seq}  {what}  ({change.event_id}, by {change.recorded_by})"


def register(app: typer.Typer, store_app: typer.Typer) -> None:
    """``store`` (init, grant), ``push``, ``pull`` and ``watch``."""
    store_app.command("init")(init)
    store_app.command("grant")(grant)
    app.command()(push)
    app.command()(pull)
    app.command()(watch)

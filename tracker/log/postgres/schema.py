"""The team server's schema: the log as a PostgreSQL table, sealed and guarded by the server.

``init_store(url)`` (what ``tracker store init URL`` will run) creates, as the URL's role,
which becomes the owner:

- ``tracker.log``, defined below with SQLModel: one row per line of the log, holding the
  exact envelope line a file log would hold (``line``) and its fields as columns;
- a writer role (``<database>_writer``: SELECT, INSERT of the input columns, and the lock)
  and a reader role (``<database>_reader``: SELECT only). Analysts are login roles that are
  members of one of them (``grant``);
- the triggers that make the table append-only and make the server, not the client, write
  every envelope.

Where the line is sealed. The chain covers ``recorded_by``, so whoever builds the line
decides what it says. Here the server builds it: a writer inserts only the event (``id``,
``type``, ``type_v``, ``data``: the payload's JSON, ``hash``: its content hash), and the
BEFORE INSERT trigger, under the lock, sets ``seq`` (the head's plus one), ``prev`` (the
head's chain), ``recorded_at`` (the server's clock), ``recorded_by`` (``session_user``),
writes the line exactly as ``tracker.log.envelope.seal`` would (PostgreSQL's JSON string escaping is
orjson's: a test checks every ASCII character and a sample beyond), and its chain hash
(``sha256`` of the bytes). Whatever a client puts in those columns is overwritten, and the
columns it may not write are not granted at all. A client that built the line itself
would need a trigger re-checking every byte; one that builds nothing cannot forge
anything. The content hash the client sends is checked too: the trigger recomputes it
(``tracker.canonical``: the payload rebuilt from its parsed JSON with its keys sorted, then
sha256 of ``{"data":...,"type":...,"type_v":...}``, as ``tracker verify`` hashes it) and
refuses a row whose hash differs, or whose payload is not in the form tracker writes
(compact orjson, in any key order), with SQLSTATE ``TK001`` (``StoreContentError``, exit
6): such a row would otherwise be stored and then fail ``verify`` and ``pull`` for all.

A pushed event (``pushed``: an event re-chained from a file log, ``push``) keeps the
``recorded_at`` and ``recorded_by`` its file says, as ``tracker merge`` keeps theirs; the
server accepts that only when the same transaction ends with a ``LogsMerged`` event, which
the server records under the pusher's own name (a deferred constraint trigger refuses the
commit otherwise). ``appended_by`` is always the role that inserted the row.

The lock. ``tracker.lock_log()`` (SECURITY DEFINER: writers cannot take table locks
themselves) takes ``LOCK TABLE tracker.log IN EXCLUSIVE MODE``: appends wait for each other,
readers do not wait, and readers cannot block writers (ROW SHARE needs UPDATE rights). It
is held to the commit, so ``seq`` is assigned gap-free and in commit order, and every
snapshot sees a prefix of the log. A client takes it before its first INSERT (taking it
inside the INSERT would be a lock upgrade, and two of those deadlock); a statement trigger
refuses an INSERT by a transaction that does not hold it, or that is not READ COMMITTED
(a REPEATABLE READ snapshot taken before the lock would see a stale head). The primary
key on ``seq`` and the unique ``id`` stand behind the lock: a racing append fails, it is
never dropped (no ON CONFLICT anywhere).

Append-only. A statement trigger refuses UPDATE, DELETE and TRUNCATE for every role but
the table's owner, superusers included (they can still drop the trigger: the owner and
the superuser are the administrators of the server, not analysts).

Importing this module imports SQLModel and SQLAlchemy; the client (``tracker.log.postgres.store``)
does not need it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
import psycopg.sql as sql
from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Index,
    Integer,
    Text,
    create_engine,
    text,
)
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import registry
from sqlalchemy.pool import NullPool
from sqlmodel import Field, SQLModel

from tracker.domain.errors import ValidationError
from tracker.log.envelope import ENVELOPE_VERSION, GENESIS
from tracker.log.postgres.canonical import CANONICAL_SQL
from tracker.log.postgres.common import (
    BAD_CONTENT,
    CHANNEL,
    StoreError,
    connect_error,
    server_error,
)

SCHEMA = "tracker"
# The columns a writer may insert; the trigger fills in (or overwrites) all the others.
INPUT_COLUMNS = ("id", "type", "type_v", "data", "hash", "pushed", "recorded_at", "recorded_by")


class ServerModel(SQLModel, registry=registry()):
    """Base of the server's tables: their own metadata, apart from the read model's
    (``tracker.readmodel.schema`` compiles every table of ``SQLModel.metadata`` for SQLite)."""


class LogRow(ServerModel, table=True):
    """One line of the log on the server."""

    __tablename__ = "log"
    __table_args__ = (
        CheckConstraint("seq > 0", name="log_seq_positive"),
        CheckConstraint("data IS NULL", name="log_data_moved_into_line"),
        Index("log_merge_txid", "txid", "seq", postgresql_where=text("type = 'LogsMerged'")),
        {"schema": SCHEMA},
    )

    seq: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    id: str = Field(sa_column=Column(Text, nullable=False, unique=True))
    type: str = Field(sa_column=Column(Text, nullable=False))
    type_v: int = Field(sa_column=Column(Integer, nullable=False))
    recorded_at: str = Field(sa_column=Column(Text, nullable=False))
    recorded_by: str = Field(sa_column=Column(Text, nullable=False))
    hash: str = Field(sa_column=Column(Text, nullable=False))
    prev: str = Field(sa_column=Column(Text, nullable=False))
    chain: str = Field(sa_column=Column(Text, nullable=False))
    line: str = Field(sa_column=Column(Text, nullable=False))  # without its newline
    # input only: the payload's JSON as the client sends it; the trigger moves it into line
    data: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    pushed: bool = Field(default=False, nullable=False)
    appended_by: str = Field(sa_column=Column(Text, nullable=False))  # session_user, always
    txid: int = Field(sa_column=Column(BigInteger, nullable=False))  # the appending transaction


class RoleRow(ServerModel, table=True):
    """The store's two group roles (``writer``, ``reader``): what ``grant`` makes members of."""

    __tablename__ = "roles"
    __table_args__ = ({"schema": SCHEMA},)

    access: str = Field(sa_column=Column(Text, primary_key=True))
    role: str = Field(sa_column=Column(Text, nullable=False))


def _functions_sql(lock: bool) -> str:
    """The server's functions. ``lock=False`` is the tests' negative control only."""
    lock_body = "LOCK TABLE tracker.log IN EXCLUSIVE MODE;" if lock else "NULL;"
    lock_check = (
        """
    IF NOT EXISTS (
        SELECT 1 FROM pg_locks
        WHERE locktype = 'relation' AND relation = 'tracker.log'::regclass
          AND pid = pg_backend_pid() AND granted
          AND mode IN ('ExclusiveLock', 'AccessExclusiveLock')
    ) THEN
        RAISE EXCEPTION 'an append must hold the log lock: call tracker.lock_log() first,'
            ' in the same transaction'
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;"""
        if lock
        else ""
    )
    return (
        CANONICAL_SQL
        + f"""
CREATE OR REPLACE FUNCTION tracker.lock_log() RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    {lock_body}
END
$fn$;

CREATE OR REPLACE FUNCTION tracker.check_append() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF current_setting('transaction_isolation') <> 'read committed' THEN
        RAISE EXCEPTION 'appends need READ COMMITTED isolation, not %',
            current_setting('transaction_isolation')
            USING ERRCODE = 'object_not_in_prerequisite_state';
    END IF;{lock_check}
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION tracker.seal_row() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    head_seq bigint;
    head_chain text;
    body text;
    given text;
    sorted text;
    canonical_ok boolean;
    content text;
BEGIN
    SELECT seq, chain INTO head_seq, head_chain FROM tracker.log ORDER BY seq DESC LIMIT 1;
    IF head_seq IS NULL THEN
        head_seq := 0;
        head_chain := '{GENESIS}';
    END IF;
    IF NEW.id IS NULL OR NEW.id !~ '^[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}$' THEN
        -- only a UUID can be named by a retraction: any other id would stay in the log
        RAISE EXCEPTION 'event %: the id is not a UUID (lower-case, hyphenated)', NEW.id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NEW.type IS NULL OR NEW.type = '' OR NEW.type_v IS NULL THEN
        RAISE EXCEPTION 'event %: no type or type version', NEW.id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NEW.hash IS NULL OR NEW.hash !~ '^[0-9a-f]{{64}}$' THEN
        RAISE EXCEPTION 'event %: the content hash is not 64 hex digits', NEW.id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    IF NEW.data IS NULL OR strpos(NEW.data, E'\\n') > 0 OR json_typeof(NEW.data::json) <> 'object' THEN
        RAISE EXCEPTION 'event %: the payload is not a one-line JSON object', NEW.id
            USING ERRCODE = 'invalid_parameter_value';
    END IF;
    SELECT c.given, c.sorted, c.ok INTO given, sorted, canonical_ok
    FROM tracker.canonical(NEW.data::json) AS c;
    IF NOT canonical_ok OR given <> NEW.data THEN
        RAISE EXCEPTION 'event %: the payload is not written as tracker writes it (compact JSON,'
            ' no duplicate key, every string and number in orjson''s form)', NEW.id
            USING ERRCODE = '{BAD_CONTENT}';
    END IF;
    content := encode(sha256(convert_to('{{"data":' || sorted || ',"type":' || to_json(NEW.type)::text
        || ',"type_v":' || NEW.type_v::text || '}}', 'UTF8')), 'hex');
    IF content <> NEW.hash THEN
        RAISE EXCEPTION 'event %: its content hash % is not the hash of its type, version and'
            ' payload (%)', NEW.id, NEW.hash, content
            USING ERRCODE = '{BAD_CONTENT}';
    END IF;
    IF NEW.pushed IS NULL THEN
        NEW.pushed := false;
    END IF;
    IF NEW.pushed THEN
        IF NEW.recorded_at IS NULL OR NEW.recorded_by IS NULL THEN
            RAISE EXCEPTION 'pushed event %: it keeps the recorded_at and recorded_by of its file',
                NEW.id USING ERRCODE = 'invalid_parameter_value';
        END IF;
    ELSE
        NEW.recorded_at := to_char(clock_timestamp() AT TIME ZONE 'UTC',
                                   'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
        NEW.recorded_by := session_user::text;
    END IF;
    NEW.seq := head_seq + 1;
    NEW.prev := head_chain;
    NEW.appended_by := session_user::text;
    NEW.txid := txid_current();
    body := '{{"v":{ENVELOPE_VERSION},"seq":' || NEW.seq::text
        || ',"id":' || to_json(NEW.id)::text
        || ',"type":' || to_json(NEW.type)::text
        || ',"type_v":' || NEW.type_v::text
        || ',"recorded_at":' || to_json(NEW.recorded_at)::text
        || ',"recorded_by":' || to_json(NEW.recorded_by)::text
        || ',"data":' || NEW.data
        || ',"hash":"' || NEW.hash || '","prev":"' || NEW.prev || '"';
    NEW.chain := encode(sha256(convert_to(body || '}}', 'UTF8')), 'hex');
    NEW.line := body || ',"chain":"' || NEW.chain || '"}}';
    NEW.data := NULL;
    RETURN NEW;
END
$fn$;

CREATE OR REPLACE FUNCTION tracker.check_push() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF NOT EXISTS (
        SELECT 1 FROM tracker.log m
        WHERE m.type = 'LogsMerged' AND m.txid = NEW.txid AND m.seq > NEW.seq AND NOT m.pushed
    ) THEN
        RAISE EXCEPTION 'event % keeps recorded_by % from a file, but no LogsMerged event of'
            ' the same transaction records the push', NEW.id, NEW.recorded_by
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION tracker.notify_append() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
DECLARE
    head bigint;
BEGIN
    SELECT max(seq) INTO head FROM added;
    IF head IS NOT NULL THEN
        PERFORM pg_notify('{CHANNEL}', head::text);
    END IF;
    RETURN NULL;
END
$fn$;

CREATE OR REPLACE FUNCTION tracker.refuse_change() RETURNS trigger
LANGUAGE plpgsql SET search_path = pg_catalog, pg_temp AS $fn$
BEGIN
    IF current_user = (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = TG_RELID) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'the log is append-only: % refused for role %', TG_OP, current_user
        USING ERRCODE = 'insufficient_privilege';
END
$fn$;
"""
    )


_TRIGGERS_SQL = """
DROP TRIGGER IF EXISTS log_check_append ON tracker.log;
CREATE TRIGGER log_check_append BEFORE INSERT ON tracker.log
    FOR EACH STATEMENT EXECUTE FUNCTION tracker.check_append();
DROP TRIGGER IF EXISTS log_seal ON tracker.log;
CREATE TRIGGER log_seal BEFORE INSERT ON tracker.log
    FOR EACH ROW EXECUTE FUNCTION tracker.seal_row();
DROP TRIGGER IF EXISTS log_push_closed ON tracker.log;
CREATE CONSTRAINT TRIGGER log_push_closed AFTER INSERT ON tracker.log
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW WHEN (NEW.pushed) EXECUTE FUNCTION tracker.check_push();
DROP TRIGGER IF EXISTS log_notify ON tracker.log;
CREATE TRIGGER log_notify AFTER INSERT ON tracker.log
    REFERENCING NEW TABLE AS added
    FOR EACH STATEMENT EXECUTE FUNCTION tracker.notify_append();
DROP TRIGGER IF EXISTS log_append_only ON tracker.log;
CREATE TRIGGER log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON tracker.log
    FOR EACH STATEMENT EXECUTE FUNCTION tracker.refuse_change();
"""


@dataclass(frozen=True)
class InitResult:
    database: str
    owner: str
    writer: str
    reader: str
    events: int  # lines already on the server (init on an existing store changes none)


def _engine(url: str) -> Any:
    """A SQLAlchemy engine on psycopg 3 whose connections libpq opens from ``url`` itself
    (so services, .pgpass and every libpq parameter behave as in psql)."""

    def creator() -> Any:
        try:
            return psycopg.connect(url)
        except psycopg.Error as exc:
            raise connect_error(url, exc) from None

    return create_engine("postgresql+psycopg://", creator=creator, poolclass=NullPool)


def _roles(conn: Any, writer: str | None, reader: str | None) -> tuple[str, str, str, str]:
    """The database, the owner, and the group roles: as given, else the ones an earlier
    init made, else ``<database>_writer`` and ``<database>_reader``."""
    database, owner = conn.execute(text("SELECT current_database(), current_user")).one()
    kept = dict(conn.execute(text("SELECT access, role FROM tracker.roles")).all())
    return (
        database,
        owner,
        writer or kept.get("writer") or f"{database}_writer",
        reader or kept.get("reader") or f"{database}_reader",
    )


def init_store(url: str, *, writer: str | None = None, reader: str | None = None) -> InitResult:
    """Create the schema, the roles and the triggers (again: safe; nothing is lost).

    The URL's role becomes the owner; it needs CREATEROLE (or to be a superuser) to make
    the two group roles, and CREATE on the database.
    """

    engine = _engine(url)
    try:
        with engine.begin() as conn:
            encoding = conn.execute(text("SHOW server_encoding")).scalar_one()
            if encoding != "UTF8":
                raise StoreError(
                    f"the database's encoding is {encoding}; the log needs UTF8"
                    " (CREATE DATABASE ... ENCODING 'UTF8' TEMPLATE template0)"
                )
            conn.execute(text(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}"))
            ServerModel.metadata.create_all(conn)
            database, owner, writer_role, reader_role = _roles(conn, writer, reader)
            raw = conn.connection.driver_connection  # no parameters: the bodies hold %
            raw.execute(_functions_sql(lock=True).encode())
            raw.execute(_TRIGGERS_SQL.encode())
            _grant_roles(conn, writer_role, reader_role)
            events = conn.execute(text("SELECT count(*) FROM tracker.log")).scalar_one()
    except DBAPIError as exc:
        raise server_error(url, exc.orig or exc, "cannot set up the store") from None
    finally:
        engine.dispose()
    return InitResult(database, owner, writer_role, reader_role, events)


def _grant_roles(conn: Any, writer: str, reader: str) -> None:
    raw = conn.connection.driver_connection
    w, r = sql.Identifier(writer), sql.Identifier(reader)
    for role in (writer, reader):
        exists = raw.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
        if not exists:
            raw.execute(sql.SQL("CREATE ROLE {} NOLOGIN").format(sql.Identifier(role)))
    raw.execute(
        "INSERT INTO tracker.roles (access, role) VALUES ('writer', %s), ('reader', %s)"
        " ON CONFLICT (access) DO UPDATE SET role = excluded.role",  # a setting, not the log
        (writer, reader),
    )
    columns = sql.SQL(", ").join(sql.Identifier(c) for c in INPUT_COLUMNS)
    for statement in (
        sql.SQL("REVOKE ALL ON SCHEMA tracker FROM PUBLIC"),
        sql.SQL("REVOKE ALL ON tracker.log, tracker.roles FROM PUBLIC"),
        sql.SQL("GRANT SELECT ON tracker.roles TO {}, {}").format(w, r),
        sql.SQL("REVOKE ALL ON FUNCTION tracker.lock_log() FROM PUBLIC"),
        sql.SQL("GRANT USAGE ON SCHEMA tracker TO {}, {}").format(w, r),
        sql.SQL("GRANT SELECT ON tracker.log TO {}, {}").format(w, r),
        sql.SQL("GRANT INSERT ({}) ON tracker.log TO {}").format(columns, w),
        sql.SQL("GRANT EXECUTE ON FUNCTION tracker.lock_log() TO {}").format(w),
    ):
        raw.execute(statement)


def grant(
    url: str, user: str, access: str, *, password: str | None = None, create: bool = True
) -> None:
    """Let ``user`` write (``access="writer"``) or only read (``"reader"``) the store,
    making it a login role first if ``create`` and it does not exist."""

    if access not in ("writer", "reader"):
        raise ValidationError(f"access is writer or reader, not {access!r}")
    try:
        conn = psycopg.connect(url, autocommit=True)
    except psycopg.Error as exc:
        raise connect_error(url, exc) from None
    try:
        with conn:
            found = conn.execute(
                "SELECT role FROM tracker.roles WHERE access = %s", (access,)
            ).fetchone()
            if found is None:
                raise StoreError("the store has no roles yet: run `tracker store init` first")
            group = found[0]
            exists = conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (user,)).fetchone()
            if not exists and create:
                statement = sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(user))
                if password is not None:
                    statement += sql.SQL(" PASSWORD {}").format(sql.Literal(password))
                conn.execute(statement)
            conn.execute(
                sql.SQL("GRANT {} TO {}").format(sql.Identifier(group), sql.Identifier(user))
            )
    except psycopg.Error as exc:
        raise server_error(url, exc, f"cannot grant {access} access to {user}") from None


def set_append_lock(url: str, enabled: bool) -> None:
    """Tests only: switch the append lock off (``enabled=False``) for the negative control
    of the concurrency test, and on again. Only the owner can; no command calls it."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(_functions_sql(lock=enabled).encode())

"""Fixtures of the team server's tests (issue 16): a real PostgreSQL, a fresh store per test.

The session starts a throwaway server: ``initdb`` in a temporary folder, then ``postgres``
listening only on a unix socket in that folder (as the ``postgres`` OS user when the tests
run as root), stopped and removed at the end. ``TRACKER_TEST_PG_URL`` names a server to use
instead (a superuser's URL; the tests make their own roles and databases there, and the
two tests that restart the server or change its authentication are skipped). No test mocks
the database.

Without PostgreSQL the tests are skipped with the reason, except under CI (``CI`` set),
where they fail: ``scripts/setup.sh --postgres`` installs Debian's ``postgresql``.

Every test reports its figures through the ``figures`` fixture, as the reliability suite
does: printed, stored as a junit property, and listed in a "server store figures" section
at the end of the run.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import pwd
import secrets
import shutil
import subprocess
import tempfile
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import psycopg.sql as sql
import pytest

PG_URL_ENV = "TRACKER_TEST_PG_URL"
USERS = {"alice": "writer", "bob": "writer", "rita": "reader"}
OWNER = "tracker_owner"
PASSWORD_USER = "tracker_pw"  # the one role that must give a password (scram-sha-256)

Report = Callable[[str], None]  # the type of the figures fixture (tests/conftest.py)


def find_bindir() -> Path | None:
    """The folder of ``initdb``, ``postgres`` and ``pg_ctl``: ``pg_config --bindir``, or the
    newest ``/usr/lib/postgresql/*/bin`` (Debian keeps them off the PATH)."""
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=False)
        if out.returncode == 0 and out.stdout.strip():
            candidates.append(Path(out.stdout.strip()))

    def version(path: Path) -> tuple[int, ...]:
        return tuple(int(p) for p in path.parent.name.split(".") if p.isdigit())

    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    for folder in candidates:
        if all((folder / tool).is_file() for tool in ("initdb", "postgres", "pg_ctl")):
            return folder
    return None


def with_user(url: str, user: str, database: str | None = None, password: str | None = None) -> str:
    """``url`` with another user (and password) and database; its parameters kept."""
    parts = urllib.parse.urlsplit(url)
    hosts = parts.netloc.rpartition("@")[2]
    auth = urllib.parse.quote(user, safe="")
    if password is not None:
        auth += ":" + urllib.parse.quote(password, safe="")
    path = "/" + urllib.parse.quote(database, safe="") if database is not None else parts.path
    return urllib.parse.urlunsplit((parts.scheme, f"{auth}@{hosts}", path, parts.query, ""))


@dataclass
class Server:
    """A PostgreSQL the tests may use as its superuser."""

    superuser_url: str
    password: str  # of the test roles (for a server that asks for one)
    bindir: Path | None = None  # None: a server given by TRACKER_TEST_PG_URL
    data: Path | None = None
    socket_dir: Path | None = None

    @property
    def ours(self) -> bool:
        return self.data is not None

    def url(self, user: str, database: str) -> str:
        return with_user(self.superuser_url, user, database, self.password)

    def pg_ctl(self, *args: str) -> subprocess.CompletedProcess[str]:
        assert self.bindir is not None and self.data is not None
        return _run_as_postgres(
            [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-w", "-t", "60", *args]
        )

    def restart(self) -> None:
        """``pg_ctl restart -m fast``: the clients' connections are cut, then it is back."""
        self.pg_ctl("restart", "-m", "fast", "-l", str(self.data.parent / "server.log"))  # type: ignore[union-attr]


def _as_postgres() -> bool:
    return os.geteuid() == 0


def _run_as_postgres(args: list[str]) -> subprocess.CompletedProcess[str]:
    if _as_postgres():
        args = ["runuser", "-u", "postgres", "--", *args]
    done = subprocess.run(args, capture_output=True, text=True, check=False, cwd="/")
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}): {done.stderr.strip()}")
    return done


def _start_server(bindir: Path) -> Server:
    root = Path(tempfile.mkdtemp(prefix="tracker-pg-"))  # short: a socket path has 107 bytes
    if _as_postgres():  # PostgreSQL refuses to run as root
        try:
            entry = pwd.getpwnam("postgres")
        except KeyError:
            raise RuntimeError(
                "running as root, and there is no `postgres` user to run the server as"
                " (Debian's postgresql package makes it)"
            ) from None
        os.chown(root, entry.pw_uid, entry.pw_gid)
    data = root / "data"
    _run_as_postgres(
        [str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "-E", "UTF8",
         "--locale=C", "-A", "trust", "--no-sync"]
    )  # fmt: skip
    conf = (
        "listen_addresses = ''\n"
        f"unix_socket_directories = '{root}'\n"
        "port = 5432\n"
        "max_connections = 60\n"
        # the tests kill clients and restart the server cleanly, never the machine:
        # fsync off only spares the shared disk, every commit is still written
        "fsync = off\nfull_page_writes = off\n"
        "password_encryption = 'scram-sha-256'\n"
    )
    hba = f"local all {PASSWORD_USER} scram-sha-256\nlocal all all trust\n"
    for name, text, mode in (("postgresql.conf", conf, "a"), ("pg_hba.conf", hba, "w")):
        with open(data / name, mode) as f:
            f.write(text)
    server = Server(
        f"postgresql://postgres@/postgres?host={urllib.parse.quote(str(root))}",
        secrets.token_urlsafe(12),
        bindir,
        data,
        root,
    )
    server.pg_ctl("start", "-l", str(root / "server.log"))
    return server


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Server]:
    """The session's PostgreSQL, with the test roles made (see the module docstring)."""
    external = os.environ.get(PG_URL_ENV)
    if external:
        server = Server(external, secrets.token_urlsafe(12))
    else:
        bindir = find_bindir()
        if bindir is None:
            reason = (
                "PostgreSQL is not installed (no initdb in `pg_config --bindir` or"
                " /usr/lib/postgresql/*/bin): `scripts/setup.sh --postgres` installs Debian's"
                f" postgresql, or set {PG_URL_ENV}"
            )
            if os.environ.get("CI"):
                pytest.fail(reason)
            pytest.skip(reason)
        server = _start_server(bindir)
    try:
        with psycopg.connect(server.superuser_url, autocommit=True) as su:
            for role in (OWNER, PASSWORD_USER, *USERS):
                options = " CREATEROLE" if role == OWNER else ""
                exists = su.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,))
                verb = "ALTER" if exists.fetchone() else "CREATE"
                su.execute(
                    sql.SQL(f'{verb} ROLE "{role}" LOGIN{options} PASSWORD {{}}').format(
                        sql.Literal(server.password)
                    )
                )
        yield server
    finally:
        if server.ours:
            with contextlib.suppress(RuntimeError):
                server.pg_ctl("stop", "-m", "immediate")
            shutil.rmtree(server.socket_dir or "", ignore_errors=True)


_numbers = itertools.count(1)
WRITER, READER = "tracker_test_writer", "tracker_test_reader"


@dataclass
class StoreDB:
    """A fresh database with the store's schema, owned by ``tracker_owner``; alice, bob and
    tracker_pw are writers, rita a reader."""

    server: Server
    name: str

    @property
    def owner_url(self) -> str:
        return self.server.url(OWNER, self.name)

    def url(self, user: str) -> str:
        return self.server.url(user, self.name)

    @property
    def superuser_url(self) -> str:
        return with_database(self.server.superuser_url, self.name)

    def connect(self, user: str | None = None) -> psycopg.Connection[Any]:
        """An autocommit connection as ``user`` (the superuser if None)."""
        return psycopg.connect(self.url(user) if user else self.superuser_url, autocommit=True)

    def lines(self) -> list[str]:
        """Every stored line, read as the superuser (so no client code is trusted)."""
        with self.connect() as conn:
            return [r[0] for r in conn.execute("SELECT line FROM tracker.log ORDER BY seq")]


def with_database(url: str, database: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(
        (parts.scheme, parts.netloc, "/" + database, parts.query, parts.fragment)
    )


@contextlib.contextmanager
def new_database(server: Server, template: str = "template0") -> Iterator[str]:
    """A new database owned by ``tracker_owner``, dropped afterwards with any group roles
    an ``init_store`` in it named after it."""
    name = f"tracker_test_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(server.superuser_url, autocommit=True) as su:
        su.execute(f"CREATE DATABASE {name} OWNER {OWNER} ENCODING 'UTF8' TEMPLATE {template}")
    try:
        yield name
    finally:
        with psycopg.connect(server.superuser_url, autocommit=True) as su:
            su.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            for group in ("writer", "reader"):
                su.execute(f'DROP ROLE IF EXISTS "{name}_{group}"')


@pytest.fixture(scope="session")
def store_template(pg_server: Server) -> Iterator[str]:
    """A database with the store set up (``init_store``, the users granted), which each
    test's database is copied from: a copy takes a tenth of the time of a setup."""
    from tracker.log.postgres.schema import grant, init_store

    with new_database(pg_server) as name:
        owner_url = pg_server.url(OWNER, name)
        init_store(owner_url, writer=WRITER, reader=READER)
        for user, access in {**USERS, PASSWORD_USER: "writer"}.items():
            grant(owner_url, user, access)
        yield name
        with psycopg.connect(pg_server.superuser_url, autocommit=True) as su:
            su.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            for role in (WRITER, READER):
                su.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture
def store_db(pg_server: Server, store_template: str) -> Iterator[StoreDB]:
    with new_database(pg_server, template=store_template) as name:
        yield StoreDB(pg_server, name)

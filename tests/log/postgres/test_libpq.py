"""The fast client (``LibpqStore``: libpq through ctypes), which a command's catch-up and
append use so that ``add-event --store`` never imports psycopg: the same answers and the
same errors as psycopg's ``Store``, and psycopg where libpq cannot be loaded."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest

from tests.log.postgres.conftest import PASSWORD_USER, Report, Server, StoreDB, with_user
from tests.log.postgres.helpers import call, fixed_id
from tracker.domain.errors import ConflictError, ExitCode
from tracker.log.envelope import Pending
from tracker.log.postgres.common import StoreIOError, StorePermissionError
from tracker.log.postgres.libpq import LibpqStore, available
from tracker.log.postgres.store import Store

pytestmark = pytest.mark.skipif(not available(), reason="no libpq loads here (psycopg is used)")


def test_reads_equal_psycopgs(store_db: StoreDB) -> None:
    with LibpqStore(store_db.url("alice")) as fast:
        assert fast.head() == (0, "0" * 64) and list(fast.blocks()) == []
        fast.append([call(f"event {i}") for i in range(7)])
        with Store(store_db.url("rita")) as slow:
            assert fast.head() == slow.head()
            assert [fast.chain_at(s) for s in (1, 7, 8)] == [slow.chain_at(s) for s in (1, 7, 8)]
            assert list(fast.blocks(after=2, rows=3)) == list(slow.blocks(after=2, rows=3))
            assert list(fast.lines(after=5)) == list(slow.lines(after=5))
        assert fast.user == "alice"


def test_idempotent_by_id_and_conflicts_exit_5(store_db: StoreDB) -> None:
    ids = [fixed_id(30, i) for i in range(3)]
    with LibpqStore(store_db.url("alice")) as store:
        first = store.append([Pending(call(f"event {i}"), ids[i]) for i in range(3)])
        again = store.append([Pending(call(f"event {i}"), ids[i]) for i in range(3)])
        assert first.written == ids and again.written == [] and again.duplicates == ids
        assert again.head == first.head == (3, first.head.chain)
        before = store_db.lines()
        with pytest.raises(ConflictError) as caught:
            store.append([Pending(call("new"), None), Pending(call("other"), ids[1])])
        assert str(caught.value) == (
            f"event id {ids[1]} is already in the log with different content; nothing was written"
        )
        assert caught.value.exit_code == ExitCode.CONFLICT
        assert store_db.lines() == before
        assert store.append([call("after the conflict")]).head.seq == 4


def test_a_reader_is_refused_and_a_dead_server_is_one_line(
    store_db: StoreDB, figures: Report
) -> None:
    with LibpqStore(store_db.url("rita")) as reader, pytest.raises(StorePermissionError) as caught:
        reader.append([call("by a reader")])
    assert str(caught.value) == (
        f"role rita may not append to the store {store_db.url('rita')}: it is not a member"
        " of the store's writer role; nothing was written"
    ).replace(store_db.server.password, "***")
    assert caught.value.exit_code == ExitCode.IO == 7
    url = "postgresql://alice:s3cret-pw@/desk?host=/nonexistent-socket-dir&connect_timeout=2"
    with pytest.raises(StoreIOError) as lost:
        LibpqStore(url).append([call("nowhere")])
    message = str(lost.value)
    assert message.startswith(
        "cannot connect to the store postgresql://alice:***@/desk?host=/nonexistent-socket-dir"
    )
    assert "\n" not in message and "s3cret" not in message
    assert store_db.lines() == []
    figures(f"libpq: a reader refused (exit 7); no server: {message}")


def test_pgpass_and_service_files(
    pg_server: Server, store_db: StoreDB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not pg_server.ours:
        pytest.skip("needs the throwaway server's pg_hba.conf (a role that must give a password)")
    socket_dir = str(pg_server.socket_dir)
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"*:*:{store_db.name}:{PASSWORD_USER}:{pg_server.password}\n")
    pgpass.chmod(0o600)
    services = tmp_path / "pg_service.conf"
    services.write_text(
        f"[desk]\nhost={socket_dir}\ndbname={store_db.name}\nuser={PASSWORD_USER}\n"
    )
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    monkeypatch.setenv("PGSERVICEFILE", str(services))
    no_password = (
        f"postgresql://{PASSWORD_USER}@/{store_db.name}?host={urllib.parse.quote(socket_dir)}"
    )
    with LibpqStore(no_password) as store:  # the password comes from .pgpass (SCRAM)
        assert store.append([call("password from .pgpass")]).head.seq == 1
    with LibpqStore("postgresql://?service=desk") as store:
        assert store.user == PASSWORD_USER
        assert store.append([call("through the service")]).head.seq == 2
    wrong = with_user(store_db.url(PASSWORD_USER), PASSWORD_USER, store_db.name, "wr0ng-Secret")
    with pytest.raises(StoreIOError) as caught:
        LibpqStore(wrong).head()
    assert "wr0ng" not in str(caught.value) and f"{PASSWORD_USER}:***@" in str(caught.value)
    assert f'password authentication failed for user "{PASSWORD_USER}"' in str(caught.value)
    pgpass.write_text("")
    with pytest.raises(StoreIOError, match="no password supplied"):
        LibpqStore(no_password).head()


def _client_kind(env: dict[str, str], url: str) -> str:
    code = (
        "import sys; from tracker.log.postgres.libpq import connect;"
        f" c = connect({url!r}); print(type(c).__name__, 'psycopg' in sys.modules)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_psycopg_where_libpq_cannot_run(store_db: StoreDB) -> None:
    url = store_db.url("alice")
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_LIBPQ"}
    assert _client_kind(env, url) == "LibpqStore False"
    assert _client_kind({**env, "TRACKER_LIBPQ": "psycopg"}, url) == "Store True"
    assert _client_kind({**env, "TRACKER_LIBPQ": "/nonexistent/libpq.so"}, url) == "Store True"


def test_add_event_on_a_store_never_imports_psycopg(
    store_db: StoreDB, tmp_path: Path, figures: Report
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "TRACKER_LIBPQ"}
    env |= {"XDG_CACHE_HOME": str(tmp_path / "cache"), "TRACKER_STORE": store_db.url("alice")}
    args = ["add-event", "--type", "phone_call", "--actor", "Blinken", "--actor", "Wang Yi",
            "--date", "2021-08-16", "--summary", "A call", "--source", "https://example.org/s",
            "--create-actors"]  # fmt: skip
    for _ in range(2):  # the first catches the copy up from nothing, the second from a seq
        done = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "tracker", *args],
            env=env, capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-2000:]
        modules = {line.split("|")[-1].strip() for line in done.stderr.splitlines() if "|" in line}
        heavy = {m for m in modules if m.split(".")[0] in ("psycopg", "sqlalchemy", "sqlmodel")}
        assert heavy == set(), heavy
    lines = store_db.lines()
    assert len(lines) == 4  # two actors, then each run's event
    assert sum('"summary":"A call"' in line for line in lines) == 2
    figures(f"add-event --store (libpq): exit 0, {len(modules)} modules, no psycopg/sqlalchemy")

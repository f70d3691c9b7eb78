"""The connection URL's password is never printed; libpq services and .pgpass work.

``tracker_pw`` is the one role the throwaway server asks a password of (scram-sha-256)."""

from __future__ import annotations

import urllib.parse
from pathlib import Path

import pytest

from tests.log.postgres.conftest import PASSWORD_USER, Report, Server, StoreDB, with_user
from tests.log.postgres.helpers import call
from tracker.log.postgres.common import StoreIOError, redact
from tracker.log.postgres.schema import init_store
from tracker.log.postgres.store import Store
from tracker.log.postgres.transfer import pull


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql://alice:pw@db.example/desk", "postgresql://alice:***@db.example/desk"),
        ("postgres://alice:p%40ss@db:5433/desk?sslmode=require",
         "postgres://alice:***@db:5433/desk?sslmode=require"),
        ("postgresql://alice@db/desk?password=pw&application_name=x",
         "postgresql://alice@db/desk?password=***&application_name=x"),
        ("postgresql:///desk?service=desk", "postgresql:///desk?service=desk"),
        ("host=db user=alice password='a b' dbname=desk", "host=db user=alice password=*** dbname=desk"),
    ],
)  # fmt: skip
def test_redact(url: str, shown: str) -> None:
    assert redact(url) == shown
    assert repr(Store(url)) == f"Store({shown!r})"


def _own_server(pg_server: Server) -> None:
    if not pg_server.ours:
        pytest.skip("needs the throwaway server's pg_hba.conf (a role that must give a password)")


def test_a_wrong_password_is_refused_without_printing_it(
    pg_server: Server, store_db: StoreDB, figures: Report
) -> None:
    _own_server(pg_server)
    good = store_db.url(PASSWORD_USER)
    wrong = with_user(good, PASSWORD_USER, store_db.name, "wr0ng-Secret")
    with Store(good) as store:
        assert store.append([call("with the right password")]).head.seq == 1
    messages = []
    for attempt in (
        lambda: Store(wrong).append([call("with the wrong one")]),
        lambda: init_store(wrong),
        lambda: pull(Store(wrong), Path("never.jsonl")),
    ):
        with pytest.raises(StoreIOError) as caught:
            attempt()
        messages.append(str(caught.value))
    for message in messages:
        assert "wr0ng" not in message and "\n" not in message
        assert f"{PASSWORD_USER}:***@" in message
        assert f'password authentication failed for user "{PASSWORD_USER}"' in message
    assert len(store_db.lines()) == 1 and not Path("never.jsonl").exists()
    figures(f"3/3 refusals name no password; e.g. {messages[0]}")


def test_pgpass_and_service_files(
    pg_server: Server, store_db: StoreDB, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _own_server(pg_server)
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
    host = urllib.parse.quote(socket_dir)
    no_password = f"postgresql://{PASSWORD_USER}@/{store_db.name}?host={host}"
    with Store(no_password) as store:  # the password comes from .pgpass
        assert store.append([call("password from .pgpass")]).head.seq == 1
    with Store("postgresql://?service=desk") as store:  # everything from the service
        assert store.user == PASSWORD_USER
        assert store.append([call("through the service")]).head.seq == 2
    pgpass.write_text("")
    with pytest.raises(StoreIOError, match="no password supplied"):
        Store(no_password).head()

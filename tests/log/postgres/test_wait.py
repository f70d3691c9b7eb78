"""wait_for: woken by NOTIFY on commit, and polling, so a lost notification only delays it."""

from __future__ import annotations

import threading
import time

from tests.log.postgres.conftest import Report, StoreDB
from tests.log.postgres.helpers import call
from tracker.log.postgres.store import Store


def _append_later(url: str, delay: float, count: int = 1) -> threading.Thread:
    def run() -> None:
        time.sleep(delay)
        with Store(url) as store:
            store.append([call(f"later {i}") for i in range(count)])

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_a_waiter_wakes_on_the_notification(store_db: StoreDB, figures: Report) -> None:
    with Store(store_db.url("rita")) as reader:  # a reader may wait
        assert reader.wait_for(0, timeout=0.2) == 0  # nothing yet: the timeout
        writer = _append_later(store_db.url("alice"), 0.3, count=3)
        started = time.monotonic()
        seq = reader.wait_for(0, timeout=30, poll=30)  # polling would take 30 s
        took = time.monotonic() - started
        writer.join()
        assert seq == 3  # one notification for the batch, after its commit: all of it
        assert len(store_db.lines()) == 3
        assert reader.wait_for(3, timeout=0.2) == 3
    assert took < 30  # woken by the notification, not by the poll (bound, not a timing)
    figures(f"woken {took * 1000:.0f} ms after waiting began (append after 300 ms; poll 30 s)")


def test_a_lost_notification_only_delays_the_waiter(store_db: StoreDB, figures: Report) -> None:
    with Store(store_db.url("rita")) as reader:
        reader.wait_for(0, timeout=0)  # opens the listening connection
        assert reader._listener is not None
        reader._listener.execute("UNLISTEN *")  # every notification from now on is lost
        writer = _append_later(store_db.url("bob"), 0.2)
        started = time.monotonic()
        seq = reader.wait_for(0, timeout=30, poll=0.5)
        took = time.monotonic() - started
        writer.join()
    assert seq == 1
    figures(f"no notification: found by polling after {took * 1000:.0f} ms (poll 500 ms)")

"""Import the published HistoryAtState files and count what became of them.

    .venv/bin/python benchmarks/historyatstate_eval.py [../shared/samples/historyatstate]

Into a fresh copy of the shipped log: the records by collection, the stops (events) they
make, the copies folded, the stops that span days, the records whose country has no ISO
code (by name), the persons and states made, the import's time, and a second import (which
must add nothing).
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.exchange.importing.historyatstate import country_of, records, stops  # noqa: E402
from tracker.exchange.registry import import_file  # noqa: E402
from tracker.services.tracker import Tracker  # noqa: E402


def main(folder: Path) -> None:
    found = list(records(folder))
    groups = stops(found)
    by_collection = Counter(r.collection for r in found)
    spanning = sum(1 for g in groups if max(r.end for r in g) > min(r.start for r in g))
    no_code: Counter[str] = Counter()
    for r in found:
        slug = r.ids.get("country") or r.ids.get("from", "")
        name, iso = country_of(slug, r.fields.get("country") or r.fields.get("from", ""))
        if iso is None:
            no_code[name] += 1
    print(f"records: {len(found):,} ({', '.join(f'{k} {v:,}' for k, v in by_collection.items())})")
    print(f"stops (events): {len(groups):,}; copies folded: {len(found) - len(groups)};"
          f" spanning days: {spanning:,}")  # fmt: skip
    print(f"records whose country has no ISO code: {sum(no_code.values())}"
          f" ({', '.join(f'{k} {v}' for k, v in no_code.most_common())})")  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        log = Path(tmp) / "events.jsonl"
        shutil.copy(ROOT / "data" / "events.jsonl", log)
        tracker = Tracker(log)
        started = time.perf_counter()
        first = import_file(tracker, "historyatstate", folder)
        took = time.perf_counter() - started
        print(f"import: {first.summary()} in {took:.1f} s ({first.read / took:,.0f} records/s)")
        kinds = Counter(tracker.actor(actor_id).kind for actor_id, _ in first.new_actors)
        print(f"new actors by kind: {dict(kinds)}")
        again = import_file(tracker, "historyatstate", folder)
        print(f"again: {again.summary()}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT.parent / "shared/samples/historyatstate")

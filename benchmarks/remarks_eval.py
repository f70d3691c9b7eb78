"""How right the meetings proposed from HistoryAtState trip remarks are, against a gold.

    .venv/bin/python benchmarks/remarks_eval.py [../shared/samples/historyatstate] [-v]

``benchmarks/remarks_gold.json`` names, for 110 trip stops drawn at random, the people each
stop's remarks say the traveller met (a word of each name, by record id; the remarks stay
in ../shared). The stops are imported into a copy of the shipped log (as ``import
historyatstate --propose-meetings`` does), their remarks proposed (``propose_remarks``),
and each gold person counted found when a proposed participant's name holds its word:
precision and recall over people met, and, with ``-v``, each stop's misses and extras.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.cli.trip_meetings import TRAVELS, _traveller  # noqa: E402
from tracker.exchange.importing.historyatstate import short_name  # noqa: E402
from tracker.exchange.importing.historyatstate_xml import records, stops, texts_of  # noqa: E402
from tracker.exchange.registry import import_file  # noqa: E402
from tracker.extract.remarks import propose_remarks  # noqa: E402
from tracker.extract.snapshot import snapshot  # noqa: E402
from tracker.services.tracker import Tracker  # noqa: E402


def folded(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in plain if not unicodedata.combining(ch)).replace("’", "'")


def main(folder: Path, verbose: bool) -> None:
    gold: dict[str, list[str]] = json.loads(
        (ROOT / "benchmarks" / "remarks_gold.json").read_text()
    )["stops"]
    with tempfile.TemporaryDirectory(prefix="tracker-remarks-") as tmp:
        log = Path(tmp) / "events.jsonl"
        shutil.copy(ROOT / "data" / "events.jsonl", log)
        tracker = Tracker(log)
        import_file(tracker, "historyatstate", folder)
        registry = snapshot(tracker)
        found = tp = proposed = right = 0
        for group in stops(list(records(folder))):
            first = group[0]
            if first.collection not in TRAVELS or first.record_id not in gold:
                continue
            want = [folded(w) for w in gold[first.record_id]]
            traveller = _traveller(registry, first.fields.get("name", ""), short_name)
            names: list[str] = []
            if traveller is not None:
                for prop in propose_remarks(
                    texts_of(group), day=first.start[:10], traveller=traveller, registry=registry
                ):
                    for p in prop.parties:
                        if registry.canonical(p.key) != registry.canonical(traveller):
                            actor = registry.get(p.actor) if p.actor else None
                            names.append(folded(actor.name if actor else p.label))
            hits = [w for w in want if any(w in n for n in names)]
            extra = [n for n in names if not any(w in n for w in want)]
            found += 1
            tp += len(hits)
            proposed += len(names)
            right += len(names) - len(extra)
            if verbose and (len(hits) < len(want) or extra):
                missed = [w for w in want if w not in hits]
                print(f"  {first.record_id}: missed {missed}, extra {extra}")
    people = sum(len(v) for v in gold.values())
    precision = right / proposed if proposed else 0.0
    recall = tp / people if people else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"remarks of {found} gold stops: {people} people met, {proposed} proposed, {tp} right;"
          f" ({right} of them someone met); precision {precision:.2f}, recall {recall:.2f}, F1 {f1:.2f}")  # fmt: skip


if __name__ == "__main__":
    args = [a for a in sys.argv[1:] if a != "-v"]
    main(
        Path(args[0]) if args else ROOT.parent / "shared" / "samples" / "historyatstate",
        "-v" in sys.argv,
    )

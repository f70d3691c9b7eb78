"""Score ``tracker extract`` on a folder of documents with gold events (the corpus format).

    .venv/bin/python benchmarks/extract_eval.py ../shared/corpus [--seeds ../shared/seeds] [-v]

Two runs: "warm", with each document's actors registered first (through a real log and the
read model, as an analyst's tracker would have them), and "cold", from the shipped registry
(data/events.jsonl) alone, where new actors must be proposed. A proposal matches a gold event
when their participants agree (Jaccard >= 0.5 over the gold actors they resolve to; a
statement's speaker must agree), one to one, best first. On the matched: type, date and role
(initiator / speaker) accuracy. False positives on ``not_events``: proposals whose evidence
lies in one of those sentences and that match no gold event. Speed: documents per second of
extraction alone, warm, over repeated passes on one core.

The seed article, when ``--seeds`` (default ``../shared/seeds`` beside the repository) is
there, is scored against the events of the shipped log.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.extract import Proposal, Registry, propose  # noqa: E402
from tracker.extract.lexicon import norm  # noqa: E402
from tracker.extract.snapshot import snapshot  # noqa: E402
from tracker.services.tracker import Tracker  # noqa: E402

SEED = "us-reaches-out-to-russia-china-on-afghanistan.txt"


def warm_registry(doc: dict[str, Any], folder: Path) -> Registry:
    """The document's actors registered in a fresh log, read back through the adapter."""
    log = folder / "events.jsonl"
    from tracker.log.file import EventLog

    EventLog.create(log)
    t = Tracker(log)
    taken: set[str] = set()
    orgs: dict[str, str] = {}
    for a in doc["actors"]:
        kind = {"organization": "international_organization"}.get(a["kind"], a["kind"])
        names = [x for x in [a["name"], *a.get("aliases", [])] if norm(x) not in taken]
        if not names or names[0] != a["name"]:
            continue
        taken.update(norm(x) for x in names)
        a["_id"] = t.register_actor(
            a["name"], kind=kind, aliases=names[1:], country=_country(a.get("country"))
        )
    for a in doc["actors"]:
        office, org = a.get("office"), a.get("org")
        if not office or "(" in office or "_id" not in a:
            continue
        org_id = None
        if org and norm(org) not in taken:
            kind = "international_organization" if a.get("country") is None else "government_body"
            org_id = orgs.get(org) or t.register_actor(
                org, kind=kind, country=_country(a.get("country"))
            )
            orgs[org] = org_id
            taken.add(norm(org))
        elif org:
            org_id = orgs.get(org)
        t.hold_office(a["_id"], office, org=org_id)
    reg = snapshot(t)
    t.close()
    return reg


def _country(code: str | None) -> str | None:
    """A gold actor's country as the tracker takes it: a code it does not know (Kosovo's
    user-assigned XKX) is registered without one rather than stopping the evaluation."""
    from tracker.domain.errors import ValidationError
    from tracker.domain.events.actors import check_country

    try:
        return check_country(code) if code else None
    except ValidationError:
        return None


def cold_registry(folder: Path) -> Registry:
    log = folder / "events.jsonl"
    shutil.copy(ROOT / "data" / "events.jsonl", log)
    with Tracker(log) as t:
        return snapshot(t)


def gold_names(doc: dict[str, Any]) -> dict[str, str]:
    """Every way a gold actor may be named (norm) -> its gold name."""
    out: dict[str, str] = {}
    for a in doc["actors"]:
        for name in [a["name"], *a.get("aliases", [])]:
            out.setdefault(norm(name), a["name"])
    return out


def party_name(party: Any, reg: Registry, names: dict[str, str]) -> str | None:
    if party.actor:
        actor = reg.get(party.actor)
        for n in [party.actor, *([actor.name, *actor.aliases] if actor else [])]:
            if norm(n) in names:
                return names[norm(n)]
        return None
    if party.new is not None:
        for n in [party.new.name, *party.new.aliases]:
            if norm(n) in names:
                return names[norm(n)]
    return None


def _speaker(p: Proposal, reg: Registry, names: dict[str, str]) -> set[str | None]:
    return {party_name(x, reg, names) for x in p.parties if x.role == "speaker"}


def _initiator(p: Proposal, reg: Registry, names: dict[str, str]) -> str | None:
    return next((party_name(x, reg, names) for x in p.parties if x.role == "initiator"), None)


def match(
    gold: list[dict[str, Any]], props: list[Proposal], reg: Registry, names: dict[str, str]
) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, proposal index), best first."""
    scored = []
    for gi, g in enumerate(gold):
        want = set(g["participants"]) | set(g.get("about") or [])
        for pi, p in enumerate(props):
            got = {party_name(x, reg, names) or f"?{x.key}" for x in p.parties}
            jac = len(want & got) / len(want | got)
            if jac < 0.5:
                continue
            if g["type"] == "statement" and g.get("speaker") not in _speaker(p, reg, names):
                continue
            if g["type"] != "statement" and p.type == "statement":
                continue
            bonus = (p.type == g["type"]) * 0.1 + (p.date == g.get("date")) * 0.05
            scored.append((jac + bonus, gi, pi))
    pairs: list[tuple[int, int]] = []
    used_g: set[int] = set()
    used_p: set[int] = set()
    for _, gi, pi in sorted(scored, reverse=True):
        if gi not in used_g and pi not in used_p:
            pairs.append((gi, pi))
            used_g.add(gi)
            used_p.add(pi)
    return pairs


def score_doc(
    doc: dict[str, Any], props: list[Proposal], reg: Registry, borderline: bool
) -> dict[str, int]:
    names = gold_names(doc)
    gold = [g for g in doc["events"] if borderline or not g.get("borderline")]
    dropped = [g for g in doc["events"] if g not in gold]
    pairs = match(gold, props, reg, names)
    ignored = {pi for _, pi in match(dropped, props, reg, names)} - {pi for _, pi in pairs}
    c = {"gold": len(gold), "proposed": len(props) - len(ignored), "tp": len(pairs)}
    c["type_ok"] = sum(props[pi].type == gold[gi]["type"] for gi, pi in pairs)
    c["date_ok"] = sum(props[pi].date == gold[gi].get("date") for gi, pi in pairs)
    # the same over the matched events whose gold has a date ("date: null" cannot be exact)
    c["dated"] = sum(gold[gi].get("date") is not None for gi, pi in pairs)
    c["dated_ok"] = sum(
        gold[gi].get("date") is not None and props[pi].date == gold[gi]["date"] for gi, pi in pairs
    )
    roles = 0
    for gi, pi in pairs:
        g, p = gold[gi], props[pi]
        if g["type"] == "statement":
            roles += g.get("speaker") in _speaker(p, reg, names)
        else:
            roles += g.get("initiator") == _initiator(p, reg, names)
    c["role_ok"] = roles
    matched = {pi for _, pi in pairs}
    spans = [(doc["text"].find(s), doc["text"].find(s) + len(s)) for s in doc.get("not_events", [])]
    c["not_events"] = len(spans)
    c["fp_not_events"] = sum(
        1
        for pi, p in enumerate(props)
        if pi not in matched
        and pi not in ignored
        and any(a <= e0 and e1 <= b for e0, e1 in p.evidence for a, b in spans if a >= 0)
    )
    return c


def run(
    docs: list[dict[str, Any]], regs: list[Registry], verbose: bool, label: str
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    props_all = [
        propose(d["text"], published=d["published"], registry=r)
        for d, r in zip(docs, regs, strict=True)
    ]
    for borderline in (True, False):
        total: dict[str, int] = {}
        for d, p, r in zip(docs, props_all, regs, strict=True):
            c = score_doc(d, p, r, borderline)
            for k, v in c.items():
                total[k] = total.get(k, 0) + v
            if verbose and borderline:
                print(f"  {label} {d['_file']}: {c}")
        results["with" if borderline else "without"] = total
    return results


def prf(c: dict[str, int]) -> tuple[float, float, float]:
    p = c["tp"] / c["proposed"] if c["proposed"] else 0.0
    r = c["tp"] / c["gold"] if c["gold"] else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def speed(
    docs: list[dict[str, Any]], regs: list[Registry], seconds: float = 2.0
) -> tuple[float, float]:
    """Documents per second of wall-clock time, and per second of this process's CPU time
    (one core's worth: what the figure is on a machine shared with other work)."""
    done, started, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - started < seconds:
        for d, r in zip(docs, regs, strict=True):
            propose(d["text"], published=d["published"], registry=r)
            done += 1
    wall = time.perf_counter() - started
    return done / wall, done / max(time.process_time() - cpu, 1e-9)


def seed(folder: Path, verbose: bool) -> dict[str, Any] | None:
    path = folder / SEED
    if not path.exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        reg = cold_registry(Path(tmp))
    text = path.read_text(encoding="utf-8")
    props = propose(text, published="2021-08-17", registry=reg)
    gold = []
    for line in (ROOT / "data" / "events.jsonl").read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        data = rec["data"]
        if rec["type"] in ("InteractionRecorded", "StatementRecorded", "DevelopmentRecorded"):
            parts = data["participants"]
            gold.append(
                {
                    "type": data["type"], "date": data["when"],
                    "participants": [p["actor"] for p in parts],
                    "initiator": next((p["actor"] for p in parts if p["role"] == "initiator"), None),
                    "speaker": next((p["actor"] for p in parts if p["role"] == "speaker"), None),
                }
            )  # fmt: skip
    doc = {"text": text, "events": gold, "actors": [{"name": a} for a in reg.actors]}
    c = score_doc(doc, props, reg, True)
    pairs = dict(match(gold, props, reg, gold_names(doc)))
    print(f"seed article {path.name} --published 2021-08-17, against data/events.jsonl:")
    for gi, g in enumerate(gold):
        roles = g["initiator"] or g["speaker"]
        log = f"{g['type']} {g['date']} {', '.join(g['participants'])}"
        log += f" ({'initiator' if g['initiator'] else 'speaker'} {roles})" if roles else ""
        if gi in pairs:
            p = props[pairs[gi]]
            same = p.type == g["type"] and p.date == g["date"]
            print(f"  log: {log}\n    {'same' if same else 'differs'}: {_brief(p)}")
        else:
            print(f"  log: {log}\n    MISSED")
    for pi in sorted(set(range(len(props))) - set(pairs.values())):
        print(f"  proposed, not in the log: {_brief(props[pi])}")
    if verbose:
        for p in props:
            print(f"  seed: {p.type} {p.date} {[(x.label, x.role) for x in p.parties]}")
    return c


def _brief(p: Proposal) -> str:
    parties = ", ".join(f"{x.actor or x.label} ({x.role})" for x in p.parties)
    return f"{p.type} {p.date} {parties}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--seeds", type=Path, default=ROOT.parent / "shared" / "seeds")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--seconds", type=float, default=2.0, help="how long to time extraction")
    args = parser.parse_args()
    docs = []
    for f in sorted(args.folder.glob("*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        d["_file"] = f.name
        docs.append(d)
    if not docs:
        sys.exit(f"no *.json documents in {args.folder}")
    with tempfile.TemporaryDirectory() as tmp:
        warm = [
            warm_registry(d, Path(tmp) / f"w{i}")
            for i, d in enumerate(docs)
            if (Path(tmp) / f"w{i}").mkdir() is None
        ]
        (Path(tmp) / "cold").mkdir()
        cold_reg = cold_registry(Path(tmp) / "cold")
    cold = [cold_reg] * len(docs)
    rows = []
    for label, regs in (("warm", warm), ("cold", cold)):
        res = run(docs, regs, args.verbose, label)
        for which in ("with", "without"):
            c = res[which]
            p, r, f = prf(c)
            tp = c["tp"] or 1
            rows.append((f"{label}, {which} borderline", c["gold"], c["proposed"], c["tp"], p, r, f,
                         c["type_ok"] / tp, c["date_ok"] / tp, c["dated_ok"] / (c["dated"] or 1),
                         c["role_ok"] / tp, f"{c['fp_not_events']}/{c['not_events']}"))  # fmt: skip
    rate = speed(docs, warm, args.seconds)
    words = sum(len(d["text"].split()) for d in docs) / len(docs)
    print(f"{len(docs)} documents from {args.folder} (mean {words:.0f} words)")
    head = (
        "run",
        "gold",
        "proposed",
        "matched",
        "precision",
        "recall",
        "F1",
        "type",
        "date",
        "date, dated gold",
        "role",
        "FP not_events",
    )
    print("| " + " | ".join(head) + " |")
    print("|" + " --- |" * len(head))
    for row in rows:
        cells = [row[0], *(str(x) for x in row[1:4]), *(f"{x:.2f}" for x in row[4:11]), row[11]]
        print("| " + " | ".join(cells) + " |")
    print(
        f"speed: {rate[1]:.0f} documents per CPU second on one core ({rate[0]:.0f}/s of wall"
        " clock), warm, extraction only"
    )
    s = seed(args.seeds, args.verbose)
    if s is not None:
        p, r, f = prf(s)
        tp = s["tp"] or 1
        print(
            f"seed article vs data/events.jsonl: {s['tp']}/{s['gold']} log events matched,"
            f" {s['proposed']} proposed; precision {p:.2f}, recall {r:.2f}, F1 {f:.2f};"
            f" type {s['type_ok'] / tp:.2f}, date {s['date_ok'] / tp:.2f}, role {s['role_ok'] / tp:.2f}"
        )
    else:
        print(f"seed article: {args.seeds / SEED} not found; skipped")


if __name__ == "__main__":
    main()

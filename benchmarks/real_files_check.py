"""Import real published files as a new user would, and count what became of them.

    .venv/bin/python benchmarks/real_files_check.py [--keep OUT] [--base FORMAT=PATH] [DIR ...]

DIR holds one folder per format (``gdelt1``, ``gdelt2``, ``gdelt``, ``icews``, ``plover``,
``polecat``, ``historyatstate``); each file in it (each folder, for historyatstate) goes
into a fresh tracker with the plain README commands, through the real CLI:

- ``import FORMAT FILE`` (exit 0 expected), then again (must add nothing), ``verify``;
- ``timeline --actor`` (the busiest actor), ``actors``, ``actor show``;
- ``graph --format gexf`` and ``graphml`` of the whole graph, validated against the XSDs
  in ``tests/exchange/schemas`` (lxml);
- ``export timelinejs``, ``plover``, ``csv``, ``parquet``, then ``import csv`` of the csv
  export and the plover export into the same log (each must add nothing).

``--base FORMAT=PATH`` (repeatable) imports PATH first into each tracker a file of FORMAT
goes into: what the log already holds (``historyatstate=../shared/samples/historyatstate``
with another clone of the same trips), so that doubled contacts against the log are counted.

Then, from the read model: events by type; doubled contacts (the same day, the same
participants, the same class of contact, more than one live event); statements and
developments told twice by one story (the same day, type, code, participants in their
roles, place (not ICEWS's) and story, more than one event); states merged with
their government (an actor of kind ``state`` whose names include a government, or an
actor holding both a bare country code and a role code); actors of kind ``person`` that
look like places or organisations (a country's name or adjective, a capital, words such as
"Party", "Ministry", "Police"); the rows rejected as bad; the left-out reasons. It never
writes into the repository: every tracker lives in a temporary folder. Third-party files
are read where they are (``/work/realfiles`` by default, or ``../shared/samples``).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker.domain.countries import country_code  # noqa: E402
from tracker.exchange.importing.grouping import CONTACT_CLASS  # noqa: E402

# REAL_CHECK_TRACKER: another checkout's tracker (before/after figures of a change)
TRACKER = [os.environ.get("REAL_CHECK_TRACKER", str(ROOT / ".venv" / "bin" / "tracker"))]
KEEP: Path | None = None  # --keep DIR: where the TimelineJS exports are kept
BASE: dict[str, list[Path]] = {}  # --base FORMAT=PATH: imported before each file of FORMAT
SCHEMAS = ROOT / "tests" / "exchange" / "schemas"
FORMATS = {
    "gdelt": "gdelt",
    "gdelt1": "gdelt",
    "gdelt2": "gdelt",
    "icews": "icews",
    "plover": "plover",
    "polecat": "polecat",
    "historyatstate": "historyatstate",
}
ORG_WORDS = re.compile(
    r"\b(party|ministry|council|organi[sz]ation|bank|police|army|military|government|union|"
    r"agency|committee|court|university|company|corporation|news|parliament|congress|"
    r"senate|association|federation|front|movement|forces|navy|league|commission|institute|"
    r"assembly|group|taliban|hamas|hezbollah|hizballah|isis|isil|nato|opec|asean|"
    r"department|office|embassy|cabinet|court|tribunal|church|school|hospital|club|"
    r"county|province|city|state|republic|kingdom|island|islands|region|district|forum|"
    r"conference|coalition|sabha|knesset|duma|majlis|bundestag|sejm|rada)\b",
    re.IGNORECASE,
)
CAPITALS = {
    "washington", "london", "paris", "moscow", "beijing", "tokyo", "kabul", "damascus",
    "tehran", "baghdad", "kyiv", "kiev", "berlin", "rome", "madrid", "cairo", "ankara",
    "new delhi", "delhi", "islamabad", "riyadh", "jerusalem", "brussels", "geneva",
    "new york", "seoul", "pyongyang", "caracas", "havana", "kremlin", "white house",
    "los angeles", "california", "texas", "florida", "africa", "europe", "asia",
}  # fmt: skip


def run(args: list[str], cwd: Path) -> tuple[int, str, str]:
    env = dict(os.environ, TRACKER_USER="checker", COLUMNS="200", NO_COLOR="1")
    done = subprocess.run(
        [*TRACKER, "--no-pager", *args], cwd=cwd, env=env, capture_output=True, text=True
    )
    return done.returncode, done.stdout.strip(), done.stderr.strip()


def valid_xml(path: Path, schema: Path) -> str:
    from lxml import etree

    try:
        xsd = etree.XMLSchema(etree.parse(str(schema)))
        doc = etree.parse(str(path))
    except (OSError, etree.Error) as err:
        return f"unreadable: {err}"
    return "valid" if xsd.validate(doc) else f"INVALID: {xsd.error_log.last_error}"


def looks_not_person(name: str) -> bool:
    bare = re.sub(r"\s*\(.*\)$", "", name).strip()
    if country_code(bare) is not None:
        return True
    return bare.casefold() in CAPITALS or ORG_WORDS.search(bare) is not None


def model_counts(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    out: dict[str, object] = {}
    rows = conn.execute(
        "SELECT id, type, day_first, day_last, participants FROM events WHERE NOT retracted"
    ).fetchall()
    out["events"] = len(rows)
    out["by type"] = dict(Counter(r[1] for r in rows).most_common())
    groups: dict[tuple[str, str, frozenset[str], str], int] = defaultdict(int)
    for _id, typ, first, last, parts in rows:
        klass = CONTACT_CLASS.get(typ)
        actors = frozenset(p["actor"] for p in json.loads(parts))
        if klass and len(actors) >= 2:
            groups[(first, last, actors, klass)] += 1
    doubled = {k: n for k, n in groups.items() if n > 1}
    out["doubled contacts"] = f"{len(doubled)} groups, {sum(doubled.values())} events"
    actors = conn.execute(
        "SELECT id, name, kind, aliases, external_ids FROM actors WHERE merged_into IS NULL"
    ).fetchall()
    out["actors"] = dict(Counter(a[2] for a in actors).most_common())
    merged = []
    for _id, name, kind, aliases, ext in actors:
        names = [name, *json.loads(aliases)]
        codes = json.loads(ext).get("cameo")
        codes = codes if isinstance(codes, list) else [codes] if codes else []
        bare = [c for c in codes if len(c) == 3]
        roled = [c for c in codes if len(c) > 3]
        governed = kind == "state" and any("government" in n.casefold() for n in names)
        if governed or (bare and roled):
            merged.append(name)
    told: dict[tuple[str, ...], int] = defaultdict(int)
    for line in (db.parent / "events.jsonl").open(encoding="utf-8"):
        record = json.loads(line)
        data = record.get("data") or {}
        if data.get("type") not in ("statement", "development") or not data.get("cameo"):
            continue
        extra = data.get("extra") or {}
        story = extra.get("story_id")
        if story is None and len(data["sources"]) == 1:
            story = data["sources"][0].get("url")
        if not story or isinstance(story, list):
            continue
        who = json.dumps(sorted([p["actor"], p["role"]] for p in data["participants"]))
        # ICEWS geocodes each directed row of a sentence apart: its story is the place
        where = "" if "sentence_number" in extra else data.get("location") or ""
        told[(data["when"], data["type"], data["cameo"], where, story, who)] += 1
    twice = {k: n for k, n in told.items() if n > 1}
    out["told twice by one story"] = f"{len(twice)} groups, {sum(twice.values())} events"
    out["state/government merged"] = len(merged)
    if merged:
        out["merged actors"] = merged[:10]
    out["persons"] = sum(1 for a in actors if a[2] == "person")
    suspects = [a[1] for a in actors if a[2] == "person" and looks_not_person(a[1])]
    out["persons that look like places/organisations"] = len(suspects)
    if suspects:
        out["suspect persons"] = suspects[:15]
    generic = conn.execute(
        "SELECT a.name, count(*) FROM actors a JOIN participations p ON p.actor_id = a.id"
        " WHERE a.merged_into IS NULL GROUP BY a.id ORDER BY 2 DESC LIMIT 5"
    ).fetchall()
    out["busiest actors"] = [f"{n} {c}" for n, c in generic]
    conn.close()
    return out


def check(fmt: str, path: Path) -> dict[str, object]:
    report: dict[str, object] = {"file": str(path), "format": fmt}
    with tempfile.TemporaryDirectory(prefix="realcheck-") as tmp:
        home = Path(tmp)
        run(["init", "."], home)
        for base in BASE.get(fmt, []):
            rc, out, err = run(["import", fmt, str(base)], home)
            report[f"base {base.name}"] = f"exit {rc}: {(out or err).splitlines()[-1]}"
        started = time.perf_counter()
        rc, out, err = run(["import", fmt, str(path)], home)
        took = time.perf_counter() - started
        report["import"] = f"exit {rc}: {out.splitlines()[0] if out else err.splitlines()[0]}"
        report["import seconds"] = round(took, 2)
        if rc != 0:
            report["import error"] = err.splitlines()[:3]
            bad = re.search(r"(\d+) bad row", err)
            report["bad rows"] = int(bad.group(1)) if bad else "?"
            return report
        report["bad rows"] = 0
        left = re.search(r"left out (\d+) \((.*)\)", out)
        report["left out"] = left.group(0) if left else 0
        rc, out, err = run(["import", fmt, str(path)], home)
        again = re.search(r"added (\d+)", out)
        report["again"] = f"exit {rc}, added {again.group(1) if again else '?'}"
        rc, out, err = run(["verify"], home)
        report["verify"] = out if rc == 0 else f"exit {rc}: {err}"
        db = home / "data" / ".events.jsonl.readmodel.sqlite"
        run(["actors"], home)
        counts = model_counts(db)
        report.update(counts)
        busiest = counts.get("busiest actors") or []
        if busiest:
            name = str(busiest[0]).rsplit(" ", 1)[0]
            rc, out, err = run(["timeline", "--actor", name, "--format", "json"], home)
            shown = len(json.loads(out)) if rc == 0 and out.startswith("[") else out[:80]
            report["timeline busiest"] = f"exit {rc}, {shown} events" if rc == 0 else err[:120]
            rc, out, err = run(["actor", "show", name], home)
            report["actor show"] = f"exit {rc}" + ("" if rc == 0 else f": {err[:120]}")
        for kind, schema in (
            ("gexf", SCHEMAS / "gexf-1.3" / "gexf.xsd"),
            ("graphml", SCHEMAS / "graphml" / "graphml.xsd"),
        ):
            target = home / f"graph.{kind}"
            rc, out, err = run(["graph", "--format", kind, "-o", str(target)], home)
            report[kind] = valid_xml(target, schema) if rc == 0 else f"exit {rc}: {err[:120]}"
        for kind, target in (
            ("timelinejs", home / "t.json"),
            ("plover", home / "p.jsonl"),
            ("csv", home / "e.csv"),
            ("parquet", home / "pq"),
        ):
            rc, out, err = run(["export", kind, "-o", str(target)], home)
            report[f"export {kind}"] = f"exit {rc}" + ("" if rc == 0 else f": {err[:120]}")
        tl = home / "t.json"
        if tl.exists() and KEEP is not None:  # for benchmarks/timelinejs_render.py
            KEEP.mkdir(parents=True, exist_ok=True)
            shutil.copy(tl, KEEP / f"{path.parent.name}-{path.name}.timeline.json")
        if tl.exists():
            slides = json.loads(tl.read_text())["events"]
            media = sum(1 for s in slides if s.get("media"))
            groups = len({s.get("group") for s in slides})
            report["timelinejs"] = f"{len(slides)} slides, {media} with media, {groups} groups"
        for kind, target in (("csv", home / "e.csv"), ("plover", home / "p.jsonl")):
            rc, out, err = run(["import", kind, str(target)], home)
            added = re.search(r"added (\d+)", out)
            report[f"{kind} re-import"] = (
                f"exit {rc}, added {added.group(1) if added else err[:120]}"
            )
    return report


def history_targets(sub: Path) -> list[Path]:
    """A HistoryAtState folder laid out as the repositories are is one target; a folder of
    such folders (one a clone or a part of one) is one target each."""
    kids = sorted(p for p in sub.iterdir() if p.is_dir())
    if not kids or any(
        k.name in ("secretary-travels", "president-travels", "visits") for k in kids
    ):
        return [sub]
    return kids


def main(folders: list[Path]) -> None:
    load = os.getloadavg()
    print(f"load average {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    for folder in folders:
        for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
            fmt = FORMATS.get(sub.name)
            if fmt is None:
                continue
            targets = history_targets(sub) if fmt == "historyatstate" else sorted(
                p for p in sub.rglob("*") if p.is_file() and not p.name.endswith(".md")
            )  # fmt: skip
            for target in targets:
                report = check(fmt, target)
                print(f"\n== {fmt}: {target}")
                for key, value in report.items():
                    if key not in ("file", "format"):
                        print(f"  {key}: {value}")


if __name__ == "__main__":
    args = sys.argv[1:]
    if "--keep" in args:
        at = args.index("--keep")
        KEEP = Path(args[at + 1])
        del args[at : at + 2]
    while "--base" in args:
        at = args.index("--base")
        fmt_name, _, base_path = args[at + 1].partition("=")
        BASE.setdefault(fmt_name, []).append(Path(base_path))
        del args[at : at + 2]
    main([Path(a) for a in args] or [Path("/work/realfiles")])

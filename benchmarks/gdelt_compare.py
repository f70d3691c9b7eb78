"""The GDELT import of this tree against another tree's (main's), on the same files:
``python -m benchmarks.gdelt_compare --base DIR [--rows N]``.

``DIR`` is a copy of the other tree (``git archive main | tar -x -C DIR``), run with this
interpreter. The files: the benchmark's generated file (``--rows`` rows), rows varied as
the importer tests vary them (bad values, mirror pairs, repeats; imported with
``--skip-bad``), and the real samples of ``../shared/samples/gdelt*`` when they are there.
Each is imported into an empty log by both trees, then again into the same log (which adds
nothing), then a second file on top; the logs must hold the same lines, byte for byte but
for ``recorded_at`` and the chain hashes that depend on it; the summaries and the bad-row
reports must be the same. Prints one line per file; exit 1 on a difference.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.run import gdelt_file

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT.parent / "shared" / "samples"
# recorded_at, the chain hashes made from it, and the random ids (UUIDv7) of the actors' events
_STAMP = re.compile(
    rb'"recorded_at":"[^"]*"|"prev":"[0-9a-f]{64}"|,"chain":"[0-9a-f]{64}"'
    rb'|"id":"[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}"'
)


def _normal(log: Path) -> list[bytes]:
    return [_STAMP.sub(b"", line) for line in log.read_bytes().splitlines()]


def _run(tree: Path, args: list[str], log: Path, report: Path) -> str:
    # run in the tree: ``python -m`` puts the working folder before PYTHONPATH on the path
    env = dict(os.environ, PYTHONPATH=str(tree))
    command = [sys.executable, "-m", "tracker", "import", "gdelt", *args, "--log", str(log)]
    if "--skip-bad" in args:
        command += ["--report", str(report)]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=tree, check=False)
    # progress notes ("applying 20 MB of new lines ... …") come and go with the machine's speed
    errors = [line for line in done.stderr.splitlines() if not line.endswith("…")]
    said = f"exit {done.returncode}: {done.stdout.strip()} {' '.join(errors)}"
    return said.replace(str(log.parent), "HERE").replace(str(log.parent.parent.parent), "WORK")


def compare(base: Path, files: list[tuple[str, list[Path], bool]], work: Path) -> bool:
    same = True
    for name, paths, skip in files:
        outcome = []
        for tree in (ROOT, base):
            where = work / ("base" if tree == base else "this") / name
            where.mkdir(parents=True)
            log = where / "events.jsonl"
            log.touch()
            said = []
            for i, path in enumerate([*paths, paths[0]]):  # each file, then the first again
                report = where / f"bad-{i}.csv"
                said.append(_run(tree, [str(path), *(["--skip-bad"] if skip else [])], log, report))
            reports = [p.read_bytes() for p in sorted(where.glob("bad-*.csv"))]
            outcome.append((said, _normal(log), reports))
        (said, lines, reports), (base_said, base_lines, base_reports) = outcome
        ok = said == base_said and lines == base_lines and reports == base_reports
        same &= ok
        differ = next(
            (i for i, (a, b) in enumerate(zip(lines, base_lines, strict=False)) if a != b), None
        )
        print(
            f"{name}: {'same' if ok else 'DIFFERENT'}: {len(lines)} lines"
            f" (base {len(base_lines)}), summaries {'same' if said == base_said else 'differ'},"
            f" bad-row reports {'same' if reports == base_reports else 'differ'}"
            + (f"; first differing line {differ + 1}" if differ is not None else "")
        )
        for mine, theirs in zip(said, base_said, strict=True):
            if mine != theirs:
                print(f"  this tree: {mine[:2000]}\n  base:      {theirs[:2000]}")
    return same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True)
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from tests.exchange.test_importers import varied_gdelt

    with tempfile.TemporaryDirectory(prefix="tracker-gdelt-compare-") as tmp:
        work = Path(tmp)
        generated = work / "generated.CSV"
        gdelt_file(generated, args.rows)
        second = work / "second.CSV"
        gdelt_file(second, max(args.rows // 5, 10), seed=2)
        with open(second, encoding="utf-8") as f:  # other ids: GLOBALEVENTID 8... not 9...
            text = "".join("8" + line[1:] for line in f)
        second.write_text(text, encoding="utf-8")
        varied = []
        for seed in (1, 2, 3):
            path = work / f"varied-{seed}.CSV"
            path.write_text("\n".join(varied_gdelt(3000, seed)) + "\n", encoding="utf-8")
            varied.append(path)
        files = [("generated", [generated, second], False), ("varied", varied, True)]
        for sample in sorted(SAMPLES.glob("gdelt*/*")) if SAMPLES.is_dir() else []:
            files.append((f"{sample.parent.name}-{sample.name}", [sample], False))
        return 0 if compare(args.base.resolve(), files, work) else 1


if __name__ == "__main__":
    sys.exit(main())

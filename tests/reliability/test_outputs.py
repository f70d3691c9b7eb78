"""No command writes over the log or its files; every output is written whole (issue 11,
items 1 and 13).

Every command that takes an output path is run against each file of the log (the log, its
lock, the read model with its journal, -wal, -shm, lock and rebuild files, a torn tail),
given directly, through a symlink to it and through a symlinked folder: each is refused
with one ``Error:`` line and exit 2, and every one of those files is byte for byte as it
was. An output whose write fails or is killed midway leaves the old file as it was.
"""

from __future__ import annotations

import errno
import hashlib
import os
import pkgutil
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.conftest import SHIPPED_LOG
from tests.reliability.conftest import Report
from tracker.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
BAD_ROWS = (
    "type,date,actors,roles,summary,source_url\n"
    "phone_call,2021-08-20,Blinken;Lavrov,initiator;recipient,Called again,https://example.org/a\n"
    "phone_call,not a date,Blinken;Lavrov,initiator;recipient,Bad row,https://example.org/b\n"
)

# Each command with an output file; P is the path to write.
COMMANDS: dict[str, list[str]] = {
    "export csv": ["export", "csv", "-o", "P"],
    "export jsonl": ["export", "jsonl", "-o", "P"],
    "export plover": ["export", "plover", "-o", "P"],
    "export timelinejs": ["export", "timelinejs", "-o", "P"],
    "export gexf": ["export", "gexf", "-o", "P"],
    "export graphml": ["export", "graphml", "-o", "P"],
    "timeline --html": ["timeline", "--actor", "Blinken", "--html", "P"],
    "graph -o gexf": ["graph", "--actor", "Blinken", "--format", "gexf", "-o", "P"],
    "graph -o graphml": ["graph", "--actor", "Blinken", "--format", "graphml", "-o", "P"],
    "graph --html": ["graph", "--actor", "Blinken", "--html", "P"],
    "dyad --html": ["dyad", "Blinken", "Lavrov", "--html", "P"],
    "communities --html": ["communities", "--html", "P"],
    "import csv --template": ["import", "csv", "--template", "P"],
    "import --skip-bad --report": ["import", "csv", "bad.csv", "--skip-bad", "--report", "P"],
}
FOLDER_COMMANDS: dict[str, list[str]] = {
    "report -o": ["report", "--actor", "Blinken", "-o", "P"],
}
# The files of data/events.jsonl: those a rebuild makes, and some made here.
PROTECTED = [
    "data/events.jsonl",
    "data/.events.jsonl.lock",
    "data/.events.jsonl.readmodel.sqlite",
    "data/.events.jsonl.readmodel.sqlite-wal",
    "data/.events.jsonl.readmodel.sqlite-shm",
    "data/.events.jsonl.readmodel.sqlite-journal",
    "data/.events.jsonl.readmodel.sqlite.lock",
    "data/.events.jsonl.readmodel.sqlite.rebuild-4242",
    "data/events.jsonl-torn-20261201T000000Z",
]


def run(*args: str) -> Any:
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def command(template: list[str], path: str) -> list[str]:
    return [path if a == "P" else a for a in template]


def state(folder: Path) -> dict[str, bytes | str]:
    """Every file and link under ``folder``: its bytes, or where the link points."""
    out: dict[str, bytes | str] = {}
    for p in sorted(folder.rglob("*")):
        key = str(p.relative_to(folder))
        if p.is_symlink():
            out[key] = "-> " + os.readlink(p)
        elif p.is_file():
            out[key] = p.read_bytes()
    return out


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """The shipped log at data/events.jsonl, its read model built, a torn tail aside, the
    bad-row csv, and links to every file of the log (``links/``, and ``d`` -> ``data``)."""
    (tmp_path / "data").mkdir()
    shutil.copy(SHIPPED_LOG, tmp_path / "data" / "events.jsonl")
    assert run("rebuild").exit_code == 0
    (tmp_path / "data" / ".events.jsonl.lock").touch()
    (tmp_path / "data" / "events.jsonl-torn-20261201T000000Z").write_bytes(b'{"v":1,"seq":9')
    (tmp_path / "bad.csv").write_text(BAD_ROWS, encoding="utf-8")
    (tmp_path / "links").mkdir()
    for name in PROTECTED:
        (tmp_path / "links" / Path(name).name).symlink_to(tmp_path / name)
    (tmp_path / "d").symlink_to(tmp_path / "data", target_is_directory=True)
    return tmp_path


def ways_to(name: str) -> list[str]:
    """The protected file ``name``: as given, through a link to it, through a linked folder."""
    return [name, f"links/{Path(name).name}", f"d/{Path(name).name}"]


def refused(result: Any) -> str | None:
    """Why ``result`` is not a clean refusal (exit 2, one ``Error:`` line), or None."""
    if result.exit_code != 2:
        return f"exit {result.exit_code}: {result.stdout!r} {result.stderr!r}"
    if result.stdout != "" or result.stderr.count("\n") != 1:
        return f"not one line: {result.stdout!r} {result.stderr!r}"
    if not result.stderr.startswith("Error: refusing to write "):
        return f"wrong message: {result.stderr!r}"
    return None


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_command_writes_over_the_log_or_its_files(
    name: str, workspace: Path, figures: Report
) -> None:
    before = state(workspace)
    log_digest = hashlib.sha256((workspace / PROTECTED[0]).read_bytes()).hexdigest()
    problems: list[str] = []
    runs = 0
    for protected in PROTECTED:
        for path in ways_to(protected):
            runs += 1
            why = refused(run(*command(COMMANDS[name], path)))
            if why is not None:
                problems.append(f"{path}: {why}")
            after = state(workspace)
            if after != before:
                changed = sorted(
                    k for k in before.keys() | after.keys() if before.get(k) != after.get(k)
                )
                problems.append(f"{path}: changed {changed}")
                shutil.copy(SHIPPED_LOG, workspace / PROTECTED[0])
                before = state(workspace)
    assert problems == []
    assert hashlib.sha256((workspace / PROTECTED[0]).read_bytes()).hexdigest() == log_digest
    figures(
        f"{name}: {runs} protected paths ({len(PROTECTED)} files x direct, linked, in a linked"
        " folder): all refused (exit 2, one line), log and its files byte-identical"
    )


@pytest.mark.parametrize("name", sorted(FOLDER_COMMANDS))
def test_no_command_uses_the_logs_folder_as_its_output_folder(
    name: str, workspace: Path, figures: Report
) -> None:
    before = state(workspace)
    folders = ["data", "d", "data/", "./data/../data", str(workspace / "data")]
    results = {f: refused(run(*command(FOLDER_COMMANDS[name], f))) for f in folders}
    assert results == dict.fromkeys(folders)
    assert state(workspace) == before
    figures(f"{name}: {len(folders)} spellings of the log's folder: all refused, nothing written")


def test_the_refusal_comes_before_any_import(workspace: Path) -> None:
    """--skip-bad would import the good row before it wrote the report: not over the log."""
    log = workspace / "data" / "events.jsonl"
    before = log.read_bytes()
    result = run("import", "csv", "bad.csv", "--skip-bad", "--report", "d/events.jsonl")
    assert refused(result) is None
    assert result.stderr == (
        f"Error: refusing to write the report d/events.jsonl: it is the log {log};"
        " choose another path\n"
    )
    assert log.read_bytes() == before
    ok = run("import", "csv", "bad.csv", "--skip-bad", "--report", "out/bad-rows.csv")
    assert ok.exit_code == 0, ok.stderr
    assert (workspace / "out" / "bad-rows.csv").read_text().startswith("line,reason,row\n3,")


def test_a_hard_link_to_the_log_is_refused(workspace: Path) -> None:
    log = workspace / "data" / "events.jsonl"
    os.link(log, workspace / "copy.jsonl")
    before = log.read_bytes()
    result = run("export", "csv", "-o", "copy.jsonl")
    assert refused(result) is None
    assert result.stderr == (
        f"Error: refusing to write copy.jsonl: it is the same file as {log}; choose another path\n"
    )
    assert log.read_bytes() == before


def test_a_read_model_elsewhere_is_protected(tmp_path: Path) -> None:
    """A read model outside the log's folder (the user's cache, or ``db_path``): it, its
    files and its folder, as an output folder, are refused too."""
    from tracker.domain.errors import ValidationError
    from tracker.log.outputs import Outputs

    db = tmp_path / "cache" / "events.jsonl-0123abcd.readmodel.sqlite"
    outputs = Outputs.of(tmp_path / "data" / "events.jsonl", db)
    for name in ("", "-wal", "-shm", "-journal", ".lock", ".rebuild-77"):
        assert outputs.why(f"{db}{name}") is not None, name
    assert outputs.why(tmp_path / "cache" / "report.csv") is None
    with pytest.raises(ValidationError, match=r"refusing to write to .*cache: it holds the log"):
        outputs.check_folder(tmp_path / "cache")


# --------------------------------------------------------------------------- whole or nothing

OLD = b"the old output, which must survive a failed write\n"


def _target(name: str) -> tuple[str, str]:
    """(the path a command writes, the file to check) for a command of COMMANDS."""
    if name in FOLDER_COMMANDS:
        return "out/report", "out/report/index.html"
    suffix = {"export jsonl": ".jsonl"}.get(name, ".out")
    return f"out/target{suffix}", f"out/target{suffix}"


ALL = sorted({**COMMANDS, **FOLDER_COMMANDS})


@pytest.mark.parametrize("name", ALL)
def test_a_failed_write_leaves_the_old_file(
    name: str, workspace: Path, monkeypatch: pytest.MonkeyPatch, figures: Report
) -> None:
    given, check = _target(name)
    old = workspace / check
    old.parent.mkdir(parents=True)
    if name == "export jsonl":
        old.touch()  # jsonl refuses a non-empty file: the old one is empty
    else:
        old.write_bytes(OLD)
    before = old.read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("tracker.log.outputs._fsync", full)
    template = {**COMMANDS, **FOLDER_COMMANDS}[name]
    result = run(*command(template, given))
    assert result.exit_code == 7, (result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("Error: cannot write ")
    assert result.stderr.endswith(": No space left on device\n")
    assert old.read_bytes() == before
    left = sorted(p.name for p in old.parent.iterdir())
    assert left == [old.name], left  # no temporary file left behind
    figures(f"{name}: the output's fsync fails (ENOSPC): exit 7, old file intact, no temp left")


KILLED = """
import os, sys, time
import tracker.log.outputs
def hang(fd):
    print("ready", flush=True)
    time.sleep(60)
tracker.log.outputs._fsync = hang
from tracker.cli.app import main
sys.argv = ["tracker", *sys.argv[1:]]
main()
"""


@pytest.mark.parametrize(
    "args",
    [
        ["export", "csv", "-o", "out/target.out"],
        ["timeline", "--actor", "Blinken", "--html", "out/target.out"],
        ["export", "jsonl", "-o", "out/target.out"],
    ],
    ids=["export csv", "timeline --html", "export jsonl"],
)
def test_a_killed_write_leaves_the_old_file(
    args: list[str], workspace: Path, figures: Report
) -> None:
    """SIGKILL once every byte is in the temporary file but before the rename."""
    target = workspace / "out" / "target.out"
    target.parent.mkdir()
    old = b"" if args[1] == "jsonl" else OLD
    target.write_bytes(old)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [sys.executable, "-c", KILLED, *args],
        cwd=workspace,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdout is not None
    try:
        assert proc.stdout.readline() == b"ready\n"
        temps = [p for p in target.parent.iterdir() if p != target and p.stat().st_size]
        assert len(temps) == 1  # the new content, written in full beside the old file
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert target.read_bytes() == old
    again = run(*args)  # the next write of that target: whole, and the temp is gone
    assert again.exit_code == 0, again.stderr
    assert sorted(p.name for p in target.parent.iterdir()) == ["target.out"]
    assert target.read_bytes() != old
    figures(f"{args[0]} {args[1]}: killed before the rename: old file intact; next run cleans up")


def test_a_symlinked_output_stays_a_link(workspace: Path) -> None:
    (workspace / "real").mkdir()
    (workspace / "real" / "blinken.csv").write_bytes(OLD)
    (workspace / "latest.csv").symlink_to(workspace / "real" / "blinken.csv")
    result = run("export", "csv", "--actor", "Blinken", "-o", "latest.csv")
    assert result.exit_code == 0, result.stderr
    assert (workspace / "latest.csv").is_symlink()
    assert (workspace / "real" / "blinken.csv").read_text().startswith("type,date,actors,")


# --------------------------------------------------------------------------- plotly.min.js


def test_a_damaged_plotly_bundle_is_rewritten(workspace: Path, figures: Report) -> None:
    bundle = workspace / "reports" / "blinken" / "plotly.min.js"
    shipped = pkgutil.get_data("plotly", "package_data/plotly.min.js") or b""
    digest = hashlib.sha256(shipped).hexdigest()

    def report() -> None:
        result = run("report", "--actor", "Blinken")
        assert result.exit_code == 0, result.stderr

    def sha() -> str:
        return hashlib.sha256(bundle.read_bytes()).hexdigest()

    report()
    assert sha() == digest
    inode = bundle.stat().st_ino
    report()
    assert bundle.stat().st_ino == inode  # plotly's own: left as it is
    with bundle.open("r+b") as f:
        f.truncate(len(shipped) // 2)
    report()
    assert bundle.stat().st_size == len(shipped) and sha() == digest
    bundle.write_bytes(b"x" * len(shipped))  # the right size, the wrong bytes
    report()
    assert sha() == digest
    bundle.unlink()
    bundle.mkdir()  # in the way: a clear error, not a blank report
    result = run("report", "--actor", "Blinken")
    assert result.exit_code == 7
    assert (
        result.stderr == "Error: cannot write chart reports/blinken/plotly.min.js: it is a folder\n"
    )
    figures(
        f"plotly.min.js ({len(shipped):,} bytes): truncated to {len(shipped) // 2:,} and"
        " same-size garbage both rewritten (sha256 = plotly's); intact copy left (same inode)"
    )

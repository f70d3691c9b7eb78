"""The pydantic-free conversion of plain command-line values (``tracker/cli/typer_compat.py``).

It must give exactly what typer's own (pydantic) conversion gives, for every kind it takes
over, and leave everything else to typer.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from typer._click.exceptions import BadParameter
from typer._coercion import build_runtime_param

from tests.conftest import ROOT
from tracker.cli import typer_compat as _cli_params
from tracker.cli.app import app
from tracker.services.tracker import Tracker


def _all_params() -> list[Any]:
    root = typer.main.get_command(app)
    found: list[Any] = []

    def walk(command: Any) -> None:
        found.extend(p for p in command.params if hasattr(p, "type_descriptor"))
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(root)
    return found


def _convert(runtime: Any, param: Any, value: Any) -> tuple[str, Any]:
    try:
        return "ok", runtime.coerce(value, param=param, ctx=None)
    except BadParameter as exc:
        return "error", exc.message


SAMPLES: dict[str, list[Any]] = {
    _cli_params.STR: ["Blinken", "", "Ωμέγα 中文", "<script>alert(1)</script>", None],
    _cli_params.STRS: [("a", "b"), ["x"], (), None],
    _cli_params.PATH: ["data/events.jsonl", "reports", "/tmp", "-", None],
    _cli_params.BOOL: [True, False, None, "yes", "No", "0", "", "maybe"],
}


def test_every_parameter_kind_of_the_cli_is_known() -> None:
    """The CLI's parameters are plain (converted here) except the bounded ints and
    ``watch --poll``'s seconds (a float): typer converts those."""
    params = _all_params()
    plain = [p for p in params if _cli_params._kind(p.type_descriptor) is not None]
    left = {(p.name, p.type_descriptor.annotation) for p in params} - {
        (p.name, p.type_descriptor.annotation) for p in plain
    }
    assert len(plain) >= 150
    assert {annotation for _, annotation in left} == {int, float}


@pytest.mark.parametrize("kind", sorted(SAMPLES))
def test_plain_conversion_equals_typers_own(kind: str) -> None:
    params = [p for p in _all_params() if _cli_params._kind(p.type_descriptor) == kind]
    assert params, kind
    for param in params[:4]:
        desc = param.type_descriptor
        ours = _cli_params.PlainParam(
            parameter_info=desc.parameter_info, annotation=desc.annotation, kind=kind
        )
        theirs = build_runtime_param(desc)
        for value in SAMPLES[kind]:
            if param.multiple and isinstance(value, str):
                continue
            if not param.multiple and isinstance(value, (list, tuple)):
                continue
            got, want = _convert(ours, param, value), _convert(theirs, param, value)
            if got[0] == "error":
                assert want[0] == "error", (param.name, value, got, want)
            else:
                assert got == want, (param.name, value)
                assert type(got[1]) is type(want[1]), (param.name, value)


def test_install_is_done_once_and_skips_bounded_ints() -> None:
    command = typer.main.get_command(app).commands["rank"]
    ctx = typer.main.get_command(app).make_context("tracker", ["rank"], resilient_parsing=True)
    _cli_params.install(command, ctx)
    by_name = {p.name: p for p in command.params}
    assert isinstance(by_name["top"]._runtime_param, type(None))  # left to typer (min=1)
    assert isinstance(by_name["log"]._runtime_param, _cli_params.PlainParam)
    first = by_name["log"]._runtime_param
    _cli_params.install(command, ctx)
    assert by_name["log"]._runtime_param is first


def _run(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def test_add_event_runs_without_importing_pydantic(seed_log: Path, tmp_path: Path) -> None:
    """With the read model built (a rebuild creates its tables with SQLModel), adding an
    event needs neither pydantic nor any heavy library."""
    Tracker(seed_log).sync()
    code = (
        "import sys\n"
        "sys.argv = ['tracker', 'add-event', '--type', 'phone_call', '--actor', 'Blinken',"
        " '--actor', 'Lavrov', '--date', '2021-08-20', '--summary', 'Another call',"
        " '--source', 'https://example.org/x']\n"
        "from tracker.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit as exit:\n    code = exit.code\n"
        "print('exit', code, 'pydantic' in sys.modules, 'plotly' in sys.modules,"
        " 'networkx' in sys.modules, 'sqlalchemy' in sys.modules)\n"
    )
    before = len(seed_log.read_bytes().splitlines())
    done = _run(code, tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "exit 0 False False False False"
    assert len(seed_log.read_bytes().splitlines()) == before + 1


def test_bounded_int_still_checked_by_typer(seed_log: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tracker", "rank", "--top", "0"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)},
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1
    assert done.stderr.startswith("Error: Invalid value for '--top'"), done.stderr


def test_bad_boolean_value_from_the_environment_is_a_usage_error(seed_log: Path) -> None:
    command = typer.main.get_command(app).commands["add-event"]
    param = next(p for p in command.params if p.name == "create_actors")
    desc = param.type_descriptor
    ours = _cli_params.PlainParam(
        parameter_info=desc.parameter_info, annotation=desc.annotation, kind=_cli_params.BOOL
    )
    with pytest.raises(BadParameter, match="'maybe' is not a valid boolean"):
        ours.coerce("maybe", param=param, ctx=None)

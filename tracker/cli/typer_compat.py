"""Plain conversion of command-line values, without pydantic.

Typer (0.29) converts every parameter's value through a pydantic ``TypeAdapter``. Importing
pydantic and building the adapters costs about 250 ms a run, more than the whole of
``tracker add-event`` otherwise. Nearly all of this CLI's parameters are ``str``,
``list[str]`` or a plain ``Path``, whose conversion is trivial; for those this module
installs a converter that gives the same values (the CLI tests pin them). Anything else
(numbers with bounds, choices, path checks) is left to typer.

It uses typer's internal ``RuntimeParam`` hook, which is why pyproject.toml pins typer to
0.29.x; no documented typer feature does the same (typer has no public converter hook, and
every parameter goes through pydantic). Measured (benchmarks/README.md): ``tracker
add-event`` as a whole process at 2.6x ``python -c "import typer"`` with this module,
about 5x without it; the target is 3x. If that hook is missing (another typer version),
nothing is installed and typer converts everything itself: slower, same result. This is
the one module allowed to reach into typer's private names (tests/test_architecture.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

try:
    from typer._click.exceptions import BadParameter
    from typer._coercion import RuntimeParam
    from typer._param_types import coerce_cli_path
except ImportError:  # pragma: no cover - another typer layout
    RuntimeParam = None  # type: ignore[assignment,misc]

STR, STRS, PATH, BOOL = "str", "list[str]", "path", "bool"
# The strings pydantic reads as booleans (typer's flags only ever give it True or False).
_BOOLS = {"1": True, "on": True, "t": True, "true": True, "y": True, "yes": True,
          "0": False, "off": False, "f": False, "false": False, "n": False, "no": False}  # fmt: skip


def _text(value: Any) -> str:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class PlainParam(RuntimeParam):
        kind: str = STR

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.kind == STRS:
                items = value if isinstance(value, (list, tuple)) else [value]
                return [_text(item) for item in items]
            if self.kind == PATH:
                # Given a Path, typer's own check (exists, file_okay, ...) needs no pydantic.
                return coerce_cli_path(
                    Path(_text(value)),
                    self.parameter_info,
                    path_type=Path,
                    param=param,
                    ctx=ctx,
                )
            if self.kind == BOOL:
                if isinstance(value, bool):
                    return value
                text = _text(value).strip().lower()
                if text in _BOOLS or not text:
                    return _BOOLS.get(text, False)
                raise BadParameter(f"{value!r} is not a valid boolean.", ctx=ctx, param=param)
            return _text(value)


def _kind(descriptor: Any) -> str | None:
    info = descriptor.parameter_info
    if getattr(info, "parser", None) is not None or descriptor.is_choice or descriptor.is_file:
        return None
    annotation = descriptor.annotation
    if annotation is bool:
        return BOOL
    if annotation is str:
        return STR
    if annotation == list[str]:
        return STRS
    if annotation is Path and getattr(info, "path_type", None) in (None, Path):
        return PATH
    return None


def install(command: Any, ctx: Any) -> None:
    """Give each plain parameter of ``command`` (``--help`` too) the pydantic-free converter."""
    if RuntimeParam is None:  # pragma: no cover
        return
    params = list(command.params)
    if hasattr(command, "get_help_option"):
        params.append(command.get_help_option(ctx))  # made once and kept by the command
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if descriptor is None or getattr(param, "_runtime_param", "absent") is not None:
            continue  # not a typer parameter, or already converted
        kind = _kind(descriptor)
        if kind is not None:
            param._runtime_param = PlainParam(
                parameter_info=descriptor.parameter_info,
                annotation=descriptor.annotation,
                kind=kind,
            )

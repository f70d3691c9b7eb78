"""The package's architecture, read from its source with the standard library's ``ast``.

The layers, lowest first, are listed in ``LAYERS``; a module may import its own layer and
those below it, never one above. Also checked: no import cycle between modules (imports inside
functions count: they are dependencies too), no private name of one module used by another,
no private attribute reached on anything but ``self``/``cls``, and the size limits of
modules and classes. Each test prints what it measured.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tracker"

# Lowest first. A subpackage (or top-level module) may import from its own rank and below.
LAYERS: dict[str, int] = {
    "domain": 0,
    "log": 1,
    "readmodel": 2,
    "queries": 3,
    "services": 4,
    "exchange": 5,
    "views": 5,
    "extract": 5,
    "cli": 6,
    "__init__": 7,
    "__main__": 7,
}
# Siblings of one rank that must not import each other.
SIBLINGS_APART = {"exchange", "views", "extract"}

MAX_MODULE_LINES = 500
MAX_CLASS_LINES = 250
# Private attributes of the standard library's own types that are public API there.
# The one module allowed to reach into typer's private conversion hook (pinned, with its reason).
TYPER_COMPAT = "tracker.cli.typer_compat"
STDLIB_UNDERSCORE_API = {"_replace", "_asdict", "_fields", "_make", "_field_defaults", "_exit"}


@dataclass
class Module:
    name: str  # dotted, e.g. tracker.log.file
    path: Path
    tree: ast.Module
    imports: set[str] = field(default_factory=set)  # dotted tracker modules imported


def _module_name(path: Path) -> str:
    rel = path.relative_to(PACKAGE.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__" and len(parts) > 1:
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Module]:
    found: dict[str, Module] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        name = _module_name(path)
        found[name] = Module(name, path, tree)
    for module in found.values():
        package = (
            module.name if module.path.name == "__init__.py" else module.name.rpartition(".")[0]
        )
        for node in ast.walk(module.tree):
            if isinstance(node, ast.ImportFrom):
                targets = list(_targets(node, package, found))
            else:
                targets = list(_imported(node, package))
            for target in targets:
                resolved = _resolve(target, found)
                if resolved and resolved != module.name:
                    module.imports.add(resolved)
    return found


def _targets(node: ast.ImportFrom, package: str, modules: dict[str, Module]) -> Iterator[str]:
    """What ``from X import a, b`` depends on: X.a where that is a module, else X."""
    for prefix in _imported(node, package):
        for alias in node.names:
            sub = f"{prefix}.{alias.name}"
            yield sub if sub in modules else prefix
        return


def _imported(node: ast.AST, package: str) -> Iterator[str]:
    if isinstance(node, ast.Import):
        for alias in node.names:
            if alias.name.split(".")[0] == "tracker":
                yield alias.name
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = package.split(".")
            base = base[: len(base) - node.level + 1]
            prefix = ".".join(base + ([node.module] if node.module else []))
        elif node.module and node.module.split(".")[0] == "tracker":
            prefix = node.module
        else:
            return
        yield prefix


def _resolve(target: str, modules: dict[str, Module]) -> str | None:
    while target:
        if target in modules:
            return target
        target = target.rpartition(".")[0]
    return None


def _layer(name: str) -> str:
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def test_no_import_cycle() -> None:
    modules = _modules()
    graph = {name: sorted(m.imports) for name, m in modules.items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt)
        stack.pop()
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name)
    # A package's __init__ importing its own submodules is not a cycle of ideas, but
    # a submodule importing its package's __init__ back is: both are reported.
    edges = sum(len(v) for v in graph.values())
    print(f"architecture: {len(graph)} modules, {edges} import edges, {len(cycles)} cycles")
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_upward_import() -> None:
    modules = _modules()
    unknown = sorted({_layer(n) for n in modules} - set(LAYERS))
    assert not unknown, f"modules outside the layer table: {unknown}"
    upward = []
    for name, module in modules.items():
        here = _layer(name)
        for target in module.imports:
            there = _layer(target)
            if LAYERS[there] > LAYERS[here] or (
                here != there and here in SIBLINGS_APART and there in SIBLINGS_APART
            ):
                upward.append(f"{name} ({here}) imports {target} ({there})")
    print(f"architecture: {len(modules)} modules in {len(LAYERS)} layers, {len(upward)} upward")
    assert not upward, "imports that run up the layers:\n" + "\n".join(sorted(upward))


def test_no_private_name_crosses_a_module() -> None:
    modules = _modules()
    crossings = []
    for name, module in modules.items():
        package = name if module.path.name == "__init__.py" else name.rpartition(".")[0]
        tracker_aliases: set[str] = set()
        own_classes = {n.name for n in ast.walk(module.tree) if isinstance(n, ast.ClassDef)}
        for node in ast.walk(module.tree):
            if isinstance(node, ast.ImportFrom):
                targets = list(_imported(node, package))
                if not targets:
                    continue
                for alias in node.names:
                    if alias.name.startswith("_") and not alias.name.startswith("__"):
                        crossings.append(f"{name}: imports {alias.name} from {targets[-1]}")
                    elif _resolve(f"{targets[-1]}.{alias.name}", modules) == (
                        f"{targets[-1]}.{alias.name}"
                    ):
                        tracker_aliases.add(alias.asname or alias.name)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.split(".")[0] == "tracker":
                        tracker_aliases.add((alias.asname or alias.name).split(".")[0])
        for node in ast.walk(module.tree):
            if not isinstance(node, ast.Attribute):
                continue
            attr = node.attr
            if not attr.startswith("_") or attr.startswith("__") or attr in STDLIB_UNDERSCORE_API:
                continue
            owner = node.value
            if isinstance(owner, ast.Name) and owner.id in {"self", "cls", *own_classes}:
                continue
            if (
                isinstance(owner, ast.Call)
                and isinstance(owner.func, ast.Name)
                and owner.func.id == "super"
            ):
                continue
            if name == TYPER_COMPAT:
                continue
            where = f"{name}:{node.lineno}"
            what = ast.unparse(owner)
            kind = (
                "module"
                if isinstance(owner, ast.Name) and owner.id in tracker_aliases
                else "object"
            )
            crossings.append(f"{where}: {what}.{attr} (private name of another {kind})")
    print(f"architecture: {len(crossings)} private names used from outside their owner")
    assert not crossings, "private names used across modules or classes:\n" + "\n".join(crossings)


def test_modules_and_classes_are_small() -> None:
    modules = _modules()
    too_big = []
    biggest_module = max(modules.values(), key=lambda m: len(m.path.read_text().splitlines()))
    biggest_class = ("", 0)
    for name, module in modules.items():
        lines = len(module.path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            too_big.append(f"module {name}: {lines} lines")
        for node in ast.walk(module.tree):
            if isinstance(node, ast.ClassDef):
                size = (node.end_lineno or node.lineno) - node.lineno + 1
                if size > biggest_class[1]:
                    biggest_class = (f"{name}.{node.name}", size)
                if size > MAX_CLASS_LINES:
                    too_big.append(f"class {name}.{node.name}: {size} lines")
    print(
        f"architecture: largest module {biggest_module.name} "
        f"({len(biggest_module.path.read_text().splitlines())} lines), "
        f"largest class {biggest_class[0]} ({biggest_class[1]} lines)"
    )
    assert not too_big, "over the size limits:\n" + "\n".join(too_big)


@pytest.mark.parametrize("heavy", ["pydantic", "sqlalchemy", "sqlmodel", "networkx", "plotly"])
def test_help_imports_nothing_heavy(heavy: str) -> None:
    import subprocess
    import sys

    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "tracker", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = {line.split("|")[-1].strip().split(".")[0] for line in out.stderr.splitlines()}
    assert heavy not in loaded

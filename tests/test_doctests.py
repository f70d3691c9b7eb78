"""The examples in the package's docstrings run, as part of the suite: every module of
``tracker`` (but ``__main__``, which would run the CLI) through ``doctest``."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "tracker"
MODULES = sorted(
    ".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts).removesuffix(".__init__")
    for p in PACKAGE.rglob("*.py")
    if p.name != "__main__.py"
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {name}"


def test_the_package_has_examples() -> None:
    """The examples are many, and spread over the layers (a doctest run that finds none
    would pass too)."""
    found: dict[str, int] = {}
    finder = doctest.DocTestFinder()
    for name in MODULES:
        module = importlib.import_module(name)
        examples = sum(len(t.examples) for t in finder.find(module) if t.examples)
        layer = name.split(".")[1] if "." in name else "tracker"
        found[layer] = found.get(layer, 0) + examples
    print(f"doctests: {sum(found.values())} examples: {found}")
    assert sum(found.values()) >= 20
    assert {"domain", "exchange", "log"} <= {k for k, v in found.items() if v}

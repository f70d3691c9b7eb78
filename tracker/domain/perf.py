"""Small helpers for the bulk paths."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """The garbage collector off while a big result is built: these loops make many small
    objects and no cycles, and each collection would rescan them all (3-5x slower)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

"""Charts written for a browser: one HTML page that works offline over ``file://``."""

from __future__ import annotations

import functools
import hashlib
import os
import pkgutil
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.log.outputs import Outputs, write_bytes, write_text

if TYPE_CHECKING:
    import plotly.graph_objects as go


def write_html(
    fig: go.Figure,
    path: str | os.PathLike[str],
    *,
    plotlyjs: bool | str = True,
    outputs: Outputs | None = None,
    what: str = "chart ",
) -> Path:
    """Write a chart that works offline over ``file://``, whole or not at all
    (``tracker.log.outputs``: never over the log or its files).

    ``plotlyjs=True`` embeds plotly.js (one self-contained file); ``"directory"`` puts
    one ``plotly.min.js`` beside the page, shared by every chart in that folder (checked
    against the one plotly ships, and rewritten if it differs).
    """
    target = Path(path)
    page = fig.to_html(
        include_plotlyjs=plotlyjs,
        full_html=True,
        config={"displaylogo": False, "responsive": True},
    )
    if plotlyjs == "directory":  # first, so that no page points at a missing bundle
        (outputs or Outputs.default()).check(target, what=what)
        ensure_plotlyjs(target.parent, outputs=outputs)
    write_text(target, page, outputs=outputs, what=what)
    return target


@functools.cache
def _plotlyjs() -> tuple[bytes, str]:
    """The plotly.min.js that plotly ships, and its sha256."""
    data = pkgutil.get_data("plotly", "package_data/plotly.min.js")
    assert data is not None
    return data, hashlib.sha256(data).hexdigest()


def ensure_plotlyjs(folder: str | os.PathLike[str], *, outputs: Outputs | None = None) -> Path:
    """``folder/plotly.min.js``, written unless it is already plotly's own (same size and
    sha256): a truncated or foreign copy would leave every chart of the folder blank."""
    data, digest = _plotlyjs()
    path = Path(folder) / "plotly.min.js"
    try:
        if path.stat().st_size == len(data):
            with path.open("rb") as f:
                if hashlib.file_digest(f, "sha256").hexdigest() == digest:
                    return path
    except OSError:
        pass  # missing or unreadable: written below
    return write_bytes(path, data, outputs=outputs, what="chart ")

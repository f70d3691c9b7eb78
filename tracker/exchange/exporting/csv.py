"""csv: the columns of the import template (``tracker.exchange.template``), actors and
roles separated by ``;``, the first source only, the event id in ``id``, then the event's
``tags`` (separated by ``;``) and ``notes`` (by `` | ``); every cell passes ``csv_cell``
(no spreadsheet formulas).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tracker.domain.markup import csv_cell
from tracker.exchange.exporting.selection import ExportResult, Selection
from tracker.exchange.template import ANNOTATION_COLUMNS, TEMPLATE_COLUMNS, csv_values
from tracker.log.outputs import Outputs, write_text


def export_csv(selection: Selection, path: Path, outputs: Outputs | None = None) -> ExportResult:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow((*TEMPLATE_COLUMNS, *ANNOTATION_COLUMNS))
    for e in selection.entries:
        values = csv_values(e)
        notes = selection.notes_of(e)
        extra = ("; ".join(notes.tags), " | ".join(n.text for n in notes.notes))
        writer.writerow([csv_cell(v) for v in (*(values[c] for c in TEMPLATE_COLUMNS), *extra)])
    write_text(path, buf.getvalue(), outputs=outputs)
    return ExportResult(path, len(selection.entries), len(selection.entries))

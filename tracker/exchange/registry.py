"""Formats by name: ``tracker import FORMAT`` and ``tracker export FORMAT``.

One module per format, in ``importing/`` (a reader of a file into rows) and
``exporting/`` (a writer of a selection); this registry is their one seam. A new format
is a module and one line here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from tracker.domain.errors import ValidationError
from tracker.domain.filters import EventFilter
from tracker.exchange.exporting import csv as csv_out
from tracker.exchange.exporting import jsonl as jsonl_out
from tracker.exchange.exporting import plover as plover_out
from tracker.exchange.exporting import timelinejs
from tracker.exchange.exporting.graphs import export_graph
from tracker.exchange.exporting.selection import ExportResult, Selection, outputs_of, select
from tracker.exchange.importing import csv as csv_in
from tracker.exchange.importing import gdelt_lean, historyatstate, icews
from tracker.exchange.importing import plover as plover_in
from tracker.exchange.importing.folding import DraftReader
from tracker.exchange.importing.jsonl import LogImport, import_log
from tracker.exchange.importing.pipeline import Importer, ImportReport, ReaderOf, Show
from tracker.exchange.importing.pipeline import write_bad_report as write_bad_rows
from tracker.exchange.importing.rows import Progress
from tracker.log.outputs import Outputs
from tracker.services.tracker import Tracker

# The row formats: a reader of a file for one import, made with the import's builder.
IMPORTERS: dict[str, ReaderOf] = {
    "csv": lambda builder: DraftReader(csv_in.parse_csv, builder),
    "gdelt": gdelt_lean.LeanReader,
    "icews": lambda builder: DraftReader(icews.parse_icews, builder),
    "plover": lambda builder: DraftReader(lambda p: plover_in.parse_plover(p, "plover"), builder),
    "polecat": lambda builder: DraftReader(lambda p: plover_in.parse_plover(p, "polecat"), builder),
    "historyatstate": historyatstate.HistoryAtStateReader,
}
LOG_FORMAT = "jsonl"  # another tracker log: its new events, re-chained (``import_log``)
IMPORT_FORMATS = (*IMPORTERS, LOG_FORMAT)

Exporter = Callable[[Tracker, Selection, Path], ExportResult]
EXPORTERS: dict[str, Exporter] = {
    "csv": lambda tracker, sel, path: csv_out.export_csv(sel, path, outputs_of(tracker)),
    "jsonl": jsonl_out.export_jsonl,
    "plover": plover_out.export_plover,
    "timelinejs": lambda tracker, sel, path: timelinejs.export_timelinejs(
        sel, path, outputs_of(tracker)
    ),
    "gexf": lambda tracker, sel, path: export_graph(tracker, sel, "gexf", path),
    "graphml": lambda tracker, sel, path: export_graph(tracker, sel, "graphml", path),
}
# Formats written as a folder of files, streamed from the read model (the query, not a
# selection held in memory).
FolderExporter = Callable[[Tracker, EventFilter | None, Path], ExportResult]
FOLDER_EXPORTERS: dict[str, FolderExporter] = {
    "parquet": lambda tracker, query, folder: _parquet(tracker, query, folder),
}
EXPORT_FORMATS = (*EXPORTERS, *FOLDER_EXPORTERS)


def _parquet(tracker: Tracker, query: EventFilter | None, folder: Path) -> ExportResult:
    from tracker.exchange.exporting.parquet import export_parquet  # pyarrow: only here

    return export_parquet(tracker, query, folder)


def reader_of(fmt: str) -> ReaderOf:
    kind = fmt.lower()
    if kind not in IMPORTERS:
        raise ValidationError(f"unknown import format {fmt!r}; use {', '.join(IMPORT_FORMATS)}")
    return IMPORTERS[kind]


def import_file(
    tracker: Tracker,
    fmt: str,
    path: str | Path,
    *,
    skip_bad: bool = False,
    dry_run: bool = False,
    report_path: Path | None = None,
    progress: Progress | None = None,
    show: Show | None = None,
) -> ImportReport:
    """Import ``path`` (of the row format ``fmt``) into the tracker's log, in two steps
    (``tracker.exchange.importing.pipeline``); bad rows go to a report file."""
    read = reader_of(fmt)
    tracker.log.require()
    outputs = Outputs.of(tracker.log.path, tracker.db_path)
    if report_path is not None:  # before anything is imported
        outputs.check(report_path, what="the report ")
    importer = Importer(
        tracker, fmt.lower(), read, Path(path), skip_bad=skip_bad, dry_run=dry_run,
        progress=progress, show=show,
    )  # fmt: skip
    report = importer.run()
    if report.bad and not dry_run:
        report.report_path = write_bad_rows(report, report_path, outputs)
    return report


def export(
    tracker: Tracker, fmt: str, path: str | os.PathLike[str], query: EventFilter | None = None
) -> ExportResult:
    """Export the events ``query`` selects to ``path`` in ``fmt``."""
    kind = fmt.lower()
    if kind not in EXPORT_FORMATS:
        raise ValidationError(f"unknown export format {fmt!r}; use {', '.join(EXPORT_FORMATS)}")
    tracker.log.require()
    target = Path(path)
    if kind in FOLDER_EXPORTERS:
        return FOLDER_EXPORTERS[kind](tracker, query, target)
    outputs_of(tracker).check(target)  # before any work: never the log or its files
    return EXPORTERS[kind](tracker, select(tracker, query), target)


__all__ = [
    "EXPORTERS",
    "EXPORT_FORMATS",
    "FOLDER_EXPORTERS",
    "IMPORTERS",
    "IMPORT_FORMATS",
    "LOG_FORMAT",
    "LogImport",
    "export",
    "import_file",
    "import_log",
]

"""An import in two steps: every row checked first, then the good ones appended.

The file is read once and never held in memory. The first step builds and checks every
row (``tracker.exchange.importing.build``), and writes each good event, encoded as it will
be appended (payload JSON, content hash), to a temporary spill (``spill.Spill``, in TMPDIR:
about the size the events add to the log); then it finds the ids given twice in the file
and those already in the log, a part of the ids at a time, and collects the bad rows with
their line numbers. With any bad row nothing is appended unless ``skip_bad``, which writes
a report of the bad rows instead. The second step appends the spilled events in batches of
about ``BATCH_BYTES`` through ``EventLog.append_encoded`` (each batch one write under the
log's lock, the same lines ``EventLog.append`` writes; a new actor goes in the batch of its
first event; a batch's fsync runs while the next batch is made). Should a later batch fail
(a full disk, another writer), the earlier ones stay: running the import again adds only
what is missing. Memory stays flat in the number of rows (besides one bit a row).

The formats (one module each) are found by name in ``tracker.exchange.registry``.
"""

from __future__ import annotations

import csv
import gc
import io
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import orjson

from tracker.domain.dates import format_utc, utc_now
from tracker.domain.errors import LogIOError, ValidationError
from tracker.domain.events import (
    ActorAffiliated,
    ActorRegistered,
    OccurrenceRecorded,
    check_event_ref,
    occurrence_class,
    version_needed,
)
from tracker.domain.markup import csv_cell
from tracker.domain.validation import check_payload
from tracker.exchange.importing.build import Builder
from tracker.exchange.importing.grouping import Folder, amendment_id
from tracker.exchange.importing.rows import BadRow, Built, LeftOut, Progress
from tracker.exchange.importing.spill import Spill
from tracker.log.envelope import Encoded, encode
from tracker.log.outputs import Outputs, write_text
from tracker.services.tracker import Tracker


class Reader(Protocol):
    """A format's reader of one file, for one import (made with its ``Builder``)."""

    count: int  # rows read, once ``items`` is done

    def items(
        self, path: Path, progress: Progress | None = None
    ) -> Iterator[Built | BadRow | LeftOut]: ...


ReaderOf = Callable[[Builder], Reader]


@dataclass
class ImportReport:
    fmt: str
    path: Path
    read: int = 0
    added: int = 0
    duplicates: int = 0
    skipped: int = 0
    new_actors: list[tuple[str, str]] = field(default_factory=list)  # (id, name)
    bad: list[BadRow] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)  # reason -> rows
    folded: int = 0  # rows folded into another row's event (or one in the log)
    report_path: Path | None = None
    dry_run: bool = False

    def summary(self) -> str:
        folded = f" folded {self.folded}," if self.folded else ""  # said only when some were
        line = (
            f"read {self.read}, added {self.added}, duplicates {self.duplicates},{folded}"
            f" skipped {self.skipped}, new actors {len(self.new_actors)}"
        )
        if self.left_out:
            reasons = sorted(self.left_out.items(), key=lambda kv: (-kv[1], kv[0]))
            shown = ", ".join(f"{reason} {n}" for reason, n in reasons)
            line += f"; left out {sum(self.left_out.values())} ({shown})"
        return f"dry run, nothing written: {line}" if self.dry_run else line


class BadRowsError(ValidationError):
    """Rows that cannot be imported; nothing was appended."""

    def __init__(self, path: Path, bad: list[BadRow]) -> None:
        self.bad = bad
        super().__init__(
            f"{len(bad)} bad row(s) in {path}; nothing was imported"
            " (fix them, or pass --skip-bad to import the good rows)"
        )


Show = Callable[[str, OccurrenceRecorded, list[str]], None]

BATCH_BYTES = 4 << 20  # an append (one write, one fsync) per 4 MiB of payloads
FOLDED = ("gdelt", "icews")  # coded data: one contact told by many rows (grouping.py)
AGAINST_LOG = ("historyatstate",)  # a stop is one record: folded into the log's only


class Importer:
    """Reads one file (``fmt``, read by the readers ``reader_of`` makes), checks every row,
    then appends the good ones; see the module docstring. The checked events wait on disk
    (``Spill``) in between."""

    def __init__(
        self,
        tracker: Tracker,
        fmt: str,
        reader_of: ReaderOf,
        path: Path,
        *,
        skip_bad: bool = False,
        dry_run: bool = False,
        progress: Progress | None = None,
        show: Show | None = None,
    ) -> None:
        self.tracker = tracker
        self.fmt = fmt
        self.reader_of = reader_of
        self.path = Path(path)
        self.skip_bad = skip_bad
        self.dry_run = dry_run
        self.progress = progress
        self.show = show
        self._checked_to = 0

    @property
    def new_actors(self) -> dict[str, ActorRegistered]:
        """The actors this import makes, by casefolded name."""
        return self.builder.new_actors

    def items(self) -> Iterator[Built | BadRow | LeftOut]:
        """Every row of the file, folded, built (or bad, with its reason), in order."""
        if not (self.path.is_file() or self.path.is_dir()):  # a folder: historyatstate
            raise LogIOError(f"cannot read {self.path}: no such file")
        self.reader = self.reader_of(self.builder)
        yield from self.reader.items(self.path, self.progress)

    def run(self) -> ImportReport:
        report = ImportReport(self.fmt, self.path, dry_run=self.dry_run)
        conn = self.tracker.model()
        self.builder = Builder(self.tracker.log, conn)
        collecting = gc.isenabled()
        gc.disable()  # the rows make no cycles; the collector would walk the waiting ones
        try:
            with Spill() as spill:
                self._check(report, spill)
                if report.bad and not self.skip_bad:
                    raise BadRowsError(self.path, report.bad)
                self._append(report, spill)
        finally:
            conn.close()
            if collecting:
                gc.enable()
        report.skipped = len(report.bad)
        return report

    def _check(self, report: ImportReport, spill: Spill) -> None:
        """Step 1: every row built and checked, into the spill; ids against each other and
        the log (a repeat or an id in the log is skipped; with other content it is bad)."""
        self.folder = Folder(self.builder.conn, within=self.fmt not in AGAINST_LOG)
        folded = self.fmt in FOLDED or self.fmt in AGAINST_LOG
        items = self.folder.fold(self.items()) if folded else self.items()
        for item in items:
            if isinstance(item, LeftOut):
                report.left_out[item.reason] = report.left_out.get(item.reason, 0) + 1
                continue
            if not isinstance(item, BadRow) and not item.checked:  # else: by construction
                try:  # what enters the log is checked as any new event is
                    kind = item.kind.TYPE
                    check_payload(kind, version_needed(kind, item.data), item.data)
                    check_event_ref(item.event_id, "event id")
                except ValidationError as exc:
                    item = BadRow(item.lines[0], exc.message, item.raw)
            if isinstance(item, BadRow):
                report.bad.append(item)
            else:
                if not folded:  # copies the reader itself folded (the Folder counts them)
                    report.folded += len(item.lines) - 1
                spill.add(item)
        report.read = self.reader.count
        report.folded += self.folder.folded
        report.duplicates += self.folder.duplicates
        self._checked_to = self.tracker.log.tail_state().size
        settled = spill.settle(self.tracker.log.id_hashes())  # the log, streamed
        report.duplicates += settled.duplicates
        for line, event_id, key, first, raw in settled.conflicts:
            report.bad.append(
                BadRow(
                    line,
                    f"event id {event_id} ({key}) was given at line {first} with different content",
                    raw,
                )
            )
        for line, event_id, at in settled.in_log:
            if self.builder.read_before(event_id, spill.data_at(at)):
                report.duplicates += 1  # the row as an older tracker read its actors
                continue
            report.bad.append(
                BadRow(
                    line,
                    f"event id {event_id} is already in the log with different content"
                    " (to change it, use `tracker amend`)",
                )
            )
        report.bad.sort(key=lambda b: b.line)

    def _append(self, report: ImportReport, spill: Spill) -> None:
        """Step 2: the spilled events not skipped, in batches of about ``BATCH_BYTES``; a
        new actor just before its first event. Each batch is one write under the log's
        lock; its fsync runs beside the next batch's making, which waits for it before
        its own write (so at most one batch is not yet on disk)."""
        registered: set[str] = set()
        by_id = {a.actor: a for a in self.new_actors.values()}
        parents = self.builder.parents
        batch: list[Encoded] = []
        size = actors = count = 0
        log = self.tracker.log
        synced: Future[None] | None = None

        def flush() -> None:
            nonlocal size, actors, synced
            if not batch:
                return
            if not self.dry_run:
                if synced is not None:
                    synced.result()  # the batch before is on disk (or its error is raised)
                result = log.append_encoded(
                    batch, notice=self.tracker.notice, ids_checked_to=self._checked_to, sync=False
                )
                synced = syncer.submit(log.fsync)
                self._checked_to = result.end or self._checked_to
                report.added += len(result.written) - actors  # new actors are always written
                report.duplicates += len(result.duplicates)
            else:
                report.added += len(batch) - actors
            batch.clear()
            size = actors = 0

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="tracker-fsync") as syncer:
            for lines, item, new in spill.events():
                for actor_id in new.decode().split("\n") if new else ():
                    for made in self._registering(actor_id, by_id, parents, registered):
                        batch.append(encode(made))
                        actors += 1
                        if isinstance(made, ActorRegistered):
                            report.new_actors.append((made.actor, made.name))
                batch.append(item)
                size += len(item.data)
                if self.show is not None:
                    self._show(item, by_id)
                if self.progress is not None:
                    count += lines
                    if count % 1000 < lines:
                        self.progress("importing", count)
                if size >= BATCH_BYTES:
                    flush()
            for amendment in self.folder.amendments.values():  # sources for the log's events
                batch.append(encode(amendment, amendment_id(amendment)))
                actors += 1
            flush()
            if synced is not None:
                synced.result()

    @staticmethod
    def _registering(
        actor_id: str,
        by_id: Mapping[str, ActorRegistered],
        parents: Mapping[str, str],
        registered: set[str],
    ) -> list[ActorRegistered | ActorAffiliated]:
        """The events that make a new actor: its state first (when new too), itself, and
        its ``part_of`` tie; none for an actor already made."""
        if actor_id in registered or actor_id not in by_id:
            return []
        registered.add(actor_id)
        parent = parents.get(actor_id)
        made: list[ActorRegistered | ActorAffiliated] = []
        if parent is not None:
            made += Importer._registering(parent, by_id, parents, registered)
        made.append(by_id[actor_id])
        if parent is not None:
            made.append(ActorAffiliated(actor_id, parent, "part_of"))
        return made

    def _show(self, item: Encoded, by_id: Mapping[str, ActorRegistered]) -> None:
        assert self.show is not None and item.id is not None
        data = orjson.loads(item.data)
        event = occurrence_class(data["type"]).from_data(data)
        names = [by_id[p.actor].name if p.actor in by_id else p.actor for p in event.participants]
        self.show(item.id, event, names)


def write_bad_report(
    report: ImportReport, path: Path | None = None, outputs: Outputs | None = None
) -> Path:
    """The bad rows of an import as CSV (line, reason, row); formulas neutralised."""
    if path is None:
        stamp = format_utc(utc_now()).replace(":", "").replace("-", "")[:15]
        path = Path("reports") / f"import-{report.fmt}-{report.path.stem}-{stamp}-bad.csv"
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["line", "reason", "row"])
    for bad in report.bad:
        writer.writerow(
            [bad.line, csv_cell(bad.reason), csv_cell(bad.raw.replace("\x00", "\\x00"))]
        )
    return write_text(path, buf.getvalue(), outputs=outputs, what="the report ")

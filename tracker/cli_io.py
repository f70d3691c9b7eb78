"""The exchange commands: ``tracker import`` and ``tracker export``.

Thin, like the rest of the CLI: parse, call ``tracker.exchange.registry``,
render. The formats and their mappings are documented in those modules.
"""

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from tracker.cli import AsOfOpt, LogOpt, _as_of, _outputs, _say, _tracker, app
from tracker.domain import markup
from tracker.domain.errors import ValidationError


def _import_progress() -> Any:
    def show(stage: str, rows: int) -> None:
        sys.stderr.write(f"\r{stage}: {rows} rows")
        sys.stderr.flush()

    return show


@app.command("import")
def import_(
    fmt: Annotated[
        str,
        typer.Argument(metavar="FORMAT", help="csv, gdelt, icews, plover, polecat or jsonl."),
    ],
    path: Annotated[Path | None, typer.Argument(metavar="FILE", help="The file to import.")] = None,
    template: Annotated[
        Path | None,
        typer.Option("--template", help="csv only: write the empty template to PATH and stop."),
    ] = None,
    skip_bad: Annotated[
        bool,
        typer.Option(
            "--skip-bad", help="Import the good rows; write the bad ones to a report file."
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be added; write nothing.")
    ] = False,
    report: Annotated[
        Path | None,
        typer.Option("--report", help="Where --skip-bad writes the bad rows (default: reports/)."),
    ] = None,
    log: LogOpt = None,
) -> None:
    """Import events from a file: every row is checked first; nothing is added if any is bad.

    Importing a file again adds nothing (each row's id comes from the source's own id).

    Example: tracker import gdelt 20210816.export.CSV --skip-bad
    """
    from tracker.exchange import registry
    from tracker.exchange.importing.jsonl import import_log
    from tracker.exchange.importing.pipeline import BadRowsError
    from tracker.exchange.template import write_template

    kind = fmt.lower()
    if kind == registry.LOG_FORMAT:  # another tracker log: its events not already here
        if path is None:
            raise ValidationError("give the FILE to import: another tracker log")
        if dry_run or skip_bad or template is not None:
            raise ValidationError(
                "a tracker log is imported whole: no --dry-run, --skip-bad or --template"
            )
        typer.echo(import_log(_tracker(log), path, notice=_say).summary())
        return
    if kind not in registry.IMPORT_FORMATS:
        known = ", ".join(registry.IMPORT_FORMATS)
        raise ValidationError(f"unknown import format {fmt!r}; use {known}")
    if template is not None:
        if kind != "csv":
            raise ValidationError("--template is for the csv format")
        written = write_template(template, _outputs(log))
        typer.echo(
            f"wrote the template {written}: one event a row; actors, roles and topics"
            " separated by ';' (see `tracker import --help`)"
        )
        return
    if path is None:
        raise ValidationError("give the FILE to import (or --template PATH for csv)")
    tracker = _tracker(log)
    progress = _import_progress() if sys.stdout.isatty() else None

    def show(event_id: str, event: Any, names: list[str]) -> None:
        typer.echo(
            markup.safe(
                f"{event_id}  {event.when}  {event.type}  {', '.join(names)}: {event.summary}"
            )
        )

    try:
        result = registry.import_file(
            tracker,
            kind,
            path,
            skip_bad=skip_bad,
            dry_run=dry_run,
            report_path=report,
            progress=progress,
            show=show if dry_run else None,
        )
    except BadRowsError as exc:
        if progress is not None:
            sys.stderr.write("\n")
        for bad in exc.bad:
            _say(markup.error_text(f"{path}: line {bad.line}: {bad.reason}"))
        raise
    if progress is not None:
        sys.stderr.write("\n")
    shown = 20  # a big import may bring thousands: the first ones, then a count
    for actor_id, name in result.new_actors[:shown]:
        _say(
            markup.safe(
                f"{'would register' if dry_run else 'registered'} new actor {name} ({actor_id})"
            )
        )
    if len(result.new_actors) > shown:
        _say(f"... and {len(result.new_actors) - shown} more new actors (see `tracker actors`)")
    for bad in result.bad:
        _say(markup.error_text(f"skipped {path}: line {bad.line}: {bad.reason}"))
    if result.report_path is not None:
        _say(f"wrote the bad rows to {result.report_path}")
    typer.echo(result.summary())


@app.command("export")
def export(
    fmt: Annotated[
        str,
        typer.Argument(metavar="FORMAT", help="csv, jsonl, plover, timelinejs, gexf or graphml."),
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The file to write.")],
    actor: Annotated[
        list[str] | None,
        typer.Option("--actor", "-a", help="Only events of this actor. Repeat it. Default: all."),
    ] = None,
    with_: Annotated[
        list[str] | None, typer.Option("--with", help="Only events this actor takes part in too.")
    ] = None,
    from_: Annotated[
        str | None, typer.Option("--from", help="Events on or after this date.")
    ] = None,
    to: Annotated[str | None, typer.Option("--to", help="Events on or before this date.")] = None,
    type_: Annotated[
        list[str] | None, typer.Option("--type", "-t", help="Only events of this type. Repeat it.")
    ] = None,
    as_of: AsOfOpt = None,
    log: LogOpt = None,
) -> None:
    """Export a selection of events for other tools.

    jsonl is a sub-log that `tracker verify` accepts; csv re-imports with `tracker import csv`.

    Example: tracker export timelinejs --actor Blinken --from 2021 -o blinken.json
    """
    from tracker.domain.dates import parse_window_end, parse_window_start
    from tracker.domain.filters import EventFilter
    from tracker.exchange import registry

    query = EventFilter(
        actors=tuple(actor or []),
        with_actors=tuple(with_ or []),
        start=parse_window_start(from_) if from_ else None,
        end=parse_window_end(to) if to else None,
        types=tuple(type_ or []),
        as_of=_as_of(as_of),
    )
    result = registry.export(_tracker(log), fmt, output, query)
    typer.echo(f"wrote {result.path} ({result.events} events)")


@app.command("merge")
def merge(
    ours: Annotated[Path, typer.Argument(help="Our log; the merge is written into it.")],
    theirs: Annotated[Path, typer.Argument(help="Their log (another branch's copy).")],
    base: Annotated[
        Path | None, typer.Argument(help="Optional: the common ancestor, to check.")
    ] = None,
) -> None:
    """Merge their log into ours: keep ours, append what only theirs has, re-chain it.

    Git runs this as the merge driver of data/events.jsonl (see `tracker init`).

    Example: tracker merge data/events.jsonl ../colleague/data/events.jsonl
    """
    from tracker.log.merge import merge_logs

    result = merge_logs(ours, theirs, base, notice=_say)
    if result.added:
        typer.echo(
            f"merged {result.added} event(s) from {theirs} into {ours}"
            f" ({result.duplicates} already there); head {result.head}"
        )
    else:
        typer.echo(f"nothing to merge: {ours} already has every event of {theirs}")

"""The exchange commands: ``tracker import`` and ``tracker export`` (the formats:
``tracker.exchange.registry``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from tracker.cli.options import (
    ActorsOpt,
    AsOfOpt,
    FromOpt,
    LogOpt,
    ToOpt,
    TypeOpt,
    WithOpt,
    event_filter,
    outputs_for,
    say,
    tracker_for,
)
from tracker.domain.errors import ValidationError


def import_(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT",
            help="csv, gdelt, icews, plover, polecat, historyatstate or jsonl.",
        ),
    ],
    path: Annotated[
        Path | None,
        typer.Argument(
            metavar="FILE",
            help="The file to import (historyatstate: its folder, a zip of it, or one file).",
        ),
    ] = None,
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
    from tracker.domain import markup  # here: --help needs none of it
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
        typer.echo(import_log(tracker_for(ctx, log), path, notice=say).summary())
        return
    if kind not in registry.IMPORT_FORMATS:
        known = ", ".join(registry.IMPORT_FORMATS)
        raise ValidationError(f"unknown import format {fmt!r}; use {known}")
    if template is not None:
        if kind != "csv":
            raise ValidationError("--template is for the csv format")
        written = write_template(template, outputs_for(ctx, log))
        typer.echo(
            f"wrote the template {written}: one event a row; actors, roles and topics"
            " separated by ';' (see `tracker import --help`)"
        )
        return
    if path is None:
        raise ValidationError("give the FILE to import (or --template PATH for csv)")
    from tracker.cli.status import Status, count_lines

    tracker = tracker_for(ctx, log)
    tracker.sync()  # a rebuild first says so itself

    def show(event_id: str, event: Any, names: list[str]) -> None:
        typer.echo(
            markup.safe(
                f"{event_id}  {event.when}  {event.type}  {', '.join(names)}: {event.summary}"
            )
        )

    status = Status(markup.safe(f"importing {path} ({kind})"), unit="rows")
    if status.tty:  # a bar against the file's lines
        status.total = count_lines(path)
    try:
        with status:
            result = registry.import_file(
                tracker,
                kind,
                path,
                skip_bad=skip_bad,
                dry_run=dry_run,
                report_path=report,
                progress=status.rows,
                show=show if dry_run else None,
            )
    except BadRowsError as exc:
        for bad in exc.bad:
            say(markup.error_text(f"{path}: line {bad.line}: {bad.reason}"))
        raise
    shown = 20  # a big import may bring thousands: the first ones, then a count
    for actor_id, name in result.new_actors[:shown]:
        say(
            markup.safe(
                f"{'would register' if dry_run else 'registered'} new actor {name} ({actor_id})"
            )
        )
    if len(result.new_actors) > shown:
        say(f"... and {len(result.new_actors) - shown} more new actors (see `tracker actors`)")
    for bad in result.bad:
        say(markup.error_text(f"skipped {path}: line {bad.line}: {bad.reason}"))
    if result.report_path is not None:
        say(f"wrote the bad rows to {result.report_path}")
    typer.echo(result.summary())


def export(
    ctx: typer.Context,
    fmt: Annotated[
        str,
        typer.Argument(
            metavar="FORMAT", help="csv, jsonl, plover, timelinejs, gexf, graphml or parquet."
        ),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The file to write (parquet: a folder).")
    ],
    actor: ActorsOpt = None,
    with_: WithOpt = None,
    from_: FromOpt = None,
    to: ToOpt = None,
    type_: TypeOpt = None,
    as_of: AsOfOpt = None,
    log: LogOpt = None,
) -> None:
    """Export a selection of events for other tools.

    jsonl is a sub-log that `tracker verify` accepts; csv re-imports with `tracker import csv`;
    parquet writes events.parquet, participants.parquet and actors.parquet into a folder.

    Example: tracker export timelinejs --actor Blinken --from 2021 -o blinken.json
    """
    from tracker.cli.status import Status
    from tracker.domain import markup
    from tracker.exchange import registry

    query = event_filter(actor, with_=with_, from_=from_, to=to, types=type_, as_of=as_of)
    tracker = tracker_for(ctx, log)
    if as_of is None:
        tracker.sync()  # a rebuild first says so itself
    with Status(markup.safe(f"exporting {fmt} to {output}")):
        result = registry.export(tracker, fmt, output, query)
    typer.echo(markup.safe(result.summary()))


def register(app: typer.Typer) -> None:
    """Add this module's commands (in the order ``--help`` lists them)."""
    app.command("import")(import_)
    app.command("export")(export)

"""``tracker extract``: propose the events a readout or an article reports.

Nothing is written to the log unless asked: ``--format json`` output goes to
``tracker add-event --json``; ``--review`` appends what the user accepts, in one append.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from tracker.cli.options import (
    LogOpt,
    StoreOpt,
    check_format,
    tracker_for,
)
from tracker.domain.errors import ValidationError

if TYPE_CHECKING:
    from tracker.extract import Registry
    from tracker.services.tracker import Tracker


def _read(file: str, name: str, check_size: Any) -> bytes:
    from tracker.extract.document import MAX_BYTES

    try:
        if file == "-":
            raw = sys.stdin.buffer.read(MAX_BYTES + 1)
        else:
            path = Path(file)
            if path.is_dir():
                raise ValidationError(f"{name} is a folder, not a file")
            check_size(path.stat().st_size, name)
            raw = path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"cannot read {name}: {exc.strerror}") from None
    check_size(len(raw), name)
    return raw


def _published(value: str | None, text: str) -> str:
    from tracker.domain.dates import parse_event_date
    from tracker.extract.dates import dateline

    if value:
        parsed = parse_event_date(value)
        if parsed.precision not in ("day", "minute"):
            raise ValidationError(f"--published needs a day (YYYY-MM-DD), not {value!r}")
        return parsed.first.isoformat()
    for line in text.split("\n")[:60]:
        day = dateline(line.strip())
        if day:
            return day
    raise ValidationError(
        "the text does not say when it was published; give --published YYYY-MM-DD"
    )


def _registry(tracker: Tracker) -> Registry:
    from tracker.extract import Registry
    from tracker.extract.snapshot import snapshot  # here: the extractor loads only for extract

    tracker.session.refresh()  # a store's copy catches up first (a file log: nothing)
    if not tracker.log.path.exists():
        return Registry()
    return snapshot(tracker)


def extract(
    ctx: typer.Context,
    file: Annotated[
        str, typer.Argument(metavar="FILE", help="A text or HTML file, or - for stdin.")
    ],
    published: Annotated[
        str | None,
        typer.Option(
            help="The publication date (YYYY-MM-DD): what 'today' and 'on Monday' count from."
        ),
    ] = None,
    url: Annotated[str | None, typer.Option(help="The source URL of the document.")] = None,
    outlet: Annotated[str | None, typer.Option(help="The outlet that published it.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
    review: Annotated[
        bool,
        typer.Option(
            "--review", help="On a terminal: accept, edit or skip each proposal, then append."
        ),
    ] = False,
    log: LogOpt = None,
    store: StoreOpt = None,
) -> None:
    """Propose the contacts, statements and developments a text reports (writes nothing).

    Example: tracker extract readout.txt --published 2021-09-17 --format json > drafts.json
    """
    output = check_format(fmt, ("table", "json"))
    if review and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise ValidationError(
            "--review needs a terminal; use --format json > drafts.json, then tracker add-event --json drafts.json"
        )
    from tracker.cli.status import Status, human_size
    from tracker.domain.markup import safe
    from tracker.extract import decode, propose
    from tracker.extract.document import check_size

    name = "stdin" if file == "-" else file
    raw = _read(file, name, check_size)
    document = decode(raw, name)
    day = _published(published or document.published, document.text)
    tracker = tracker_for(ctx, log)  # a rebuild, if one is due, says so on its own
    registry = _registry(tracker)
    with Status(safe(f"finding the events reported in {name} ({human_size(len(raw))})")):
        proposals = propose(document.text, published=day, registry=registry)
    source_url = url or document.url
    source_outlet = outlet or document.outlet or (None if source_url else Path(name).name)
    items = [
        p.to_json(document.text, url=source_url, outlet=source_outlet, published=day)
        for p in proposals
    ]
    if review:
        from tracker.cli.review import review as run_review

        run_review(tracker, document.text, proposals, items)
        return
    if output == "json":
        import orjson

        sys.stdout.buffer.write(orjson.dumps(items, option=orjson.OPT_INDENT_2) + b"\n")
        return
    typer.echo(f"{len(items)} proposal(s) from {safe(name)} (published {day}); nothing written")
    for n, (p, item) in enumerate(zip(proposals, items, strict=True), 1):
        names = ", ".join(
            f"{safe(x.label)} ({x.role})" + (" [new]" if x.new else "") for x in p.parties
        )
        typer.echo(
            f"{n:>3}  {item['type']:<20} {item['date']:<10}  {names}  conf {p.confidence:.2f}"
        )
        typer.echo(f"     {safe(p.quote(document.text))[:300]}")


def register(app: typer.Typer) -> None:
    """Add this module's commands (in the order ``--help`` lists them)."""
    app.command()(extract)

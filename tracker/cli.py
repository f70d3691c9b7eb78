"""The ``tracker`` command line: thin commands over ``tracker.api``.

Each command parses its options, calls one library function and renders the result.
Errors are mapped to messages and exit codes in one place, ``TrackerGroup.invoke``.
"""

import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from typer.core import TyperGroup
from typer.exceptions import Abort, Exit, TyperException

from tracker import _cli_params
from tracker.domain import markup
from tracker.domain.errors import ExitCode, TrackerError, ValidationError


class TrackerGroup(TyperGroup):
    """Maps every expected error to ``Error: <message>`` on stderr and its exit code."""

    # Options whose value may be left out (``--html`` alone means the default path), and
    # the commands that have them. Typer's parser has no optional values, so the missing
    # value is filled in here.
    OPTIONAL_VALUE = frozenset({"--html"})
    WITH_OPTIONAL_VALUE = frozenset({"timeline", "graph", "dyad", "communities"})

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        _cli_params.install(self, ctx)
        command = next((a for a in args if not a.startswith("-")), None)
        if command not in self.WITH_OPTIONAL_VALUE:
            return super().parse_args(ctx, args)
        fixed: list[str] = []
        for i, arg in enumerate(args):
            fixed.append(arg)
            if arg in self.OPTIONAL_VALUE and (i + 1 == len(args) or args[i + 1].startswith("-")):
                fixed.append("")
        return super().parse_args(ctx, fixed)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _cli_params.install(command, ctx)
        return command

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        """Usage errors too are one ``Error:`` line (typer would print a usage block)."""
        try:
            result = super().main(
                args, prog_name, complete_var, False, windows_expand_args, **extra
            )
        except TyperException as exc:
            if not standalone_mode:
                raise
            context = getattr(exc, "ctx", None)
            where = f" (see `{context.command_path} --help`)" if context is not None else ""
            message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
            _echo_error(f"{message}{where}")
            sys.exit(getattr(exc, "exit_code", ExitCode.USAGE))
        except Abort:
            if not standalone_mode:
                raise
            typer.echo("Aborted.", err=True)
            sys.exit(ExitCode.ERROR)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        _made.clear()
        try:
            return super().invoke(ctx)
        except TrackerError as exc:
            _fail(str(exc), exc.exit_code)
        except BrokenPipeError:
            sys.stderr.close()  # `tracker timeline ... | head`: not an error
            raise typer.Exit(0) from None
        except KeyboardInterrupt:
            _fail("interrupted", ExitCode.ERROR)
        except (Exit, Abort, TyperException):
            raise
        except Exception as exc:
            if os.environ.get("TRACKER_DEBUG"):
                raise
            _damaged_model(exc)
            _fail(
                f"internal error: {type(exc).__name__}: {exc} (set TRACKER_DEBUG=1 for a traceback)",
                ExitCode.ERROR,
            )


def _damaged_model(exc: Exception) -> None:
    """SQLite found the read model damaged outside a ``Tracker`` call (which would have
    rebuilt it and run again): move it aside, so that the next command rebuilds it."""
    if type(exc).__module__ != "sqlite3":
        return
    from tracker.readmodel.store import is_damage

    if not is_damage(exc):
        return
    try:
        for tracker in _made:
            tracker.recover(exc)
    except TrackerError as error:
        _fail(f"the read model is damaged ({exc}) and {error}", ExitCode.IO)
    _fail(
        f"the read model was damaged ({exc}); it is rebuilt by the next command: run this"
        " one again",
        ExitCode.ERROR,
    )


def _fail(message: str, code: int) -> NoReturn:
    _echo_error(message)
    raise typer.Exit(int(code))


def _echo_error(message: str) -> None:
    """The one place an error line is written: ``Error: ``, then the message made safe for
    a terminal and bounded in length (``markup.error_text``)."""
    from tracker.domain.markup import error_text

    typer.echo(f"Error: {error_text(message)}", err=True)


def _say(message: str) -> None:
    typer.echo(message, err=True)


app = typer.Typer(
    cls=TrackerGroup,
    help="An event-sourced diplomatic timeline tracker.\n\n"
    "The log (data/events.jsonl) is the only truth; every command brings the read model up "
    "to date from it first.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    pretty_exceptions_show_locals=False,
    rich_markup_mode=None,
)
actor_app = typer.Typer(
    cls=TrackerGroup,
    help="Register and inspect actors.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(actor_app, name="actor")

LogOpt = Annotated[
    Path | None,
    typer.Option(
        "--log",
        envvar="TRACKER_LOG",
        help="The log file. Default: data/events.jsonl under the current directory.",
        show_default=False,
    ),
]


@app.callback()
def _root(log: LogOpt = None) -> None:
    # `tracker --log PATH COMMAND` works like `tracker COMMAND --log PATH`.
    if log is not None:
        os.environ["TRACKER_LOG"] = str(log)


FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Show what the log said then (date-time, UTC unless a zone is given)."
    ),
]


_made: list[Any] = []  # the trackers of this command (``_damaged_model`` recovers theirs)


def _tracker(log: Path | None) -> Any:
    from tracker.services.tracker import Tracker

    tracker = Tracker(log, notice=_say)
    _made.append(tracker)
    return tracker


def _outputs(log: Path | None) -> Any:
    """The log's files, which no output may replace (``tracker.outputs``)."""
    from tracker.log.outputs import Outputs
    from tracker.log.paths import default_log_path

    return Outputs.of(log if log is not None else default_log_path())


def _as_of(text: str | None) -> Any:
    if text is None:
        return None
    from tracker.domain.dates import parse_moment

    return parse_moment(text)


def _check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    value = fmt.lower()
    if value not in allowed:
        raise ValidationError(f"unknown format {fmt!r}; use {', '.join(allowed)}")
    return value


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


# --------------------------------------------------------------------------- init


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Where to start the tracker.")] = Path("."),
) -> None:
    """Start a new, empty tracker: data/events.jsonl, ignore rules and .gitattributes.

    Example: tracker init my-tracker
    """
    from tracker.log.folder import init as init_tracker
    from tracker.log.folder import setup_git

    path = init_tracker(folder)
    typer.echo(f"started an empty log at {path}")
    if setup_git(folder, f"{sys.executable} -m tracker"):
        typer.echo("registered the git merge driver for the log (.gitattributes, git config)")


# --------------------------------------------------------------------------- add-event


@app.command("add-event")
def add_event(
    type_: Annotated[
        str | None,
        typer.Option(
            "--type",
            "-t",
            help="phone_call, meeting, visit, video_call, letter, message, negotiation_round, summit, multilateral_meeting, statement or development.",
        ),
    ] = None,
    actor: Annotated[
        list[str] | None,
        typer.Option(
            "--actor",
            "-a",
            help="A participant (the speaker of a statement; an actor involved in a development). Repeat it.",
        ),
    ] = None,
    initiator: Annotated[
        list[str] | None, typer.Option(help="A participant who initiated the contact.")
    ] = None,
    recipient: Annotated[
        list[str] | None, typer.Option(help="A participant who received it.")
    ] = None,
    host: Annotated[list[str] | None, typer.Option(help="A host of a visit or meeting.")] = None,
    visitor: Annotated[list[str] | None, typer.Option(help="A visitor.")] = None,
    about: Annotated[list[str] | None, typer.Option(help="Whom a statement is about.")] = None,
    addressee: Annotated[list[str] | None, typer.Option(help="Whom a statement addresses.")] = None,
    date: Annotated[
        str | None,
        typer.Option("--date", "-d", help="YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM+ZONE."),
    ] = None,
    summary: Annotated[str | None, typer.Option("--summary", "-s", help="What happened.")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="A topic. Repeat it.")] = None,
    location: Annotated[str | None, typer.Option(help="Where it happened.")] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="A source URL. Repeat it.")
    ] = None,
    outlet: Annotated[
        list[str] | None, typer.Option(help="The outlet of each --source, in order.")
    ] = None,
    published: Annotated[
        list[str] | None, typer.Option(help="The publication date of each --source.")
    ] = None,
    quote: Annotated[list[str] | None, typer.Option(help="A quote from each --source.")] = None,
    cameo: Annotated[str | None, typer.Option(help="A CAMEO event code, e.g. 041.")] = None,
    event_id: Annotated[
        str | None,
        typer.Option("--id", help="Your own event id (a UUID): adding it again adds nothing."),
    ] = None,
    json_file: Annotated[
        str | None,
        typer.Option(
            "--json", help="Read one event or a list of events from a JSON file, or - for stdin."
        ),
    ] = None,
    create_actors: Annotated[
        bool | None,
        typer.Option(
            "--create-actors/--no-create-actors",
            help="Register participants no actor has yet. Default: ask on a terminal, refuse otherwise.",
            show_default=False,
        ),
    ] = None,
    log: LogOpt = None,
) -> None:
    """Record an interaction, statement or development. Prints the new event's id.

    Example: tracker add-event --type phone_call --initiator Blinken --recipient "Wang Yi"
    --date 2021-08-16 --summary "Discussed Afghanistan" --source https://example.org/story
    """
    from tracker.services.recording import ActorRef

    tracker = _tracker(log)
    tracker.log.require()
    policy: Any
    if create_actors is not None:
        policy = create_actors
    elif _interactive():

        def policy(name: str) -> bool:
            return typer.confirm(
                f"No actor is called {name!r}. Register a new actor?", default=False
            )
    else:
        policy = False

    if json_file is not None:
        raws = _read_json_events(json_file)
    else:
        refs: list[ActorRef] = []
        kind_guess = (type_ or "").lower()
        default_role = {"statement": "speaker", "development": "involved"}.get(
            kind_guess, "participant"
        )
        for role, names in (
            (default_role, actor),
            ("initiator", initiator),
            ("recipient", recipient),
            ("host", host),
            ("visitor", visitor),
            ("about", about),
            ("addressee", addressee),
        ):
            refs.extend(ActorRef(n, role) for n in names or [])
        values = {"type": type_, "date": date, "summary": summary, "source": source}
        missing = [k for k, v in values.items() if not v]
        if not refs:
            missing.insert(1, "actor")
        if missing and _interactive():
            if not type_:
                type_ = typer.prompt("Type (phone_call, meeting, statement, ...)")
            if not refs:
                names = typer.prompt("Actors (comma-separated)")
                refs = [ActorRef(n.strip(), default_role) for n in names.split(",") if n.strip()]
            date = date or typer.prompt("Date (YYYY-MM-DD)")
            summary = summary or typer.prompt("Summary")
            source = source or [typer.prompt("Source URL")]
        elif missing:
            raise ValidationError("missing " + ", ".join(f"--{m}" for m in missing))
        sources = []
        for i, url in enumerate(source or []):
            item: dict[str, Any] = {"url": url}
            for key, vals in (("outlet", outlet), ("published", published), ("quote", quote)):
                if vals and i < len(vals):
                    item[key] = vals[i]
            sources.append(item)
        for key, vals in (("outlet", outlet), ("published", published), ("quote", quote)):
            if vals and len(vals) > len(sources):
                raise ValidationError(f"more --{key} options than --source options")
        raws = [
            {
                "type": type_,
                "when": date,
                "participants": refs,
                "summary": summary,
                "sources": sources,
                "topics": topic or [],
                "location": location,
                "cameo": cameo,
                "id": event_id,
            }
        ]
    result = tracker.add_events(raws, create_actors=policy)
    for actor_id, name in result.new_actors:
        _say(f"registered new actor {name} ({actor_id})")
    for dup in result.duplicates:
        _say(f"already in the log, nothing written: {dup}")
    for new_id in result.ids:
        typer.echo(new_id)


def _read_json_events(spec: str) -> list[dict[str, Any]]:
    import orjson

    try:
        raw = sys.stdin.buffer.read() if spec == "-" else Path(spec).read_bytes()
    except OSError as exc:
        raise ValidationError(f"cannot read {spec}: {exc.strerror}") from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValidationError(f"{spec} is not valid JSON: {exc}") from None
    items = data if isinstance(data, list) else [data]
    if not items:
        raise ValidationError(f"{spec} holds no events")
    return _read_json_items(items, spec)


def _read_json_items(items: list[Any], spec: str) -> list[dict[str, Any]]:
    """Events from decoded JSON objects (a file's, or ``tracker extract``'s proposals)."""
    from tracker.services.recording import ActorRef

    events = []
    allowed = {
        "type",
        "date",
        "when",
        "participants",
        "actors",
        "summary",
        "sources",
        "topics",
        "location",
        "cameo",
        "id",
        "proposal",  # tracker extract's evidence, confidence and rule: accepted, not stored
    }
    for n, item in enumerate(items, 1):
        if not isinstance(item, dict):
            raise ValidationError(f"event {n}: not a JSON object")
        unknown = set(item) - allowed
        if unknown:
            raise ValidationError(f"event {n}: unknown field(s) {', '.join(sorted(unknown))}")
        # A string or object here would be iterated character by character or key by key.
        for key in ("participants", "actors", "sources", "topics"):
            value = item.get(key)
            if value is not None and not isinstance(value, list):
                if key == "topics" and isinstance(value, str):
                    continue  # one topic
                raise ValidationError(f"event {n}: {key} must be a JSON list")
        if not all(isinstance(a, str) for a in item.get("actors") or []):
            raise ValidationError(f"event {n}: actors must be a list of names")
        refs = []
        # a name without a role gets the role --actor gives: a statement's speaker, etc.
        kind = str(item.get("type") or "").strip().lower()
        default_role = {"statement": "speaker", "development": "involved"}.get(kind, "participant")
        for p in item.get("participants") or []:
            name = p.get("actor", p.get("name")) if isinstance(p, dict) else p
            role = (p.get("role") if isinstance(p, dict) else None) or default_role
            if isinstance(name, dict):  # a proposed new actor: name, kind, country, office
                refs.append(_new_actor_ref(name, role, n))
            elif isinstance(name, str) and isinstance(role, str):
                refs.append(ActorRef(name, role))
            else:
                raise ValidationError(f'event {n}: a participant is a name or {{"actor", "role"}}')
        for a in item.get("actors") or []:
            refs.append(ActorRef(str(a), default_role))
        events.append(
            {
                "type": item.get("type"),
                "when": item.get("when", item.get("date")),
                "participants": refs,
                "summary": item.get("summary"),
                "sources": item.get("sources") or [],
                "topics": item.get("topics"),
                "location": item.get("location"),
                "cameo": item.get("cameo"),
                "id": item.get("id"),
            }
        )
    return events


def _new_actor_ref(spec: dict[str, Any], role: Any, n: int) -> Any:
    from tracker.services.recording import ActorRef

    unknown = set(spec) - {"name", "kind", "country", "office", "aliases"}
    if unknown:
        raise ValidationError(f"event {n}: unknown new-actor field(s) {', '.join(sorted(unknown))}")
    name, aliases = spec.get("name"), spec.get("aliases") or []
    fields = [spec.get(k) for k in ("kind", "country", "office")]
    if not isinstance(name, str) or not isinstance(role, str):
        raise ValidationError(f"event {n}: a new actor needs a name")
    if not all(f is None or isinstance(f, str) for f in fields) or not (
        isinstance(aliases, list) and all(isinstance(a, str) for a in aliases)
    ):
        raise ValidationError(f"event {n}: a new actor's kind, country and office are text")
    return ActorRef(name, role, fields[0], fields[1], fields[2], tuple(aliases))


# --------------------------------------------------------------------------- timeline


@app.command()
def timeline(
    actor: Annotated[
        list[str],
        typer.Option(
            "--actor", "-a", help="Whose timeline (a name, alias or id). Repeat it for several."
        ),
    ],
    with_: Annotated[
        list[str] | None,
        typer.Option("--with", "-w", help="Only events that include this actor too."),
    ] = None,
    from_: Annotated[
        str | None, typer.Option("--from", help="Events on or after this date (any precision).")
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", help="Events on or before this date (any precision).")
    ] = None,
    type_: Annotated[
        list[str] | None, typer.Option("--type", "-t", help="Only this event type. Repeat it.")
    ] = None,
    as_of: AsOfOpt = None,
    fmt: FormatOpt = "table",
    html: Annotated[
        str | None,
        typer.Option(
            "--html",
            help="Write an interactive chart (default reports/timeline-<actor>.html).",
            show_default=False,
        ),
    ] = None,
    per_event: Annotated[
        bool,
        typer.Option(
            "--per-event",
            help="With --html: one marker per event even above 1,000 events, where the chart"
            " otherwise shows bins (a big chart is slow to open).",
        ),
    ] = False,
    limit: Annotated[
        int | None, typer.Option(help="At most this many events (the earliest).", min=1)
    ] = None,
    members: Annotated[
        bool,
        typer.Option(
            "--members",
            help="Widen each actor to everything affiliated with it at the time of each event.",
        ),
    ] = False,
    log: LogOpt = None,
) -> None:
    """An actor's events in time order: date, type, counterparts, summary, source.

    --actor takes a name, an alias, an id, or an office ("US Secretary of State": whoever
    held it within the dates asked about).

    Example: tracker timeline --actor Blinken --from 2021-08 --html
    """
    from tracker.domain.dates import parse_window_end, parse_window_start

    output = _check_format(fmt, ("table", "json", "csv"))
    query = {
        "with_actors": with_ or [],
        "start": parse_window_start(from_) if from_ else None,
        "end": parse_window_end(to) if to else None,
        "types": type_ or [],
        "as_of": _as_of(as_of),
        "limit": limit,
        "members": members,
    }
    if output == "json" and html is None:  # straight from the rows: no objects in between
        sys.stdout.buffer.write(_tracker(log).timeline_json(actor, **query) + b"\n")
        return
    if html:
        _outputs(log).check(html, what="chart ")  # before any work
    result = _tracker(log).timeline(actor, **query)
    if html is not None:
        from tracker.domain.names import name_part
        from tracker.views.charts.html import write_html
        from tracker.views.charts.timeline import timeline_figure

        groups = result.groups
        parts = [
            name_part(asked, resolved, *(groups[i] if i < len(groups) else ()))
            for i, (asked, resolved) in enumerate(result.actors)
        ]
        if with_:
            parts += ["with", *(name_part(w) for w in with_)]
        path = Path(html) if html else Path("reports") / f"timeline-{'-'.join(parts)}.html"
        figure = timeline_figure(result, aggregate_above=sys.maxsize if per_event else None)
        written = write_html(figure, path, outputs=_outputs(log))
        typer.echo(f"wrote {written} ({len(result.entries)} events)")
        return
    from tracker.views import tables as render

    if output == "csv":
        typer.echo(render.timeline_csv(result.entries, result.actor_ids))
    else:
        names = ", ".join(name for _, name in result.actors)
        typer.echo(markup.safe(f"Timeline of {names}: {len(result.entries)} event(s)"))
        if result.entries:
            typer.echo(render.timeline_table(result.entries, result.actor_ids))


# --------------------------------------------------------------------------- one event


@app.command()
def show(
    event_id: Annotated[
        str, typer.Argument(metavar="ID", help="An event id, or its last 8+ characters.")
    ],
    as_of: AsOfOpt = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    log: LogOpt = None,
) -> None:
    """One event as it stands now (or --as-of a moment), with its sources.

    Example: tracker show 1c9e4f2a
    """
    from tracker.views import tables as render

    output = _check_format(fmt, ("text", "json"))
    entry = _tracker(log).show(event_id, as_of=_as_of(as_of))
    if output == "json":
        import orjson

        typer.echo(orjson.dumps(entry.to_json(), option=orjson.OPT_INDENT_2).decode())
    else:
        typer.echo(render.entry_text(entry))


@app.command()
def history(
    event_id: Annotated[
        str,
        typer.Argument(metavar="ID", help="An event id (or its last 8+ characters), or an actor."),
    ],
    log: LogOpt = None,
) -> None:
    """The whole trail of an event or actor: recorded, amended, retracted, by whom and why.

    Example: tracker history 1c9e4f2a
    """
    from tracker.views import tables as render

    target, changes = _tracker(log).history(event_id)
    typer.echo(markup.safe(render.history_text(target, changes)))


@app.command()
def amend(
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event to correct.")],
    reason: Annotated[str, typer.Option(help="Why it is amended.")],
    type_: Annotated[str | None, typer.Option("--type", "-t", help="A new event type.")] = None,
    date: Annotated[str | None, typer.Option("--date", "-d", help="A new date.")] = None,
    summary: Annotated[str | None, typer.Option("--summary", "-s", help="A new summary.")] = None,
    topic: Annotated[list[str] | None, typer.Option("--topic", help="Replace the topics.")] = None,
    location: Annotated[str | None, typer.Option(help="A new location.")] = None,
    cameo: Annotated[str | None, typer.Option(help="A new CAMEO code.")] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Replace the sources with these URLs.")
    ] = None,
    log: LogOpt = None,
) -> None:
    """Correct fields of an earlier event. The original line stays; the amendment is a new event.

    Example: tracker amend 1c9e4f2a --date 2021-08-17 --reason "readout dated the next day"
    """
    changes: dict[str, Any] = {}
    for key, value in (
        ("type", type_),
        ("when", date),
        ("summary", summary),
        ("location", location),
        ("cameo", cameo),
    ):
        if value is not None:
            changes[key] = value
    if topic is not None:
        changes["topics"] = topic
    if source is not None:
        changes["sources"] = [{"url": s} for s in source]
    new_id = _tracker(log).amend(event_id, changes, reason)
    typer.echo(new_id)


@app.command()
def retract(
    event_id: Annotated[str, typer.Argument(metavar="ID", help="The event to retract.")],
    reason: Annotated[str, typer.Option(help="Why it is retracted.")],
    log: LogOpt = None,
) -> None:
    """Withdraw an event. It leaves timelines but stays in the log and in its history.

    Example: tracker retract 1c9e4f2a --reason "duplicate of another report"
    """
    typer.echo(_tracker(log).retract(event_id, reason))


# --------------------------------------------------------------------------- actors


# --------------------------------------------------------------------------- log care


@app.command()
def verify(
    head: Annotated[
        str | None,
        typer.Option(
            help="Also check that the log's head hash is this one (an anchor kept elsewhere)."
        ),
    ] = None,
    log: LogOpt = None,
) -> None:
    """Check every line: JSON, sequence, content hashes and the hash chain.

    Example: tracker verify --head 3f1a...
    """
    from tracker.domain.errors import DamagedLogError

    try:
        report = _tracker(log).verify(head)
    except DamagedLogError as exc:  # without the "(run `tracker verify` ...)" hint
        exc.message = f"damaged log {exc.path}: line {exc.line}: {exc.problem}"
        raise
    typer.echo(f"ok: {report.events} events, chain intact, head {report.head}")
    if report.unterminated:
        _say(
            f"note: the last line (line {report.events}) lacks its final newline; it is a"
            " complete event and is counted, and the next append restores the newline"
        )
    if report.retracted_bad:
        _say(
            f"note: {report.retracted_bad} bad event(s) from before events were checked on"
            " entry are retracted; readers leave them out"
        )
    if report.torn_tail_bytes:
        _say(
            f"note: the log ends with an incomplete line ({report.torn_tail_bytes} bytes);"
            " readers ignore it and the next append moves it aside"
        )


@app.command()
def rebuild(log: LogOpt = None) -> None:
    """Rebuild the read model from the log, from scratch.

    Example: tracker rebuild
    """
    import time

    tracker = _tracker(log)
    started = time.monotonic()
    progress = _progress_bar() if sys.stderr.isatty() else None
    result = tracker.rebuild(progress=progress)
    if progress is not None:
        sys.stderr.write("\n")
    typer.echo(
        f"rebuilt the read model: {result.applied} lines in {time.monotonic() - started:.1f} s"
    )


def _progress_bar() -> Any:
    import time

    started = time.monotonic()

    def show(done: int, total: int) -> None:
        if time.monotonic() - started < 0.5 and done < total:
            return  # only when it takes more than a moment
        width = 40
        filled = int(width * done / total) if total else width
        percent = 100 * done // total if total else 100
        sys.stderr.write(f"\rrebuilding [{'#' * filled}{'.' * (width - filled)}] {percent:3d}%")
        sys.stderr.flush()

    return show


def main() -> None:
    app(prog_name="tracker")


# Register the other command groups (they import the shared options above).
from tracker import cli_actors, cli_extract, cli_graph, cli_io  # noqa: E402

__all__ = ["app", "cli_actors", "cli_extract", "cli_graph", "cli_io", "main"]

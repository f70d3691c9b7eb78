"""What the commands share: the options declared once (the log, the event filter's,
formats, charts), the one ``EventFilter`` they become, and the log a command works on.

``--log`` travels in the click context: given before the command (``tracker --log X
timeline ...``) the root callback keeps it in ``ctx.obj``; given after it (``tracker
timeline --log X ...``) it is the command's own. The command's own wins, then the root's,
then ``TRACKER_LOG``, then ``data/events.jsonl``. Nothing is written to ``os.environ``.

``--store URL`` (a team server, ``tracker.log.postgres``) travels the same way and stands
in for ``--log``: on the command line, the command's own ``--log`` or ``--store`` wins over
the root's (both at one place is a usage error); without either, ``TRACKER_STORE`` names
the store, else the file log above is used.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperCommand

from tracker.domain.errors import ValidationError
from tracker.domain.filters import EventFilter

if TYPE_CHECKING:
    from tracker.log.outputs import Outputs
    from tracker.services.tracker import Tracker


def complete_actor(ctx: typer.Context, incomplete: str) -> list[str]:
    """Shell completion of an actor's name (``tracker.cli.complete``, loaded only now)."""
    from tracker.cli.complete import actor_names

    given = ctx.params.get("log") or ctx.find_root().params.get("log")
    if given is None:
        from tracker.log.paths import default_log_path

        given = default_log_path()
    return actor_names(Path(given), incomplete)


LogOpt = Annotated[
    Path | None,
    typer.Option(
        "--log",
        envvar="TRACKER_LOG",
        help="The log file. Default: data/events.jsonl under the current directory.",
        show_default=False,
    ),
]
StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="A team server's log instead of a file: a PostgreSQL URL or libpq service"
        " (postgresql://alice@db/desk, postgresql:///?service=desk). Default: TRACKER_STORE.",
        show_default=False,
    ),
]
STORE_ENV = "TRACKER_STORE"
AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Show what the log said then (date-time, UTC unless a zone is given)."
    ),
]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="table, json or csv.")]
TextFormatOpt = Annotated[str, typer.Option("--format", "-f", help="text or json.")]
TableFormatOpt = Annotated[str, typer.Option("--format", "-f", help="table or json.")]
ActorsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--actor",
        "-a",
        help="Only events of this actor. Repeat it. Default: all.",
        autocompletion=complete_actor,
    ),
]
WithOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--with",
        "-w",
        help="Only events that include this actor too.",
        autocompletion=complete_actor,
    ),
]
FromOpt = Annotated[
    str | None, typer.Option("--from", help="Events on or after this date (any precision).")
]
ToOpt = Annotated[
    str | None, typer.Option("--to", help="Events on or before this date (any precision).")
]
TypeOpt = Annotated[
    list[str] | None, typer.Option("--type", "-t", help="Only this event type. Repeat it.")
]
TagOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--tag", help="Only events carrying this tag (tracker tag). Repeat it: all of them."
    ),
]
StarredOpt = Annotated[bool, typer.Option("--starred", help="Only starred events (tracker star).")]
ViewOpt = Annotated[
    str | None,
    typer.Option(
        "--view",
        help="Start from a saved view's filters (tracker view save); options given replace its.",
    ),
]
SinceOpt = Annotated[str | None, typer.Option("--from", help="Since (any precision).")]
UntilOpt = Annotated[str | None, typer.Option("--to", help="Until (any precision).")]
HtmlOpt = Annotated[
    str | None,
    typer.Option("--html", help="Write an interactive chart (PATH optional).", show_default=False),
]

WideOpt = Annotated[
    bool,
    typer.Option(
        "--wide",
        "--full",
        help="Show every cell whole, wrapped, as piped output does. Default on a terminal:"
        " the table fits its width.",
    ),
]
NoPagerOpt = Annotated[
    bool,
    typer.Option(
        "--no-pager", help="Never page long output (also: TRACKER_PAGER= with nothing after it)."
    ),
]
NoColorOpt = Annotated[bool, typer.Option("--no-color", help="No colour (also: NO_COLOR=1).")]


@dataclass
class Invocation:
    """What the root callback keeps in ``ctx.obj`` for the command: the log given before
    the command, and the trackers the command made (the error map recovers a damaged read
    model through them)."""

    log: Path | None = None
    trackers: list[Any] = field(default_factory=list)
    store: str | None = None  # --store given before the command
    log_given: bool = False  # whether ``log`` came from the command line (not TRACKER_LOG)
    no_pager: bool = False  # `tracker --no-pager COMMAND`
    no_color: bool = False  # `tracker --no-color COMMAND`


def invocation(ctx: typer.Context) -> Invocation:
    root = ctx.find_root()
    if not isinstance(root.obj, Invocation):
        root.obj = Invocation()
    return root.obj


@dataclass(frozen=True)
class Target:
    """What a command works on: a file log, or a store (then ``path`` is None)."""

    path: Path | None
    store: str | None


def target(ctx: typer.Context, log: Path | None) -> Target:
    """The file log or the store this command works on (see the module docstring)."""
    store = ctx.params.get("store") if from_command_line(ctx, "store") else None
    log_here = log is not None and from_command_line(ctx, "log")
    root = invocation(ctx)
    for given_store, given_log, where in (
        (store, log if log_here else None, "after the command"),
        (root.store, root.log if root.log_given else None, "before the command"),
    ):
        if given_store is not None and given_log is not None:
            raise ValidationError(f"give --log or --store {where}, not both")
        if given_store is not None:
            return Target(None, given_store)
        if given_log is not None:
            return Target(given_log, None)
    import os

    env_store = os.environ.get(STORE_ENV)
    if env_store:
        return Target(None, env_store)
    return Target(log_path(ctx, log), None)


def log_path(ctx: typer.Context, log: Path | None) -> Path:
    """The log file this command works on (see the module docstring)."""
    given_here = log is not None and from_command_line(ctx, "log")
    root = invocation(ctx).log
    if given_here or root is None:
        if log is not None:
            return log
        from tracker.log.paths import default_log_path

        return default_log_path()
    return root


def from_command_line(ctx: typer.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "COMMANDLINE"


def say(message: str) -> None:
    """A notice for the user, on stderr."""
    typer.echo(message, err=True)


def tracker_for(ctx: typer.Context, log: Path | None) -> Tracker:
    """The command's ``Tracker`` (the library, loaded now: ``--help`` needs none of it)."""
    from tracker.cli.status import SyncStatus
    from tracker.services.tracker import Tracker

    where = target(ctx, log)
    shown: Path | str
    if where.path is not None:
        shown = where.path
    else:
        from tracker.log.postgres.common import redact

        shown = redact(where.store or "")
    made = Tracker(where.path, notice=say, store=where.store, progress=SyncStatus(shown))
    invocation(ctx).trackers.append(made)
    return made


def outputs_for(ctx: typer.Context, log: Path | None) -> Outputs:
    """The log's files, which no output may replace (``tracker.log.outputs``); for a
    store, its copy and read model in the cache."""
    from tracker.log.outputs import Outputs

    where = target(ctx, log)
    if where.store is not None:
        from tracker.log.postgres.mirror import cache_folder

        return Outputs.of(cache_folder(where.store) / "events.jsonl")
    return Outputs.of(log_path(ctx, log))


def moment(text: str | None) -> datetime | None:
    """``--as-of``: a moment (UTC unless a zone is given), or None."""
    if text is None:
        return None
    from tracker.domain.dates import parse_moment

    return parse_moment(text)


def window(from_: str | None, to: str | None) -> tuple[date | None, date | None]:
    """``--from``/``--to``: the first day of the one, the last day of the other."""
    from tracker.domain.dates import parse_window_end, parse_window_start

    start = parse_window_start(from_) if from_ else None
    end = parse_window_end(to) if to else None
    return start, end


def event_filter(
    actors: list[str] | None = None,
    *,
    with_: list[str] | None = None,
    from_: str | None = None,
    to: str | None = None,
    types: list[str] | None = None,
    as_of: str | None = None,
    limit: int | None = None,
    latest: bool = False,
    members: bool = False,
    tags: list[str] | None = None,
    starred: bool = False,
) -> EventFilter:
    """The one filter the options of a command make (timeline, export, graph, report).

    >>> f = event_filter(["Blinken"], from_="2021-08", to="2021-08", types=["phone_call"])
    >>> f.actors, f.start.isoformat(), f.end.isoformat(), f.types
    (('Blinken',), '2021-08-01', '2021-08-31', ('phone_call',))
    """
    start, end = window(from_, to)
    return EventFilter(
        actors=tuple(actors or ()),
        with_actors=tuple(with_ or ()),
        start=start,
        end=end,
        types=tuple(types or ()),
        as_of=moment(as_of),
        limit=limit,
        latest=latest,
        members=members,
        tags=tuple(tags or ()),
        starred=starred,
    )


def with_view(tracker: Tracker, view: str | None, query: EventFilter) -> EventFilter:
    """``query`` laid over the saved view ``view`` (each option given replaces the view's),
    or ``query`` itself without a view."""
    if view is None:
        return query
    return query.over(EventFilter.from_view(tracker.view(view).filters))


# The metavar each option shows in --help, by its long name (typer's convention: NAME,
# DATE, TEXT, URL, ID, N, PATH); an option not listed shows N for a number, PATH for a
# path, TEXT for the rest; an argument, its own name in capitals. Set on every command as
# it is looked up (``tracker.cli.app.TrackerGroup``): a new command needs nothing here
# unless it wants another word than these.
METAVARS = {
    **dict.fromkeys(
        ("--actor", "--with", "--initiator", "--recipient", "--host", "--visitor", "--about",
         "--addressee", "--alias", "--org"),
        "NAME",
    ),
    **dict.fromkeys(("--from", "--to", "--date", "--published", "--as-of"), "DATE"),
    **dict.fromkeys(("--source", "--url"), "URL"),
    **dict.fromkeys(("--id", "--wikidata", "--head"), "ID"),
    **dict.fromkeys(("--html", "--json", "--output", "--log", "--report", "--template"), "PATH"),
}  # fmt: skip


def _no_type(ctx: Any) -> None:
    return None


def set_metavars(command: Any) -> None:
    """Give each parameter of ``command`` without a metavar its word (``METAVARS``)."""
    for param in getattr(command, "params", ()):
        if getattr(param, "param_type_name", None) == "argument":
            param.metavar = param.metavar or (param.name or "VALUE").upper()
            param.display_type_rich = _no_type  # "FOLDER", not "FOLDER <path>"
            continue
        if getattr(param, "metavar", "set") is not None or getattr(param, "is_flag", False):
            continue
        long = next((o for o in param.opts if o.startswith("--")), "")
        descriptor = getattr(param, "type_descriptor", None)
        annotation = getattr(descriptor, "annotation", None)
        if long in METAVARS:
            param.metavar = METAVARS[long]
        elif annotation in (int, float):
            param.metavar = "N"
        elif annotation is Path:
            param.metavar = "PATH"
        else:
            param.metavar = "TEXT"


def check_format(fmt: str, allowed: tuple[str, ...]) -> str:
    value = fmt.lower()
    if value not in allowed:
        raise ValidationError(f"unknown format {fmt!r}; use {', '.join(allowed)}")
    return value


def interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


class OptionalValueCommand(TyperCommand):
    """A command whose ``--html`` may come without its value (``--html`` alone means the
    default path). typer's parser has no optional values, so the missing value is filled
    in here, from the command's own arguments: whatever came before the command (the
    root's ``--log X``) is not among them."""

    OPTIONAL_VALUE = frozenset({"--html"})

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        fixed: list[str] = []
        for i, arg in enumerate(args):
            fixed.append(arg)
            if arg == "--":
                fixed.extend(args[i + 1 :])
                break
            if arg in self.OPTIONAL_VALUE and (i + 1 == len(args) or args[i + 1].startswith("-")):
                fixed.append("")
        return super().parse_args(ctx, fixed)


def window_fields(from_: str | None, to: str | None) -> dict[str, date | None]:
    """``--from``/``--to`` as the library's ``start``/``end``; refused when the window ends
    before it starts."""
    start, end = window(from_, to)
    EventFilter(start=start, end=end).check_window()
    return {"start": start, "end": end}

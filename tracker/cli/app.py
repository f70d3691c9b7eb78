"""The ``tracker`` command line: the app, the one error map, and the commands' groups.

Each command (``events``, ``actors``, ``graph``, ``exchange``, ``extract``, ``logcare``)
parses its options, calls one library function and renders the result. Errors are mapped
to messages and exit codes in one place, ``TrackerGroup``: an expected error is one line,
``Error: <message>``, and its exit code (``tracker.domain.errors.ExitCode``), never a
traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any, NoReturn

import typer
from typer.core import TyperGroup
from typer.exceptions import Abort, Exit, TyperException

from tracker.cli import (
    actors,
    annotate,
    events,
    exchange,
    explore,
    extract,
    graph,
    logcare,
    screen,
    search,
    server,
    typer_compat,
)
from tracker.cli.options import (
    Invocation,
    LogOpt,
    NoColorOpt,
    NoPagerOpt,
    StoreOpt,
    from_command_line,
    invocation,
    log_path,
    set_metavars,
)
from tracker.domain.errors import ExitCode, TrackerError


class TrackerGroup(TyperGroup):
    """Maps every expected error to ``Error: <message>`` on stderr and its exit code."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        typer_compat.install(self, ctx)
        set_metavars(self)
        return super().parse_args(ctx, args)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            typer_compat.install(command, ctx)
            set_metavars(command)
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
        screen.ask_no_color(False)
        try:
            result = super().main(
                args, prog_name, complete_var, False, windows_expand_args, **extra
            )
        except TyperException as exc:
            if not standalone_mode:
                raise
            context = getattr(exc, "ctx", None)
            if type(exc).__name__ == "NoArgsIsHelpError" and context is not None:
                typer.echo(context.get_help())  # `tracker actor` alone: its help, exit 0
                sys.exit(0)
            context = getattr(exc, "ctx", None)
            where = f" (see `{context.command_path} --help`)" if context is not None else ""
            message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
            echo_error(f"{message}{where}")
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
            _end_statuses()
            raise
        except Exception as exc:
            if os.environ.get("TRACKER_DEBUG"):
                raise
            _damaged_model(invocation(ctx), exc)
            _fail(
                f"internal error: {type(exc).__name__}: {exc} (set TRACKER_DEBUG=1 for a traceback)",
                ExitCode.ERROR,
            )


def _end_statuses() -> None:
    """A status line left open by a command that failed: ended before the error line."""
    status = sys.modules.get("tracker.cli.status")
    if status is not None:
        status.finish_all()


def _damaged_model(made: Invocation, exc: Exception) -> None:
    """SQLite found the read model damaged outside a ``Tracker`` call (which would have
    rebuilt it and run again): move it aside, so that the next command rebuilds it."""
    if type(exc).__module__ != "sqlite3":
        return
    from tracker.readmodel.store import is_damage  # sqlite3 was loaded: this costs nothing

    if not is_damage(exc):
        return
    try:
        for tracker in made.trackers:
            tracker.recover(exc)
    except TrackerError as error:
        _fail(f"the read model is damaged ({exc}) and {error}", ExitCode.IO)
    _fail(
        f"the read model was damaged ({exc}); it is rebuilt by the next command: run this"
        " one again",
        ExitCode.ERROR,
    )


def _fail(message: str, code: int) -> NoReturn:
    echo_error(message)
    raise typer.Exit(int(code))


def echo_error(message: str) -> None:
    """The one place an error line is written: ``Error: ``, then the message made safe for
    a terminal and bounded in length (``tracker.domain.markup.error_text``)."""
    from tracker.domain.markup import error_text  # here: --help needs none of it
    from tracker.views.style import paint

    _end_statuses()
    color = screen.stderr_color()
    prefix = paint("Error:", "error", on=color)
    typer.echo(f"{prefix} {error_text(message)}", err=True, color=color)


app = typer.Typer(
    cls=TrackerGroup,
    help="An event-sourced diplomatic timeline tracker.\n\n"
    "The log (data/events.jsonl) is the only truth; every command brings the read model up "
    "to date from it first.",
    no_args_is_help=False,
    add_completion=True,
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
view_app = typer.Typer(
    cls=TrackerGroup,
    help="Saved views: named timeline filters, shared through the log.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(view_app, name="view")
store_app = typer.Typer(
    cls=TrackerGroup,
    help="Set up a team server's log (PostgreSQL): its tables, roles and triggers.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(store_app, name="store")


@app.callback(invoke_without_command=True)
def _root(
    ctx: typer.Context,
    log: LogOpt = None,
    store: StoreOpt = None,
    no_pager: NoPagerOpt = False,
    no_color: NoColorOpt = False,
) -> None:
    # `tracker --log PATH COMMAND` works like `tracker COMMAND --log PATH`: the path goes
    # to the command in the context (``options.log_path``), not into the environment.
    ctx.obj = Invocation(
        log,
        store=store,
        log_given=from_command_line(ctx, "log"),
        no_pager=no_pager,
        no_color=no_color,
    )
    screen.ask_no_color(no_color)
    if ctx.invoked_subcommand is None:  # `tracker` alone
        typer.echo(getting_started(log_path(ctx, None)))
        raise typer.Exit(0)


def getting_started(log: Path) -> str:
    """What `tracker` alone prints: three commands to begin with, and where the log is."""
    try:
        size = log.stat().st_size
        full = "" if log.is_absolute() else f"{log.resolve()}, "
        where = (
            f"The log is {log} ({full}{size:,} bytes)."
            if size
            else f"The log is {log} ({full}empty)."
        )
    except OSError:
        where = f"The log would be {log}: there is none yet (`tracker init` starts one)."
    return "\n".join(
        [
            "tracker: an event-sourced diplomatic timeline tracker.",
            markup_safe(where),
            "",
            "Three commands to begin with:",
            "  tracker actors                        who is in the log, with their events",
            "  tracker timeline --actor Blinken      an actor's events (--last 20: the latest)",
            "  tracker add-event --help              how to record a call, meeting or statement",
            "",
            "`tracker --help` lists every command; `tracker COMMAND --help` explains one.",
        ]
    )


def markup_safe(text: str) -> str:
    from tracker.domain.markup import safe

    return safe(text)


logcare.register_init(app)
events.register(app)
search.register(app)
annotate.register(app, view_app)
logcare.register(app)
actors.register(app, actor_app)
extract.register(app)
graph.register(app)
explore.register(app)
exchange.register(app)
server.register(app, store_app)
logcare.register_merge(app)


# the root's options that take a value (``tracker --log PATH COMMAND``)
_ROOT_VALUES = frozenset({"--log", "--store"})
_ROOT_FLAGS = frozenset({"--no-pager", "--no-color"})


def command_named(args: list[str]) -> str | None:
    """The command ``args`` run (``tracker [ROOT OPTIONS] COMMAND ...``), or None if they
    run none or it is unclear (``--help``, an unknown option, ...)."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg in _ROOT_VALUES:
            i += 2
        elif arg in _ROOT_FLAGS or arg.split("=", 1)[0] in _ROOT_VALUES:
            i += 1
        elif arg.startswith("-"):
            return None
        else:
            return arg
    return None


def only(name: str) -> bool:
    """Keep only the command (or group) ``name`` in the app; False if it has none.

    Typer builds every command's options before it runs one: for 48 commands that is more
    than ``add-event`` itself costs. A process runs one command, so ``main`` builds that one
    only; its help, options and errors are the same. An unknown name keeps them all (for
    the usage error's list)."""
    from typer.main import get_command_name

    commands = [
        c
        for c in app.registered_commands
        if (c.name or get_command_name(getattr(c.callback, "__name__", ""))) == name
    ]
    groups = [g for g in app.registered_groups if g.name == name]
    if not commands and not groups:
        return False
    app.registered_commands, app.registered_groups = commands, groups
    return True


def main() -> None:
    name = command_named(sys.argv[1:])
    if name is not None and not any(k.endswith("_COMPLETE") for k in os.environ):
        only(name)
    app(prog_name="tracker")

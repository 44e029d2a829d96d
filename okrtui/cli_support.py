"""What every command shares: the resolved environment and the bad-input policy."""

from __future__ import annotations

import importlib
import os
import sqlite3
import stat
import sys
import unicodedata
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from okrtui.clock import Clock, SystemClock, local_today
from okrtui.config import (
    Settings,
    data_home,
    default_demo_path,
    load_settings,
    resolve_agendas_dir,
)
from okrtui.errors import UserError
from okrtui.invocation import EXIT_BAD_INPUT as EXIT_BAD_INPUT
from okrtui.invocation import EXIT_INTERRUPTED as EXIT_INTERRUPTED
from okrtui.invocation import CliError as CliError
from okrtui.invocation import Invocation, tolerant_streams
from okrtui.text import clean_line, clean_text

if TYPE_CHECKING:
    from okrtui.agenda import AgendaLibrary
    from okrtui.store import Store

F = TypeVar("F", bound=Callable[..., Any])

EXIT_CRASHED = 1


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    click.echo(error_line(message), err=True)
    raise click.exceptions.Exit(code)


def error_line(message: str) -> str:
    """`okrtui: <message>` as every command prints a user error (see `fail`)."""
    return f"okrtui: {_one_line(message)}"


def echo(text: str = "", *, err: bool = False, nl: bool = True) -> None:
    """Write text meant for people to a terminal, cleaned by the one function every
    screen uses (`okrtui.text.clean_text`): no escape sequences, no bidi overrides."""
    click.echo(clean_text(text), err=err, nl=nl)


def is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):
        return False


def whole_words_in_help() -> None:
    """Help text never breaks a word or an option name at its hyphen (`mid-` then
    `cycle-review`, `--public-` then `url`): click wraps with a TextWrapper that does."""
    from click import _textwrap

    if getattr(_textwrap.TextWrapper, "okrtui_whole_words", False):
        return

    class WholeWords(_textwrap.TextWrapper):
        okrtui_whole_words = True

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("break_on_hyphens", False)
            super().__init__(*args, **kwargs)

    _textwrap.TextWrapper = WholeWords  # type: ignore[misc]


_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _one_line(message: str) -> str:
    if "\n" not in message.strip():
        return clean_line(_visible(" ".join(message.split())))
    return "\n".join(clean_line(_visible(line)) for line in message.strip().split("\n"))


def _undecodable(arg: str) -> bool:
    """An argument that was not UTF-8: Python keeps its bytes as lone surrogates."""
    return any("\udc80" <= ch <= "\udcff" for ch in arg)


def check_arguments(args: Sequence[str]) -> None:
    """Refuse, before anything is read or written, an argument no okrtui field can hold:
    one with a NUL, or with bytes that are not UTF-8 (a latin-1 terminal or SSH client)."""
    for arg in args:
        if "\x00" in arg:
            shown = arg.replace("\x00", "\\0")
            fail(f"an argument contains a NUL character: {shown!r}")
        if _undecodable(arg):
            raw = repr(arg.encode("utf-8", "surrogateescape"))[2:-1]
            fail(
                f"an argument is not valid UTF-8: '{raw}' "
                "(set your terminal or SSH client to UTF-8); nothing was written"
            )


def _visible(text: str) -> str:
    """Control characters and bidi overrides (often from user input quoted in a message)
    spelled out as escapes, so a message cannot clear or retitle the terminal."""
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if ch in _BIDI or unicodedata.category(ch) == "Cc"
        else ch
        for ch in text
    )


class OkrGroup(click.Group):
    """A click group that turns every user error into one line on stderr and exit code 2.

    Subcommands named in `lazy` ("name" -> "module:attribute") are imported only when
    used, so a one-line command does not pay for the others.
    """

    def __init__(self, *args: Any, lazy: Mapping[str, str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, str] = dict(lazy or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            module_name, attribute = self.lazy[cmd_name].split(":")
            module = importlib.import_module(module_name)
            command = getattr(module, attribute)
            assert isinstance(command, click.Command)
            return command
        return super().get_command(ctx, cmd_name)

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        """Run the command line the okrtui way: a usage error is one line (the message,
        then where to read more) with exit code 2; an interrupted prompt exits 130
        quietly; a prompt whose input ended says so in one line, exit code 2."""
        whole_words_in_help()
        if not standalone_mode:
            return super().main(args, "okrtui", complete_var, False, **extra)
        tolerant_streams()
        try:
            result = super().main(args, "okrtui", complete_var, False, **extra)
        except click.UsageError as error:
            click.echo(usage_line(error), err=True)
            sys.exit(EXIT_BAD_INPUT)
        except click.ClickException as error:
            click.echo(f"okrtui: {_one_line(error.format_message())}", err=True)
            sys.exit(error.exit_code)
        except click.Abort as error:
            cause = error.__cause__ or error.__context__
            if isinstance(cause, EOFError):
                click.echo("okrtui: no answer: standard input ended before one was given", err=True)
                sys.exit(EXIT_BAD_INPUT)
            sys.exit(EXIT_INTERRUPTED)
        except KeyboardInterrupt:
            sys.exit(EXIT_INTERRUPTED)
        sys.exit(result if isinstance(result, int) else 0)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        check_arguments(args)
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as error:
            raise _visible_usage(error) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as error:
            raise _visible_usage(error) from None
        except UserError as error:
            fail(str(error))
        except sqlite3.OperationalError as error:
            fail(_sqlite_message(error))
        except sqlite3.DatabaseError as error:
            fail(f"the database is damaged or not an okrtui database ({error})")
        finally:
            if isinstance(ctx.obj, Env):
                ctx.obj.close()


def usage_line(error: click.UsageError) -> str:
    """`okrtui: <what is wrong>; see okrtui CMD --help`, on one line."""
    command = error.ctx.command_path if error.ctx is not None else "okrtui"
    message = _one_line(error.format_message()).rstrip(".")
    if message[:1].isupper() and message[1:2].islower():
        message = message[0].lower() + message[1:]
    joint = " " if message.endswith("?") else "; "
    return f"okrtui: {message}{joint}see {command} --help"


def _visible_usage(error: click.UsageError) -> click.UsageError:
    """The same usage error, with what the user typed made harmless to print."""
    shown = _visible(error.format_message())
    if shown == error.format_message():
        return error
    return click.UsageError(shown, error.ctx)


def _sqlite_message(error: sqlite3.OperationalError) -> str:
    text = str(error)
    if "locked" in text or "busy" in text:
        return "the database is busy: another program holds it locked; try again in a moment"
    if "readonly" in text or "read-only" in text:
        return "the database is read-only: cannot write to it"
    if "disk" in text and "full" in text:
        return "the disk is full: nothing was written"
    return f"database error: {text}"


class Env(Invocation):
    """The resolved settings, clock, database path and identity of one invocation, and
    the stores it opened (closed when the command ends)."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        db_flag: str | None = None,
        me_flag: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(settings, clock, db_flag, me_flag, environ)
        self._stores: list[Store] = []

    @classmethod
    def from_context(cls, ctx: click.Context, db: str | None, me: str | None) -> Env:
        given = ctx.obj if isinstance(ctx.obj, Env) else None
        if given is not None:
            given.db_flag = db if db is not None else given.db_flag
            given.me_flag = me if me is not None else given.me_flag
            return given
        return cls(load_settings(), SystemClock(), db, me)

    @property
    def agendas_dir(self) -> Path:
        """The user's own agendas (`okrtui.config.resolve_agendas_dir`)."""
        return resolve_agendas_dir(self.settings, self.environ)

    def agenda_library(self) -> AgendaLibrary:
        from okrtui.agenda import AgendaLibrary
        from okrtui.resources import builtin_agendas_dir

        return AgendaLibrary(self.agendas_dir, builtin_agendas_dir())

    def demo_db_path(self) -> Path:
        if self.db_flag:
            return Path(self.db_flag).expanduser()
        return self._in_data_home(default_demo_path(self.environ))

    def _in_data_home(self, path: Path) -> Path:
        """okrtui's own data directory is made on first use; a path the user named is not."""
        if path.parent == data_home(self.environ):
            try:
                path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            except OSError as error:
                raise CliError(f"{path.parent}: cannot create ({error.strerror})") from error
        return path

    def open_store(self, *, create: bool, own: bool = False) -> Store:
        """The Store on the database; `own=True` for a file of the user's own (init,
        import), which is never the demo a newcomer is looking at."""
        from okrtui.store import Store, open_db

        path = self.own_db_path() if own else self.db_path()
        if create:
            self._in_data_home(path)
        db = open_db(path, create=create)
        store = Store(db, self.clock, actor=self.actor_name())
        self._stores.append(store)
        return store

    def close(self) -> None:
        """Checkpoint and close every database this command opened, so at rest the
        database file alone holds everything (no `-wal` left beside it)."""
        while self._stores:
            self._stores.pop().close()

    def me(self, store: Store) -> tuple[str, int]:
        handles = {p.handle: p.id for p in store.person_rows()}
        return self.resolve_me(handles)

    def me_or_none(self, store: Store) -> int | None:
        try:
            return self.me(store)[1]
        except UserError:
            return None

    def today(self, store: Store) -> date:
        return local_today(self.clock, store.timezone)

    def run_app(self, store: Store, meeting_id: int | None = None) -> None:
        from okrtui.views.dashboard import load_dashboard_soon

        me_id = self.me_or_none(store)
        first_dashboard = load_dashboard_soon(
            store, self.today(store), self.clock.now(), self.settings.thresholds
        )
        try:
            from okrtui.tui.app import make_app

            app = make_app(
                store,
                self.clock,
                self.settings,
                me_id=me_id,
                meeting_id=meeting_id,
                first_dashboard=first_dashboard,
            )
            app.run()
        finally:
            # The first dashboard is read in a thread on this store: it must be done
            # before the store is checkpointed and closed (an app that stops at once).
            from concurrent.futures import wait

            wait([first_dashboard])
        self.after_app(app)

    def after_app(self, app: Any) -> None:
        """An app that stopped on an unexpected error: its traceback goes to a log file,
        and the command exits non-zero saying where that log is."""
        if not app.return_code:
            return
        error = getattr(app, "_exception", None)
        log = write_crash_log(error, self.environ)
        where = f"details are in {log}" if log is not None else "no log could be written"
        fail(f"the app stopped on an unexpected error; {where}", code=EXIT_CRASHED)

    def write_output(self, text: str, output: str | None, force: bool) -> None:
        """The text on standard output (`-o -` or no `-o`), or in FILE (see `write_file`).
        On a terminal it is cleaned like everything else printed there."""
        with self.output(output, force) as write:
            write(text)

    @contextmanager
    def output(self, output: str | None, force: bool) -> Iterator[Callable[[str], None]]:
        """`write_output` a piece at a time: a long text (the cycle report) is written as
        it is made instead of held whole. Check the output first (`check_output`)."""
        if output is None or output == "-":
            if is_terminal(sys.stdout):
                yield lambda text: click.echo(clean_text(text), nl=False)
            else:  # data for a pipe or a file: UTF-8, whatever the locale says
                yield lambda text: click.echo(text.encode("utf-8"), nl=False)
            return
        with file_writer(Path(output), force) as write:
            yield write
        echo(f"wrote {output}", err=True)


def write_crash_log(error: BaseException | None, environ: Mapping[str, str]) -> Path | None:
    import traceback
    from datetime import UTC, datetime

    path = data_home(environ) / "crash.log"
    lines = traceback.format_exception(error) if error is not None else ["(no exception kept)\n"]
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", errors="replace") as log:
            log.write(f"--- okrtui crashed at {datetime.now(UTC).isoformat()}\n")
            log.writelines(lines)
    except OSError:
        return None
    return path


def check_output(output: str | None, force: bool) -> None:
    """Refuse, before any work, an output FILE that cannot or must not be written."""
    if output is None or output == "-":
        return
    path = Path(output)
    if not output.strip():
        raise CliError("-o: the file name is empty (use -o - for standard output)")
    try:
        info = path.stat()  # follows a symlink to what it names
    except FileNotFoundError:
        if path.is_symlink():
            raise CliError(f"{path}: is a symlink to a missing file; refusing to write") from None
        if not path.parent.is_dir():
            raise CliError(f"{path}: the directory {path.parent} does not exist") from None
        return
    except OSError as error:
        raise CliError(f"{path}: cannot be used ({error.strerror})") from error
    if not stat.S_ISREG(info.st_mode):
        kind = "a directory" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise CliError(f"{path}: is {kind}; okrtui writes only to a regular file or a new one")
    if not force:
        raise CliError(f"{path}: already exists (use --force to overwrite it)")


def write_file(path: Path, text: str, force: bool) -> None:
    """Write `text` to a new file, or with `force` through to an existing regular file:
    its mode, owner and links stay as they were (a symlink still points to it)."""
    with file_writer(path, force) as write:
        write(text)


@contextmanager
def file_writer(path: Path, force: bool) -> Iterator[Callable[[str], None]]:
    """`write_file` a piece at a time. A new file is removed again when the writing fails
    or the caller stops on an error; an existing one may then be incomplete."""
    check_output(str(path), force)
    exists = path.exists()
    flags = os.O_WRONLY | (0 if exists else os.O_CREAT | os.O_EXCL)
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as error:
        raise CliError(f"{path}: cannot write ({error.strerror})") from error
    written = 0
    try:
        with os.fdopen(fd, "wb") as file:

            def write(text: str) -> None:
                nonlocal written
                written += file.write(text.encode("utf-8"))

            yield write
            file.truncate(written)
            file.flush()
            os.fsync(file.fileno())
    except OSError as error:
        if not exists:
            path.unlink(missing_ok=True)
        raise CliError(f"{path}: cannot write ({error.strerror}); it may be incomplete") from error
    except BaseException:
        if not exists:
            path.unlink(missing_ok=True)
        raise


pass_env = click.make_pass_decorator(Env)


def _set_env_attr(attr: str) -> Callable[[click.Context, click.Parameter, str | None], None]:
    def callback(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
        if value is None:
            return
        env = ctx.find_object(Env)
        if env is not None:
            setattr(env, attr, value)

    return callback


def db_option(func: F) -> F:
    return click.option(
        "--db",
        metavar="PATH",
        expose_value=False,
        callback=_set_env_attr("db_flag"),
        help="The database file.",
    )(func)


def output_option(func: F) -> F:
    """`-o FILE`: write there instead of standard output; `-o -` is standard output."""
    return click.option(
        "-o",
        "--output",
        metavar="FILE",
        help="Write to FILE instead of standard output (- is standard output).",
    )(func)


def force_option(func: F) -> F:
    return click.option(
        "--force", is_flag=True, help="Overwrite FILE if it exists (writing through to it)."
    )(func)


def me_option(func: F) -> F:
    return click.option(
        "--me",
        metavar="HANDLE",
        expose_value=False,
        callback=_set_env_attr("me_flag"),
        help="Who you are (a person's handle).",
    )(func)

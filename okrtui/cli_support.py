"""What every command shares: the resolved environment and the bad-input policy."""

from __future__ import annotations

import importlib
import os
import sqlite3
import unicodedata
from collections.abc import Callable, Mapping
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
    resolve_db_path,
    resolve_identity,
)
from okrtui.errors import UserError

if TYPE_CHECKING:
    from okrtui.agenda import AgendaLibrary
    from okrtui.store import Store

F = TypeVar("F", bound=Callable[..., Any])

EXIT_BAD_INPUT = 2


class CliError(UserError):
    """Bad input found by the command line itself."""


def fail(message: str) -> NoReturn:
    click.echo(f"okrtui: {_one_line(message)}", err=True)
    raise click.exceptions.Exit(EXIT_BAD_INPUT)


_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _one_line(message: str) -> str:
    if "\n" not in message.strip():
        return _visible(" ".join(message.split()))
    return "\n".join(_visible(line) for line in message.strip().split("\n"))


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

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for arg in args:
            if "\x00" in arg:
                shown = arg.replace("\x00", "\\0")
                fail(f"an argument contains a NUL character: {shown!r}")
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


class Env:
    """The resolved settings, clock, database path and identity of one invocation."""

    def __init__(
        self,
        settings: Settings,
        clock: Clock,
        db_flag: str | None = None,
        me_flag: str | None = None,
        environ: Mapping[str, str] | None = None,
    ) -> None:
        self.settings = settings
        self.clock = clock
        self.db_flag = db_flag
        self.me_flag = me_flag
        self.environ = dict(os.environ if environ is None else environ)

    @classmethod
    def from_context(cls, ctx: click.Context, db: str | None, me: str | None) -> Env:
        given = ctx.obj if isinstance(ctx.obj, Env) else None
        if given is not None:
            given.db_flag = db or given.db_flag
            given.me_flag = me or given.me_flag
            return given
        return cls(load_settings(), SystemClock(), db, me)

    @property
    def agendas_dir(self) -> Path:
        """The user's own agendas: `OKRTUI_AGENDAS`, then settings, then the default."""
        from okrtui.agenda.paths import default_agendas_dir

        if self.environ.get("OKRTUI_AGENDAS"):
            return Path(self.environ["OKRTUI_AGENDAS"]).expanduser()
        if self.settings.agendas_dir is not None:
            return self.settings.agendas_dir.expanduser()
        return default_agendas_dir(self.environ)

    def agenda_library(self) -> AgendaLibrary:
        from okrtui.agenda import AgendaLibrary
        from okrtui.resources import builtin_agendas_dir

        return AgendaLibrary(self.agendas_dir, builtin_agendas_dir())

    def db_path(self) -> Path:
        return resolve_db_path(self.db_flag, self.settings, self.environ)

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

    def open_store(self, *, create: bool) -> Store:
        from okrtui.store import Store, open_db

        path = self.db_path()
        if create:
            self._in_data_home(path)
        db = open_db(path, create=create)
        return Store(db, self.clock, actor=self.actor_name())

    def actor_name(self) -> str:
        """Who audit rows name: the identity as given, before it is checked against people."""
        return self.me_flag or self.environ.get("OKRTUI_USER") or self.settings.user or "okrtui"

    def me(self, store: Store) -> tuple[str, int]:
        handles = {p.handle: p.id for p in store.person_rows()}
        return resolve_identity(handles, self.me_flag, self.settings, self.environ)

    def me_or_none(self, store: Store) -> int | None:
        try:
            return self.me(store)[1]
        except UserError:
            return None

    def today(self, store: Store) -> date:
        return local_today(self.clock, store.timezone)

    def run_app(self, store: Store, meeting_id: int | None = None) -> None:
        from okrtui.tui.data.dashboard import load_dashboard_soon

        me_id = self.me_or_none(store)
        first_dashboard = load_dashboard_soon(
            store, self.today(store), self.clock.now(), self.settings.thresholds
        )
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

    def write_output(self, text: str, output: Path | None, force: bool) -> None:
        if output is None:
            click.echo(text, nl=False)
            return
        if output.exists() and not force:
            raise CliError(f"{output}: already exists (use --force to overwrite it)")
        if not output.parent.is_dir():
            raise CliError(f"{output}: the directory {output.parent} does not exist")
        tmp = output.with_name(f".{output.name}.tmp")
        try:
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(output)
        except OSError as error:
            tmp.unlink(missing_ok=True)
            raise CliError(f"{output}: cannot write ({error.strerror})") from error
        click.echo(f"wrote {output}", err=True)


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


def me_option(func: F) -> F:
    return click.option(
        "--me",
        metavar="HANDLE",
        expose_value=False,
        callback=_set_env_attr("me_flag"),
        help="Who you are (a person's handle).",
    )(func)

"""Where one command's database is and who its user is: resolved here, without click.

Every click command resolves them through `cli_support.Env`, a subclass; the one-line
check-in (`okrtui.fast_entry`) resolves them through this class without importing click,
so both follow the same rules (`okrtui.config`) in the same order.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
from collections.abc import Mapping
from pathlib import Path

from okrtui.clock import Clock
from okrtui.config import (
    DEMO_USER,
    DbLocation,
    Settings,
    default_demo_path,
    locate_db,
    own_default_db,
    resolve_identity,
)
from okrtui.errors import UserError

EXIT_BAD_INPUT = 2
EXIT_INTERRUPTED = 130


class CliError(UserError):
    """Bad input found by the command line itself."""


def tolerant_streams() -> None:
    """Standard output and error replace what their encoding cannot hold (a latin-1 or
    ASCII terminal) instead of raising after a command has done its work."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors == "strict":
            with contextlib.suppress(ValueError, OSError):
                stream.reconfigure(errors="replace")


class Invocation:
    """The resolved settings, clock, database flag and identity flag of one invocation."""

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

    def db_location(self) -> DbLocation:
        return locate_db(self.db_flag, self.settings, self.environ)

    def db_path(self) -> Path:
        return self.db_location().path

    def own_db_path(self) -> Path:
        """The database a new file of the user's own goes to: never the demo fallback."""
        location = self.db_location()
        return own_default_db(self.environ) if location.source == "demo" else location.path

    def on_demo(self) -> bool:
        """Whether the database is the demo `okrtui demo` wrote in the data directory."""
        return self.db_path() == default_demo_path(self.environ)

    def resolve_me(self, handles: Mapping[str, int]) -> tuple[str, int]:
        """(handle, person id) of the user; on the demo, a demo person when nothing says."""
        fallback = DEMO_USER if self.on_demo() else None
        return resolve_identity(handles, self.me_flag, self.settings, self.environ, fallback)

    def actor_name(self) -> str:
        """Who audit rows name: the identity as given, before it is checked against people."""
        return self.me_flag or self.environ.get("OKRTUI_USER") or self.settings.user or "okrtui"

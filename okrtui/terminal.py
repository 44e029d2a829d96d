"""Screen commands need a terminal: the one check, made before anything is written.

Without one (`ssh -T`, a pipe, cron, `okrtui checkin </dev/null`) a full-screen app writes
escape codes into the pipe and, once the other end has gone, spins forever. No Textual
here: the check runs before the app is imported.
"""

from __future__ import annotations

import sys

from okrtui.errors import UserError


def has_terminal() -> bool:
    """Whether standard input and standard output are both a terminal."""
    streams = (sys.stdin, sys.stdout)
    try:
        return all(stream is not None and stream.isatty() for stream in streams)
    except (AttributeError, ValueError, OSError):  # closed or replaced streams
        return False


def require_terminal(what: str, *, unless: bool = False) -> None:
    """Refuse to open the screen of `what` without a terminal (one line, exit 2), pointing
    at the one-line commands, which work anywhere. `unless` skips the check (a command
    that will not open a screen this time)."""
    if unless or has_terminal():
        return
    raise UserError(
        f"{what} needs a terminal (standard input and output are not one; with ssh, use "
        "`ssh -t`); the one-line commands work anywhere, e.g. `okrtui checkin KR -c 7`"
    )

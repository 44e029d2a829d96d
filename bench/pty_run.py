"""Start a program in a real pseudo-terminal and time its first paint.

The program gets a 120x40 terminal (TIOCSWINSZ on its side of the pty before exec) and
`TERM=xterm-256color`. First paint is the moment a marker string the screen shows comes
out of the pty; the program is then asked to quit (`q`), and its peak memory is read from
`wait4`'s rusage.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import termios
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

ROWS, COLS = 40, 120


@dataclass(frozen=True)
class PtyRun:
    first_paint: float
    """Seconds from fork to the marker on the terminal."""
    max_rss: int
    """Peak resident memory of the child, in bytes."""


class PtyError(RuntimeError):
    pass


def run_in_pty(
    argv: Sequence[str],
    env: Mapping[str, str],
    marker: str,
    *,
    timeout: float = 60.0,
    settle: float = 0.0,
) -> PtyRun:
    """Run `argv` until `marker` is painted; `settle` seconds later, quit it."""
    wanted = marker.encode()
    started = time.perf_counter()
    pid, fd = spawn(argv, env)
    output = bytearray()
    painted: float | None = None
    try:
        deadline = started + timeout
        while painted is None:
            chunk = _read(fd, deadline - time.perf_counter())
            if chunk is None:
                raise PtyError(f"{argv}: no {marker!r} within {timeout:.0f} s: {_tail(output)}")
            if not chunk:
                raise PtyError(f"{argv}: exited before painting {marker!r}: {_tail(output)}")
            output += chunk
            if wanted in output:
                painted = time.perf_counter() - started
        _drain(fd, time.perf_counter() + settle)
        os.write(fd, b"q")
        _drain(fd, time.perf_counter() + 5.0, until_closed=True)
    finally:
        rusage = _reap(pid)
        os.close(fd)
    return PtyRun(painted, rusage.ru_maxrss * 1024)


def spawn(argv: Sequence[str], env: Mapping[str, str]) -> tuple[int, int]:
    """Start `argv` on a new 120x40 pseudo-terminal: its pid and our side's descriptor."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: its stdin is the pty's terminal side
        try:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", ROWS, COLS, 0, 0))
            os.execve(argv[0], list(argv), dict(env))
        finally:
            os._exit(127)
    return pid, fd


def _read(fd: int, wait: float) -> bytes | None:
    """Some output; b"" when the child closed the terminal; None on timeout."""
    ready, _, _ = select.select([fd], [], [], max(0.0, wait))
    if not ready:
        return None
    try:
        return os.read(fd, 65536)
    except OSError:
        return b""


def _drain(fd: int, until: float, *, until_closed: bool = False) -> None:
    while (left := until - time.perf_counter()) > 0:
        chunk = _read(fd, left)
        if chunk == b"" and until_closed:
            return


def _reap(pid: int) -> os.struct_rusage:  # type: ignore[name-defined]
    for _ in range(50):
        done, _status, rusage = os.wait4(pid, os.WNOHANG)
        if done:
            return rusage
        time.sleep(0.02)
    os.kill(pid, signal.SIGKILL)
    return os.wait4(pid, 0)[2]


def _tail(output: bytes | bytearray) -> str:
    return repr(bytes(output[-300:]))

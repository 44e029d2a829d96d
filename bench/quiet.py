"""What a screen writes to its terminal: the first frame, then while nobody touches it, and
while the mouse moves over rows that do not change. Over a slow SSH link every byte is felt.

Each figure runs the program in a real pseudo-terminal (120x40, `bench.pty_run`).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bench.pty_run import PtyError, _drain, _read, _reap, _tail, spawn

_ESCAPES = re.compile(rb"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")


def _text(output: bytes | bytearray) -> bytes:
    """The characters on the screen, escape sequences taken out."""
    return _ESCAPES.sub(b"", bytes(output))


@dataclass(frozen=True)
class Quiet:
    first_frame: int
    """Bytes written until the marker is painted and `settle` seconds after it."""
    idle_per_second: float
    """Bytes a second afterwards, while nothing is typed."""
    motion: int
    """Bytes written for the mouse moving over the screen, after the idle window."""


def measure_quiet(
    argv: Sequence[str],
    env: Mapping[str, str],
    marker: str,
    *,
    settle: float = 1.0,
    idle: float = 5.0,
    motion_rows: Sequence[int] = (),
    timeout: float = 60.0,
) -> Quiet:
    """Run `argv` until `marker` is painted and the output settles, then count what it
    writes while idle, then while the mouse moves across `motion_rows` (1-based)."""
    pid, fd = spawn(argv, env)
    output = bytearray()
    try:
        deadline = time.perf_counter() + timeout
        while marker.encode() not in _text(output):
            chunk = _read(fd, deadline - time.perf_counter())
            if not chunk:
                raise PtyError(f"{argv}: no {marker!r}: {_tail(output)}")
            output += chunk
        first = len(output) + _count(fd, settle)
        idle_bytes = _count(fd, idle)
        moved = 0
        if motion_rows:
            for row in motion_rows:
                for col in range(10, 70, 6):
                    os.write(fd, f"\x1b[<35;{col};{row}M".encode())
                    moved += _count(fd, 0.02)
            moved += _count(fd, 0.5)
        os.write(fd, b"\x11")  # ctrl+q
        _drain(fd, time.perf_counter() + 3.0, until_closed=True)
    finally:
        _reap(pid)
        os.close(fd)
    return Quiet(first, idle_bytes / idle, moved)


def _count(fd: int, seconds: float) -> int:
    total = 0
    until = time.perf_counter() + seconds
    while (left := until - time.perf_counter()) > 0:
        chunk = _read(fd, left)
        if chunk:
            total += len(chunk)
    return total

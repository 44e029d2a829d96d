"""Checks on a database file made before SQLite opens it.

No sqlite-utils here: the one-line check-in makes the same checks on its fast path.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from okrtui.store.errors import StoreError

SQLITE_HEADER = b"SQLite format 3\x00"


def is_read_only(path: Path) -> bool:
    """Whether okrtui must only read `path`: the file or its directory is not writable.

    The permission bits count even for root, who could write anyway: a file someone made
    read-only is opened read-only, and every write is refused with a clear message.
    """
    return not (writable(path) and writable(path.parent))


def writable(path: Path) -> bool:
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return bool(mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and os.access(path, os.W_OK)


def check_file(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"{path}: cannot be read ({error.strerror})") from error
    if header != SQLITE_HEADER:
        raise StoreError(f"{path}: is not an SQLite database")
    _check_size(path)


def _check_size(path: Path) -> None:
    """Refuse a file cut short (a copy that stopped half-way, a full disk).

    The header records the page size and, when its "valid-for" counter matches the change
    counter, the number of pages. Pages still in a write-ahead log may legitimately be
    missing from the file, so the check is made only when there is no log.
    """
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        return
    try:
        with path.open("rb") as handle:
            header = handle.read(100)
        size = path.stat().st_size
    except OSError as error:
        raise StoreError(f"{path}: cannot be read ({error.strerror})") from error
    if len(header) < 100:
        raise StoreError(f"{path}: is damaged: it is cut short ({size} bytes)")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    counter_valid = header[24:28] == header[92:96]
    if counter_valid and pages and size < pages * page_size:
        raise StoreError(
            f"{path}: is damaged: it is cut short ({size} of {pages * page_size} bytes); "
            "restore it from a backup"
        )

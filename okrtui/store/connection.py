"""The connection the store runs on: sqlite3, with dict rows and savepoints.

sqlite-utils is what applies the migrations (see `okrtui.store.schema`); day-to-day reads
and writes need only this much of it, and importing it would cost the app a visible share
of its start-up.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import partial
from itertools import count
from pathlib import Path
from typing import Any

_savepoints = count()


class Db:
    """A `sqlite3.Connection` opened by `open_db`, in autocommit mode."""

    def __init__(self, conn: sqlite3.Connection, path: Path | None = None) -> None:
        self.conn = conn
        self.path = path
        """The database file (None in memory); its identity is checked before each write."""
        self._file_id: tuple[int, int] | None = None
        self._wal_id: tuple[int, int] | None = None
        conn.text_factory = decode_text
        self.lock = threading.RLock()
        """Held by every use of the connection from the Store (its threads included) and
        by `close`: a connection is never closed under a reader thread (which crashes
        SQLite); a read after the close fails with a Python error instead."""

    def remember_file(self) -> None:
        """Note which file (device and inode) the database and its log are, as opened."""
        if self.path is None:
            return
        self._file_id = _file_id(self.path)
        self._wal_id = _file_id(_wal(self.path))

    def file_problem(self) -> str:
        """Why writing here would lose data: the database file or its write-ahead log was
        removed or replaced since it was opened (another program, `rm`, a new demo).
        SQLite would go on writing to the deleted file and report success; "" when the
        files are the ones opened."""
        if self.path is None or self._file_id is None:
            return ""
        now = _file_id(self.path)
        if now is None:
            return (
                f"{self.path}: the database file was removed while okrtui had it open; "
                "nothing more can be saved to it"
            )
        if now != self._file_id:
            return (
                f"{self.path}: the database file was replaced by another file while okrtui "
                "had it open; nothing more is saved here: restart okrtui to open the new file"
            )
        wal = _file_id(_wal(self.path))
        if self._wal_id is None:
            self._wal_id = wal  # the log is made on the first read after opening
        elif wal != self._wal_id:
            return (
                f"{_wal(self.path)}: the database's write-ahead log was removed or replaced "
                "while okrtui had it open; recent changes may be lost and nothing more is "
                "saved: restart okrtui and check the file"
            )
        return ""

    def execute(self, sql: str, params: Sequence[Any] = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def query(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        """Each row as a dict of column name to value."""
        cursor = self.conn.execute(sql, params)
        names = [column[0] for column in cursor.description or ()]
        for row in cursor:
            yield dict(zip(names, row, strict=True))

    def table_names(self) -> list[str]:
        rows = self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        ).fetchall()
        return [name for (name,) in rows]

    def count(self, table: str) -> int:
        row = self.conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
        return int(row[0])

    @contextmanager
    def atomic(self) -> Iterator[Db]:
        """A savepoint: undone on error, kept (inside the outer transaction) otherwise."""
        name = f"okrtui_{next(_savepoints)}"
        self.conn.execute(f"SAVEPOINT {name}")
        try:
            yield self
        except BaseException:
            self.conn.execute(f"ROLLBACK TO {name}")
            self.conn.execute(f"RELEASE {name}")
            raise
        self.conn.execute(f"RELEASE {name}")

    def close(self) -> None:
        with self.lock:
            self.conn.close()


decode_text: Callable[[bytes], str] = partial(str, encoding="utf-8", errors="replace")
"""SQLite TEXT as `str`: a value that is not UTF-8 (written by another program) reads with
U+FFFD in place of the bad bytes instead of failing the whole query. A C callable, not a
Python function: it runs no bytecode, so, as with the default `str`, no other thread can
run while SQLite hands a row over (a Python function here let a reader thread race the
connection being closed)."""


def _wal(path: Path) -> Path:
    return Path(f"{path}-wal")


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino

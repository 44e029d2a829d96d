"""Opening the SQLite file: pragmas, safety checks and migrations.

sqlite-utils (through `okrtui.store.schema`) is imported only when a migration is due.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from okrtui.store.connection import Db
from okrtui.store.errors import StoreError
from okrtui.store.filecheck import check_file, is_read_only, writable
from okrtui.store.versions import applied_migration_names, known_migration_names

BUSY_TIMEOUT_MS = 5000
MEMORY = ":memory:"


def open_db(path: Path | str, *, create: bool = True) -> Db:
    """Open (and create or migrate) an okrtui database.

    Raises `StoreError` with a message fit for a user when the file cannot be used.
    """
    if str(path) == MEMORY:
        db = Db(_connect(MEMORY))
        _migrate(db, None, applied_migration_names(db.conn) or [])
        return db
    path = Path(path).expanduser()
    if not path.parent.is_dir():
        raise StoreError(f"{path}: the directory {path.parent} does not exist")
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    existed = path.exists() and path.stat().st_size > 0
    read_only = False
    if existed:
        check_file(path)
        read_only = is_read_only(path)
    elif not create:
        raise StoreError(f"{path}: no such database (create one with `okrtui init`)")
    else:
        if not writable(path.parent):
            raise StoreError(f"{path}: cannot create the database: {path.parent} is read-only")
        _create_private(path)
    try:
        db = Db(_connect(str(path), read_only=read_only), path.absolute())
        applied = _check_schema(db, path)
        if read_only and _pending(applied):
            raise StoreError(
                f"{path}: is read-only, and this okrtui must upgrade it before use; "
                "make it writable and try again"
            )
        _migrate(db, path if existed else None, applied)
        db.remember_file()
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path}: cannot be opened as an okrtui database ({error})") from error
    return db


def _create_private(path: Path) -> None:
    """Create the file readable by its owner only, before SQLite creates it."""
    try:
        fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    except OSError as error:
        raise StoreError(f"{path}: cannot create the database ({error.strerror})") from error
    os.close(fd)


def _connect(target: str, *, read_only: bool = False) -> sqlite3.Connection:
    conn = sqlite3.connect(
        f"{Path(target).absolute().as_uri()}?mode=ro" if read_only else target,
        isolation_level=None,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
        uri=read_only,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if target != MEMORY and not read_only:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _check_schema(db: Db, path: Path) -> list[str]:
    """The migrations applied to the file (none for an empty one); a file that is not
    okrtui's, or is newer than this okrtui, is refused."""
    applied = applied_migration_names(db.conn)
    if applied is None:
        if db.table_names():
            raise StoreError(f"{path}: is an SQLite database, but not one made by okrtui")
        return []
    unknown = sorted(set(applied) - set(known_migration_names()))
    if unknown:
        raise StoreError(
            f"{path}: was written by a newer okrtui (schema {unknown[-1]}); "
            "upgrade okrtui to open it"
        )
    return applied


def _pending(applied: list[str]) -> bool:
    return bool(set(known_migration_names()) - set(applied))


def _migrate(db: Db, existing: Path | None, applied: list[str]) -> None:
    """Bring the schema up to date with sqlite-utils' `Migrations`, under the write lock."""
    if not _pending(applied):
        return
    from sqlite_utils import Database

    from okrtui.store import schema

    if existing is not None and applied:
        backup_before_migration(db, existing, applied[-1])
    with immediate(db):
        database = Database(db.conn, execute_plugins=False)
        if schema.migrations.pending(database):
            schema.migrations.apply(database)


def backup_before_migration(db: Db, path: Path, last: str) -> Path:
    """Copy the database aside (consistently, through SQLite's backup API); `last` is
    the newest migration the file has, and names the copy."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.{last}.{stamp}.bak")
    dest = sqlite3.connect(target)
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    os.chmod(target, 0o600)
    return target


@contextmanager
def immediate(db: Db) -> Iterator[Db]:
    """A write transaction that takes the write lock up front (`BEGIN IMMEDIATE`).

    Nested use becomes a savepoint, so a store method can call another. SQLite's own
    failures (busy past the timeout, read-only, disk full, damaged file) are rolled back
    and raised as `StoreError` with a message for the user, so the screens and the
    command line treat them like any other refused write.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    lost = db.file_problem()
    if lost:
        raise StoreError(lost)
    try:
        db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield db
            db.conn.execute("COMMIT")
        except BaseException:
            if db.conn.in_transaction:
                db.conn.execute("ROLLBACK")
            raise
    except sqlite3.OperationalError as error:
        raise StoreError(describe_sqlite_error(db, error)) from error
    except sqlite3.DatabaseError as error:
        if type(error) is not sqlite3.DatabaseError:
            raise
        raise StoreError(describe_sqlite_error(db, error)) from error


def describe_sqlite_error(db: Db, error: sqlite3.DatabaseError) -> str:
    """What a failed write means for the user, naming the file; nothing was written."""
    text = str(error)
    name = _file_name(db)
    if "locked" in text or "busy" in text:
        return (
            f"{name}: is busy: another program has held it locked for more than "
            f"{BUSY_TIMEOUT_MS / 1000:g} s; nothing was written, try again in a moment"
        )
    if "readonly" in text or "read-only" in text:
        return f"{name}: is read-only; nothing was written"
    if "full" in text:
        return f"{name}: the disk (or the database's size limit) is full; nothing was written"
    if "malformed" in text or "not a database" in text:
        return f"{name}: is damaged ({text}); nothing was written"
    return f"{name}: database error ({text}); nothing was written"


def _file_name(db: Db) -> str:
    try:
        row = db.conn.execute("PRAGMA database_list").fetchone()
    except sqlite3.Error:
        return "the database"
    return str(row[2]) if row and row[2] else "the in-memory database"

"""Opening the SQLite file: pragmas, safety checks and migrations."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from okrtui.store.errors import StoreError
from okrtui.store.schema import known_migration_names, migrations

BUSY_TIMEOUT_MS = 5000
SQLITE_HEADER = b"SQLite format 3\x00"
MEMORY = ":memory:"


def open_db(path: Path | str, *, create: bool = True) -> Database:
    """Open (and create or migrate) an okrtui database.

    Raises `StoreError` with a message fit for a user when the file cannot be used.
    """
    if str(path) == MEMORY:
        conn = _connect(MEMORY)
        db = Database(conn)
        _migrate(db, None)
        return db
    path = Path(path).expanduser()
    if not path.parent.is_dir():
        raise StoreError(f"{path}: the directory {path.parent} does not exist")
    if path.is_dir():
        raise StoreError(f"{path}: is a directory, not a database file")
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        _check_header(path)
    elif not create:
        raise StoreError(f"{path}: no such database (create one with `okrtui init`)")
    else:
        _create_private(path)
    try:
        conn = _connect(str(path))
        db = Database(conn)
        _check_schema(db, path)
        _migrate(db, path if existed else None)
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


def _check_header(path: Path) -> None:
    try:
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as error:
        raise StoreError(f"{path}: cannot be read ({error.strerror})") from error
    if header != SQLITE_HEADER:
        raise StoreError(f"{path}: is not an SQLite database")


def _connect(target: str) -> sqlite3.Connection:
    conn = sqlite3.connect(
        target,
        isolation_level=None,
        timeout=BUSY_TIMEOUT_MS / 1000,
        check_same_thread=False,
    )
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if target != MEMORY:
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _check_schema(db: Database, path: Path) -> None:
    tables = set(db.table_names())
    if not tables:
        return
    if "_sqlite_migrations" not in tables:
        raise StoreError(f"{path}: is an SQLite database, but not one made by okrtui")
    applied = {m.name for m in migrations.applied(db)}
    unknown = sorted(applied - set(known_migration_names()))
    if unknown:
        raise StoreError(
            f"{path}: was written by a newer okrtui (schema {unknown[-1]}); "
            "upgrade okrtui to open it"
        )


def _migrate(db: Database, existing: Path | None) -> None:
    if not migrations.pending(db):
        return
    if existing is not None and migrations.applied(db):
        backup_before_migration(db, existing)
    with immediate(db):
        if migrations.pending(db):
            migrations.apply(db)


def backup_before_migration(db: Database, path: Path) -> Path:
    """Copy the database aside (consistently, through SQLite's backup API)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    last = migrations.applied(db)[-1].name
    target = path.with_name(f"{path.name}.{last}.{stamp}.bak")
    dest = sqlite3.connect(target)
    try:
        db.conn.backup(dest)
    finally:
        dest.close()
    os.chmod(target, 0o600)
    return target


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    """A write transaction that takes the write lock up front (`BEGIN IMMEDIATE`).

    Nested use becomes a savepoint, so a store method can call another.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    else:
        db.conn.execute("COMMIT")

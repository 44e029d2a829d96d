"""The one-line check-in's fast path: plain `sqlite3`, no sqlite-utils, no pydantic models.

`okrtui checkin KR -c N` is run over SSH between two calls; importing the Store (sqlite-utils,
the domain models) costs more than the whole job. This path handles only the ordinary case
(a healthy, writable, fully migrated file, a KR found in the current cycle) and writes
through the same writer as every other path (`okrtui.store.checkin_write`). Anything else
returns `None` before anything is written, and the caller takes the full path through the
Store, which gives the proper message for every problem with the file. Input errors are
raised through the same functions as the full path.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from okrtui.errors import UserError
from okrtui.store.checkin_write import KRFacts, Written, find_kr, write_checkin
from okrtui.store.connection import decode_text
from okrtui.store.current_cycle import current_cycle_id
from okrtui.store.errors import StoreError
from okrtui.store.filecheck import check_file, is_read_only
from okrtui.store.versions import MIGRATION_NAMES, applied_migration_names

BUSY_TIMEOUT_MS = 5000


Resolve = Callable[[dict[str, int]], int]
"""Maps the people's handles to ids onto the user's person id (raises a UserError)."""

Decide = Callable[[KRFacts], float | None]
"""The new value for a KR, None to keep it (raises a UserError for input that does not
fit it)."""


def try_record(
    path: Path,
    ref: str,
    *,
    me: Resolve,
    decide: Decide,
    confidence: int,
    note: str,
    now: datetime,
) -> Written | None:
    """Record one check-in; `None` (nothing written) when the full path must do it."""
    if not _healthy_file(path):
        return None
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error:
        return None
    conn.text_factory = decode_text  # text that is not UTF-8 reads, replaced, as in the Store
    try:
        return _record(conn, ref, me, decide, confidence, note, now)
    except sqlite3.OperationalError as error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if "locked" in str(error) or "busy" in str(error):
            raise UserError(
                f"{path}: the database is busy (another program holds it locked); "
                "nothing was written, try again in a moment"
            ) from error
        return None
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        return None
    finally:
        conn.close()


def _record(
    conn: sqlite3.Connection,
    ref: str,
    me: Resolve,
    decide: Decide,
    confidence: int,
    note: str,
    now: datetime,
) -> Written | None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        return None
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    if applied_migration_names(conn) != list(MIGRATION_NAMES):
        return None  # the full path opens the file and migrates it (or says why it cannot)
    me_id = me(dict(conn.execute("SELECT handle, id FROM people").fetchall()))
    cycle_id = current_cycle_id(conn)
    if cycle_id is None:
        return None
    kr = find_kr(conn, cycle_id, ref.strip())
    if kr is None:
        return None
    return write_checkin(
        conn,
        kr.id,
        confidence=confidence,
        value=decide(kr),
        note=note,
        author_id=me_id,
        meeting_id=None,
        at=now,
    )


def _healthy_file(path: Path) -> bool:
    """An existing, writable SQLite file, not cut short (the checks `open_db` makes)."""
    if not path.is_file() or is_read_only(path):
        return False
    try:
        check_file(path)
    except StoreError:
        return False
    return True

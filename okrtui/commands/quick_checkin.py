"""The one-line check-in's fast path: plain `sqlite3`, no sqlite-utils, no pydantic models.

`okrtui checkin KR -c N` is run over SSH between two calls; importing the Store (sqlite-utils,
the domain models) costs more than the whole job. This path handles only the ordinary case —
a healthy, writable, fully migrated file, a KR found in the current cycle — and writes the
same row `Store.add_checkin` writes, in `BEGIN IMMEDIATE`. Anything else returns `None`
before anything is written, and the caller takes the full path through the Store, which
gives the proper message for every problem (so this module never words an error of its own
about the file). Input errors are raised through the same functions as the full path.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from okrtui.errors import UserError
from okrtui.store.errors import StoreError
from okrtui.store.filecheck import check_file, is_read_only
from okrtui.store.versions import MIGRATION_NAMES, applied_migration_names

BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True, slots=True)
class KRFacts:
    """What the one-line check-in needs to know about a KR and its latest check-in."""

    id: int
    ref: str
    title: str
    is_milestone: bool
    start: float | None
    unit: str
    latest_value: float | None
    latest_confidence: int | None

    @property
    def value_before(self) -> float | None:
        """`domain.progress.current_value` of the latest check-in (a test checks they agree)."""
        if self.latest_value is not None:
            return self.latest_value
        return 0.0 if self.is_milestone else self.start


Resolve = Callable[[dict[str, int]], int]
"""Maps the people's handles to ids onto the user's person id (raises a UserError)."""

Decide = Callable[[KRFacts], float | None]
"""The new value for a KR (raises a UserError for input that does not fit it)."""


def try_record(
    path: Path,
    ref: str,
    *,
    me: Resolve,
    decide: Decide,
    confidence: int,
    note: str,
    now: datetime,
) -> tuple[KRFacts, float | None] | None:
    """Record one check-in; `None` (nothing written) when the full path must do it."""
    if not _healthy_file(path):
        return None
    try:
        conn = sqlite3.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error:
        return None
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
) -> tuple[KRFacts, float | None] | None:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        return None
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    if applied_migration_names(conn) != list(MIGRATION_NAMES):
        return None  # the full path opens the file and migrates it (or says why it cannot)
    me_id = me(dict(conn.execute("SELECT handle, id FROM people").fetchall()))
    cycle_id = _current_cycle(conn)
    if cycle_id is None:
        return None
    kr = _kr(conn, cycle_id, ref.strip())
    if kr is None:
        return None
    value = decide(kr)
    conn.execute("BEGIN IMMEDIATE")
    status = conn.execute(
        "SELECT c.status FROM key_results k JOIN cycles c ON c.id = k.cycle_id WHERE k.id = ?",
        [kr.id],
    ).fetchone()
    if status is None or status[0] == "closed":
        conn.execute("ROLLBACK")
        return None
    conn.execute(
        "INSERT INTO checkins (kr_id, at, value, confidence, note, author_id, meeting_id) "
        "VALUES (?, ?, ?, ?, ?, ?, NULL)",
        [kr.id, _utc_text(now), value, confidence, note, me_id],
    )
    conn.execute("COMMIT")
    return kr, value


def _healthy_file(path: Path) -> bool:
    """An existing, writable SQLite file, not cut short (the checks `open_db` makes)."""
    if not path.is_file() or is_read_only(path):
        return False
    try:
        check_file(path)
    except StoreError:
        return False
    return True


def _current_cycle(conn: sqlite3.Connection) -> int | None:
    """`Store.current_cycle`: the newest active cycle, else planning, else closed."""
    rows = conn.execute("SELECT id, status FROM cycles ORDER BY start, id").fetchall()
    for status in ("active", "planning", "closed"):
        matching = [cid for cid, s in rows if s == status]
        if matching:
            return int(matching[-1])
    return None


def _kr(conn: sqlite3.Connection, cycle_id: int, ref: str) -> KRFacts | None:
    rows = conn.execute(
        "SELECT id, ref, title, kind, start, unit FROM key_results "
        "WHERE cycle_id = ? AND ref = ? COLLATE NOCASE",
        [cycle_id, ref],
    ).fetchall()
    if len(rows) != 1:
        return None
    kr_id, kr_ref, title, kind, start, unit = rows[0]
    latest = conn.execute(
        "SELECT value, confidence FROM checkins WHERE kr_id = ? ORDER BY at DESC, id DESC LIMIT 1",
        [kr_id],
    ).fetchone()
    return KRFacts(
        id=kr_id,
        ref=kr_ref,
        title=title,
        is_milestone=kind == "milestone",
        start=start,
        unit=unit,
        latest_value=None if latest is None else latest[0],
        latest_confidence=None if latest is None else latest[1],
    )


def _utc_text(moment: datetime) -> str:
    """`store.convert.to_text`: UTC ISO-8601 with microseconds and a Z."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to the store")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

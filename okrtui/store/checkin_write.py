"""The one function that writes a check-in.

Every path that records a check-in (the meeting, the check-in screen, the one-line command
and its fast path, the vote, the importer) calls `write_checkin`. It checks that the
cycle is open, the confidence and the value fit the KR, reads the KR's last known state
and inserts, all inside one `BEGIN IMMEDIATE` (or the transaction the caller holds), so
what decides the write is what the write sees. Five statements in all.

Plain `sqlite3` and no pydantic: the one-line check-in calls it without importing the Store.

A check-in made now never sorts before the KR's latest one: when the wall clock has gone
back, the new row takes the latest time plus a microsecond, so "latest" always means the
last written.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from okrtui.domain.kinds import KRKind
from okrtui.domain.krstate import KRState, state_of
from okrtui.store.errors import Conflict, NotFound, StoreError


class InvalidCheckin(StoreError):
    """The confidence or value does not fit the KR."""


@dataclass(frozen=True, slots=True)
class KRFacts:
    """A KR as the writer reads it (satisfies `domain.krstate.KRSpec`)."""

    id: int
    ref: str
    title: str
    kind: KRKind
    start: float | None
    target: float | None
    unit: str
    owner_id: int | None


@dataclass(frozen=True, slots=True)
class Written:
    """A check-in as written, with the KR's state just before it."""

    id: int
    kr: KRFacts
    at: datetime
    value: float | None
    """The value recorded: None for a confidence-only check-in."""
    confidence: int
    note: str
    author_id: int | None
    meeting_id: int | None
    before: KRState
    had_checkin: bool
    """Whether the KR had any check-in before this one."""

    @property
    def after(self) -> KRState:
        return self.before.then(self)


def write_checkin(
    conn: sqlite3.Connection,
    kr_id: int,
    *,
    confidence: int | None,
    value: float | None,
    note: str,
    author_id: int | None,
    meeting_id: int | None,
    at: datetime,
    as_recorded: bool = False,
    in_cycle: int | None = None,
) -> Written:
    """Write one check-in; `value` None records the confidence alone (the KR keeps its
    value), `confidence` None keeps the KR's latest confidence ("no change"). Raises
    `NotFound`, `Conflict` (closed cycle) or `InvalidCheckin`; nothing is written then.

    `as_recorded` keeps `at` even before the KR's latest check-in: for history brought in
    from a file, whose times are facts, not the clock's reading. `in_cycle` refuses a KR of
    another cycle (a meeting's check-ins belong to its cycle).
    """
    if confidence is not None:
        if isinstance(confidence, bool) or not isinstance(confidence, int):
            raise InvalidCheckin(
                f"confidence must be a whole number from 0 to 10, got {confidence!r}"
            )
        if not 0 <= confidence <= 10:
            raise InvalidCheckin(f"confidence must be from 0 to 10, got {confidence}")
    if at.tzinfo is None:
        raise ValueError("naive datetime given to the check-in writer")
    try:
        at = at.astimezone(UTC)
    except OverflowError:
        raise InvalidCheckin(f"the check-in time {at.isoformat()} is out of range") from None
    with _transaction(conn):
        kr, status, cycle_id = _kr(conn, kr_id)
        if in_cycle is not None and cycle_id != in_cycle:
            raise Conflict(f"key result {kr.ref} is not in this meeting's cycle")
        if status == "closed":
            raise Conflict(f"the cycle of {kr.ref} is closed: no more check-ins")
        checked = _checked_value(kr, value)
        last_value, last_confidence, last_at = _last_state(conn, kr_id)
        before = state_of(kr, last_value, last_confidence, last_at)
        if confidence is None:
            confidence = before.confidence
        when = at
        if not as_recorded and last_at is not None and when <= last_at:
            when = last_at + timedelta(microseconds=1)
        cursor = conn.execute(
            "INSERT INTO checkins (kr_id, at, value, confidence, note, author_id, meeting_id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [kr_id, utc_text(when), checked, confidence, note, author_id, meeting_id],
        )
        assert cursor.lastrowid is not None
        return Written(
            id=cursor.lastrowid,
            kr=kr,
            at=when,
            value=checked,
            confidence=confidence,
            note=note,
            author_id=author_id,
            meeting_id=meeting_id,
            before=before,
            had_checkin=last_at is not None,
        )


def utc_text(moment: datetime) -> str:
    """A time as the store keeps it: UTC ISO-8601 with microseconds and a Z."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to the store")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _from_text(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


class _transaction:
    """`BEGIN IMMEDIATE`, or nothing when the caller already holds a transaction: every
    check is made before the one INSERT, so a refusal leaves nothing to undo."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.own = False

    def __enter__(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self.own = True

    def __exit__(self, kind: type[BaseException] | None, *_: object) -> None:
        if not self.own:
            return
        if kind is None:
            self.conn.execute("COMMIT")
        elif self.conn.in_transaction:
            self.conn.execute("ROLLBACK")


_KR_FACTS = (
    "SELECT k.id, k.ref, k.title, k.kind, k.start, k.target, k.unit, k.owner_id, c.status, "
    "c.id, COALESCE(k.retired_at, o.retired_at) FROM key_results k "
    "JOIN cycles c ON c.id = k.cycle_id JOIN objectives o ON o.id = k.objective_id"
)


def find_kr(conn: sqlite3.Connection, cycle_id: int, ref: str) -> KRFacts | None:
    """The KR of a cycle with this reference (any case); None when there is not one."""
    rows = conn.execute(
        f"{_KR_FACTS} WHERE k.cycle_id = ? AND k.ref = ? COLLATE NOCASE", [cycle_id, ref]
    ).fetchall()
    return _facts(rows[0]) if len(rows) == 1 else None


def _kr(conn: sqlite3.Connection, kr_id: int) -> tuple[KRFacts, str, int]:
    row = conn.execute(f"{_KR_FACTS} WHERE k.id = ?", [kr_id]).fetchone()
    if row is None:
        raise NotFound(f"no key result with id {kr_id}")
    if row[10] is not None:
        raise Conflict(f"{row[1]} is retired: it takes no more check-ins")
    return _facts(row), str(row[8]), int(row[9])


def _facts(row: tuple[Any, ...]) -> KRFacts:
    return KRFacts(
        id=int(row[0]),
        ref=str(row[1]),
        title=str(row[2]),
        kind=KRKind(row[3]),
        start=row[4],
        target=row[5],
        unit=str(row[6] or ""),
        owner_id=row[7],
    )


def _checked_value(kr: KRFacts, value: float | None) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InvalidCheckin(f"{kr.ref}: the value must be a finite number, got {value!r}")
    if kr.kind is KRKind.MILESTONE and value not in (0, 1):
        raise InvalidCheckin(
            f"{kr.ref} is a milestone KR: its value is 1 (done) or 0 (not done), got {value:g}"
        )
    return float(value)


def _last_state(
    conn: sqlite3.Connection, kr_id: int
) -> tuple[float | None, int | None, datetime | None]:
    """The latest recorded value, and the latest check-in's confidence and time."""
    row = conn.execute(
        "SELECT (SELECT value FROM checkins WHERE kr_id = ?1 AND value IS NOT NULL "
        "ORDER BY at DESC, id DESC LIMIT 1), confidence, at "
        "FROM checkins WHERE kr_id = ?1 ORDER BY at DESC, id DESC LIMIT 1",
        [kr_id],
    ).fetchone()
    if row is None:
        return None, None, None
    return row[0], int(row[1]), _from_text(str(row[2]))

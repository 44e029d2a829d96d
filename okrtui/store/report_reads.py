"""What the cycle report and the calibration read, summed up by SQLite: light rows, no
model per key result or check-in.

A big organisation has 40,000 key results and half a million check-ins. Each KR is one row
with its latest value (`kr_facts`); its check-ins are folded by one scan (`CheckinFolds`):
how many, the health check's facts, and for each of some instants (the ends of the cycle's
weeks) the confidence of the latest check-in before it. The scan comes back as one text,
so that it can run in a thread of its own while the caller reads the rest: SQLite works
without Python's lock for the whole scan, instead of taking it back for every KR. Text
compares as the store writes it: `at` is UTC ISO-8601 with microseconds
(`convert.to_text`), so text order is time order.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from okrtui.domain.health import KRCheckins
from okrtui.domain.kinds import KRKind, MeetingStatus, ObjectiveKind
from okrtui.store.connection import decode_text
from okrtui.store.convert import from_text, opt_from_text, to_text
from okrtui.store.health_reads import CHECKIN_FACTS_SQL, checkin_facts, checkin_facts_params

if TYPE_CHECKING:
    from okrtui.domain.models import Cycle
    from okrtui.store.store import Store

_KINDS = {kind.value: kind for kind in KRKind}
_OBJECTIVE_KINDS = {kind.value: kind for kind in ObjectiveKind}
LETTER_A = 97
"""Confidence c is the letter `chr(LETTER_A + c)` ("a" to "k"); a check-in's bucket (how
many of the instants asked for are at or before it) is a letter the same way."""
NO_CHECKIN = " "
"""In place of a confidence: no check-in yet."""


class ReportKR(NamedTuple):
    """A key result of the cycle with its latest value (a `krstate.KRSpec` and a
    `health.HealthKR`)."""

    id: int
    ref: str
    title: str
    owner_id: int | None
    objective_id: int
    kind: KRKind
    start: float | None
    target: float | None
    unit: str
    latest_value: float | None
    """The value of the latest check-in that records one (None: none recorded yet)."""


class KRCheckinFolds(NamedTuple):
    """A KR's check-ins summed up (a KR without any has none)."""

    checkins: int
    confidence_before: str
    """For each instant asked for, the confidence of the latest check-in before it, as a
    letter (`LETTER_A`; `NO_CHECKIN` before the first); then one more, the latest
    check-in's of all."""
    health: KRCheckins
    """The check-ins as the health check sums them up."""


class ObjectiveFacts(NamedTuple):
    id: int
    ref: str
    title: str
    team_id: int
    owner_id: int | None
    kind: ObjectiveKind


class GradeFacts(NamedTuple):
    """A KR's latest grade; `score` None: left ungraded, with a reason."""

    kr_id: int
    score: float | None
    note: str
    ungraded_reason: str
    at: datetime


class BlockerFacts(NamedTuple):
    text: str
    team_id: int | None
    kr_id: int | None
    owner_id: int | None
    raised_at: datetime
    resolved_at: datetime | None
    """None: still open."""
    resolution: str


class WinFacts(NamedTuple):
    text: str
    team_id: int | None
    kr_id: int | None
    at: datetime
    recognised_ids: tuple[int, ...]


class StepFacts(NamedTuple):
    title: str
    planned_minutes: float
    elapsed_seconds: float


class MeetingFacts(NamedTuple):
    """A meeting of the cycle with its steps in order (no attendance)."""

    id: int
    title: str
    team_id: int | None
    facilitator_id: int | None
    agenda_slug: str
    running: bool
    started_at: datetime
    steps: tuple[StepFacts, ...]


def _bucket_sql(count: int) -> str:
    """How many of the instants `:i0`, `:i1`... (ascending) are at or before `c.at`: a
    binary search, so that each check-in is compared with four instants, not thirteen."""

    def search(low: int, high: int) -> str:
        if low == high:
            return str(low)
        middle = (low + high + 1) // 2
        return (
            f"CASE WHEN c.at < :i{middle - 1} THEN {search(low, middle - 1)} "
            f"ELSE {search(middle, high)} END"
        )

    return search(0, count)


_KRS_SQL = """
    SELECT k.id, k.ref, k.title, k.owner_id, k.objective_id, k.kind, k.start, k.target, k.unit,
        (SELECT c.value FROM checkins c WHERE c.kr_id = k.id AND c.value IS NOT NULL
            ORDER BY c.at DESC, c.id DESC LIMIT 1)
    FROM key_results k JOIN objectives o ON o.id = k.objective_id
    WHERE k.cycle_id = ?
    ORDER BY o.team_id, o.number, k.number, k.id
"""


def kr_facts(store: Store, cycle_id: int) -> list[ReportKR]:
    """Every key result of the cycle (retired ones too), in the order of
    `Store.key_results`, with its latest value."""
    with store.db.lock:
        rows = store.db.execute(_KRS_SQL, [cycle_id]).fetchall()
    return [
        ReportKR(id, ref, title, owner, objective, _KINDS[kind], start, target, unit, value)
        for id, ref, title, owner, objective, kind, start, target, unit, value in rows
    ]


def folds_sql(instants: int) -> str:
    """One pass over the cycle's check-ins, KR by KR: the health check's facts
    (`health_reads.CHECKIN_FACTS_SQL`) and each check-in folded into two letters, its
    bucket (`_bucket_sql`) and its confidence, in a row; a line of text per KR, all in one.

    `INDEXED BY` makes the `checkins_kr_at` index (KR, time, id) the only plan, and the KRs
    are taken in order, so each KR's check-ins are folded in time order, the latest of
    equal times last (as everywhere in the store), with no sorting in between."""
    return f"""
        WITH folds(kr_id, n, latest_at, moved, early_count, early_total, folded) AS (
            SELECT c.kr_id, {CHECKIN_FACTS_SQL},
                group_concat(
                    char({LETTER_A} + ({_bucket_sql(instants)}), {LETTER_A} + c.confidence), ''
                )
            FROM checkins c INDEXED BY checkins_kr_at
            WHERE c.kr_id IN (SELECT id FROM key_results WHERE cycle_id = :cycle)
            GROUP BY c.kr_id
        )
        SELECT group_concat(
            kr_id || ' ' || n || ' ' || latest_at || ' ' || moved || ' ' || early_count
                || ' ' || early_total || ' ' || folded,
            char(10))
        FROM folds
    """


class CheckinFolds:
    """The cycle's check-ins folded KR by KR against `instants` (ascending): started at
    once, `apart` in a thread with a read-only connection of its own when the database is
    a file; `result` waits for them. A failure there (a busy or vanished file) is read
    again on the store's connection."""

    def __init__(
        self, store: Store, cycle: Cycle, instants: Sequence[datetime], *, apart: bool = True
    ) -> None:
        bounds = [to_text(moment) for moment in instants]
        if bounds != sorted(bounds):
            raise ValueError("the instants must be in ascending order")
        self._store = store
        self._slots = len(bounds) + 1
        self._sql = folds_sql(len(bounds))
        self._params = {
            **checkin_facts_params(cycle),
            "cycle": cycle.id,
            **{f"i{n}": bound for n, bound in enumerate(bounds)},
        }
        self._text: str | None = None
        self._done = False
        self._thread: threading.Thread | None = None
        if apart and store.db.path is not None:
            self._thread = threading.Thread(
                target=self._read_apart, args=(store.db.path,), name="report-folds", daemon=True
            )
            self._thread.start()

    def _read_apart(self, path: Path) -> None:
        import sqlite3

        try:
            conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5)
            try:
                conn.text_factory = decode_text
                self._text = conn.execute(self._sql, self._params).fetchone()[0]
                self._done = True
            finally:
                conn.close()
        except sqlite3.Error:
            pass  # read again on the store's own connection

    def result(self) -> dict[int, KRCheckinFolds]:
        """Each KR with a check-in, by id."""
        if self._thread is not None:
            self._thread.join()
        if not self._done:
            with self._store.db.lock:
                self._text = self._store.db.conn.execute(self._sql, self._params).fetchone()[0]
        return _unfold(self._text or "", self._slots)


def checkin_folds(
    store: Store, cycle: Cycle, instants: Sequence[datetime]
) -> dict[int, KRCheckinFolds]:
    """The folds read on the store's own connection, there and then (as the app reads:
    it may hold a transaction a second connection would not see)."""
    return CheckinFolds(store, cycle, instants, apart=False).result()


def _unfold(text: str, slots: int) -> dict[int, KRCheckinFolds]:
    """The folded lines read back. A KR's buckets only grow (its check-ins come in time
    order); most KRs have one check-in in each bucket up to their latest, whose letters
    are then its confidences as they stand at each instant."""
    buckets = "".join(chr(LETTER_A + b) for b in range(slots))
    folds: dict[int, KRCheckinFolds] = {}
    for line in text.split("\n") if text else ():
        kr_id, n, latest_at, moved, early_count, early_total, folded = line.split(" ")
        count = int(n)
        seen, confidences = folded[0::2], folded[1::2]
        if buckets.startswith(seen):
            before = confidences + confidences[-1] * (slots - count)
        else:
            latest = dict(zip(seen, confidences, strict=True))  # each bucket's last
            letters, confidence = [], NO_CHECKIN
            for bucket in buckets:
                confidence = latest.get(bucket, confidence)
                letters.append(confidence)
            before = "".join(letters)
        health = checkin_facts(count, latest_at, int(moved), int(early_count), int(early_total))
        folds[int(kr_id)] = KRCheckinFolds(count, before, health)
    return folds


def confidence_of(letter: str) -> int | None:
    """The confidence a letter of `KRCheckinFolds.confidence_before` stands for."""
    return None if letter == NO_CHECKIN else ord(letter) - LETTER_A


def objective_facts(store: Store, cycle_id: int) -> list[ObjectiveFacts]:
    """Every objective of the cycle (retired ones too), by team and number."""
    with store.db.lock:
        rows = store.db.execute(
            "SELECT id, ref, title, team_id, owner_id, kind FROM objectives "
            "WHERE cycle_id = ? ORDER BY team_id, number",
            [cycle_id],
        ).fetchall()
    return [ObjectiveFacts(r[0], r[1], r[2], r[3], r[4], _OBJECTIVE_KINDS[r[5]]) for r in rows]


def latest_grade_facts(store: Store, cycle_id: int) -> dict[int, GradeFacts]:
    """Each graded KR's latest grade (as `Store.latest_grades`), by KR id."""
    with store.db.lock:
        rows = store.db.execute(
            """
            SELECT g.kr_id, g.score, g.note, g.ungraded_reason, g.at FROM key_results k
            JOIN grades g ON g.id = (
                SELECT g2.id FROM grades g2 WHERE g2.kr_id = k.id
                ORDER BY g2.at DESC, g2.id DESC LIMIT 1
            )
            WHERE k.cycle_id = ?
            """,
            [cycle_id],
        ).fetchall()
    return {
        r[0]: GradeFacts(r[0], None if r[1] is None else float(r[1]), r[2], r[3], from_text(r[4]))
        for r in rows
    }


def meeting_facts(store: Store, cycle_id: int) -> list[MeetingFacts]:
    """The cycle's meetings in the order they started, each with its steps: two queries,
    whatever the number of meetings."""
    with store.db.lock:
        meetings = store.db.execute(
            "SELECT id, title, team_id, facilitator_id, agenda_slug, status, started_at "
            "FROM meetings WHERE cycle_id = ? ORDER BY started_at, id",
            [cycle_id],
        ).fetchall()
        step_rows = store.db.execute(
            "SELECT s.meeting_id, s.title, s.planned_minutes, s.elapsed_seconds "
            "FROM meeting_steps s JOIN meetings m ON m.id = s.meeting_id "
            "WHERE m.cycle_id = ? ORDER BY s.meeting_id, s.position",
            [cycle_id],
        ).fetchall()
    steps: dict[int, list[StepFacts]] = {}
    for meeting_id, title, planned, elapsed in step_rows:
        steps.setdefault(meeting_id, []).append(StepFacts(title, planned, elapsed))
    return [
        MeetingFacts(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5] == MeetingStatus.RUNNING.value,
            from_text(r[6]),
            tuple(steps.get(r[0], ())),
        )
        for r in meetings
    ]


def person_names(store: Store) -> dict[int, str]:
    with store.db.lock:
        return dict(store.db.execute("SELECT id, name FROM people").fetchall())


def blocker_facts(store: Store, cycle_id: int) -> list[BlockerFacts]:
    """The cycle's blockers in the order they were raised (as `Store.blockers`)."""
    with store.db.lock:
        rows = store.db.execute(
            "SELECT text, team_id, kr_id, owner_id, raised_at, resolved_at, resolution "
            "FROM blockers WHERE cycle_id = ? ORDER BY raised_at, id",
            [cycle_id],
        ).fetchall()
    return [
        BlockerFacts(r[0], r[1], r[2], r[3], from_text(r[4]), opt_from_text(r[5]), r[6])
        for r in rows
    ]


def win_facts(store: Store, cycle_id: int) -> list[WinFacts]:
    """The cycle's wins in time order, each with the people it recognises (as
    `Store.wins`)."""
    with store.db.lock:
        people = store.db.execute(
            "SELECT wp.win_id, wp.person_id FROM win_people wp JOIN wins w ON w.id = wp.win_id "
            "WHERE w.cycle_id = ? ORDER BY wp.rowid",
            [cycle_id],
        ).fetchall()
        rows = store.db.execute(
            "SELECT id, text, team_id, kr_id, at FROM wins WHERE cycle_id = ? ORDER BY at, id",
            [cycle_id],
        ).fetchall()
    recognised: dict[int, list[int]] = {}
    for win_id, person_id in people:
        recognised.setdefault(win_id, []).append(person_id)
    return [
        WinFacts(r[1], r[2], r[3], from_text(r[4]), tuple(recognised.get(r[0], ()))) for r in rows
    ]


def action_count(store: Store, cycle_id: int) -> int:
    """How many action items the cycle raised (open or done)."""
    with store.db.lock:
        row = store.db.execute("SELECT count(*) FROM actions WHERE cycle_id = ?", [cycle_id])
        return int(row.fetchone()[0])

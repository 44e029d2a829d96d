"""What the cycle report and the calibration read, summed up by SQLite: light rows, no
model per key result or check-in.

A big organisation has 40,000 key results and half a million check-ins. Each KR comes back
as one row with its check-ins folded in by the query: how many, the latest value, and for
each of some instants (the ends of the cycle's weeks) the confidence of the latest
check-in before it. Text compares as the store writes it: `at` is UTC ISO-8601 with
microseconds (`convert.to_text`), so text order is time order.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from okrtui.domain.health import KRCheckins
from okrtui.domain.kinds import KRKind, MeetingStatus, ObjectiveKind
from okrtui.store.convert import from_text, opt_from_text, to_text
from okrtui.store.health_reads import CHECKIN_FACTS_SQL, checkin_facts, checkin_facts_params

if TYPE_CHECKING:
    from okrtui.domain.models import Cycle
    from okrtui.store.store import Store

_KINDS = {kind.value: kind for kind in KRKind}
_OBJECTIVE_KINDS = {kind.value: kind for kind in ObjectiveKind}
_STEP = 11
"""Confidences run 0 to 10: a check-in is folded into one number, bucket * 11 + confidence."""
_BASE = 100
"""Added so that every folded check-in is written with the same three digits."""
_MOST_CHECKINS = 64
"""Slices made once for KRs with up to this many check-ins; more are cut on the spot."""


class KRFacts(NamedTuple):
    """A key result of the cycle with its check-ins summed up (a `krstate.KRSpec` and a
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
    checkins: int
    latest_value: float | None
    """The value of the latest check-in that records one (None: none recorded yet)."""
    confidence_before: tuple[int | None, ...]
    """For each instant asked for, the confidence of the latest check-in before it (None:
    no check-in yet); then one more, the latest check-in's of all."""
    health: KRCheckins | None
    """The check-ins as the health check sums them up; None without any."""


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
    WHERE k.cycle_id = :cycle
    ORDER BY o.team_id, o.number, k.number, k.id
"""


def checkins_sql(instants: int) -> str:
    """One pass over the cycle's check-ins, KR by KR: the health check's facts
    (`health_reads.CHECKIN_FACTS_SQL`) and each check-in folded into three digits, its
    bucket (`_bucket_sql`) and its confidence, in a row.

    `INDEXED BY` makes the `checkins_kr_at` index (KR, time, id) the only plan, and the KRs
    are taken in order, so each KR's check-ins are folded in time order, the latest of
    equal times last (as everywhere in the store), with no sorting in between."""
    return f"""
        SELECT c.kr_id, {CHECKIN_FACTS_SQL},
            group_concat({_BASE} + {_STEP} * ({_bucket_sql(instants)}) + c.confidence, '')
        FROM checkins c INDEXED BY checkins_kr_at
        WHERE c.kr_id IN (SELECT id FROM key_results WHERE cycle_id = :cycle)
        GROUP BY c.kr_id
    """


def kr_facts(store: Store, cycle: Cycle, instants: Sequence[datetime]) -> list[KRFacts]:
    """Every key result of the cycle (retired ones too), in the order of
    `Store.key_results`, with its check-ins summed up against `instants` (ascending)."""
    bounds = [to_text(moment) for moment in instants]
    if bounds != sorted(bounds):
        raise ValueError("the instants must be in ascending order")
    params = {
        **checkin_facts_params(cycle),
        "cycle": cycle.id,
        **{f"i{n}": bound for n, bound in enumerate(bounds)},
    }
    with store.db.lock:
        krs = store.db.conn.execute(_KRS_SQL, {"cycle": cycle.id}).fetchall()
        summed = store.db.conn.execute(checkins_sql(len(bounds)), params).fetchall()
    decode = _decoder(len(bounds)).__getitem__
    slots = len(bounds) + 1
    cuts = [slice(i, i + 3) for i in range(0, 3 * _MOST_CHECKINS, 3)]
    none: tuple[int | None, ...] = (None,) * slots
    folded_by_kr: dict[int, tuple[int, tuple[int | None, ...], KRCheckins | None]] = {}
    for kr_id, count, latest_at, moved, early_count, early_total, folded in summed:
        pieces = cuts[:count] if count <= len(cuts) else _cuts(count)
        latest = dict(map(decode, map(folded.__getitem__, pieces)))
        found: tuple[int | None, ...] = tuple(latest.values())
        before: tuple[int | None, ...]
        if next(reversed(latest)) == len(found) - 1:  # no bucket skipped: in order
            before = found + found[-1:] * (slots - len(found))
        else:
            confidence: int | None = None
            before = tuple([confidence := latest.get(slot, confidence) for slot in range(slots)])
        summary = checkin_facts(count, latest_at, moved, early_count, early_total)
        folded_by_kr[kr_id] = (count, before, summary)
    facts: list[KRFacts] = []
    for kr_id, ref, title, owner_id, objective_id, kind, start, target, unit, value in krs:
        count, before, health = folded_by_kr.get(kr_id, (0, none, None))
        facts.append(
            KRFacts(
                kr_id,
                ref,
                title,
                owner_id,
                objective_id,
                _KINDS[kind],
                start,
                target,
                unit,
                count,
                None if value is None else float(value),
                before,
                health,
            )
        )
    return facts


def _cuts(count: int) -> list[slice]:
    return [slice(i, i + 3) for i in range(0, 3 * count, 3)]


def _decoder(instants: int) -> dict[str, tuple[int, int]]:
    """Each folded check-in's three digits to (its bucket, its confidence): the bucket is
    how many instants are at or before it, and a check-in counts before instant `i` when
    its bucket is at most `i`. In time order, buckets only grow: a dict of them keeps
    each bucket's latest confidence, in bucket order."""
    return {
        str(_BASE + _STEP * bucket + confidence): (bucket, confidence)
        for bucket in range(instants + 1)
        for confidence in range(_STEP)
    }


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

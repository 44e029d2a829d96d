"""The KR detail view model: one KR, its check-ins, its week-by-week course, and what hangs
off it (blockers, wins, actions, grade)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from okrtui.domain.acknowledgement import Acknowledgement
from okrtui.domain.bands import BandThresholds, ConfidenceBand, confidence_band
from okrtui.domain.calendar import cycle_start_utc, cycle_weeks, today_in, week_label
from okrtui.domain.decision import Decision
from okrtui.domain.krstate import progress, state_after, value_against_target, value_text
from okrtui.domain.models import (
    ActionItem,
    Blocker,
    CheckIn,
    Cycle,
    Grade,
    KeyResult,
    Objective,
    Team,
    Win,
)
from okrtui.domain.progress import expected_pace
from okrtui.domain.risk import is_stale
from okrtui.store import Store


@dataclass(frozen=True, slots=True)
class CheckInRow:
    checkin: CheckIn
    when: str
    """The check-in's time in the organisation's timezone."""
    value: str
    author: str
    meeting: str
    acknowledged: str = ""
    """Who acknowledged the check-in, with their comments: `Li Wei: looks right`."""


@dataclass(frozen=True, slots=True)
class WeekPoint:
    """Where the KR stood at the end of one cycle week; None for weeks still ahead."""

    week: int
    confidence: int | None
    progress: float | None
    expected: float


@dataclass(frozen=True, slots=True)
class KRDetail:
    kr: KeyResult
    objective: Objective
    team: Team | None
    cycle: Cycle
    owner: str
    value: str
    progress: float
    expected: float
    confidence: int
    band: ConfidenceBand
    change: int | None
    """Confidence now minus at the baseline (see `since`)."""
    since: str
    """What `change` is measured from: `since Weekly check-in, Nov 11`."""
    days_since: int | None
    stale: bool
    week: str
    checkins: tuple[CheckInRow, ...]
    course: tuple[WeekPoint, ...]
    blockers: tuple[Blocker, ...]
    wins: tuple[Win, ...]
    actions: tuple[ActionItem, ...]
    grade: Grade | None
    names: dict[int, str]
    decisions: tuple[Decision, ...] = ()
    """Decisions taken about this KR, oldest first (issue 19)."""


def load_kr_detail(
    store: Store, kr_id: int, today: date, now: datetime, thresholds: BandThresholds
) -> KRDetail:
    kr = store.key_result(kr_id)
    objective = store.objective(kr.objective_id)
    cycle = store.cycle(objective.cycle_id)
    teams = {t.id: t for t in store.teams()}
    names = {p.id: p.name for p in store.people()}
    history = store.checkins(kr_id)
    meeting_titles = {m.id: m.title for m in store.meeting_headers(cycle.id)}
    zone = ZoneInfo(store.timezone)
    latest = history[-1] if history else None
    state = state_after(kr, history)
    confidence, value = state.confidence, state.value
    baseline = store.team_baselines(cycle.id, now).get(objective.team_id)
    before = (
        state_after(kr, [c for c in history if c.at <= baseline.at])
        if baseline is not None
        else None
    )
    expected = expected_pace(cycle, today)
    acks = store.acknowledgements(cycle.id, kr_id=kr_id)
    return KRDetail(
        kr=kr,
        objective=objective,
        team=teams.get(objective.team_id),
        cycle=cycle,
        owner=names.get(kr.owner_id, "") if kr.owner_id else "",
        value=value_against_target(kr, value),
        progress=progress(kr, value),
        expected=expected,
        confidence=confidence,
        band=confidence_band(confidence, thresholds),
        change=None if before is None else confidence - before.confidence,
        since="" if baseline is None else baseline.label,
        days_since=None if latest is None else max(0, (now - latest.at).days),
        stale=is_stale(
            None if latest is None else latest.at,
            now,
            cycle_start=cycle_start_utc(cycle, store.timezone),
        ),
        week=week_label(cycle, today),
        checkins=tuple(
            CheckInRow(
                checkin=c,
                when=f"{c.at.astimezone(zone):%a %d %b %H:%M}",
                value=value_text(kr, c.value),
                author=names.get(c.author_id, "") if c.author_id else "",
                meeting=meeting_titles.get(c.meeting_id, "") if c.meeting_id else "",
                acknowledged=acknowledged_text(acks.get(c.id, ()), names),
            )
            for c in reversed(history)
        ),
        course=course_by_week(kr, cycle, history, today, store.timezone),
        blockers=tuple(b for b in store.blockers(cycle.id) if b.kr_id == kr_id),
        wins=tuple(w for w in store.wins(cycle.id) if w.kr_id == kr_id),
        actions=tuple(a for a in store.actions(cycle.id) if a.kr_id == kr_id),
        grade=store.latest_grades(cycle.id).get(kr_id),
        names=names,
        decisions=tuple(store.decisions(cycle.id, kr_id=kr_id)),
    )


def acknowledged_text(acks: Sequence[Acknowledgement], names: Mapping[int, str]) -> str:
    """`Li Wei: looks right; Hannah Schmidt`, or "" for a check-in nobody acknowledged."""
    return "; ".join(
        names.get(a.person_id, "someone") + (f": {a.comment}" if a.comment else "") for a in acks
    )


def course_by_week(
    kr: KeyResult, cycle: Cycle, history: list[CheckIn], today: date, timezone: str
) -> tuple[WeekPoint, ...]:
    """For each cycle week: the last confidence and progress known at its end, and the
    pace the cycle expects then. Weeks after today carry only the expected pace."""
    points = []
    ordered = sorted(history, key=lambda c: (c.at, c.id))
    dated = [(today_in(timezone, c.at), c) for c in ordered]
    for week in range(1, cycle_weeks(cycle) + 1):
        end = min(cycle.start + timedelta(days=7 * week - 1), cycle.end)
        expected = expected_pace(cycle, end)
        if cycle.start + timedelta(days=7 * (week - 1)) > today:
            points.append(WeekPoint(week, None, None, expected))
            continue
        state = state_after(kr, [c for d, c in dated if d <= end])
        points.append(WeekPoint(week, state.confidence, progress(kr, state.value), expected))
    return tuple(points)

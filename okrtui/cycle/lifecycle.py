"""Creating, locking, activating, grading and closing a cycle.

A cycle is born `planning` with the six standard milestones, is locked once its milestone
dates are agreed (after which moving one needs an override with a reason, audited by the
store), becomes `active`, and is closed when every KR has a grade or has been left
ungraded with a reason. Grades are facts like check-ins: a regrade is a new row and the
latest one counts. A closed cycle's grades are final.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from datetime import date, timedelta

from okrtui.cycle.errors import CycleError
from okrtui.domain.bands import parse_grade
from okrtui.domain.calendar import EARLIEST, LATEST, date_problem
from okrtui.domain.models import (
    Cycle,
    CycleStatus,
    Grade,
    KeyResult,
    Milestone,
    MilestoneKind,
)
from okrtui.domain.risk import ref_key
from okrtui.store import Store

_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
_SLUG_MAX = 40
_SHOWN_REFS = 10
MILESTONE_SLACK = timedelta(days=366)
"""How far before its cycle's start or after its end a milestone may be moved."""


def default_milestones(start: date, end: date) -> list[Milestone]:
    """The six standard milestones placed over `start`..`end`.

    Kickoff on the first day, drafting deadline a week in, alignment two weeks in, the
    mid-cycle review half way, the grading deadline a week before the end and the town hall
    on the last day. In a cycle too short for that, dates are clamped into the cycle.
    """

    def within(day: date) -> date:
        return min(max(day, start), end)

    middle = start + timedelta(days=(end - start).days // 2)
    plan = [
        (MilestoneKind.KICKOFF, "Kickoff", start),
        (MilestoneKind.DRAFTING_DEADLINE, "Drafting deadline", start + timedelta(weeks=1)),
        (MilestoneKind.ALIGNMENT, "Alignment", start + timedelta(weeks=2)),
        (MilestoneKind.MID_CYCLE_REVIEW, "Mid-cycle review", middle),
        (MilestoneKind.GRADING_DEADLINE, "Grading deadline", end - timedelta(weeks=1)),
        (MilestoneKind.TOWN_HALL, "Town hall", end),
    ]
    return [Milestone(kind=kind, title=title, on=within(on)) for kind, title, on in plan]


def new_cycle(
    store: Store,
    slug: str,
    name: str,
    start: date,
    end: date,
    milestones: Sequence[Milestone] | None = None,
) -> Cycle:
    """A new cycle in planning with its milestones (the standard six unless given),
    written in one transaction."""
    slug = slug.strip()
    name = name.strip()
    if not slug or len(slug) > _SLUG_MAX or not _SLUG.match(slug):
        raise CycleError(
            f"cycle slug {slug!r} is not usable: use up to {_SLUG_MAX} letters, digits, "
            "'.', '_' or '-', starting with a letter or digit (e.g. 2026-Q4)"
        )
    if not name:
        raise CycleError(f"cycle {slug} needs a name")
    for what, day in (("start", start), ("end", end)):
        problem = date_problem(day)
        if problem:
            raise CycleError(f"cycle {slug}: its {what} {problem}")
    if end <= start:
        raise CycleError(
            f"cycle {slug} ends on {end.isoformat()}, which is not after its start "
            f"{start.isoformat()}"
        )
    planned = default_milestones(start, end) if milestones is None else list(milestones)
    with store.write():
        cycle = store.add_cycle(Cycle(slug=slug, name=name, start=start, end=end))
        for milestone in planned:
            store.add_milestone(milestone.model_copy(update={"id": 0, "cycle_id": cycle.id}))
    return cycle


def lock_cycle(store: Store, cycle: Cycle) -> Cycle:
    """Fix the cycle's milestone dates. Locking a locked cycle changes nothing."""
    with store.write():
        current = store.cycle(cycle.id)
        if current.locked:
            return current
        if not store.milestones(cycle.id):
            raise CycleError(
                f"cycle {cycle.slug} has no milestones: add at least one before locking it"
            )
        return store.lock_cycle(cycle.id)


def activate_cycle(store: Store, cycle: Cycle) -> Cycle:
    """Start the cycle (planning → active). A closed cycle cannot be reopened."""
    with store.write():
        current = store.cycle(cycle.id)
        if current.status is CycleStatus.CLOSED:
            raise CycleError(f"cycle {cycle.slug} is closed: it cannot be made active again")
        if current.status is CycleStatus.ACTIVE:
            return current
        return store.set_cycle_status(cycle.id, CycleStatus.ACTIVE)


def ungraded_krs(store: Store, cycle: Cycle) -> list[KeyResult]:
    """KRs with neither a grade nor an explicit "left ungraded" with a reason."""
    grades = store.latest_grades(cycle.id)
    missing = [kr for kr in store.key_results(cycle.id) if kr.id not in grades]
    return sorted(missing, key=lambda kr: ref_key(kr.ref))


def require_closable(store: Store, cycle: Cycle) -> None:
    """Raise `CycleError` naming what stops the cycle from closing; return if nothing does."""
    current = store.cycle(cycle.id)
    if current.status is CycleStatus.CLOSED:
        raise CycleError(f"cycle {cycle.slug} is already closed")
    missing = ungraded_krs(store, current)
    if missing:
        total = len(store.key_results(cycle.id))
        raise CycleError(
            f"cycle {cycle.slug} cannot close: {len(missing)} of {total} KRs "
            f"{'has' if len(missing) == 1 else 'have'} no grade ({_refs(missing)}); "
            "grade them or leave them ungraded with a reason"
        )


def close_cycle(store: Store, cycle: Cycle) -> Cycle:
    """Close the cycle; refused while any KR has no grade and no reason for having none."""
    with store.write():
        require_closable(store, cycle)
        return store.set_cycle_status(cycle.id, CycleStatus.CLOSED)


def grade_kr(
    store: Store,
    kr_id: int,
    text_or_score: str | float,
    note: str = "",
    author_id: int | None = None,
    meeting_id: int | None = None,
) -> Grade:
    """Record a KR's grade: text as typed in the grading step (`7`, `10`, `0.75`) or a score.

    A grade outside 0.0–1.0 or with more than two decimals is refused and nothing is written.
    """
    kr = store.key_result(kr_id)
    score = _score(kr, text_or_score)
    return _add_grade(store, kr, author_id, meeting_id, score=score, note=note.strip())


def leave_ungraded(
    store: Store,
    kr_id: int,
    reason: str,
    author_id: int | None = None,
    meeting_id: int | None = None,
) -> Grade:
    """Record that a KR is deliberately not graded (dropped, superseded…), with the reason."""
    kr = store.key_result(kr_id)
    if not reason.strip():
        raise CycleError(f"{kr.ref}: leaving a KR ungraded needs a reason")
    return _add_grade(store, kr, author_id, meeting_id, score=None, ungraded_reason=reason.strip())


def _add_grade(
    store: Store,
    kr: KeyResult,
    author_id: int | None,
    meeting_id: int | None,
    *,
    score: float | None,
    note: str = "",
    ungraded_reason: str = "",
) -> Grade:
    """Grades are facts: each is a new row, written while the cycle is still open."""
    with store.write():
        _require_open(store, kr)
        return store.add_grade(
            Grade(
                kr_id=kr.id,
                score=score,
                note=note,
                ungraded_reason=ungraded_reason,
                at=store.clock.now(),
                author_id=author_id,
                meeting_id=meeting_id,
            )
        )


def move_milestone(
    store: Store, milestone_id: int, on: date, *, override: bool = False, reason: str = ""
) -> Milestone:
    """Move a milestone. In a locked cycle only with `override` and a reason (audited);
    an override without a reason is refused whether or not the cycle is locked."""
    if override and not reason.strip():
        raise CycleError("an override needs a reason (say why the date must move)")
    with store.write():
        milestone = store.milestone(milestone_id)
        cycle = store.cycle(milestone.cycle_id)
        if cycle.status is CycleStatus.CLOSED:
            raise CycleError(
                f"cycle {cycle.slug} is closed: its milestones are history and do not move"
            )
        earliest = max(cycle.start - MILESTONE_SLACK, EARLIEST)
        latest = min(cycle.end + MILESTONE_SLACK, LATEST)
        if not earliest <= on <= latest:
            raise CycleError(
                f"{milestone.title}: {on.isoformat()} is too far from cycle {cycle.slug} "
                f"({cycle.start.isoformat()} to {cycle.end.isoformat()}); a milestone may "
                f"move to any day from {earliest.isoformat()} to {latest.isoformat()}"
            )
        return store.move_milestone(milestone_id, on, override=override, reason=reason.strip())


def _score(kr: KeyResult, given: str | float) -> float:
    if isinstance(given, str):
        try:
            return parse_grade(given)
        except ValueError as error:
            raise CycleError(f"{kr.ref}: {error}") from None
    if not math.isfinite(given) or not 0.0 <= given <= 1.0:
        raise CycleError(f"{kr.ref}: grade {given:g} is outside 0.0–1.0")
    if abs(round(given, 2) - given) > 1e-9:
        raise CycleError(f"{kr.ref}: grade {given:g} has more than two decimals")
    return round(given, 2)


def _require_open(store: Store, kr: KeyResult) -> None:
    cycle = store.cycle(store.kr_cycle_id(kr.id))
    if cycle.status is CycleStatus.CLOSED:
        raise CycleError(f"{kr.ref}: cycle {cycle.slug} is closed, its grades are final")


def _refs(krs: Sequence[KeyResult]) -> str:
    shown = ", ".join(kr.ref for kr in krs[:_SHOWN_REFS])
    more = len(krs) - _SHOWN_REFS
    return f"{shown} and {more} more" if more > 0 else shown

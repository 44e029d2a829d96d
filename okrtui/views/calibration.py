"""A cycle's confidence calibration read from the store: each graded key result's weekly
confidences against its grade, pooled per person (the KR's owner, else its objective's)
and per team. The arithmetic is `okrtui.domain.calibration`. No Textual."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from okrtui.domain.calendar import cycle_weeks, today_in
from okrtui.domain.calibration import GroupCalibration, KRCalibration, group
from okrtui.domain.krstate import state_after
from okrtui.domain.models import CheckIn, Cycle, KeyResult
from okrtui.store import Store


@dataclass(frozen=True, slots=True)
class CycleCalibration:
    krs: tuple[KRCalibration, ...]
    people: tuple[GroupCalibration, ...]
    teams: tuple[GroupCalibration, ...]
    overall: GroupCalibration
    ungraded: int
    """Key results without a score (not graded, or graded "ungraded"): left out."""


def weekly_confidences(
    kr: KeyResult, cycle: Cycle, history: Sequence[CheckIn], timezone: str, until: date
) -> tuple[int | None, ...]:
    """The KR's confidence (`krstate.state_after`) at the end of each cycle week up to
    `until`; None for weeks before the first check-in (the starting confidence is nobody's
    forecast)."""
    ordered = sorted(history, key=lambda c: (c.at, c.id))
    dated = [(today_in(timezone, c.at), c) for c in ordered]
    weekly: list[int | None] = []
    for week in range(1, cycle_weeks(cycle) + 1):
        if cycle.start + timedelta(days=7 * (week - 1)) > until:
            break
        end = min(cycle.start + timedelta(days=7 * week - 1), cycle.end)
        so_far = [c for d, c in dated if d <= end]
        weekly.append(state_after(kr, so_far).confidence if so_far else None)
    return tuple(weekly)


def load_calibration(store: Store, cycle: Cycle, on: date) -> CycleCalibration:
    """Every graded key result of `cycle`, and the groups; weeks after the local date
    `on` are not read (a report made mid-cycle)."""
    until = min(on, cycle.end)
    grades = store.latest_grades(cycle.id)
    history = store.checkin_history(cycle.id)
    objectives = {o.id: o for o in store.objectives(cycle.id)}
    people = store.people_by_id()
    teams = {t.id: t for t in store.teams()}
    krs: list[KRCalibration] = []
    by_person: dict[str, list[KRCalibration]] = {}
    by_team: dict[str, list[KRCalibration]] = {}
    ungraded = 0
    for kr in store.key_results(cycle.id):
        grade = grades.get(kr.id)
        if grade is None or grade.score is None:
            ungraded += 1
            continue
        weekly = weekly_confidences(kr, cycle, history.get(kr.id, []), store.timezone, until)
        calibrated = KRCalibration(kr.id, kr.ref, weekly, grade.score)
        krs.append(calibrated)
        objective = objectives[kr.objective_id]
        owner = kr.owner_id if kr.owner_id is not None else objective.owner_id
        person = people.get(owner) if owner is not None else None
        by_person.setdefault("(no owner)" if person is None else person.name, []).append(calibrated)
        team = teams.get(objective.team_id)
        by_team.setdefault("" if team is None else team.code, []).append(calibrated)
    return CycleCalibration(
        krs=tuple(krs),
        people=tuple(group(name, found) for name, found in sorted(by_person.items())),
        teams=tuple(group(code, found) for code, found in sorted(by_team.items())),
        overall=group("all", krs),
        ungraded=ungraded,
    )

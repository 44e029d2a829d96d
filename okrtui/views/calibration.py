"""A cycle's confidence calibration read from the store: each graded key result's weekly
confidences against its grade, pooled per person (the KR's owner, else its objective's)
and per team. The arithmetic is `okrtui.domain.calibration`; the check-ins are summed up by
SQLite (`okrtui.store.report_reads`), never read one model each. No Textual."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from okrtui.domain.calendar import CycleSpan, cycle_weeks, zone_info
from okrtui.domain.calibration import GroupCalibration, KRCalibration, group
from okrtui.domain.models import Cycle
from okrtui.store import Store
from okrtui.store.report_reads import (
    GradeFacts,
    KRCheckinFolds,
    ObjectiveFacts,
    ReportKR,
    checkin_folds,
    confidence_of,
    kr_facts,
    latest_grade_facts,
    objective_facts,
    person_names,
)


@dataclass(frozen=True, slots=True)
class CycleCalibration:
    krs: tuple[KRCalibration, ...]
    people: tuple[GroupCalibration, ...]
    teams: tuple[GroupCalibration, ...]
    overall: GroupCalibration
    ungraded: int
    """Key results without a score (not graded, or graded "ungraded"): left out."""


def week_ends(cycle: CycleSpan, until: date, timezone: str) -> list[datetime]:
    """The instant each cycle week up to `until` ends: the local midnight after its last
    day (the cycle's end, for its last week). A KR's confidence in a week is that of its
    latest check-in before the week's end; a week begun after `until` is not read."""
    zone = zone_info(timezone)
    ends: list[datetime] = []
    for week in range(1, cycle_weeks(cycle) + 1):
        if cycle.start + timedelta(days=7 * (week - 1)) > until:
            break
        last = min(cycle.start + timedelta(days=7 * week - 1), cycle.end)
        ends.append(datetime.combine(last + timedelta(days=1), time(), tzinfo=zone))
    return ends


def cycle_calibration(
    krs: Iterable[ReportKR],
    folds: Mapping[int, KRCheckinFolds],
    weeks: Sequence[int],
    grades: Mapping[int, GradeFacts],
    objectives: Mapping[int, ObjectiveFacts],
    names: Mapping[int, str],
    team_codes: Mapping[int, str],
) -> CycleCalibration:
    """The calibration of `krs` (in their order): week `i + 1`'s confidence is each KR's
    `confidence_before[weeks[i]]` in `folds`, None before its first check-in (the starting
    confidence is nobody's forecast)."""
    calibrated_krs: list[KRCalibration] = []
    by_person: dict[str, list[KRCalibration]] = {}
    by_team: dict[str, list[KRCalibration]] = {}
    ungraded = 0
    for kr in krs:
        grade = grades.get(kr.id)
        if grade is None or grade.score is None:
            ungraded += 1
            continue
        fold = folds.get(kr.id)
        weekly = tuple(
            None if fold is None else confidence_of(fold.confidence_before[i]) for i in weeks
        )
        calibrated = KRCalibration(kr.id, kr.ref, weekly, grade.score)
        calibrated_krs.append(calibrated)
        objective = objectives[kr.objective_id]
        owner = kr.owner_id if kr.owner_id is not None else objective.owner_id
        name = names.get(owner) if owner is not None else None
        by_person.setdefault("(no owner)" if name is None else name, []).append(calibrated)
        by_team.setdefault(team_codes.get(objective.team_id, ""), []).append(calibrated)
    return CycleCalibration(
        krs=tuple(calibrated_krs),
        people=tuple(group(name, found) for name, found in sorted(by_person.items())),
        teams=tuple(group(code, found) for code, found in sorted(by_team.items())),
        overall=group("all", calibrated_krs),
        ungraded=ungraded,
    )


def load_calibration(store: Store, cycle: Cycle, on: date) -> CycleCalibration:
    """Every graded key result of `cycle`, and the groups; weeks after the local date
    `on` are not read (a report made mid-cycle)."""
    ends = week_ends(cycle, min(on, cycle.end), store.timezone)
    return cycle_calibration(
        kr_facts(store, cycle.id),
        checkin_folds(store, cycle, ends),
        range(len(ends)),
        latest_grade_facts(store, cycle.id),
        {o.id: o for o in objective_facts(store, cycle.id)},
        person_names(store),
        {t.id: t.code for t in store.team_rows()},
    )

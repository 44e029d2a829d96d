"""The OKR health check: the warning signs a coach looks for in a cycle's OKR set.

Nothing here refuses anything: every finding is advice for the health step, `okrtui health`
and the cycle report. The caller decides the scope (one team or the whole cycle) by what it
passes in; the check reads only what it is given.

Decisions worth knowing:
- A leaf team (no sub-team among `teams`) with no objectives is a warning; a parent team with
  none of its own is only info, since its sub-teams may carry the work.
- Metric and milestone KRs are measurable by construction (the model refuses a metric without
  start and target), so "no measurable target" is narrowed to a metric KR without a unit (info).
- Dates of check-ins are their UTC dates; near midnight this may be a day off the local date,
  which is irrelevant at a 14-day threshold.
- The check reads a KR's check-ins only as a `KRCheckins` summary (count, latest date,
  whether confidence ever moved, the first two weeks' confidences summed), so a big
  organisation's 50,000 check-ins can be summed up by the store
  (`okrtui.store.health_reads.kr_checkins`) instead of built as models.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal, Protocol

from pydantic import Field

from okrtui.domain.bands import format_grade, needs_post_mortem
from okrtui.domain.krstate import STARTING_CONFIDENCE
from okrtui.domain.models import (
    Cycle,
    KRKind,
    Milestone,
    Model,
    ObjectiveKind,
)
from okrtui.domain.risk import STALE_DAYS, ref_key

Severity = Literal["warning", "info"]

MIN_OBJECTIVES, MAX_OBJECTIVES = 1, 5
MIN_KRS, MAX_KRS = 2, 5
STUCK_AFTER_DAYS = 21
EARLY_DAYS = 14
SANDBAG_ABOVE = 9.0

ref_sort_key = lru_cache(maxsize=16_384)(ref_key)
"""`ref_key` remembered: the cycle report sorts the same thousands of references that the
check sorts again. A pure function of its text, so sharing it is safe."""


class HealthFinding(Model):
    severity: Severity
    code: str = Field(pattern=r"^[a-z]+(?:-[a-z]+)*$")
    message: str
    subject: str


class HealthKR(Protocol):
    """What the check reads of a key result (a `KeyResult` is one)."""

    @property
    def id(self) -> int: ...
    @property
    def ref(self) -> str: ...
    @property
    def objective_id(self) -> int: ...
    @property
    def kind(self) -> KRKind: ...
    @property
    def unit(self) -> str: ...


class HealthObjective(Protocol):
    """What the check reads of an objective (an `Objective` is one)."""

    @property
    def id(self) -> int: ...
    @property
    def ref(self) -> str: ...
    @property
    def team_id(self) -> int: ...
    @property
    def kind(self) -> ObjectiveKind: ...


class HealthTeam(Protocol):
    """What the check reads of a team (a `Team` is one)."""

    @property
    def id(self) -> int: ...
    @property
    def code(self) -> str: ...
    @property
    def parent_id(self) -> int | None: ...


class HealthGrade(Protocol):
    """What the check reads of a grade (a `Grade` is one)."""

    @property
    def score(self) -> float | None: ...
    @property
    def note(self) -> str: ...


@dataclass(frozen=True, slots=True)
class KRCheckins:
    """One KR's check-ins in a cycle, summed up as the check reads them."""

    count: int
    latest_on: date
    """The UTC date of the latest check-in."""
    unmoved: bool
    """Every check-in kept the starting confidence."""
    early_count: int
    """How many check-ins fall in `early_window(cycle)` (by UTC date)."""
    early_total: int
    """The sum of their confidences."""


def early_window(cycle: Cycle) -> tuple[date, date]:
    """The first two weeks of the cycle: from its start (included) to the end (excluded)."""
    return cycle.start, cycle.start + timedelta(days=EARLY_DAYS)


def _warn(code: str, subject: str, message: str) -> HealthFinding:
    return HealthFinding(severity="warning", code=code, message=message, subject=subject)


def _info(code: str, subject: str, message: str) -> HealthFinding:
    return HealthFinding(severity="info", code=code, message=message, subject=subject)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def health_check(
    *,
    cycle: Cycle,
    teams: Sequence[HealthTeam],
    objectives: Sequence[HealthObjective],
    key_results: Sequence[HealthKR],
    milestones: Sequence[Milestone],
    checkins: Mapping[int, KRCheckins],
    grades: Mapping[int, HealthGrade] | None = None,
    on: date,
    in_ref_order: bool = False,
) -> list[HealthFinding]:
    """All findings, in a stable order: the cycle, then teams by code, then objectives and
    key results by reference; within one subject, in the order of the checks below.

    `checkins` sums up each KR's check-ins by KR id; a KR without any is left out. With
    `in_ref_order`, the caller has sorted the objectives and key results by reference
    already (the cycle report: 50,000 references need not be sorted twice)."""
    if not in_ref_order:
        objectives = sorted(objectives, key=lambda o: ref_sort_key(o.ref))
        key_results = sorted(key_results, key=lambda k: ref_sort_key(k.ref))
    objective_by_id = {o.id: o for o in objectives}

    findings = _cycle_findings(cycle, objectives, milestones)
    whole_cycle_aspirational = bool(objectives) and all(
        o.kind is ObjectiveKind.ASPIRATIONAL for o in objectives
    )
    findings += _team_findings(
        cycle,
        teams,
        objectives,
        key_results,
        objective_by_id,
        checkins,
        skip_aspirational=whole_cycle_aspirational,
    )
    findings += _objective_findings(objectives, key_results)
    for kr in key_results:
        findings += _kr_findings(
            cycle,
            kr,
            checkins.get(kr.id),
            objective_by_id.get(kr.objective_id),
            (grades or {}).get(kr.id),
            on,
        )
    return findings


def _cycle_findings(
    cycle: Cycle, objectives: Sequence[HealthObjective], milestones: Sequence[Milestone]
) -> list[HealthFinding]:
    found: list[HealthFinding] = []
    if not milestones:
        found.append(
            _warn(
                "no-milestones",
                cycle.slug,
                f"Cycle {cycle.slug} has no milestones; set at least the kickoff, "
                "mid-cycle review and grading deadline.",
            )
        )
    if objectives:
        kinds = {o.kind for o in objectives}
        if kinds == {ObjectiveKind.COMMITTED}:
            found.append(
                _warn(
                    "all-committed",
                    cycle.slug,
                    f"Every objective in cycle {cycle.slug} is committed; "
                    "nothing is aspirational, so nothing stretches.",
                )
            )
        elif kinds == {ObjectiveKind.ASPIRATIONAL}:
            found.append(
                _warn(
                    "all-aspirational",
                    cycle.slug,
                    f"Every objective in cycle {cycle.slug} is aspirational; nothing is committed.",
                )
            )
    return found


def _team_findings(
    cycle: Cycle,
    teams: Sequence[HealthTeam],
    objectives: Sequence[HealthObjective],
    key_results: Sequence[HealthKR],
    objective_by_id: Mapping[int, HealthObjective],
    checkins: Mapping[int, KRCheckins],
    *,
    skip_aspirational: bool,
) -> list[HealthFinding]:
    by_team: defaultdict[int, list[HealthObjective]] = defaultdict(list)
    for o in objectives:
        by_team[o.team_id].append(o)
    parents = {t.parent_id for t in teams if t.parent_id is not None}
    early = _early_confidences(key_results, objective_by_id, checkins)

    found: list[HealthFinding] = []
    for team in sorted(teams, key=lambda t: t.code):
        own = by_team.get(team.id, [])
        if not own:
            if team.id in parents:
                found.append(
                    _info(
                        "team-without-objectives",
                        team.code,
                        f"Team {team.code} has no objectives of its own; "
                        "its sub-teams carry the work.",
                    )
                )
            else:
                found.append(
                    _warn(
                        "team-without-objectives",
                        team.code,
                        f"Team {team.code} has no objectives in cycle {cycle.slug}.",
                    )
                )
        elif len(own) > MAX_OBJECTIVES:
            found.append(
                _warn(
                    "too-many-objectives",
                    team.code,
                    f"Team {team.code} has {len(own)} objectives; "
                    f"keep it to {MIN_OBJECTIVES}–{MAX_OBJECTIVES} to stay focused.",
                )
            )
        if own and not skip_aspirational and all(o.kind is ObjectiveKind.ASPIRATIONAL for o in own):
            found.append(
                _warn(
                    "team-all-aspirational",
                    team.code,
                    f"Team {team.code} has only aspirational objectives; commit to at least one.",
                )
            )
        count, total = early.get(team.id, (0, 0))
        if count and total / count > SANDBAG_ABOVE:
            found.append(
                _warn(
                    "high-early-confidence",
                    team.code,
                    f"Team {team.code} averaged confidence {total / count:.1f} "
                    "in the first two weeks; are its targets ambitious enough?",
                )
            )
    return found


def _early_confidences(
    key_results: Sequence[HealthKR],
    objective_by_id: Mapping[int, HealthObjective],
    checkins: Mapping[int, KRCheckins],
) -> dict[int, tuple[int, int]]:
    """How many confidences were recorded in the first two weeks of the cycle, and their
    sum, by team. (Their mean as `total / count` is `statistics.fmean` of them: the sum of
    integers is exact.)"""
    by_team: defaultdict[int, tuple[int, int]] = defaultdict(lambda: (0, 0))
    for kr in key_results:
        objective = objective_by_id.get(kr.objective_id)
        summary = checkins.get(kr.id)
        if objective is None or summary is None or not summary.early_count:
            continue
        count, total = by_team[objective.team_id]
        by_team[objective.team_id] = (
            count + summary.early_count,
            total + summary.early_total,
        )
    return by_team


def _objective_findings(
    objectives: Sequence[HealthObjective], key_results: Sequence[HealthKR]
) -> list[HealthFinding]:
    counts: defaultdict[int, int] = defaultdict(int)
    for kr in key_results:
        counts[kr.objective_id] += 1
    found: list[HealthFinding] = []
    for o in objectives:
        n = counts[o.id]
        if n < MIN_KRS:
            found.append(
                _warn(
                    "too-few-key-results",
                    o.ref,
                    f"Objective {o.ref} has {_plural(n, 'key result')}; "
                    f"give it {MIN_KRS}–{MAX_KRS} to say what done looks like.",
                )
            )
        elif n > MAX_KRS:
            found.append(
                _warn(
                    "too-many-key-results",
                    o.ref,
                    f"Objective {o.ref} has {n} key results; keep it to {MIN_KRS}–{MAX_KRS}.",
                )
            )
    return found


def _kr_findings(
    cycle: Cycle,
    kr: HealthKR,
    checkins: KRCheckins | None,
    objective: HealthObjective | None,
    grade: HealthGrade | None,
    on: date,
) -> list[HealthFinding]:
    found: list[HealthFinding] = []
    if kr.kind is KRKind.METRIC and not kr.unit.strip():
        found.append(
            _info("no-unit", kr.ref, f"Key result {kr.ref} has no unit; say what it counts.")
        )

    reference = min(on, cycle.end)
    if checkins is not None:
        idle = (reference - checkins.latest_on).days
        if idle >= STALE_DAYS:
            found.append(
                _warn(
                    "stale-checkin",
                    kr.ref,
                    f"Key result {kr.ref} has had no check-in for {idle} days.",
                )
            )
    elif (reference - cycle.start).days >= STALE_DAYS:
        days = (reference - cycle.start).days
        found.append(
            _warn(
                "stale-checkin",
                kr.ref,
                f"Key result {kr.ref} has had no check-in in the {days} days since "
                "the cycle started.",
            )
        )

    if checkins is not None and checkins.unmoved and (on - cycle.start).days >= STUCK_AFTER_DAYS:
        found.append(
            _info(
                "confidence-never-moved",
                kr.ref,
                f"Key result {kr.ref} has stayed at confidence {STARTING_CONFIDENCE} "
                f"through {_plural(checkins.count, 'check-in')}; has anyone really assessed it?",
            )
        )

    if (
        grade is not None
        and grade.score is not None
        and objective is not None
        and needs_post_mortem(objective.kind, grade.score)
        and not grade.note.strip()
    ):
        found.append(
            _warn(
                "missing-post-mortem",
                kr.ref,
                f"Key result {kr.ref} is committed and was graded "
                f"{format_grade(grade.score)} without a post-mortem note.",
            )
        )
    return found

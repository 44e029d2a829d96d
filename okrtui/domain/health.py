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
- "Confidence never moved from 5" needs `checkin_history`; it is skipped without one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from statistics import fmean
from typing import Literal

from pydantic import Field

from okrtui.domain.bands import format_grade, needs_post_mortem
from okrtui.domain.models import (
    CheckIn,
    Cycle,
    Grade,
    KeyResult,
    KRKind,
    Milestone,
    Model,
    Objective,
    ObjectiveKind,
    Team,
)
from okrtui.domain.risk import STALE_DAYS, STARTING_CONFIDENCE, ref_key

Severity = Literal["warning", "info"]

MIN_OBJECTIVES, MAX_OBJECTIVES = 1, 5
MIN_KRS, MAX_KRS = 2, 5
STUCK_AFTER_DAYS = 21
EARLY_DAYS = 14
SANDBAG_ABOVE = 9.0


class HealthFinding(Model):
    severity: Severity
    code: str = Field(pattern=r"^[a-z]+(?:-[a-z]+)*$")
    message: str
    subject: str


def _warn(code: str, subject: str, message: str) -> HealthFinding:
    return HealthFinding(severity="warning", code=code, message=message, subject=subject)


def _info(code: str, subject: str, message: str) -> HealthFinding:
    return HealthFinding(severity="info", code=code, message=message, subject=subject)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def health_check(
    *,
    cycle: Cycle,
    teams: Sequence[Team],
    objectives: Sequence[Objective],
    key_results: Sequence[KeyResult],
    milestones: Sequence[Milestone],
    latest_checkins: Mapping[int, CheckIn],
    checkin_history: Mapping[int, Sequence[CheckIn]] | None = None,
    grades: Mapping[int, Grade] | None = None,
    on: date,
) -> list[HealthFinding]:
    """All findings, in a stable order: the cycle, then teams by code, then objectives and
    key results by reference; within one subject, in the order of the checks below."""
    history = checkin_history or {}
    objectives = sorted(objectives, key=lambda o: ref_key(o.ref))
    key_results = sorted(key_results, key=lambda k: ref_key(k.ref))
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
        latest_checkins,
        checkin_history,
        skip_aspirational=whole_cycle_aspirational,
    )
    findings += _objective_findings(objectives, key_results)
    for kr in key_results:
        latest = latest_checkins.get(kr.id) or _latest(history.get(kr.id, ()))
        findings += _kr_findings(
            cycle,
            kr,
            latest,
            history.get(kr.id) if checkin_history is not None else None,
            objective_by_id.get(kr.objective_id),
            (grades or {}).get(kr.id),
            on,
        )
    return findings


def _cycle_findings(
    cycle: Cycle, objectives: Sequence[Objective], milestones: Sequence[Milestone]
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
    teams: Sequence[Team],
    objectives: Sequence[Objective],
    key_results: Sequence[KeyResult],
    objective_by_id: Mapping[int, Objective],
    latest_checkins: Mapping[int, CheckIn],
    checkin_history: Mapping[int, Sequence[CheckIn]] | None,
    *,
    skip_aspirational: bool,
) -> list[HealthFinding]:
    by_team: defaultdict[int, list[Objective]] = defaultdict(list)
    for o in objectives:
        by_team[o.team_id].append(o)
    parents = {t.parent_id for t in teams if t.parent_id is not None}
    early = _early_confidences(
        cycle, key_results, objective_by_id, latest_checkins, checkin_history
    )

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
        confidences = early.get(team.id, [])
        if confidences and fmean(confidences) > SANDBAG_ABOVE:
            found.append(
                _warn(
                    "high-early-confidence",
                    team.code,
                    f"Team {team.code} averaged confidence {fmean(confidences):.1f} "
                    "in the first two weeks; are its targets ambitious enough?",
                )
            )
    return found


def _early_confidences(
    cycle: Cycle,
    key_results: Sequence[KeyResult],
    objective_by_id: Mapping[int, Objective],
    latest_checkins: Mapping[int, CheckIn],
    checkin_history: Mapping[int, Sequence[CheckIn]] | None,
) -> dict[int, list[int]]:
    """Confidences recorded in the first two weeks of the cycle, by team."""
    until = cycle.start + timedelta(days=EARLY_DAYS)
    by_team: defaultdict[int, list[int]] = defaultdict(list)
    for kr in key_results:
        objective = objective_by_id.get(kr.objective_id)
        if objective is None:
            continue
        if checkin_history is not None:
            checkins: Sequence[CheckIn] = checkin_history.get(kr.id, ())
        else:
            latest = latest_checkins.get(kr.id)
            checkins = (latest,) if latest is not None else ()
        by_team[objective.team_id] += [
            c.confidence for c in checkins if cycle.start <= c.at.date() < until
        ]
    return by_team


def _objective_findings(
    objectives: Sequence[Objective], key_results: Sequence[KeyResult]
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
    kr: KeyResult,
    latest: CheckIn | None,
    history: Sequence[CheckIn] | None,
    objective: Objective | None,
    grade: Grade | None,
    on: date,
) -> list[HealthFinding]:
    found: list[HealthFinding] = []
    if kr.kind is KRKind.METRIC and not kr.unit.strip():
        found.append(
            _info("no-unit", kr.ref, f"Key result {kr.ref} has no unit; say what it counts.")
        )

    reference = min(on, cycle.end)
    if latest is not None:
        idle = (reference - latest.at.date()).days
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

    if (
        history
        and (on - cycle.start).days >= STUCK_AFTER_DAYS
        and all(c.confidence == STARTING_CONFIDENCE for c in history)
    ):
        found.append(
            _info(
                "confidence-never-moved",
                kr.ref,
                f"Key result {kr.ref} has stayed at confidence {STARTING_CONFIDENCE} "
                f"through {_plural(len(history), 'check-in')}; has anyone really assessed it?",
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


def _latest(checkins: Sequence[CheckIn]) -> CheckIn | None:
    return max(checkins, key=lambda c: (c.at, c.id)) if checkins else None

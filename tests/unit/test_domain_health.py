from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, timedelta
from statistics import fmean

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from okrtui.domain.health import HealthFinding, health_check
from okrtui.domain.models import (
    CheckIn,
    Cycle,
    Grade,
    KeyResult,
    KRKind,
    Milestone,
    MilestoneKind,
    Objective,
    ObjectiveKind,
    Team,
)
from tests.unit.health_oracle import summarise_history

C, A = ObjectiveKind.COMMITTED, ObjectiveKind.ASPIRATIONAL
CYCLE = Cycle(id=1, slug="2025-Q3", name="Q3 2025", start=date(2025, 7, 1), end=date(2025, 9, 30))
MILESTONES = [
    Milestone(id=1, cycle_id=1, kind=MilestoneKind.KICKOFF, title="Kickoff", on=CYCLE.start)
]
ORG = Team(id=1, code="ORG", name="Company")
ENG = Team(id=2, code="ENG", name="Engineering", parent_id=1)
DES = Team(id=3, code="DES", name="Design", parent_id=1)
ON = date(2025, 7, 10)  # early in the cycle: nothing is stale yet


def at(d: date) -> datetime:
    return datetime(d.year, d.month, d.day, 9, tzinfo=UTC)


def objective(id: int, team: Team, number: int, kind: ObjectiveKind = C) -> Objective:
    return Objective(
        id=id,
        cycle_id=1,
        team_id=team.id,
        number=number,
        ref=f"{team.code}-{number}",
        title="o",
        kind=kind,
    )


def krs(obj: Objective, n: int, first_id: int) -> list[KeyResult]:
    return [
        KeyResult(
            id=first_id + i,
            objective_id=obj.id,
            number=i + 1,
            ref=f"{obj.ref}.{i + 1}",
            title="kr",
            start=0,
            target=10,
            unit="deals",
        )
        for i in range(n)
    ]


ENG_1 = objective(11, ENG, 1, C)
ENG_2 = objective(12, ENG, 2, A)
DES_1 = objective(21, DES, 1, C)
HEALTHY_OBJECTIVES = [ENG_1, ENG_2, DES_1]
HEALTHY_KRS = krs(ENG_1, 2, 100) + krs(ENG_2, 3, 200) + krs(DES_1, 2, 300)


def fresh_checkins(key_results: Sequence[KeyResult], on: date = ON) -> dict[int, CheckIn]:
    return {
        k.id: CheckIn(kr_id=k.id, at=at(on - timedelta(days=2)), value=3, confidence=6)
        for k in key_results
    }


def check(
    *,
    teams: Sequence[Team] = (ORG, ENG, DES),
    objectives: Sequence[Objective] = HEALTHY_OBJECTIVES,
    key_results: Sequence[KeyResult] = HEALTHY_KRS,
    milestones: Sequence[Milestone] = MILESTONES,
    latest: Mapping[int, CheckIn] | None = None,
    history: Mapping[int, Sequence[CheckIn]] | None = None,
    grades: Mapping[int, Grade] | None = None,
    on: date = ON,
) -> list[HealthFinding]:
    """The check on `history`; without one, on a history of just the `latest` check-ins
    (by default, a fresh one for every KR)."""
    if history is None:
        latest = fresh_checkins(key_results) if latest is None else latest
        history = {kr_id: [c] for kr_id, c in latest.items()}
    return health_check(
        cycle=CYCLE,
        teams=teams,
        objectives=objectives,
        key_results=key_results,
        milestones=milestones,
        checkins=summarise_history(CYCLE, history),
        grades=grades,
        on=on,
    )


def codes(findings: Sequence[HealthFinding]) -> list[tuple[str, str, str]]:
    return [(f.severity, f.code, f.subject) for f in findings]


def test_healthy_set_has_only_the_parent_team_info() -> None:
    assert codes(check()) == [("info", "team-without-objectives", "ORG")]
    assert check(teams=[ENG, DES]) == []


def test_cycle_without_milestones() -> None:
    [finding] = check(teams=[ENG, DES], milestones=[])
    assert codes([finding]) == [("warning", "no-milestones", "2025-Q3")]
    assert "2025-Q3 has no milestones" in finding.message


def test_leaf_team_without_objectives_is_a_warning() -> None:
    ops = Team(id=4, code="OPS", name="Ops", parent_id=1)
    findings = check(teams=[ENG, DES, ops])
    assert codes(findings) == [("warning", "team-without-objectives", "OPS")]
    assert findings[0].message == "Team OPS has no objectives in cycle 2025-Q3."


def test_team_with_too_many_objectives() -> None:
    objectives = [objective(30 + n, DES, n, C) for n in range(1, 7)] + [ENG_2]
    key_results = [k for o in objectives for k in krs(o, 2, o.id * 10)]
    findings = check(teams=[DES, ENG], objectives=objectives, key_results=key_results)
    assert codes(findings) == [
        ("warning", "too-many-objectives", "DES"),
        ("warning", "team-all-aspirational", "ENG"),
    ]
    assert "Team DES has 6 objectives" in findings[0].message


def test_objectives_outside_two_to_five_key_results() -> None:
    key_results = krs(ENG_1, 1, 100) + krs(ENG_2, 6, 200)
    findings = check(teams=[ENG], objectives=[ENG_1, ENG_2], key_results=key_results)
    assert codes(findings) == [
        ("warning", "too-few-key-results", "ENG-1"),
        ("warning", "too-many-key-results", "ENG-2"),
    ]
    assert findings[0].message.startswith("Objective ENG-1 has 1 key result;")


def test_objective_with_no_key_results() -> None:
    findings = check(teams=[ENG], objectives=[ENG_1, ENG_2], key_results=krs(ENG_2, 2, 200))
    assert codes(findings) == [("warning", "too-few-key-results", "ENG-1")]
    assert "has 0 key results" in findings[0].message


def test_metric_without_unit_and_milestone_kr() -> None:
    no_unit = HEALTHY_KRS[0].model_copy(update={"unit": " "})
    milestone = KeyResult(
        id=150,
        objective_id=ENG_1.id,
        number=3,
        ref="ENG-1.3",
        title="launch",
        kind=KRKind.MILESTONE,
    )
    findings = check(teams=[ENG, DES], key_results=[no_unit, milestone, *HEALTHY_KRS[1:]])
    assert codes(findings) == [("info", "no-unit", "ENG-1.1")]


def test_committed_aspirational_mix() -> None:
    all_committed = [ENG_1, objective(12, ENG, 2, C), DES_1]
    assert codes(check(teams=[ENG, DES], objectives=all_committed)) == [
        ("warning", "all-committed", "2025-Q3")
    ]
    all_aspirational = [objective(11, ENG, 1, A), ENG_2, objective(21, DES, 1, A)]
    # The cycle-wide warning stands in for the per-team ones.
    assert codes(check(teams=[ENG, DES], objectives=all_aspirational)) == [
        ("warning", "all-aspirational", "2025-Q3")
    ]
    only_aspirational_design = [ENG_1, ENG_2, objective(21, DES, 1, A)]
    assert codes(check(teams=[ENG, DES], objectives=only_aspirational_design)) == [
        ("warning", "team-all-aspirational", "DES")
    ]


def test_stale_key_results() -> None:
    on = date(2025, 8, 1)
    latest = fresh_checkins(HEALTHY_KRS, on)
    latest[101] = CheckIn(kr_id=101, at=at(on - timedelta(days=14)), value=1, confidence=6)
    latest[102] = CheckIn(kr_id=102, at=at(on - timedelta(days=13)), value=1, confidence=6)
    del latest[300]
    findings = check(teams=[ENG, DES], latest=latest, on=on)
    assert codes(findings) == [
        ("warning", "stale-checkin", "DES-1.1"),
        ("warning", "stale-checkin", "ENG-1.2"),
    ]
    assert "DES-1.1 has had no check-in in the 31 days since the cycle started" in (
        findings[0].message
    )
    assert findings[1].message == "Key result ENG-1.2 has had no check-in for 14 days."


def test_no_checkin_is_not_stale_in_the_first_two_weeks() -> None:
    assert check(teams=[ENG, DES], latest={}, on=CYCLE.start + timedelta(days=13)) == []


def test_confidence_never_moved_from_five() -> None:
    history = {
        k.id: [
            CheckIn(kr_id=k.id, at=at(CYCLE.start + timedelta(days=d)), value=1, confidence=c)
            for d, c in ((7, 5), (14, 5 if k.id == 100 else 6), (21, 5))
        ]
        for k in HEALTHY_KRS
    }
    three_weeks = CYCLE.start + timedelta(days=21)
    findings = check(teams=[ENG, DES], history=history, on=three_weeks)
    assert codes(findings) == [("info", "confidence-never-moved", "ENG-1.1")]
    assert "through 3 check-ins" in findings[0].message
    too_early = three_weeks - timedelta(days=1)
    assert check(teams=[ENG, DES], history=history, on=too_early) == []


def test_high_confidence_in_the_first_two_weeks_is_sandbagging() -> None:
    early = at(CYCLE.start + timedelta(days=3))
    history = {
        k.id: [CheckIn(kr_id=k.id, at=early, value=1, confidence=10 if k.ref[:3] == "ENG" else 9)]
        for k in HEALTHY_KRS
    }
    findings = check(teams=[ENG, DES], history=history)
    # DES averages exactly 9, which is not above 9.
    assert codes(findings) == [("warning", "high-early-confidence", "ENG")]
    assert "averaged confidence 10.0 in the first two weeks" in findings[0].message


def test_early_confidence_is_the_mean_of_every_early_checkin() -> None:
    """Not the mean of each KR's mean: 10, 10 and 8 average 9.3, above 9."""
    day = CYCLE.start + timedelta(days=2)
    history = {
        100: [CheckIn(kr_id=100, at=at(day), confidence=10) for _ in range(2)],
        101: [
            CheckIn(kr_id=101, at=at(day), confidence=8),
            CheckIn(kr_id=101, at=at(CYCLE.start + timedelta(days=14)), confidence=1),
        ],
    }
    findings = check(
        teams=[ENG], objectives=[ENG_1, ENG_2], key_results=HEALTHY_KRS[:2], history=history
    )
    [finding] = [f for f in findings if f.code == "high-early-confidence"]
    assert finding.subject == "ENG"
    assert "averaged confidence 9.3 in the first two weeks" in finding.message


@given(
    st.lists(
        st.lists(
            st.tuples(st.integers(min_value=-2, max_value=20), st.integers(0, 10)), max_size=4
        ),
        min_size=2,
        max_size=2,
    )
)
def test_high_early_confidence_follows_the_mean_of_early_confidences(
    per_kr: list[list[tuple[int, int]]],
) -> None:
    history = {
        kr.id: [
            CheckIn(kr_id=kr.id, at=at(CYCLE.start + timedelta(days=d)), confidence=c)
            for d, c in checkins
        ]
        for kr, checkins in zip(HEALTHY_KRS[:2], per_kr, strict=True)
    }
    early = [c for checkins in per_kr for d, c in checkins if 0 <= d < 14]
    findings = [
        f
        for f in check(
            teams=[ENG], objectives=[ENG_1], key_results=HEALTHY_KRS[:2], history=history
        )
        if f.code == "high-early-confidence"
    ]
    flagged = bool(early) and fmean(early) > 9
    assert len(findings) == flagged
    if flagged:
        assert f"averaged confidence {fmean(early):.1f} " in findings[0].message


def test_late_high_confidence_is_not_sandbagging() -> None:
    late = at(CYCLE.start + timedelta(days=14))
    latest = {k.id: CheckIn(kr_id=k.id, at=late, value=9, confidence=10) for k in HEALTHY_KRS}
    assert check(teams=[ENG, DES], latest=latest, on=late.date()) == []


def test_committed_miss_without_post_mortem() -> None:
    graded = at(CYCLE.end)

    def grade(kr_id: int, score: float, note: str = "") -> Grade:
        return Grade(kr_id=kr_id, score=score, note=note, at=graded)

    grades = {
        100: grade(100, 0.6),  # committed, no note
        101: grade(101, 0.6, "Vendor slipped; next time we start procurement in week 1."),
        200: grade(200, 0.4),  # aspirational: no post-mortem needed
        300: grade(300, 1.0),  # committed and met
        301: Grade(kr_id=301, score=None, ungraded_reason="descoped", at=graded),
    }
    latest = {k.id: CheckIn(kr_id=k.id, at=graded, value=5, confidence=6) for k in HEALTHY_KRS}
    findings = check(teams=[ENG, DES], latest=latest, grades=grades, on=CYCLE.end)
    assert codes(findings) == [("warning", "missing-post-mortem", "ENG-1.1")]
    assert findings[0].message == (
        "Key result ENG-1.1 is committed and was graded 0.6 without a post-mortem note."
    )


def test_findings_come_in_a_stable_order() -> None:
    objectives = [objective(12, ENG, 2, C), objective(11, ENG, 10, C), objective(21, DES, 1, C)]
    key_results = krs(objectives[0], 1, 100) + krs(objectives[1], 1, 200)
    findings = check(
        teams=[ENG, ORG, DES],
        objectives=list(reversed(objectives)),
        key_results=key_results,
        milestones=[],
    )
    assert codes(findings) == [
        ("warning", "no-milestones", "2025-Q3"),
        ("warning", "all-committed", "2025-Q3"),
        ("info", "team-without-objectives", "ORG"),
        ("warning", "too-few-key-results", "DES-1"),
        ("warning", "too-few-key-results", "ENG-2"),
        ("warning", "too-few-key-results", "ENG-10"),
    ]
    again = check(
        teams=[DES, ORG, ENG],
        objectives=objectives,
        key_results=list(reversed(key_results)),
        milestones=[],
    )
    assert again == findings


def test_finding_is_frozen_and_code_is_kebab() -> None:
    finding = HealthFinding(severity="info", code="no-unit", message="m", subject="X-1.1")
    with pytest.raises(ValidationError):
        finding.code = "x"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        HealthFinding(severity="info", code="No Unit", message="m", subject="X")
    with pytest.raises(ValidationError):
        HealthFinding.model_validate(
            {"severity": "error", "code": "x", "message": "m", "subject": "X"}
        )

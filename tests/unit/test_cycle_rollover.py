"""Rolling unfinished aspirational objectives over into the next cycle."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from okrtui.cycle import CycleError, grade_kr, new_cycle, rollover, rollover_candidates
from okrtui.domain.models import CheckIn, Cycle, CycleStatus, Objective, ObjectiveKind
from okrtui.store import Store


@pytest.fixture
def next_cycle(store: Store, small_org: dict[str, int]) -> Cycle:
    return new_cycle(store, "2027-Q1", "Q1 2027", date(2027, 1, 4), date(2027, 4, 4))


def checkin(store: Store, kr_id: int, value: float, confidence: int = 6) -> None:
    store.add_checkin(
        CheckIn(
            kr_id=kr_id,
            at=store.clock.now() - timedelta(days=1),
            value=value,
            confidence=confidence,
        )
    )


def test_candidates_are_unfinished_aspirational_objectives(
    store: Store, small_org: dict[str, int]
) -> None:
    cycle = store.cycle(small_org["cycle"])
    (candidate,) = rollover_candidates(store, cycle)
    assert candidate.objective.ref == "ENG-2"  # ENG-1 is committed: not offered
    assert [kr.ref for kr in candidate.key_results] == ["ENG-2.1", "ENG-2.2"]
    assert (candidate.score, candidate.from_grades) == (0.0, False)


def test_progress_counts_until_grades_exist(store: Store, small_org: dict[str, int]) -> None:
    cycle = store.cycle(small_org["cycle"])
    checkin(store, small_org["ENG-2.1"], 40)  # at target
    checkin(store, small_org["ENG-2.2"], 20)  # half way
    (candidate,) = rollover_candidates(store, cycle)
    assert candidate.score == pytest.approx(0.75)
    checkin(store, small_org["ENG-2.2"], 30)
    assert rollover_candidates(store, cycle) == []  # finished by progress
    grade_kr(store, small_org["ENG-2.1"], "10")
    grade_kr(store, small_org["ENG-2.2"], "8")
    (candidate,) = rollover_candidates(store, cycle)
    assert (candidate.score, candidate.from_grades) == (0.9, True)  # grades win


def test_rollover_copies_objectives_with_fresh_krs(
    store: Store, small_org: dict[str, int], next_cycle: Cycle
) -> None:
    old_cycle = store.cycle(small_org["cycle"])
    checkin(store, small_org["ENG-2.1"], 30, 8)
    grade_kr(store, small_org["ENG-2.1"], "5")
    store.add_objective(
        Objective(
            cycle_id=next_cycle.id,
            team_id=small_org["team"],
            number=1,
            ref="ENG-1",
            title="Something new",
        )
    )
    (copy,) = rollover(store, old_cycle, next_cycle, [_objective_id(store, "ENG-2")])
    assert (copy.cycle_id, copy.ref, copy.number) == (next_cycle.id, "ENG-2", 2)
    assert (copy.title, copy.kind, copy.team_id) == (
        "Delight new users",
        ObjectiveKind.ASPIRATIONAL,
        small_org["team"],
    )
    assert copy.parent_id is None
    krs = store.key_results(next_cycle.id, copy.id)
    assert [(k.ref, k.title, k.start, k.target, k.unit) for k in krs] == [
        ("ENG-2.1", "Activation rate", 20, 40, "%"),
        ("ENG-2.2", "NPS", 10, 30, "NPS"),
    ]
    # reset: no check-ins, no grades carried over; the old cycle is untouched
    assert store.latest_checkins(next_cycle.id) == {}
    assert store.latest_grades(next_cycle.id) == {}
    assert len(store.checkins(small_org["ENG-2.1"])) == 1
    assert [e.action for e in store.audit_log("objective", copy.id)] == ["rollover"]
    assert len(store.objectives(old_cycle.id)) == 2


def test_rollover_is_all_or_nothing(
    store: Store, small_org: dict[str, int], next_cycle: Cycle
) -> None:
    old_cycle = store.cycle(small_org["cycle"])
    eng2 = _objective_id(store, "ENG-2")
    with pytest.raises(CycleError, match="objective id 999 is not in cycle 2026-Q4"):
        rollover(store, old_cycle, next_cycle, [eng2, 999])
    assert store.objectives(next_cycle.id) == []
    assert store.key_results(next_cycle.id) == []

    rollover(store, old_cycle, next_cycle, [eng2])
    eng1 = _objective_id(store, "ENG-1")
    with pytest.raises(CycleError, match="ENG-2 is already in cycle 2027-Q1 as ENG-1"):
        rollover(store, old_cycle, next_cycle, [eng1, eng2])
    assert [o.ref for o in store.objectives(next_cycle.id)] == ["ENG-1"]


def test_rollover_into_itself_or_a_closed_cycle_is_refused(
    store: Store, small_org: dict[str, int], next_cycle: Cycle
) -> None:
    old_cycle = store.cycle(small_org["cycle"])
    eng2 = _objective_id(store, "ENG-2")
    with pytest.raises(CycleError, match="into itself"):
        rollover(store, old_cycle, old_cycle, [eng2])
    store.set_cycle_status(next_cycle.id, CycleStatus.CLOSED)
    with pytest.raises(CycleError, match="2027-Q1 is closed"):
        rollover(store, old_cycle, next_cycle, [eng2])


def _objective_id(store: Store, ref: str) -> int:
    cycle = store.cycle_by_slug("2026-Q4")
    return next(o.id for o in store.objectives(cycle.id) if o.ref == ref)

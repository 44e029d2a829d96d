"""Cycle lifecycle: creation with milestones, locking, closing, grading."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.cycle import (
    CycleError,
    activate_cycle,
    close_cycle,
    default_milestones,
    grade_kr,
    leave_ungraded,
    lock_cycle,
    move_milestone,
    new_cycle,
    ungraded_krs,
)
from okrtui.domain.models import CycleStatus, KeyResult, Milestone, MilestoneKind
from okrtui.store import Conflict, LockedMilestone, Store


def counts(store: Store) -> dict[str, int]:
    return {
        table: store.db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
        for table in ("cycles", "milestones", "grades", "audit")
    }


def test_a_new_cycle_gets_the_six_standard_milestones(store: Store) -> None:
    cycle = new_cycle(store, "2027-Q1", "Q1 2027", date(2027, 1, 4), date(2027, 4, 4))
    assert cycle.status is CycleStatus.PLANNING and not cycle.locked
    placed = {m.kind: m.on for m in store.milestones(cycle.id)}
    assert placed == {
        MilestoneKind.KICKOFF: date(2027, 1, 4),
        MilestoneKind.DRAFTING_DEADLINE: date(2027, 1, 11),
        MilestoneKind.ALIGNMENT: date(2027, 1, 18),
        MilestoneKind.MID_CYCLE_REVIEW: date(2027, 2, 18),
        MilestoneKind.GRADING_DEADLINE: date(2027, 3, 28),
        MilestoneKind.TOWN_HALL: date(2027, 4, 4),
    }


@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    days=st.integers(min_value=1, max_value=400),
)
def test_default_milestones_stay_inside_the_cycle(start: date, days: int) -> None:
    end = start + timedelta(days=days)
    milestones = default_milestones(start, end)
    assert [m.kind for m in milestones] == list(MilestoneKind)[:6]
    assert milestones[0].on == start and milestones[-1].on == end
    assert all(start <= m.on <= end for m in milestones)
    if days >= 28:  # long enough for the standard order to hold
        dates = [m.on for m in milestones]
        assert dates == sorted(dates)


def test_a_cycle_can_be_given_its_own_milestones(store: Store) -> None:
    own = [Milestone(kind=MilestoneKind.KICKOFF, title="Off we go", on=date(2027, 1, 5))]
    cycle = new_cycle(store, "c", "C", date(2027, 1, 4), date(2027, 2, 4), own)
    assert [(m.title, m.on) for m in store.milestones(cycle.id)] == [
        ("Off we go", date(2027, 1, 5))
    ]


@pytest.mark.parametrize(
    ("slug", "name", "start", "end", "message"),
    [
        ("bad slug", "X", date(2027, 1, 1), date(2027, 2, 1), "slug 'bad slug' is not usable"),
        ("", "X", date(2027, 1, 1), date(2027, 2, 1), "is not usable"),
        ("ok", "  ", date(2027, 1, 1), date(2027, 2, 1), "needs a name"),
        ("ok", "X", date(2027, 2, 1), date(2027, 1, 1), "not after its start"),
        ("ok", "X", date(2027, 2, 1), date(2027, 2, 1), "not after its start"),
    ],
)
def test_bad_cycles_are_refused_and_nothing_is_written(
    store: Store, slug: str, name: str, start: date, end: date, message: str
) -> None:
    before = counts(store)
    with pytest.raises(CycleError, match=message):
        new_cycle(store, slug, name, start, end)
    assert counts(store) == before


def test_a_duplicate_slug_is_refused_without_stray_milestones(store: Store) -> None:
    new_cycle(store, "2027-Q1", "Q1", date(2027, 1, 4), date(2027, 4, 4))
    before = counts(store)
    with pytest.raises(Conflict, match="already exists"):
        new_cycle(store, "2027-Q1", "Again", date(2027, 5, 1), date(2027, 6, 1))
    assert counts(store) == before


def test_locking_needs_a_milestone_and_is_audited(store: Store) -> None:
    bare = new_cycle(store, "bare", "Bare", date(2027, 1, 4), date(2027, 2, 4), [])
    with pytest.raises(CycleError, match="no milestones"):
        lock_cycle(store, bare)
    assert not store.cycle(bare.id).locked

    cycle = new_cycle(store, "q", "Q", date(2027, 1, 4), date(2027, 4, 4))
    assert lock_cycle(store, cycle).locked
    assert [e.action for e in store.audit_log("cycle", cycle.id)] == ["lock"]
    lock_cycle(store, cycle)  # again: no change, no second audit row
    assert len(store.audit_log("cycle", cycle.id)) == 1


def test_a_locked_milestone_moves_only_with_an_override_and_a_reason(store: Store) -> None:
    cycle = lock_cycle(store, new_cycle(store, "q", "Q", date(2027, 1, 4), date(2027, 4, 4)))
    mid = next(m for m in store.milestones(cycle.id) if m.kind is MilestoneKind.MID_CYCLE_REVIEW)
    with pytest.raises(LockedMilestone, match="needs an override"):
        move_milestone(store, mid.id, date(2027, 2, 25))
    with pytest.raises(CycleError, match="needs a reason"):
        move_milestone(store, mid.id, date(2027, 2, 25), override=True, reason="  ")
    assert store.milestone(mid.id).on == mid.on
    assert store.audit_log("milestone", mid.id) == []

    moved = move_milestone(
        store, mid.id, date(2027, 2, 25), override=True, reason="CEO offsite that week"
    )
    assert moved.on == date(2027, 2, 25)
    (entry,) = store.audit_log("milestone", mid.id)
    assert (entry.action, entry.reason) == ("override", "CEO offsite that week")


def test_closing_needs_every_kr_graded_or_left_ungraded(
    store: Store, small_org: dict[str, int]
) -> None:
    cycle = store.cycle(small_org["cycle"])
    grade_kr(store, small_org["ENG-1.1"], "7")
    with pytest.raises(CycleError) as refused:
        close_cycle(store, cycle)
    message = str(refused.value)
    assert "3 of 4 KRs have no grade (ENG-1.2, ENG-2.1, ENG-2.2)" in message
    assert store.cycle(cycle.id).status is CycleStatus.ACTIVE

    grade_kr(store, small_org["ENG-1.2"], 1.0)
    grade_kr(store, small_org["ENG-2.1"], "0.75", "close, not quite")
    leave_ungraded(store, small_org["ENG-2.2"], "NPS survey cancelled")
    assert ungraded_krs(store, cycle) == []
    closed = close_cycle(store, cycle)
    assert closed.status is CycleStatus.CLOSED
    assert store.audit_log("cycle", cycle.id)[-1].action == "status"
    with pytest.raises(CycleError, match="already closed"):
        close_cycle(store, closed)


def test_a_long_list_of_ungraded_krs_is_cut_short(store: Store, small_org: dict[str, int]) -> None:
    objective = store.objectives(small_org["cycle"])[0]
    for n in range(3, 15):
        store.add_key_result(
            KeyResult(
                objective_id=objective.id,
                number=n,
                ref=f"ENG-1.{n}",
                title=f"KR {n}",
                start=0,
                target=1,
                unit="x",
            ),
            small_org["cycle"],
        )
    with pytest.raises(CycleError, match=r"16 of 16 KRs .*ENG-1\.9, ENG-1\.10 and 6 more\)"):
        close_cycle(store, store.cycle(small_org["cycle"]))


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("1.3", "outside 0.0–1.0"),
        ("13", "outside 0.0–1.0"),
        ("-1", "not a number"),
        ("0.755", "more than two decimals"),
        ("abc", "not a number"),
        ("", "enter a grade"),
        (1.3, "outside 0.0–1.0"),
        (float("nan"), "outside 0.0–1.0"),
        (0.333, "more than two decimals"),
    ],
)
def test_a_bad_grade_is_refused_and_nothing_is_written(
    store: Store, small_org: dict[str, int], given: str | float, message: str
) -> None:
    before = counts(store)
    with pytest.raises(CycleError, match=message) as refused:
        grade_kr(store, small_org["ENG-1.1"], given)
    assert str(refused.value).startswith("ENG-1.1: ")
    assert counts(store) == before


def test_grades_are_appended_and_the_latest_counts(store: Store, small_org: dict[str, int]) -> None:
    kr = small_org["ENG-1.1"]
    grade_kr(store, kr, "5", author_id=small_org["ana"])
    regrade = grade_kr(store, kr, "0.65", "re-measured", author_id=small_org["ben"])
    assert regrade.score == 0.65
    assert store.latest_grades(small_org["cycle"])[kr].note == "re-measured"
    assert counts(store)["grades"] == 2


def test_leaving_ungraded_needs_a_reason(store: Store, small_org: dict[str, int]) -> None:
    with pytest.raises(CycleError, match="needs a reason"):
        leave_ungraded(store, small_org["ENG-1.1"], "   ")
    assert counts(store)["grades"] == 0


def test_a_closed_cycle_keeps_its_grades(store: Store, small_org: dict[str, int]) -> None:
    for ref in ("ENG-1.1", "ENG-1.2", "ENG-2.1", "ENG-2.2"):
        grade_kr(store, small_org[ref], "7")
    close_cycle(store, store.cycle(small_org["cycle"]))
    with pytest.raises(CycleError, match="closed, its grades are final"):
        grade_kr(store, small_org["ENG-1.1"], "9")
    with pytest.raises(CycleError, match="closed"):
        activate_cycle(store, store.cycle(small_org["cycle"]))


def test_activating_a_planned_cycle(store: Store) -> None:
    cycle = new_cycle(store, "q", "Q", date(2027, 1, 4), date(2027, 4, 4))
    assert activate_cycle(store, cycle).status is CycleStatus.ACTIVE
    assert activate_cycle(store, cycle).status is CycleStatus.ACTIVE
    assert [e.action for e in store.audit_log("cycle", cycle.id)] == ["status"]

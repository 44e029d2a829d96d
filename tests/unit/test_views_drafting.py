"""The drafting step's view: orphans, gaps and overlaps; agreeing; locking once agreed."""

from __future__ import annotations

from datetime import date

from okrtui.domain.kinds import KRKind
from okrtui.domain.models import Milestone, MilestoneKind
from okrtui.store import Store
from okrtui.views.drafting import (
    agree,
    load_drafting,
    lock_question,
    lock_refusal,
    lock_when_agreed,
    next_step,
)


def _planned(store: Store) -> dict[str, int]:
    s = store.structure
    org = s.create_team("ORG", "Org")
    eng = s.create_team("ENG", "Engineering", parent_id=org.id)
    ops = s.create_team("OPS", "Operations", parent_id=org.id)
    cycle = s.create_cycle("q1", "Q1", date(2027, 1, 4), date(2027, 4, 4))
    store.add_milestone(
        Milestone(cycle_id=cycle.id, kind=MilestoneKind.KICKOFF, title="Kickoff", on=cycle.start)
    )
    top1 = s.create_objective(cycle.id, org.id, "Grow revenue")
    top2 = s.create_objective(cycle.id, org.id, "Keep customers")
    s.create_objective(cycle.id, eng.id, "Fast checkout", parent_id=top1.id)
    s.create_objective(cycle.id, eng.id, "Cut costs")
    s.create_objective(cycle.id, ops.id, "fast  checkout", parent_id=top1.id)
    return {"cycle": cycle.id, "eng": eng.id, "org": org.id, "top2": top2.id}


def test_orphans_gaps_and_overlaps(store: Store) -> None:
    ids = _planned(store)
    view = load_drafting(store, ids["cycle"], None)
    assert [t.team.code for t in view.teams] == ["ORG", "ENG", "OPS"]
    assert [f.subject for f in view.orphans] == ["ENG-2"]
    assert [(f.subject, f.message) for f in view.gaps] == [
        ("ORG-2", "ORG-2 Keep customers: no sub-team's objective serves it.")
    ]
    assert [f.subject for f in view.overlaps] == ["OPS-1"]
    assert view.drafts_left == 5
    eng_only = load_drafting(store, ids["cycle"], ids["eng"])
    assert [t.team.code for t in eng_only.teams] == ["ORG", "ENG"]  # and what it aligns to


def test_the_cycle_locks_only_when_every_draft_is_agreed(store: Store) -> None:
    ids = _planned(store)
    view = load_drafting(store, ids["cycle"], None)
    assert lock_when_agreed(store, view) == "5 drafts still to agree (y agrees one): not locked"
    assert not store.cycle(ids["cycle"]).locked
    for d in view.objectives:
        assert agree(store, d.objective.id) == f"Agreed {d.objective.ref}"
    view = load_drafting(store, ids["cycle"], None)
    assert view.drafts_left == 0
    assert lock_when_agreed(store, view).startswith("Locked cycle q1")
    assert store.cycle(ids["cycle"]).locked
    assert [e.action for e in store.audit_log("cycle", ids["cycle"])] == ["create", "lock"]


def test_retired_objectives_are_not_drafts(store: Store) -> None:
    ids = _planned(store)
    store.structure.retire_objective(ids["top2"])
    view = load_drafting(store, ids["cycle"], None)
    assert view.gaps == ()
    assert view.drafts_left == 4


def test_the_coach_reads_each_draft_and_its_key_results(store: Store) -> None:
    ids = _planned(store)
    eng2 = store.structure.objective_by_ref("ENG-2", ids["cycle"])
    store.structure.create_key_result(eng2.id, "Write the cost report", kind=KRKind.MILESTONE)
    [draft] = [
        d for d in load_drafting(store, ids["cycle"], None).objectives if d.objective.id == eng2.id
    ]
    codes = [(f.code, f.subject) for f in draft.findings]
    assert ("unaligned", "ENG-2") in codes
    assert ("too-few-key-results", "ENG-2") in codes
    assert ("activity-not-outcome", "ENG-2.1") in codes
    assert ("no-owner", "ENG-2.1") in codes


def test_the_step_offers_the_lock_once_all_are_agreed_and_asks_before_it(store: Store) -> None:
    ids = _planned(store)
    view = load_drafting(store, ids["cycle"], None)
    assert next_step(view, align=True) == ""
    assert lock_refusal(store, view) == "5 drafts still to agree (y agrees one): not locked"
    for d in view.objectives:
        agree(store, d.objective.id)
    view = load_drafting(store, ids["cycle"], None)
    assert next_step(view, align=True) == "All 5 objectives are agreed: L locks cycle Q1."
    assert next_step(view, align=False) == ""  # a team's drafting meeting locks nothing
    assert lock_refusal(store, view) is None
    question, detail = lock_question(view)
    assert question == "Lock cycle Q1 (q1)?"
    assert detail.startswith("All 5 objectives are agreed. Locking sets its milestone dates")
    assert "needs an override with a reason" in detail
    assert not store.cycle(ids["cycle"]).locked  # asking writes nothing
    lock_when_agreed(store, view)
    view = load_drafting(store, ids["cycle"], None)
    assert next_step(view, align=True) == (
        "Cycle Q1 is locked: its milestones and targets are fixed."
    )
    assert lock_refusal(store, view) == "Cycle q1 is locked already"

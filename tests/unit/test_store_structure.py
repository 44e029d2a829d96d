"""Writing the OKR structure through `Store.structure`: create, edit, move, retire; every
edit audited; a locked cycle's targets and dates change only with an override and a reason."""

from __future__ import annotations

import json
from datetime import date

import pytest

from okrtui.domain.kinds import CycleStatus, Direction, KRKind, ObjectiveKind, Role
from okrtui.meeting.scope import scope_krs
from okrtui.store import Conflict, LockedMilestone, NotFound, Store, StoreError


def _audit(store: Store, entity: str, entity_id: int) -> list[tuple[str, str]]:
    return [(e.action, e.who) for e in store.audit_log(entity, entity_id)]


def test_people_are_created_and_edited_with_an_audit(store: Store) -> None:
    ana = store.structure.create_person("ana", "Ana Silva", [Role.OKR_CHAMPION])
    edited = store.structure.edit_person(
        ana.id, name="Ana S. Silva", roles=[Role.OKR_CHAMPION, Role.OKR_COACH]
    )
    assert store.person(ana.id) == edited
    assert edited.name == "Ana S. Silva"
    assert set(edited.roles) == {Role.OKR_CHAMPION, Role.OKR_COACH}
    log = store.audit_log("person", ana.id)
    assert [e.action for e in log] == ["create", "edit"]
    assert json.loads(log[1].before)["name"] == "Ana Silva"
    assert json.loads(log[1].after)["name"] == "Ana S. Silva"
    assert log[1].who == "tester"


@pytest.mark.parametrize(
    ("handle", "name", "message"),
    [
        ("", "Ana", "handle"),
        ("has space", "Ana", "handle"),
        ("ana", "   ", "name: cannot be empty"),
        ("ana", "x" * 201, "name: is 201 characters long"),
    ],
)
def test_a_bad_person_is_refused_naming_the_field(
    store: Store, handle: str, name: str, message: str
) -> None:
    with pytest.raises(StoreError, match=message):
        store.structure.create_person(handle, name)
    assert store.people() == []
    assert store.audit_log() == []


def test_a_handle_taken_by_someone_else_is_refused(store: Store) -> None:
    store.structure.create_person("ana", "Ana")
    ben = store.structure.create_person("ben", "Ben")
    with pytest.raises(Conflict, match="handle: 'ANA' is taken"):
        store.structure.edit_person(ben.id, handle="ANA")
    assert store.person(ben.id).handle == "ben"


def test_teams_form_a_tree_with_members_and_a_manager(store: Store) -> None:
    ana = store.structure.create_person("ana", "Ana")
    ben = store.structure.create_person("ben", "Ben")
    org = store.structure.create_team("org", "Organisation")
    eng = store.structure.create_team("ENG", "Engineering", parent_id=org.id, member_ids=[ben.id])
    assert org.code == "ORG"
    store.structure.set_team_manager(eng.id, ana.id)
    assert store.structure.team_manager(eng.id) == store.person(ana.id)
    assert set(store.team(eng.id).member_ids) == {ana.id, ben.id}
    store.structure.edit_team_members(eng.id, [ana.id])
    assert store.team(eng.id).member_ids == (ana.id,)
    with pytest.raises(Conflict, match="parent: ORG cannot sit under itself"):
        store.structure.move_team(org.id, eng.id)
    store.structure.move_team(eng.id, None)
    assert store.team(eng.id).parent_id is None
    store.structure.rename_team(eng.id, "Platform")
    assert [a for a, _ in _audit(store, "team", eng.id)] == [
        "create",
        "manager",
        "members",
        "move",
        "edit",
    ]


def test_a_cycle_is_created_and_its_dates_fixed_once_locked(store: Store) -> None:
    cycle = store.structure.create_cycle("2027-Q1", "Q1 2027", date(2027, 1, 4), date(2027, 4, 4))
    assert cycle.status is CycleStatus.PLANNING
    store.structure.edit_cycle(cycle.id, end=date(2027, 4, 2))
    store.lock_cycle(cycle.id)
    with pytest.raises(LockedMilestone, match="changing its dates needs an override"):
        store.structure.edit_cycle(cycle.id, end=date(2027, 4, 1))
    with pytest.raises(LockedMilestone, match="reason: .* needs a reason"):
        store.structure.edit_cycle(cycle.id, end=date(2027, 4, 1), override=True)
    assert store.cycle(cycle.id).end == date(2027, 4, 2)
    store.structure.edit_cycle(
        cycle.id, end=date(2027, 4, 1), override=True, reason="town hall moved"
    )
    assert store.cycle(cycle.id).end == date(2027, 4, 1)
    last = store.audit_log("cycle", cycle.id)[-1]
    assert (last.action, last.reason) == ("override", "town hall moved")
    store.structure.edit_cycle(cycle.id, name="First quarter")  # a name is not fixed
    with pytest.raises(StoreError, match="end must be after start"):
        store.structure.edit_cycle(cycle.id, end=date(2026, 1, 1), override=True, reason="typo")


def _planned(store: Store) -> dict[str, int]:
    ana = store.structure.create_person("ana", "Ana")
    org = store.structure.create_team("ORG", "Org")
    eng = store.structure.create_team("ENG", "Engineering", parent_id=org.id)
    ops = store.structure.create_team("OPS", "Operations", parent_id=org.id)
    cycle = store.structure.create_cycle("q1", "Q1", date(2027, 1, 4), date(2027, 4, 4))
    return {"ana": ana.id, "org": org.id, "eng": eng.id, "ops": ops.id, "cycle": cycle.id}


def test_objectives_get_their_team_s_next_reference_and_align(store: Store) -> None:
    ids = _planned(store)
    top = store.structure.create_objective(ids["cycle"], ids["org"], "Grow the business")
    first = store.structure.create_objective(
        ids["cycle"],
        ids["eng"],
        "Make the API fast",
        owner_id=ids["ana"],
        kind=ObjectiveKind.ASPIRATIONAL,
        parent_id=top.id,
    )
    second = store.structure.create_objective(ids["cycle"], ids["eng"], "Delight users")
    assert (top.ref, first.ref, second.ref) == ("ORG-1", "ENG-1", "ENG-2")
    assert store.objective(first.id).parent_id == top.id
    with pytest.raises(Conflict, match="aligned to: an objective cannot align to itself"):
        store.structure.edit_objective(top.id, {"parent_id": first.id})
    with pytest.raises(NotFound, match="aligned to: no objective with id 999"):
        store.structure.edit_objective(top.id, {"parent_id": 999})
    edited = store.structure.edit_objective(
        second.id, {"title": "Delight new users", "kind": ObjectiveKind.ASPIRATIONAL}
    )
    assert (edited.title, edited.kind) == ("Delight new users", ObjectiveKind.ASPIRATIONAL)
    log = store.audit_log("objective", second.id)
    assert [e.action for e in log] == ["create", "edit"]
    assert json.loads(log[1].before)["title"] == "Delight users"
    with pytest.raises(StoreError, match="cannot change ref of an objective"):
        store.structure.edit_objective(second.id, {"ref": "X-1"})


def test_key_results_are_numbered_under_their_objective(store: Store) -> None:
    ids = _planned(store)
    objective = store.structure.create_objective(ids["cycle"], ids["eng"], "Fast API")
    latency = store.structure.create_key_result(
        objective.id, "p95 latency", start=800, target=200, unit="ms", owner_id=ids["ana"]
    )
    cache = store.structure.create_key_result(objective.id, "Cache shipped", kind=KRKind.MILESTONE)
    assert (latency.ref, cache.ref) == ("ENG-1.1", "ENG-1.2")
    assert latency.direction is Direction.DECREASING
    assert store.kr_cycle_id(latency.id) == ids["cycle"]
    with pytest.raises(StoreError, match="target must differ from start"):
        store.structure.create_key_result(objective.id, "Flat", start=5, target=5)
    with pytest.raises(StoreError, match="a metric key result needs a start and a target"):
        store.structure.create_key_result(objective.id, "Vague")
    assert len(store.key_results(ids["cycle"])) == 2


def test_a_locked_target_changes_only_with_an_override_and_a_reason(store: Store) -> None:
    ids = _planned(store)
    objective = store.structure.create_objective(ids["cycle"], ids["eng"], "Fast API")
    kr = store.structure.create_key_result(objective.id, "p95", start=800, target=200)
    store.structure.edit_key_result(kr.id, {"target": 300})
    store.lock_cycle(ids["cycle"])
    store.structure.edit_key_result(kr.id, {"title": "p95 latency"})  # not fixed
    with pytest.raises(LockedMilestone, match="changing a target needs an override"):
        store.structure.edit_key_result(kr.id, {"target": 250})
    with pytest.raises(LockedMilestone, match="needs a reason"):
        store.structure.edit_key_result(kr.id, {"target": 250}, override=True, reason=" ")
    assert store.key_result(kr.id).target == 300
    store.structure.edit_key_result(kr.id, {"target": 250}, override=True, reason="new SLA agreed")
    assert store.key_result(kr.id).target == 250
    log = store.audit_log("key_result", kr.id)
    assert [(e.action, e.reason) for e in log] == [
        ("create", ""),
        ("edit", ""),
        ("edit", ""),
        ("override", "new SLA agreed"),
    ]
    assert json.loads(log[-1].before)["target"] == 300
    assert json.loads(log[-1].after)["target"] == 250


def test_moving_renumbers_and_the_references_follow(store: Store) -> None:
    ids = _planned(store)
    a = store.structure.create_objective(ids["cycle"], ids["eng"], "A")
    b = store.structure.create_objective(ids["cycle"], ids["eng"], "B")
    kr = store.structure.create_key_result(a.id, "Users", start=0, target=10)
    store.structure.create_key_result(b.id, "Other", start=0, target=10)
    moved = store.structure.move_key_result(kr.id, b.id)
    assert (moved.objective_id, moved.ref, moved.number) == (b.id, "ENG-2.2", 2)
    moved_b = store.structure.move_objective(b.id, ids["ops"])
    assert moved_b.ref == "OPS-1"
    assert sorted(k.ref for k in store.key_results(objective_id=b.id)) == ["OPS-1.1", "OPS-1.2"]
    last = store.audit_log("objective", b.id)[-1]
    assert last.action == "move"
    assert json.loads(last.before)["ref"] == "ENG-2"


def test_retired_key_results_leave_the_round_but_keep_their_history(
    store: Store, small_org: dict[str, int]
) -> None:
    cycle = small_org["cycle"]
    kr_id = small_org["ENG-1.1"]
    store.record_checkin(kr_id, confidence=6, value=700)
    retired = store.structure.retire_key_result(kr_id, reason="replaced by ENG-1.3")
    assert retired.retired_at is not None
    assert kr_id not in {s.kr.id for s in scope_krs(store, cycle, small_org["team"])}
    assert kr_id not in {row.id for row in store.kr_overview(cycle, baselines={})}
    assert store.kr_counts_by_team(cycle) == {small_org["team"]: 3}
    at = store.clock.now()
    assert sum(n for _, _, n in store.kr_confidence_counts(cycle, stale_at_or_before=at)) == 3
    assert store.key_result(kr_id).title == "p95 latency"  # not deleted
    assert len(store.checkins(kr_id)) == 1
    assert kr_id in {k.id for k in store.key_results(cycle)}  # reports still see it
    assert store.audit_log("key_result", kr_id)[-1].reason == "replaced by ENG-1.3"
    with pytest.raises(Conflict, match="retired already"):
        store.structure.retire_key_result(kr_id)


def test_retiring_an_objective_retires_its_key_results(
    store: Store, small_org: dict[str, int]
) -> None:
    cycle = small_org["cycle"]
    objective = store.kr_by_ref("ENG-2.1").objective_id
    store.structure.retire_objective(objective, reason="dropped")
    in_round = {s.kr.ref for s in scope_krs(store, cycle, None)}
    assert in_round == {"ENG-1.1", "ENG-1.2"}
    assert [o.ref for o in store.objective_rows(cycle)] == ["ENG-1"]
    assert {e.entity for e in store.audit_log() if e.action == "retire"} == {
        "objective",
        "key_result",
    }
    with pytest.raises(Conflict, match="retired: it takes no new key results"):
        store.structure.create_key_result(objective, "More", start=0, target=1)


def test_a_closed_cycle_s_okrs_are_history(store: Store, small_org: dict[str, int]) -> None:
    store.set_cycle_status(small_org["cycle"], CycleStatus.CLOSED)
    with pytest.raises(Conflict, match="is closed"):
        store.structure.create_objective(small_org["cycle"], small_org["team"], "Late")
    with pytest.raises(Conflict, match="is closed"):
        store.structure.edit_key_result(small_org["ENG-1.1"], {"title": "x"})


def test_agreeing_a_draft_is_audited_once(store: Store, small_org: dict[str, int]) -> None:
    objective = store.kr_by_ref("ENG-1.1").objective_id
    assert store.objective(objective).agreed_at is None
    store.structure.agree_objective(objective)
    store.structure.agree_objective(objective)
    assert store.objective(objective).agreed_at is not None
    assert [e.action for e in store.audit_log("objective", objective)] == ["agree"]

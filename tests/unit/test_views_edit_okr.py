"""The forms' view model, without Textual: every message names its field; saving writes
through the audited store; the history reads as lines."""

from __future__ import annotations

import re

import pytest

from okrtui.domain.kinds import CycleStatus, KRKind, ObjectiveKind, Role
from okrtui.store import Store
from okrtui.views.edit_okr import (
    FIELDS,
    Saved,
    coach_for,
    edit_rows,
    history_lines,
    initial_text,
    load_context,
    needs_reason,
    save,
    save_record,
    validate,
)


@pytest.mark.parametrize(
    ("kind", "text", "field", "message"),
    [
        ("person", {"handle": "", "name": "A"}, "handle", "Handle: required"),
        ("person", {"handle": "a b", "name": "A"}, "handle", "Handle: letters, digits"),
        ("person", {"handle": "ana", "name": "A"}, "handle", "Handle: 'ana' is taken by Ana"),
        ("person", {"handle": "zed", "name": ""}, "name", "Name: required"),
        ("person", {"handle": "zed", "name": "Z", "roles": "boss"}, "roles", "Roles: 'boss'"),
        ("team", {"code": "eng", "name": "E"}, "code", "Code: team ENG exists already"),
        ("team", {"code": "9X", "name": "E"}, "code", "Code: up to 12 capitals"),
        ("team", {"code": "OPS", "name": "O", "parent": "NOPE"}, "parent", "Parent team: no"),
        ("team", {"code": "OPS", "name": "O", "members": "ana zz"}, "members", "Members: nobody"),
        ("team", {"code": "OPS", "name": "O", "manager": "zz"}, "manager", "Manager: nobody"),
        (
            "cycle",
            {"slug": "q1", "name": "Q1", "start": "2027-13-01", "end": "2027-04-01"},
            "start",
            "Start: '2027-13-01' is not a date",
        ),
        (
            "cycle",
            {"slug": "q1", "name": "Q1", "start": "2027-04-01", "end": "2027-01-01"},
            "end",
            "End: must be after the start",
        ),
        (
            "cycle",
            {"slug": "q 1", "name": "Q1", "start": "2027-01-01", "end": "2027-04-01"},
            "slug",
            "Slug: letters",
        ),
        ("objective", {"team": "XX", "title": "T", "kind": "c"}, "team", "Team: no team"),
        ("objective", {"team": "ENG", "title": "", "kind": "c"}, "title", "Title: required"),
        ("objective", {"team": "ENG", "title": "T", "kind": "x"}, "kind", "Kind: committed or"),
        (
            "objective",
            {"team": "ENG", "title": "T", "kind": "a", "aligned": "ENG-9"},
            "aligned",
            "Aligned to: no objective 'ENG-9'",
        ),
        (
            "objective",
            {"team": "ENG", "title": "T", "kind": "a", "owner": "zz"},
            "owner",
            "Owner: nobody has the handle 'zz'",
        ),
        (
            "kr",
            {"objective": "ENG-9", "title": "T", "start": "1", "target": "2"},
            "objective",
            "Objective: no objective 'ENG-9'",
        ),
        (
            "kr",
            {"objective": "ENG-1", "title": "T", "start": "1,5", "target": "2"},
            "start",
            "Start: '1,5' is not a number",
        ),
        (
            "kr",
            {"objective": "ENG-1", "title": "T", "start": "", "target": "2"},
            "start",
            "Start: a metric needs a start",
        ),
        (
            "kr",
            {"objective": "ENG-1", "title": "T", "start": "2", "target": "2"},
            "target",
            "Target: must differ from the start",
        ),
        (
            "kr",
            {"objective": "ENG-1", "title": "T", "kind": "done", "start": "2"},
            "start",
            "Start: a milestone has none",
        ),
        ("kr", {"objective": "ENG-1", "title": "T", "kind": "x"}, "kind", "Kind: metric or"),
        (
            "kr",
            {"objective": "ENG-1", "title": "T", "start": "1", "target": "2", "unit": "u" * 41},
            "unit",
            "Unit: is 41 characters long",
        ),
    ],
)
def test_every_message_names_its_field(
    store: Store,
    small_org: dict[str, int],
    kind: str,
    text: dict[str, str],
    field: str,
    message: str,
) -> None:
    checked = validate(kind, text, load_context(store))  # type: ignore[arg-type]
    assert not checked.ok
    assert checked.errors[field].startswith(message), checked.errors


def test_a_good_kr_form_is_saved_through_the_audited_store(
    store: Store, small_org: dict[str, int]
) -> None:
    ctx = load_context(store)
    text = {
        "objective": "eng-2",
        "title": "Trial signups",
        "start": "1,200",
        "target": "2,000",
        "unit": "signups",
        "owner": "@ben",
    }
    checked = validate("kr", text, ctx)
    assert checked.ok, checked.errors
    assert save(store, "kr", checked.values, ctx, None) == "Added ENG-2.3"
    kr = store.kr_by_ref("ENG-2.3")
    assert (kr.start, kr.target, kr.owner_id, kr.kind) == (
        1200,
        2000,
        small_org["ben"],
        KRKind.METRIC,
    )
    assert [e.action for e in store.audit_log("key_result", kr.id)] == ["create"]


def test_editing_fills_the_form_and_a_locked_target_asks_a_reason(
    store: Store, small_org: dict[str, int]
) -> None:
    store.lock_cycle(small_org["cycle"])
    ctx = load_context(store)
    kr_id = small_org["ENG-1.1"]
    text = initial_text("kr", ctx, kr_id)
    assert text["start"] == "800" and text["target"] == "200" and text["owner"] == "ana"
    same = validate("kr", text, ctx, kr_id)
    assert not needs_reason("kr", same.values, ctx, kr_id)
    moved = validate("kr", {**text, "target": "250"}, ctx, kr_id)
    assert needs_reason("kr", moved.values, ctx, kr_id)
    said = save(store, "kr", {**moved.values, "reason": "SLA changed"}, ctx, kr_id)
    assert said == "Saved ENG-1.1"
    entry = store.audit_log("key_result", kr_id)[-1]
    assert (entry.action, entry.reason) == ("override", "SLA changed")


def test_the_coach_reads_the_form_as_typed(store: Store, small_org: dict[str, int]) -> None:
    ctx = load_context(store)
    found = coach_for(
        "kr", {"objective": "ENG-1", "title": "Implement SSO", "kind": "done"}, ctx, None
    )
    assert [(f.code, f.subject) for f in found] == [
        ("no-owner", "ENG-1.3"),
        ("activity-not-outcome", "ENG-1.3"),
    ]
    objective = coach_for(
        "objective",
        {"team": "ENG", "title": "Make the API fast", "kind": "c", "owner": "ana"},
        ctx,
        None,
    )
    assert ("duplicate-title", "ENG-3") in [(f.code, f.subject) for f in objective]
    assert coach_for("person", {}, ctx, None) == []


def test_people_teams_and_a_cycle_from_forms(store: Store) -> None:
    ctx = load_context(store)
    assert "no cycle yet" in edit_rows(ctx)[1].text
    for text in (
        {"handle": "ana", "name": "Ana", "roles": "okr-champion, Team manager"},
        {"handle": "ben", "name": "Ben"},
    ):
        checked = validate("person", text, load_context(store))
        save(store, "person", checked.values, load_context(store), None)
    assert store.person_by_handle("ana").roles == (Role.OKR_CHAMPION, Role.TEAM_MANAGER)
    team = validate(
        "team",
        {"code": "eng", "name": "Eng", "members": "ana, ben", "manager": "ben"},
        load_context(store),
    )
    assert save(store, "team", team.values, load_context(store), None) == "Added team ENG"
    cycle = validate(
        "cycle",
        {"slug": "2027-Q1", "name": "Q1", "start": "2027-01-04", "end": "2027-04-04"},
        load_context(store),
    )
    said = save(store, "cycle", cycle.values, load_context(store), None)
    assert said == "Added cycle 2027-Q1 with its milestones"
    created = store.cycle_by_slug("2027-Q1")
    assert created.status is CycleStatus.PLANNING
    assert len(store.milestones(created.id)) == 6
    assert [e.action for e in store.audit_log("cycle", created.id)] == ["create"]
    ctx = load_context(store)
    objective = validate("objective", {"team": "ENG", "title": "Fast", "kind": "a"}, ctx)
    save(store, "objective", objective.values, ctx, None)
    rows = [(r.kind, r.text, r.detail) for r in edit_rows(load_context(store))]
    assert ("objective", "ENG-1 Fast", "aspirational, draft") in rows
    assert store.objectives(created.id)[0].kind is ObjectiveKind.ASPIRATIONAL


def test_history_lines_say_who_changed_what(store: Store, small_org: dict[str, int]) -> None:
    kr_id = small_org["ENG-1.1"]
    store.structure.edit_key_result(kr_id, {"target": 300, "title": "p95"})
    [line] = history_lines(store.audit_log("key_result", kr_id))
    assert line == "2026-11-18 09:30 · tester · edit: title p95 latency -> p95; target 200 -> 300"


def test_nothing_sits_under_or_aligns_to_itself_and_empty_means_none(
    store: Store, small_org: dict[str, int]
) -> None:
    ctx = load_context(store)
    eng = ctx.by_code["eng"]
    team = {"code": "ENG", "name": "Engineering", "parent": " eng "}
    checked = validate("team", team, ctx, editing=eng.id)
    assert checked.errors["parent"] == "Parent team: a team cannot sit under itself"
    assert validate("team", {**team, "parent": ""}, ctx, editing=eng.id).values["parent"] is None
    objective = next(iter(ctx.by_ref.values()))
    form = {"team": "ENG", "title": "T", "kind": "a", "aligned": objective.ref.lower()}
    checked = validate("objective", form, ctx, editing=objective.id)
    assert checked.errors["aligned"] == "Aligned to: an objective cannot align to itself"
    other = validate("objective", form, ctx, editing=None)
    assert other.values["aligned"] == objective.id


def test_no_placeholder_reads_as_a_value() -> None:
    """In the trial a cycle form's grey "2027-Q1" and "Q1 2027" looked filled in, and Ctrl+S
    said "Slug: required". An example follows "e.g. "; anything else describes the field in
    words (no example value before any "e.g.")."""
    for kind, specs in FIELDS.items():
        for spec in specs:
            p = spec.placeholder
            described = len(p.split()) >= 2 and not re.search(r"\d", p.split("e.g.")[0])
            assert p.startswith("e.g. ") or p == "YYYY-MM-DD" or described or spec.choices, (
                kind,
                spec.name,
                p,
            )
    cycle = {spec.name: spec.placeholder for spec in FIELDS["cycle"]}
    assert (cycle["slug"], cycle["name"]) == ("e.g. 2027-Q1", "e.g. Q1 2027")


def test_a_kind_is_a_choice_naming_its_options() -> None:
    kinds = {k: next(s for s in FIELDS[k] if s.name == "kind") for k in ("kr", "objective")}
    assert kinds["kr"].choices == ("metric", "milestone")
    assert dict(kinds["kr"].aliases) == {"done": "milestone"}
    assert kinds["objective"].choices == ("committed", "aspirational")


def test_a_new_kr_is_owned_by_me_and_a_new_objective_takes_the_only_team(
    store: Store, small_org: dict[str, int]
) -> None:
    ctx = load_context(store)
    ben = store.person_by_handle("ben").id
    eng = ctx.by_code["eng"]
    objective = store.kr_by_ref("ENG-1.1").objective_id
    assert initial_text("kr", ctx, None, under=objective, me=ben) == {
        "objective": "ENG-1",
        "kind": "metric",
        "owner": "ben",
    }
    assert initial_text("kr", ctx, None)["owner"] == ""
    assert initial_text("objective", ctx, None)["team"] == eng.code  # the only team
    store.structure.create_team("OPS", "Operations")
    two = load_context(store)
    assert initial_text("objective", two, None)["team"] == ""  # which one? the user says
    assert initial_text("objective", two, None, under=eng.id)["team"] == "ENG"


def test_save_record_says_which_record_it_wrote(store: Store, small_org: dict[str, int]) -> None:
    ctx = load_context(store)
    checked = validate("objective", {"team": "ENG", "title": "Calm on-call", "kind": "c"}, ctx)
    saved = save_record(store, "objective", checked.values, ctx, None)
    assert saved == Saved("Added ENG-3", "objective", store.objectives(1)[-1].id)
    assert store.objective(saved.id).ref == "ENG-3"

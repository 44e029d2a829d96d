"""Writing OKRs in the app, without Textual: the forms (which fields, what they hold), their
validation as you type (a message per field, naming it), the coach beside the form, the
writes through `Store.structure`, and the audit as readable lines.

A form holds text as typed. `validate` turns it into values or messages; `save` writes
(create, or edit and move) and returns what to say. The screen only shows and forwards.
Every reference is typed as people say it: a team by code (`ENG`), a person by handle
(`ana`), an objective by reference (`ENG-1`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal, NamedTuple, Protocol

from okrtui.domain.coach import KRDraft, coach_key_result, coach_objective
from okrtui.domain.health import HealthFinding
from okrtui.domain.kinds import CycleStatus, KRKind, ObjectiveKind, Role
from okrtui.domain.models import (
    AuditEntry,
    Cycle,
    KeyResult,
    Milestone,
    Objective,
    Person,
    Team,
)
from okrtui.domain.team_tree import team_tree
from okrtui.limits import TEXT_MAX, TITLE_MAX, UNIT_MAX, too_long
from okrtui.store import Store

FormKind = Literal["person", "team", "cycle", "milestone", "objective", "kr"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One field of a form. A placeholder is grey text in an empty field: it starts with
    "e.g. " or describes what goes there, so it never reads as a value typed in. A field
    with `choices` is a pick among them (the first is the default); `aliases` are other
    words typed for a choice ("done" for a milestone)."""

    name: str
    label: str
    placeholder: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    aliases: tuple[tuple[str, str], ...] = ()


OBJECTIVE_KINDS = tuple(k.value for k in ObjectiveKind)
KR_KINDS = tuple(k.value for k in KRKind)

FIELDS: dict[FormKind, tuple[FieldSpec, ...]] = {
    "person": (
        FieldSpec("handle", "Handle", "e.g. ana (letters, digits, . _ -)", True),
        FieldSpec("name", "Name", "e.g. Ana Silva", True),
        FieldSpec("roles", "Roles", "e.g. okr-champion, team-manager (comma-separated)"),
    ),
    "team": (
        FieldSpec("code", "Code", "e.g. ENG (capitals and digits)", True),
        FieldSpec("name", "Name", "e.g. Engineering", True),
        FieldSpec("parent", "Parent team", "code of the team above (empty: top)"),
        FieldSpec("members", "Members", "handles, comma-separated"),
        FieldSpec("manager", "Manager", "a handle (made a member)"),
    ),
    "cycle": (
        FieldSpec("slug", "Slug", "e.g. 2027-Q1", True),
        FieldSpec("name", "Name", "e.g. Q1 2027", True),
        FieldSpec("start", "Start", "YYYY-MM-DD", True),
        FieldSpec("end", "End", "YYYY-MM-DD", True),
        FieldSpec("reason", "Reason", "why, when the cycle is locked"),
    ),
    "milestone": (
        FieldSpec("on", "Date", "YYYY-MM-DD", True),
        FieldSpec("reason", "Reason", "why, when the cycle is locked"),
    ),
    "objective": (
        FieldSpec("team", "Team", "e.g. ENG (a team code)", True),
        FieldSpec("title", "Title", "what the team wants to achieve", True),
        FieldSpec("owner", "Owner", "a handle"),
        FieldSpec("kind", "Kind", "", True, OBJECTIVE_KINDS),
        FieldSpec("aligned", "Aligned to", "objective above, e.g. ORG-1 (empty: none)"),
        FieldSpec("description", "Description", "optional: the why behind it"),
    ),
    "kr": (
        FieldSpec("objective", "Objective", "e.g. ENG-1 (an objective)", True),
        FieldSpec("title", "Title", "an outcome you can measure", True),
        FieldSpec("kind", "Kind", "", True, KR_KINDS, (("done", KRKind.MILESTONE.value),)),
        FieldSpec("start", "Start", "where the metric starts"),
        FieldSpec("target", "Target", "what number means done"),
        FieldSpec("unit", "Unit", "e.g. ms, %, users"),
        FieldSpec("owner", "Owner", "a handle"),
        FieldSpec("reason", "Reason", "why, when a locked target changes"),
    ),
}

TITLES: dict[FormKind, str] = {
    "person": "person",
    "team": "team",
    "cycle": "cycle",
    "milestone": "milestone",
    "objective": "objective",
    "kr": "key result",
}


@dataclass
class EditContext:
    """What the forms look things up in, read once when a form opens."""

    cycle: Cycle | None
    people: list[Person]
    teams: list[Team]
    objectives: list[Objective]
    key_results: list[KeyResult]
    milestones: list[Milestone]

    @property
    def by_handle(self) -> dict[str, Person]:
        return {p.handle.casefold(): p for p in self.people}

    @property
    def by_code(self) -> dict[str, Team]:
        return {t.code.casefold(): t for t in self.teams}

    @property
    def by_ref(self) -> dict[str, Objective]:
        return {o.ref.casefold(): o for o in self.objectives}


def load_context(store: Store, cycle_id: int | None = None) -> EditContext:
    """What the forms look things up in: the current cycle's, or `cycle_id`'s."""
    cycle = store.current_cycle() if cycle_id is None else store.cycle(cycle_id)
    return EditContext(
        cycle=cycle,
        people=store.people(),
        teams=store.teams(),
        objectives=[] if cycle is None else store.objectives(cycle.id),
        key_results=[] if cycle is None else store.key_results(cycle.id),
        milestones=[] if cycle is None else store.milestones(cycle.id),
    )


@dataclass
class Checked:
    """A form's text, checked: `values` when every field is fine, else `errors` by field."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _words(text: str) -> list[str]:
    return [w for w in text.replace(",", " ").split() if w]


def _text(out: Checked, name: str, label: str, text: str, limit: int, required: bool) -> None:
    value = text.strip()
    if required and not value:
        out.errors[name] = f"{label}: required"
        return
    problem = too_long(value, limit)
    if problem:
        out.errors[name] = f"{label}: {problem}"
        return
    out.values[name] = value


def _date(out: Checked, name: str, label: str, text: str) -> None:
    from okrtui.domain.calendar import date_problem

    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        out.errors[name] = f"{label}: {text.strip()!r} is not a date (YYYY-MM-DD)"
        return
    problem = date_problem(day)
    if problem:
        out.errors[name] = f"{label}: {problem}"
        return
    out.values[name] = day


def _number(out: Checked, name: str, label: str, text: str, unit: str) -> None:
    from okrtui.domain.krstate import parse_value

    if not text.strip():
        out.values[name] = None
        return
    try:
        out.values[name] = parse_value(text, unit)
    except ValueError as error:
        out.errors[name] = f"{label}: {error}"


class _HasId(Protocol):
    @property
    def id(self) -> int: ...


def _above(
    out: Checked,
    name: str,
    text: str,
    known: Mapping[str, _HasId],
    editing: int | None,
    *,
    missing: str,
    itself: str,
) -> None:
    """What a team sits under, or an objective aligns to: empty for none, never itself."""
    key = text.strip()
    if not key:
        out.values[name] = None
        return
    found = known.get(key.casefold())
    if found is None:
        out.errors[name] = missing.format(key)
    elif found.id == editing:
        out.errors[name] = itself
    else:
        out.values[name] = found.id


def _person(out: Checked, ctx: EditContext, name: str, label: str, text: str) -> None:
    handle = text.strip().removeprefix("@")
    if not handle:
        out.values[name] = None
        return
    person = ctx.by_handle.get(handle.casefold())
    if person is None:
        out.errors[name] = f"{label}: nobody has the handle {handle!r}"
        return
    out.values[name] = person.id


_ROLE_NAMES = {r.value: r for r in Role} | {r.label.casefold(): r for r in Role}


def validate(
    kind: FormKind, text: Mapping[str, str], ctx: EditContext, editing: int | None = None
) -> Checked:
    """Check a form's text; `editing` is the id of what is edited (None: a new one)."""
    out = Checked()

    def get(name: str) -> str:
        return text.get(name, "")

    if kind == "person":
        handle = get("handle").strip()
        if not handle:
            out.errors["handle"] = "Handle: required"
        elif not _handle_ok(handle):
            out.errors["handle"] = (
                "Handle: letters, digits, '.', '_' or '-', starting with a letter or digit"
            )
        else:
            taken = ctx.by_handle.get(handle.casefold())
            if taken is not None and taken.id != editing:
                out.errors["handle"] = f"Handle: {handle!r} is taken by {taken.name}"
            out.values["handle"] = handle
        _text(out, "name", "Name", get("name"), TITLE_MAX, True)
        roles: list[Role] = []
        for word in _role_words(get("roles")):
            role = _ROLE_NAMES.get(word.casefold())
            if role is None:
                out.errors["roles"] = (
                    f"Roles: {word!r} is not a role ({', '.join(r.value for r in Role)})"
                )
                break
            roles.append(role)
        out.values["roles"] = roles
    elif kind == "team":
        code = get("code").strip().upper()
        if not code:
            out.errors["code"] = "Code: required"
        elif not (code[0].isalpha() and code.isalnum() and code.isascii() and len(code) <= 12):
            out.errors["code"] = "Code: up to 12 capitals and digits, starting with a letter"
        else:
            taken_team = ctx.by_code.get(code.casefold())
            if taken_team is not None and taken_team.id != editing:
                out.errors["code"] = f"Code: team {code} exists already"
            out.values["code"] = code
        _text(out, "name", "Name", get("name"), TITLE_MAX, True)
        _above(
            out,
            "parent",
            get("parent"),
            ctx.by_code,
            editing,
            missing="Parent team: no team has the code {!r}",
            itself="Parent team: a team cannot sit under itself",
        )
        members: list[int] = []
        for handle in _words(get("members")):
            person = ctx.by_handle.get(handle.removeprefix("@").casefold())
            if person is None:
                out.errors["members"] = f"Members: nobody has the handle {handle!r}"
                break
            members.append(person.id)
        out.values["members"] = members
        _person(out, ctx, "manager", "Manager", get("manager"))
    elif kind == "cycle":
        if editing is None:
            slug = get("slug").strip()
            if not slug:
                out.errors["slug"] = "Slug: required"
            elif not _handle_ok(slug) or len(slug) > 40:
                out.errors["slug"] = "Slug: letters, digits, '.', '_' or '-' (e.g. 2027-Q1)"
            out.values["slug"] = slug
        _text(out, "name", "Name", get("name"), TITLE_MAX, True)
        _date(out, "start", "Start", get("start"))
        _date(out, "end", "End", get("end"))
        start, end = out.values.get("start"), out.values.get("end")
        if start is not None and end is not None and end <= start:
            out.errors["end"] = "End: must be after the start"
        out.values["reason"] = get("reason").strip()
    elif kind == "milestone":
        _date(out, "on", "Date", get("on"))
        out.values["reason"] = get("reason").strip()
    elif kind == "objective":
        team_code = get("team").strip()
        team = ctx.by_code.get(team_code.casefold()) if team_code else None
        if not team_code:
            out.errors["team"] = "Team: required"
        elif team is None:
            out.errors["team"] = f"Team: no team has the code {team_code!r}"
        else:
            out.values["team"] = team.id
        _text(out, "title", "Title", get("title"), TITLE_MAX, True)
        _person(out, ctx, "owner", "Owner", get("owner"))
        kind_text = get("kind").strip().casefold()
        if kind_text in {"c", "committed"}:
            out.values["kind"] = ObjectiveKind.COMMITTED
        elif kind_text in {"a", "aspirational"}:
            out.values["kind"] = ObjectiveKind.ASPIRATIONAL
        else:
            out.errors["kind"] = "Kind: committed or aspirational (c / a)"
        _above(
            out,
            "aligned",
            get("aligned"),
            ctx.by_ref,
            editing,
            missing="Aligned to: no objective {!r} in this cycle",
            itself="Aligned to: an objective cannot align to itself",
        )
        _text(out, "description", "Description", get("description"), TEXT_MAX, False)
    else:  # kr
        ref = get("objective").strip()
        objective = ctx.by_ref.get(ref.casefold()) if ref else None
        if not ref:
            out.errors["objective"] = "Objective: required"
        elif objective is None:
            out.errors["objective"] = f"Objective: no objective {ref!r} in this cycle"
        elif objective.retired_at is not None:
            out.errors["objective"] = f"Objective: {objective.ref} is retired"
        else:
            out.values["objective"] = objective.id
        _text(out, "title", "Title", get("title"), TITLE_MAX, True)
        kind_text = get("kind").strip().casefold()
        if kind_text in {"", "m", "metric"}:
            kr_kind = KRKind.METRIC
        elif kind_text in {"done", "d", "milestone"}:
            kr_kind = KRKind.MILESTONE
        else:
            out.errors["kind"] = "Kind: metric or milestone (m / done)"
            kr_kind = KRKind.METRIC
        out.values["kind"] = kr_kind
        unit = get("unit").strip()
        _text(out, "unit", "Unit", unit, UNIT_MAX, False)
        if kr_kind is KRKind.METRIC:
            _number(out, "start", "Start", get("start"), unit)
            _number(out, "target", "Target", get("target"), unit)
            if "start" not in out.errors and out.values.get("start") is None:
                out.errors["start"] = "Start: a metric needs a start (or make it a milestone)"
            if "target" not in out.errors and out.values.get("target") is None:
                out.errors["target"] = "Target: a metric needs a target"
            start, target = out.values.get("start"), out.values.get("target")
            if start is not None and target is not None and start == target:
                out.errors["target"] = "Target: must differ from the start"
        else:
            out.values.update(start=None, target=None)
            for name, label in (("start", "Start"), ("target", "Target")):
                if get(name).strip():
                    out.errors[name] = f"{label}: a milestone has none (it is done or not)"
        _person(out, ctx, "owner", "Owner", get("owner"))
        out.values["reason"] = get("reason").strip()
    return out


def _role_words(text: str) -> list[str]:
    """Roles by comma; a piece that is no role's value or label is split at spaces."""
    words: list[str] = []
    for piece in (p.strip() for p in text.split(",")):
        if not piece:
            continue
        words += [piece] if piece.casefold() in _ROLE_NAMES else piece.split()
    return words


def _handle_ok(text: str) -> bool:
    import re

    return re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", text) is not None and len(text) <= 64


# -- the text a form starts with ---------------------------------------------------------


def initial_text(
    kind: FormKind,
    ctx: EditContext,
    editing: int | None,
    *,
    under: int | None = None,
    me: int | None = None,
) -> dict[str, str]:
    """What a form shows when it opens: the record's fields, or sensible defaults.
    `under`: for a new key result, its objective; for a new objective, its team (else the
    only team, when there is one). `me`: who the app runs as, a new key result's owner."""
    people = {p.id: p.handle for p in ctx.people}
    teams = {t.id: t.code for t in ctx.teams}
    refs = {o.id: o.ref for o in ctx.objectives}
    if kind == "person":
        if editing is None:
            return {}
        p = next(p for p in ctx.people if p.id == editing)
        return {"handle": p.handle, "name": p.name, "roles": ", ".join(r.value for r in p.roles)}
    if kind == "team":
        if editing is None:
            return {}
        t = next(t for t in ctx.teams if t.id == editing)
        manager = next((people[m] for m in t.member_ids if Role.TEAM_MANAGER in _roles(ctx, m)), "")
        return {
            "code": t.code,
            "name": t.name,
            "parent": "" if t.parent_id is None else teams.get(t.parent_id, ""),
            "members": ", ".join(people[m] for m in t.member_ids if m in people),
            "manager": manager,
        }
    if kind == "cycle":
        if editing is None or ctx.cycle is None:
            return {}
        c = ctx.cycle
        return {
            "slug": c.slug,
            "name": c.name,
            "start": c.start.isoformat(),
            "end": c.end.isoformat(),
        }
    if kind == "milestone":
        m = next(m for m in ctx.milestones if m.id == editing)
        return {"on": m.on.isoformat()}
    if kind == "objective":
        if editing is None:
            only = ctx.teams[0].code if len(ctx.teams) == 1 else ""
            team = teams.get(under, "") if under is not None else only
            return {"team": team, "kind": ObjectiveKind.COMMITTED.value}
        o = next(o for o in ctx.objectives if o.id == editing)
        return {
            "team": teams.get(o.team_id, ""),
            "title": o.title,
            "owner": "" if o.owner_id is None else people.get(o.owner_id, ""),
            "kind": o.kind.value,
            "aligned": "" if o.parent_id is None else refs.get(o.parent_id, ""),
            "description": o.description,
        }
    if editing is None:
        return {
            "objective": refs.get(under, "") if under is not None else "",
            "kind": KRKind.METRIC.value,
            "owner": people.get(me, "") if me is not None else "",
        }
    k = next(k for k in ctx.key_results if k.id == editing)
    from okrtui.domain.krstate import number_text

    return {
        "objective": refs.get(k.objective_id, ""),
        "title": k.title,
        "kind": k.kind.value,
        "start": "" if k.start is None else number_text(k.start),
        "target": "" if k.target is None else number_text(k.target),
        "unit": k.unit,
        "owner": "" if k.owner_id is None else people.get(k.owner_id, ""),
    }


def _roles(ctx: EditContext, person_id: int) -> tuple[Role, ...]:
    return next((p.roles for p in ctx.people if p.id == person_id), ())


# -- the coach beside the form -----------------------------------------------------------


def coach_for(
    kind: FormKind, text: Mapping[str, str], ctx: EditContext, editing: int | None
) -> list[HealthFinding]:
    """The coach's findings on the form as typed (objective and key result forms)."""
    if kind == "kr":
        return _kr_coach(text, ctx, editing)
    if kind == "objective":
        return _objective_coach(text, ctx, editing)
    return []


def _loose_number(text: str, unit: str) -> float | None:
    from okrtui.domain.krstate import parse_value

    try:
        return parse_value(text, unit) if text.strip() else None
    except ValueError:
        return None


def _kr_coach(
    text: Mapping[str, str], ctx: EditContext, editing: int | None
) -> list[HealthFinding]:
    objective = ctx.by_ref.get(text.get("objective", "").strip().casefold())
    kind_text = text.get("kind", "").strip().casefold()
    kr_kind = KRKind.MILESTONE if kind_text in {"done", "d", "milestone"} else KRKind.METRIC
    unit = text.get("unit", "").strip()
    current = next((k for k in ctx.key_results if k.id == editing), None)
    if current is not None and objective is not None and current.objective_id == objective.id:
        ref = current.ref
    elif objective is not None:
        taken = [k.number for k in ctx.key_results if k.objective_id == objective.id]
        ref = f"{objective.ref}.{max(taken, default=0) + 1}"
    else:
        ref = "this key result"
    owner = ctx.by_handle.get(text.get("owner", "").strip().removeprefix("@").casefold())
    draft = KRDraft(
        title=text.get("title", ""),
        objective_id=0 if objective is None else objective.id,
        id=editing or 0,
        ref=ref,
        owner_id=None if owner is None else owner.id,
        kind=kr_kind,
        start=None if kr_kind is KRKind.MILESTONE else _loose_number(text.get("start", ""), unit),
        target=None if kr_kind is KRKind.MILESTONE else _loose_number(text.get("target", ""), unit),
        unit=unit,
    )
    siblings = [
        k
        for k in ctx.key_results
        if objective is not None and k.objective_id == objective.id and k.retired_at is None
    ]
    return coach_key_result(draft, siblings)


def _objective_coach(
    text: Mapping[str, str], ctx: EditContext, editing: int | None
) -> list[HealthFinding]:
    team = ctx.by_code.get(text.get("team", "").strip().casefold())
    if ctx.cycle is None or team is None or not text.get("title", "").strip():
        return []
    current = next((o for o in ctx.objectives if o.id == editing), None)
    if current is not None and current.team_id == team.id:
        number, ref = current.number, current.ref
    else:
        taken = [o.number for o in ctx.objectives if o.team_id == team.id]
        number = max(taken, default=0) + 1
        ref = f"{team.code}-{number}"
    owner = ctx.by_handle.get(text.get("owner", "").strip().removeprefix("@").casefold())
    parent = ctx.by_ref.get(text.get("aligned", "").strip().casefold())
    kind_text = text.get("kind", "").strip().casefold()
    draft = Objective(
        id=editing or 0,
        cycle_id=ctx.cycle.id,
        team_id=team.id,
        number=number,
        ref=ref,
        title=text.get("title", "").strip(),
        owner_id=None if owner is None else owner.id,
        kind=ObjectiveKind.ASPIRATIONAL
        if kind_text in {"a", "aspirational"}
        else ObjectiveKind.COMMITTED,
        parent_id=None if parent is None else parent.id,
    )
    live = [o for o in ctx.objectives if o.retired_at is None]
    return coach_objective(
        ctx.cycle,
        draft,
        teams=ctx.teams,
        objectives=live,
        key_results=[k for k in ctx.key_results if k.retired_at is None],
    )


# -- saving -----------------------------------------------------------------------------


class Saved(NamedTuple):
    """What a save says, and the record it wrote (where a list's cursor goes next)."""

    said: str
    kind: FormKind
    id: int


def save(
    store: Store,
    kind: FormKind,
    values: Mapping[str, Any],
    ctx: EditContext,
    editing: int | None,
) -> str:
    """Write a checked form (create, or edit and move); what to say on success.
    Raises `StoreError` (a message naming the field) when the store refuses."""
    return save_record(store, kind, values, ctx, editing).said


def save_record(
    store: Store,
    kind: FormKind,
    values: Mapping[str, Any],
    ctx: EditContext,
    editing: int | None,
) -> Saved:
    """`save`, saying which record was written too."""
    s = store.structure
    if kind == "person":
        if editing is None:
            p = s.create_person(values["handle"], values["name"], values["roles"])
            return Saved(f"Added {p.name} ({p.handle})", kind, p.id)
        p = s.edit_person(
            editing, name=values["name"], handle=values["handle"], roles=values["roles"]
        )
        return Saved(f"Saved {p.name} ({p.handle})", kind, p.id)
    if kind == "team":
        if editing is None:
            t = s.create_team(
                values["code"],
                values["name"],
                parent_id=values["parent"],
                member_ids=values["members"],
                manager_id=values["manager"],
            )
            return Saved(f"Added team {t.code}", kind, t.id)
        with store.write():
            before = store.team(editing)
            if values["name"] != before.name:
                s.rename_team(editing, values["name"])
            if values["parent"] != before.parent_id:
                s.move_team(editing, values["parent"])
            if tuple(values["members"]) != before.member_ids:
                s.edit_team_members(editing, values["members"])
            if values["manager"] is not None:
                current = s.team_manager(editing)
                if current is None or current.id != values["manager"]:
                    s.set_team_manager(editing, values["manager"])
        return Saved(f"Saved team {before.code}", kind, editing)
    if kind == "cycle":
        if editing is None:
            from okrtui.cycle import new_cycle

            with store.write():
                c = new_cycle(store, values["slug"], values["name"], values["start"], values["end"])
                store.audit("cycle", c.id, "create", None, c)
            return Saved(f"Added cycle {c.slug} with its milestones", kind, c.id)
        c = s.edit_cycle(
            editing,
            name=values["name"],
            start=values["start"],
            end=values["end"],
            override=bool(values["reason"]),
            reason=values["reason"],
        )
        return Saved(f"Saved cycle {c.slug}", kind, c.id)
    if kind == "milestone":
        assert editing is not None
        reason = values["reason"]
        m = store.move_milestone(editing, values["on"], override=bool(reason), reason=reason)
        return Saved(f"Moved {m.title} to {m.on.isoformat()}", kind, m.id)
    if kind == "objective":
        if ctx.cycle is None:
            from okrtui.store import StoreError

            raise StoreError("there is no cycle yet: add one first (c)")
        if editing is None:
            o = s.create_objective(
                ctx.cycle.id,
                values["team"],
                values["title"],
                owner_id=values["owner"],
                kind=values["kind"],
                parent_id=values["aligned"],
                description=values["description"],
            )
            return Saved(f"Added {o.ref}", kind, o.id)
        with store.write():
            o = s.edit_objective(
                editing,
                {
                    "title": values["title"],
                    "owner_id": values["owner"],
                    "kind": values["kind"],
                    "parent_id": values["aligned"],
                    "description": values["description"],
                },
            )
            if values["team"] != o.team_id:
                o = s.move_objective(editing, values["team"])
        return Saved(f"Saved {o.ref}", kind, o.id)
    # kr
    if editing is None:
        k = s.create_key_result(
            values["objective"],
            values["title"],
            kind=values["kind"],
            start=values["start"],
            target=values["target"],
            unit=values["unit"],
            owner_id=values["owner"],
        )
        return Saved(f"Added {k.ref}", kind, k.id)
    reason = values["reason"]
    with store.write():
        k = s.edit_key_result(
            editing,
            {
                "title": values["title"],
                "owner_id": values["owner"],
                "kind": values["kind"],
                "start": values["start"],
                "target": values["target"],
                "unit": values["unit"],
            },
            override=bool(reason),
            reason=reason,
        )
        if values["objective"] != k.objective_id:
            k = s.move_key_result(editing, values["objective"])
    return Saved(f"Saved {k.ref}", kind, k.id)


def needs_reason(
    kind: FormKind, values: Mapping[str, Any], ctx: EditContext, editing: int | None
) -> bool:
    """Whether saving would change a locked cycle's fixed facts (so the reason is asked)."""
    if ctx.cycle is None or not ctx.cycle.locked or editing is None:
        return False
    if kind == "kr":
        k = next((k for k in ctx.key_results if k.id == editing), None)
        return k is not None and (
            values.get("start") != k.start
            or values.get("target") != k.target
            or values.get("kind") is not k.kind
        )
    if kind == "milestone":
        return True
    if kind == "cycle":
        return (values.get("start"), values.get("end")) != (ctx.cycle.start, ctx.cycle.end)
    return False


# -- the rows of the writing screen ------------------------------------------------------

RowKind = Literal["cycle", "milestone", "person", "team", "objective", "kr", "heading"]


@dataclass(frozen=True, slots=True)
class EditRow:
    kind: RowKind
    id: int
    text: str
    detail: str = ""
    retired: bool = False
    draft: bool = False


ObjectiveStatus = Literal["retired", "agreed", "draft", "in force"]


def objective_status(objective: Objective, cycle: Cycle | None) -> ObjectiveStatus:
    """An objective is a draft only while its cycle is being planned and nobody has agreed
    it; once the cycle runs, what was never agreed is in force all the same."""
    if objective.retired_at:
        return "retired"
    if objective.agreed_at:
        return "agreed"
    planning = cycle is not None and cycle.status is CycleStatus.PLANNING
    return "draft" if planning else "in force"


def edit_rows(ctx: EditContext) -> list[EditRow]:
    """Everything the writing screen lists, in reading order: the cycle and its milestones,
    people, teams (as a tree), then objectives by team with their key results."""
    rows: list[EditRow] = [EditRow("heading", 0, "Cycle")]
    if ctx.cycle is None:
        rows.append(EditRow("heading", 1, "  no cycle yet: c adds one"))
    else:
        c = ctx.cycle
        state = c.status.value + (", locked" if c.locked else "")
        rows.append(
            EditRow("cycle", c.id, f"{c.name} ({c.slug})", f"{c.start} to {c.end}, {state}")
        )
        rows += [
            EditRow("milestone", m.id, f"  {m.title}", m.on.isoformat()) for m in ctx.milestones
        ]
    rows.append(EditRow("heading", 2, f"People ({len(ctx.people)})"))
    rows += [
        EditRow("person", p.id, f"{p.name} ({p.handle})", ", ".join(r.label for r in p.roles))
        for p in ctx.people
    ]
    rows.append(EditRow("heading", 3, f"Teams ({len(ctx.teams)})"))
    rows += [
        EditRow("team", t.id, f"{'  ' * depth}{t.code} {t.name}", f"{len(t.member_ids)} members")
        for t, depth in team_tree(ctx.teams)
    ]
    rows.append(EditRow("heading", 4, "Objectives and key results"))
    refs = {o.id: o.ref for o in ctx.objectives}
    krs: dict[int, list[KeyResult]] = {}
    for k in ctx.key_results:
        krs.setdefault(k.objective_id, []).append(k)
    for o in ctx.objectives:
        aligned = f" -> {refs[o.parent_id]}" if o.parent_id in refs else ""
        status = objective_status(o, ctx.cycle)
        rows.append(
            EditRow(
                "objective",
                o.id,
                f"{o.ref} {o.title}",
                f"{o.kind.value}{aligned}, {status}",
                retired=o.retired_at is not None,
                draft=o.agreed_at is None,
            )
        )
        for k in krs.get(o.id, []):
            rows.append(
                EditRow(
                    "kr",
                    k.id,
                    f"  {k.ref} {k.title}",
                    kr_measure(k) + (", retired" if k.retired_at else ""),
                    retired=k.retired_at is not None,
                )
            )
    return rows


def kr_measure(k: KeyResult) -> str:
    """A key result's measure in a few words: "62 -> 70 %", or "milestone"."""
    from okrtui.domain.krstate import number_text

    if k.kind is KRKind.MILESTONE or k.start is None or k.target is None:
        return "milestone"
    unit = f" {k.unit}" if k.unit else ""
    return f"{number_text(k.start)} -> {number_text(k.target)}{unit}"


# -- the audit, readable ---------------------------------------------------------------

ENTITY_OF: dict[str, str] = {
    "objective": "objective",
    "kr": "key_result",
    "person": "person",
    "team": "team",
    "cycle": "cycle",
    "milestone": "milestone",
}


def history_lines(entries: Sequence[AuditEntry]) -> list[str]:
    """One line per audit row, oldest first: when, who, what, and the fields that changed."""
    lines: list[str] = []
    for e in entries:
        when = e.at.strftime("%Y-%m-%d %H:%M")
        changes = audit_changes(e.before, e.after)
        line = f"{when} · {e.who} · {e.action}"
        if changes:
            line += ": " + "; ".join(changes)
        if e.reason:
            line += f" (reason: {e.reason})"
        lines.append(line)
    return lines


_SHOWN = (
    "ref",
    "title",
    "name",
    "handle",
    "code",
    "owner_id",
    "kind",
    "parent_id",
    "start",
    "target",
    "unit",
    "direction",
    "end",
    "on",
    "locked",
    "status",
    "member_ids",
    "roles",
    "retired_at",
    "agreed_at",
    "description",
)


def audit_changes(before: str, after: str) -> list[str]:
    """What an audit row changed, field by field ("title a -> b"); "created …" for a new
    record."""
    try:
        old: Any = json.loads(before)
        new: Any = json.loads(after)
    except ValueError:
        return []
    if not isinstance(new, dict):
        return []
    if not isinstance(old, dict):
        title = new.get("title") or new.get("name") or new.get("ref") or ""
        return [f"created {title}".strip()]
    out: list[str] = []
    for key in _SHOWN:
        if key in new and old.get(key) != new.get(key):
            out.append(f"{key} {_show(old.get(key))} -> {_show(new.get(key))}")
    return out


def _show(value: object) -> str:
    if value is None:
        return "none"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def load_history(store: Store, kind: FormKind | RowKind, entity_id: int) -> list[str]:
    entity = ENTITY_OF.get(kind, kind)
    return history_lines(store.audit_log(entity, entity_id))


def retire(store: Store, kind: RowKind, entity_id: int, reason: str) -> str:
    if kind == "objective":
        o = store.structure.retire_objective(entity_id, reason)
        return f"Retired {o.ref} and its key results"
    if kind == "kr":
        k = store.structure.retire_key_result(entity_id, reason)
        return f"Retired {k.ref}"
    from okrtui.store import StoreError

    raise StoreError("only objectives and key results are retired")


LOCKING_MEANS = (
    "Locking sets its milestone dates and every key result's start and target in stone: "
    "changing one afterwards needs an override with a reason, and is audited."
)


def lock_question(cycle: Cycle, *, activate: bool) -> tuple[str, str]:
    """What is asked before `lock_and_activate`: the question naming the cycle, and what
    it means."""
    name = f"{cycle.name} ({cycle.slug})"
    if not activate:
        return f"Lock cycle {name}?", LOCKING_MEANS
    if cycle.locked:
        return f"Start cycle {name}?", "Check-ins are due from its start."
    return (
        f"Lock and start cycle {name}?",
        f"{LOCKING_MEANS} Check-ins are due from its start.",
    )


def lock_and_activate(store: Store, cycle_id: int, *, activate: bool) -> str:
    from okrtui.cycle import activate_cycle, lock_cycle

    cycle = store.cycle(cycle_id)
    if not cycle.locked:
        cycle = lock_cycle(store, cycle)
    if activate and cycle.status is CycleStatus.PLANNING:
        cycle = activate_cycle(store, cycle)
        return f"Cycle {cycle.slug} is locked and active"
    return f"Cycle {cycle.slug} is locked"


__all__ = [
    "FIELDS",
    "KR_KINDS",
    "OBJECTIVE_KINDS",
    "TITLES",
    "Checked",
    "EditContext",
    "EditRow",
    "FieldSpec",
    "FormKind",
    "Saved",
    "audit_changes",
    "coach_for",
    "edit_rows",
    "history_lines",
    "initial_text",
    "kr_measure",
    "load_context",
    "load_history",
    "lock_and_activate",
    "lock_question",
    "needs_reason",
    "objective_status",
    "retire",
    "save",
    "save_record",
    "validate",
]

"""Writing the OKR structure: people, teams, cycles, objectives and key results.

`Store.structure` holds these writes. Every one runs in one `BEGIN IMMEDIATE` transaction and
writes an audit row (who, when, before, after) in it, so an edit and its record never part.

Decisions:
- Nothing is deleted: an objective or a key result is *retired* (`retired_at`): it stays in
  its history, the reports and the audit, and leaves the KR round and the dashboard.
  Retiring an objective retires its key results with it.
- Moving an objective to another team gives it that team's next number and reference
  (`OPS-3`), and its key results follow (`OPS-3.1`…); moving a key result gives it the next
  number under its new objective. The audit keeps the old references.
- Once a cycle is locked, a key result's start or target, and the cycle's dates, change only
  with `override=True` and a reason; the audit row says `override` and keeps the reason.
- A team's manager is a member holding the `team-manager` role.
- Validation refuses with a `StoreError` whose message names the field: the command line
  prints it, a form shows it beside the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from okrtui.domain.kinds import CycleStatus, Direction, KRKind, ObjectiveKind, Role
from okrtui.limits import TEXT_MAX, TITLE_MAX, UNIT_MAX, too_long
from okrtui.store.convert import date_text, to_text
from okrtui.store.errors import Conflict, LockedMilestone, NotFound, StoreError

if TYPE_CHECKING:
    from okrtui.domain.models import Cycle, KeyResult, Objective, Person, Team
    from okrtui.store.store import Store

OBJECTIVE_FIELDS = frozenset({"title", "owner_id", "kind", "parent_id", "description"})
KR_FIELDS = frozenset({"title", "owner_id", "kind", "start", "target", "unit", "direction"})
LOCKED_KR_FIELDS = frozenset({"start", "target", "kind", "direction"})
"""What a locked cycle fixes on a key result: how it is measured."""


def _check_text(field: str, text: str, limit: int, *, required: bool = True) -> str:
    text = text.strip()
    if required and not text:
        raise StoreError(f"{field}: cannot be empty")
    problem = too_long(text, limit)
    if problem:
        raise StoreError(f"{field}: {problem}")
    return text


def _validation_message(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "value"
    message = str(first.get("msg", "is not valid")).removeprefix("Value error, ")
    return f"{where}: {message}"


class StructureWrites:
    """Create, edit, move and retire the OKR structure; every write audited.

    `Store.structure` gives one over the store: `store.structure.create_objective(...)`.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    # -- people -----------------------------------------------------------------

    def create_person(self, handle: str, name: str, roles: Iterable[Role] = ()) -> Person:
        from okrtui.domain.models import Person

        name = _check_text("name", name, TITLE_MAX)
        try:
            person = Person(handle=handle.strip(), name=name, roles=tuple(dict.fromkeys(roles)))
        except ValidationError as error:
            raise StoreError(_validation_message(error)) from None
        with self.store.write():
            created = self.store.add_person(person)
            self.store.audit("person", created.id, "create", None, created)
        return created

    def edit_person(
        self,
        person_id: int,
        *,
        name: str | None = None,
        handle: str | None = None,
        roles: Iterable[Role] | None = None,
    ) -> Person:
        from okrtui.domain.models import Person

        with self.store.write():
            before = self.store.person(person_id)
            update: dict[str, Any] = {}
            if name is not None:
                update["name"] = _check_text("name", name, TITLE_MAX)
            if handle is not None:
                update["handle"] = handle.strip()
            if roles is not None:
                update["roles"] = tuple(dict.fromkeys(roles))
            try:
                after = Person.model_validate({**before.model_dump(), **update})
            except ValidationError as error:
                raise StoreError(_validation_message(error)) from None
            if after.handle.casefold() != before.handle.casefold() and self.store._row(
                "SELECT id FROM people WHERE handle = ? COLLATE NOCASE AND id != ?",
                [after.handle, person_id],
            ):
                raise Conflict(f"handle: '{after.handle}' is taken by someone else")
            self.store.db.execute(
                "UPDATE people SET name = ?, handle = ? WHERE id = ?",
                [after.name, after.handle, person_id],
            )
            self.store.db.execute("DELETE FROM person_roles WHERE person_id = ?", [person_id])
            for role in after.roles:
                self.store._insert("person_roles", {"person_id": person_id, "role": role.value})
            after = self.store.person(person_id)
            self.store.audit("person", person_id, "edit", before, after)
        return after

    # -- teams --------------------------------------------------------------------

    def create_team(
        self,
        code: str,
        name: str,
        *,
        parent_id: int | None = None,
        member_ids: Sequence[int] = (),
        manager_id: int | None = None,
    ) -> Team:
        from okrtui.domain.models import Team

        name = _check_text("name", name, TITLE_MAX)
        try:
            team = Team(code=code.strip().upper(), name=name, parent_id=parent_id)
        except ValidationError as error:
            raise StoreError(_validation_message(error)) from None
        with self.store.write():
            if parent_id is not None:
                self.store.team(parent_id)
            members = list(dict.fromkeys(member_ids))
            for pid in members:
                self.store.person(pid)
            created = self.store.add_team(team.model_copy(update={"member_ids": tuple(members)}))
            if manager_id is not None:
                self._make_manager(created.id, manager_id)
            created = self.store.team(created.id)
            self.store.audit("team", created.id, "create", None, created)
        return created

    def rename_team(self, team_id: int, name: str) -> Team:
        name = _check_text("name", name, TITLE_MAX)
        with self.store.write():
            before = self.store.team(team_id)
            self.store.db.execute("UPDATE teams SET name = ? WHERE id = ?", [name, team_id])
            after = self.store.team(team_id)
            self.store.audit("team", team_id, "edit", before, after)
        return after

    def move_team(self, team_id: int, parent_id: int | None) -> Team:
        """Put a team under another in the tree (None: at the top)."""
        with self.store.write():
            before = self.store.team(team_id)
            if parent_id is not None:
                parents = {t.id: t.parent_id for t in self.store.teams()}
                if parent_id not in parents:
                    raise NotFound(f"parent: no team with id {parent_id}")
                seen: int | None = parent_id
                while seen is not None:
                    if seen == team_id:
                        raise Conflict(
                            f"parent: {before.code} cannot sit under itself or its own sub-team"
                        )
                    seen = parents.get(seen)
            self.store.db.execute(
                "UPDATE teams SET parent_id = ? WHERE id = ?", [parent_id, team_id]
            )
            after = self.store.team(team_id)
            self.store.audit("team", team_id, "move", before, after)
        return after

    def edit_team_members(self, team_id: int, member_ids: Iterable[int]) -> Team:
        with self.store.write():
            before = self.store.team(team_id)
            members = list(dict.fromkeys(member_ids))
            for pid in members:
                self.store.person(pid)
            self.store.set_team_members(team_id, members)
            after = self.store.team(team_id)
            self.store.audit("team", team_id, "members", before, after)
        return after

    def set_team_manager(self, team_id: int, person_id: int) -> Team:
        """Make `person_id` the team's manager: a member with the team-manager role."""
        with self.store.write():
            before = self.store.team(team_id)
            self._make_manager(team_id, person_id)
            after = self.store.team(team_id)
            managed = {**after.model_dump(), "manager": person_id}
            self.store.audit("team", team_id, "manager", before, managed)
        return after

    def _make_manager(self, team_id: int, person_id: int) -> None:
        person = self.store.person(person_id)
        self.store.db.execute(
            "INSERT OR IGNORE INTO team_members (team_id, person_id) VALUES (?, ?)",
            [team_id, person_id],
        )
        if Role.TEAM_MANAGER not in person.roles:
            role = {"person_id": person_id, "role": Role.TEAM_MANAGER.value}
            self.store._insert("person_roles", role)

    def team_manager(self, team_id: int) -> Person | None:
        """The team's manager: its first member holding the team-manager role."""
        people = self.store.people_by_id()
        for pid in self.store.team(team_id).member_ids:
            if Role.TEAM_MANAGER in people[pid].roles:
                return people[pid]
        return None

    # -- cycles -------------------------------------------------------------------

    def create_cycle(self, slug: str, name: str, start: date, end: date) -> Cycle:
        from okrtui.domain.models import Cycle

        name = _check_text("name", name, TITLE_MAX)
        try:
            cycle = Cycle(slug=slug.strip(), name=name, start=start, end=end)
        except ValidationError as error:
            raise StoreError(_validation_message(error)) from None
        with self.store.write():
            created = self.store.add_cycle(cycle)
            self.store.audit("cycle", created.id, "create", None, created)
        return created

    def edit_cycle(
        self,
        cycle_id: int,
        *,
        name: str | None = None,
        start: date | None = None,
        end: date | None = None,
        override: bool = False,
        reason: str = "",
    ) -> Cycle:
        from okrtui.domain.models import Cycle

        with self.store.write():
            before = self.store.cycle(cycle_id)
            update: dict[str, Any] = {}
            if name is not None:
                update["name"] = _check_text("name", name, TITLE_MAX)
            if start is not None:
                update["start"] = start
            if end is not None:
                update["end"] = end
            try:
                after = Cycle.model_validate({**before.model_dump(), **update})
            except ValidationError as error:
                raise StoreError(_validation_message(error)) from None
            dates_moved = (after.start, after.end) != (before.start, before.end)
            if before.status is CycleStatus.CLOSED and dates_moved:
                raise Conflict(f"cycle {before.slug} is closed: its dates are history")
            action = self._locked_gate(before, dates_moved, "its dates", override, reason)
            self.store.db.execute(
                "UPDATE cycles SET name = ?, start = ?, end = ? WHERE id = ?",
                [after.name, date_text(after.start), date_text(after.end), cycle_id],
            )
            after = self.store.cycle(cycle_id)
            self.store.audit("cycle", cycle_id, action, before, after, reason.strip())
        return after

    def _locked_gate(
        self, cycle: Cycle, fixed_change: bool, what: str, override: bool, reason: str
    ) -> str:
        """'edit', or 'override' when a locked cycle's fixed facts change with a reason."""
        if not (cycle.locked and fixed_change):
            return "edit"
        if not override:
            raise LockedMilestone(
                f"cycle {cycle.slug} is locked: changing {what} needs an override with a reason"
            )
        if not reason.strip():
            raise LockedMilestone(
                f"reason: cycle {cycle.slug} is locked: an override needs a reason"
            )
        return "override"

    # -- objectives ---------------------------------------------------------------

    def _open_cycle(self, cycle_id: int) -> Cycle:
        cycle = self.store.cycle(cycle_id)
        if cycle.status is CycleStatus.CLOSED:
            raise Conflict(f"cycle {cycle.slug} is closed: its OKRs are history")
        return cycle

    def _check_parent(self, cycle_id: int, objective_id: int, parent_id: int) -> None:
        parents = {
            r["id"]: r["parent_id"]
            for r in self.store._rows(
                "SELECT id, parent_id FROM objectives WHERE cycle_id = ?", [cycle_id]
            )
        }
        if parent_id not in parents:
            raise NotFound(f"aligned to: no objective with id {parent_id} in this cycle")
        seen: int | None = parent_id
        while seen is not None:
            if seen == objective_id:
                raise Conflict("aligned to: an objective cannot align to itself or below itself")
            seen = parents.get(seen)

    def create_objective(
        self,
        cycle_id: int,
        team_id: int,
        title: str,
        *,
        owner_id: int | None = None,
        kind: ObjectiveKind = ObjectiveKind.COMMITTED,
        parent_id: int | None = None,
        description: str = "",
    ) -> Objective:
        from okrtui.domain.models import Objective

        title = _check_text("title", title, TITLE_MAX)
        description = _check_text("description", description, TEXT_MAX, required=False)
        with self.store.write():
            self._open_cycle(cycle_id)
            team = self.store.team(team_id)
            if owner_id is not None:
                self.store.person(owner_id)
            if parent_id is not None:
                self._check_parent(cycle_id, 0, parent_id)
            number = self.store.next_objective_number(cycle_id, team_id)
            created = self.store.add_objective(
                Objective(
                    cycle_id=cycle_id,
                    team_id=team_id,
                    number=number,
                    ref=f"{team.code}-{number}",
                    title=title,
                    owner_id=owner_id,
                    kind=kind,
                    parent_id=parent_id,
                    description=description,
                )
            )
            self.store.audit("objective", created.id, "create", None, created)
        return created

    def edit_objective(self, objective_id: int, changes: Mapping[str, Any]) -> Objective:
        """Change an objective's title, owner, kind, alignment (`parent_id`) or description."""
        from okrtui.domain.models import Objective

        unknown = set(changes) - OBJECTIVE_FIELDS
        if unknown:
            raise StoreError(f"cannot change {', '.join(sorted(unknown))} of an objective")
        values = dict(changes)
        if "title" in values:
            values["title"] = _check_text("title", str(values["title"]), TITLE_MAX)
        if "description" in values:
            values["description"] = _check_text(
                "description", str(values["description"]), TEXT_MAX, required=False
            )
        with self.store.write():
            before = self.store.objective(objective_id)
            self._open_cycle(before.cycle_id)
            if values.get("owner_id") is not None:
                self.store.person(int(values["owner_id"]))
            if values.get("parent_id") is not None:
                self._check_parent(before.cycle_id, objective_id, int(values["parent_id"]))
            try:
                after = Objective.model_validate({**before.model_dump(), **values})
            except ValidationError as error:
                raise StoreError(_validation_message(error)) from None
            self.store.db.execute(
                "UPDATE objectives SET title = ?, owner_id = ?, kind = ?, parent_id = ?, "
                "description = ? WHERE id = ?",
                [
                    after.title,
                    after.owner_id,
                    after.kind.value,
                    after.parent_id,
                    after.description,
                    objective_id,
                ],
            )
            after = self.store.objective(objective_id)
            self.store.audit("objective", objective_id, "edit", before, after)
        return after

    def move_objective(self, objective_id: int, team_id: int) -> Objective:
        """Give an objective to another team: its next number and reference there; its key
        results' references follow."""
        with self.store.write():
            before = self.store.objective(objective_id)
            self._open_cycle(before.cycle_id)
            team = self.store.team(team_id)
            if team_id == before.team_id:
                return before
            number = self.store.next_objective_number(before.cycle_id, team_id)
            ref = f"{team.code}-{number}"
            self.store.db.execute(
                "UPDATE objectives SET team_id = ?, number = ?, ref = ? WHERE id = ?",
                [team_id, number, ref, objective_id],
            )
            for kr in self.store.key_results(objective_id=objective_id):
                self.store.db.execute(
                    "UPDATE key_results SET ref = ? WHERE id = ?",
                    [f"{ref}.{kr.number}", kr.id],
                )
            after = self.store.objective(objective_id)
            self.store.audit("objective", objective_id, "move", before, after)
        return after

    def retire_objective(self, objective_id: int, reason: str = "") -> Objective:
        """Retire an objective and its key results: kept in history and reports, gone
        from rounds and the dashboard."""
        with self.store.write():
            before = self.store.objective(objective_id)
            if before.retired_at is not None:
                raise Conflict(f"objective {before.ref} is retired already")
            now = to_text(self.store._now())
            self.store.db.execute(
                "UPDATE objectives SET retired_at = ? WHERE id = ?", [now, objective_id]
            )
            for kr in self.store.key_results(objective_id=objective_id):
                if kr.retired_at is None:
                    self.store.db.execute(
                        "UPDATE key_results SET retired_at = ? WHERE id = ?", [now, kr.id]
                    )
                    retired = self.store.key_result(kr.id)
                    self.store.audit("key_result", kr.id, "retire", kr, retired, reason)
            after = self.store.objective(objective_id)
            self.store.audit("objective", objective_id, "retire", before, after, reason)
        return after

    def agree_objective(self, objective_id: int) -> Objective:
        """Mark a draft objective agreed (the alignment session)."""
        with self.store.write():
            before = self.store.objective(objective_id)
            if before.agreed_at is not None:
                return before
            self.store.db.execute(
                "UPDATE objectives SET agreed_at = ? WHERE id = ?",
                [to_text(self.store._now()), objective_id],
            )
            after = self.store.objective(objective_id)
            self.store.audit("objective", objective_id, "agree", before, after)
        return after

    # -- key results --------------------------------------------------------------

    def _kr_model(self, data: Mapping[str, Any]) -> KeyResult:
        from okrtui.domain.models import KeyResult

        values = dict(data)
        if "unit" in values:
            values["unit"] = _check_text("unit", str(values["unit"]), UNIT_MAX, required=False)
        if values.get("kind") is KRKind.MILESTONE or values.get("kind") == "milestone":
            values.update(start=None, target=None, direction=None, unit="")
        try:
            return KeyResult.model_validate(values)
        except ValidationError as error:
            raise StoreError(_validation_message(error)) from None

    def create_key_result(
        self,
        objective_id: int,
        title: str,
        *,
        kind: KRKind = KRKind.METRIC,
        start: float | None = None,
        target: float | None = None,
        unit: str = "",
        direction: Direction | None = None,
        owner_id: int | None = None,
    ) -> KeyResult:
        title = _check_text("title", title, TITLE_MAX)
        with self.store.write():
            objective = self.store.objective(objective_id)
            cycle = self._open_cycle(objective.cycle_id)
            if objective.retired_at is not None:
                raise Conflict(f"objective {objective.ref} is retired: it takes no new key results")
            if owner_id is not None:
                self.store.person(owner_id)
            number = self._next_kr_number(objective_id)
            kr = self._kr_model(
                {
                    "objective_id": objective_id,
                    "number": number,
                    "ref": f"{objective.ref}.{number}",
                    "title": title,
                    "owner_id": owner_id,
                    "kind": kind,
                    "start": start,
                    "target": target,
                    "unit": unit,
                    "direction": direction,
                }
            )
            created = self.store.add_key_result(kr, cycle.id)
            self.store.audit("key_result", created.id, "create", None, created)
        return created

    def _next_kr_number(self, objective_id: int) -> int:
        row = self.store._row(
            "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM key_results WHERE objective_id = ?",
            [objective_id],
        )
        return int(row["n"]) if row else 1

    def edit_key_result(
        self,
        kr_id: int,
        changes: Mapping[str, Any],
        *,
        override: bool = False,
        reason: str = "",
    ) -> KeyResult:
        """Change a key result's title, owner or measure; in a locked cycle a new start,
        target, kind or direction needs `override` and a reason."""
        unknown = set(changes) - KR_FIELDS
        if unknown:
            raise StoreError(f"cannot change {', '.join(sorted(unknown))} of a key result")
        values = dict(changes)
        if "title" in values:
            values["title"] = _check_text("title", str(values["title"]), TITLE_MAX)
        with self.store.write():
            before = self.store.key_result(kr_id)
            cycle = self._open_cycle(self.store.kr_cycle_id(kr_id))
            if values.get("owner_id") is not None:
                self.store.person(int(values["owner_id"]))
            merged = {**before.model_dump(), **values}
            if ("start" in values or "target" in values) and "direction" not in values:
                merged["direction"] = None
            after = self._kr_model(merged)
            measure_changed = any(
                getattr(after, name) != getattr(before, name) for name in LOCKED_KR_FIELDS
            )
            action = self._locked_gate(cycle, measure_changed, "a target", override, reason)
            self.store.db.execute(
                "UPDATE key_results SET title = ?, owner_id = ?, kind = ?, start = ?, "
                "target = ?, unit = ?, direction = ? WHERE id = ?",
                [
                    after.title,
                    after.owner_id,
                    after.kind.value,
                    after.start,
                    after.target,
                    after.unit,
                    None if after.direction is None else after.direction.value,
                    kr_id,
                ],
            )
            after = self.store.key_result(kr_id)
            self.store.audit("key_result", kr_id, action, before, after, reason.strip())
        return after

    def move_key_result(self, kr_id: int, objective_id: int) -> KeyResult:
        """Put a key result under another objective of the same cycle, numbered last."""
        with self.store.write():
            before = self.store.key_result(kr_id)
            cycle_id = self.store.kr_cycle_id(kr_id)
            self._open_cycle(cycle_id)
            objective = self.store.objective(objective_id)
            if objective.cycle_id != cycle_id:
                raise Conflict(f"objective: {objective.ref} is in another cycle")
            if objective.retired_at is not None:
                raise Conflict(f"objective: {objective.ref} is retired")
            if objective_id == before.objective_id:
                return before
            number = self._next_kr_number(objective_id)
            self.store.db.execute(
                "UPDATE key_results SET objective_id = ?, number = ?, ref = ? WHERE id = ?",
                [objective_id, number, f"{objective.ref}.{number}", kr_id],
            )
            after = self.store.key_result(kr_id)
            self.store.audit("key_result", kr_id, "move", before, after)
        return after

    def retire_key_result(self, kr_id: int, reason: str = "") -> KeyResult:
        """Retire a key result: kept in history and reports, gone from rounds."""
        with self.store.write():
            before = self.store.key_result(kr_id)
            if before.retired_at is not None:
                raise Conflict(f"key result {before.ref} is retired already")
            self.store.db.execute(
                "UPDATE key_results SET retired_at = ? WHERE id = ?",
                [to_text(self.store._now()), kr_id],
            )
            after = self.store.key_result(kr_id)
            self.store.audit("key_result", kr_id, "retire", before, after, reason)
        return after

    def objective_by_ref(self, ref: str, cycle_id: int) -> Objective:
        from okrtui.domain.models import Objective

        row = self.store._row(
            "SELECT * FROM objectives WHERE cycle_id = ? AND ref = ? COLLATE NOCASE",
            [cycle_id, ref.strip()],
        )
        if row is None:
            slug = self.store.cycle(cycle_id).slug
            raise NotFound(f"no objective '{ref.strip()}' in cycle {slug}")
        return Objective(**row)

"""What a CSV sheet brings along besides its objectives and key results: the cycle, people
and teams (created when absent), the objectives' alignment, and, into a cycle it creates,
each KR's current value and confidence. So a spreadsheet imports into an empty database,
and export -> `init` -> import -> export gives the same sheet back.

Columns (all optional; `okrtui.io.csv_io` reads the rest):

    cycle, cycle_name, cycle_start, cycle_end      the cycle (slug, name, first and last day)
    team_name, team_parent                         a team's name and the code of the team above
    objective_owner_name, kr_owner_name            a person's name, for a handle not known yet
    aligned_to                                     the reference of the objective it serves

Decisions:
- `--cycle` (an explicit cycle) wins over the `cycle` columns. Without it, every row must
  name the same cycle; a cycle that does not exist is created (in planning, with the six
  standard milestones) from `cycle_name`, `cycle_start` and `cycle_end`.
- A team or person already in the database is used as it is: the sheet never renames one.
  An unknown team is created when its row gives `team_name`; an unknown parent team named
  only by `team_parent` is created with its code as its name. An unknown handle is created
  when its row gives the name; without one, the import refuses it as before.
- `aligned_to` names an objective by the reference it has in the sheet (`ref` column's
  objective part, `ENG-2` of `ENG-2.1`) or, failing that, in the cycle.
- `value` and `confidence` become one check-in per KR only in a cycle the import creates
  (a sheet seeding a new cycle from last cycle's does not carry last cycle's state over).
- Everything, setup and rows, is one transaction: a bad row leaves nothing behind.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from okrtui.domain.models import Cycle, Objective
from okrtui.io.okrset import OKRSetError
from okrtui.store.errors import NotFound
from okrtui.store.store import Store

Fail = Callable[[int, str, str], OKRSetError]
"""Makes the error for a row and column."""

SETUP_COLUMNS = (
    "cycle",
    "cycle_name",
    "cycle_start",
    "cycle_end",
    "team_name",
    "team_parent",
    "objective_owner_name",
    "kr_owner_name",
    "aligned_to",
)


@dataclass
class SetupPlan:
    """What to create before the rows are imported, and what to do after."""

    source: str
    cycle_slug: str | None = None
    new_cycle: tuple[str, date, date] | None = None
    """Name, start and end of a cycle to create."""
    people: dict[str, str] = field(default_factory=dict)
    """Handle to name, for people to create."""
    teams: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """Code to (name, parent code), in the order to create them (parents first)."""
    alignments: list[tuple[int, str, str, str]] = field(default_factory=list)
    """(row, team code, objective title, the parent's sheet reference)."""
    sheet_refs: dict[str, tuple[str, str]] = field(default_factory=dict)
    """An objective's reference in the sheet to its (team code, title)."""
    states: list[tuple[int, str, str, int, float | None, int]] = field(default_factory=list)
    """(row, team code, objective title, KR's place in its objective, value, confidence)."""

    @property
    def fresh(self) -> bool:
        return self.new_cycle is not None

    @property
    def needed(self) -> bool:
        return bool(self.new_cycle or self.people or self.teams or self.alignments)


def _rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """The sheet's rows as cells by (lower-case) column, with the spreadsheet's row number;
    the checks on sizes, NULs and the header are `csv_io`'s, which runs after."""
    from okrtui.io.csv_io import _delimiter, unneutralised

    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error:
        return []  # csv_io says what is wrong with it
    if not records:
        return []
    columns = [cell.strip().lower() for cell in records[0]]
    rows: list[tuple[int, dict[str, str]]] = []
    for number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        rows.append(
            (
                number,
                {
                    name: unneutralised(value.strip())
                    for name, value in zip(columns, record, strict=False)
                },
            )
        )
    return rows


def plan_setup(store: Store, text: str, source: str, cycle_slug: str | None) -> SetupPlan | None:
    """What the sheet brings along that the database lacks; None when it brings nothing
    (the import then runs exactly as it always has)."""
    rows = _rows(text)
    if not rows or not any(name in SETUP_COLUMNS for name in rows[0][1]):
        return None
    plan = SetupPlan(source)

    def fail(row: int, column: str, message: str) -> OKRSetError:
        return OKRSetError(f"{source}: row {row}, column {column}: {message}")

    if cycle_slug is None:
        _plan_cycle(store, rows, plan, fail)
    teams = {t.code.casefold() for t in store.teams()}
    handles = {p.handle.casefold() for p in store.people()}
    for row, cells in rows:
        _plan_team(row, cells, plan, teams, fail)
        for column, name_column in (
            ("objective_owner", "objective_owner_name"),
            ("kr_owner", "kr_owner_name"),
        ):
            handle = cells.get(column, "")
            name = cells.get(name_column, "")
            if handle and name and handle.casefold() not in handles:
                _check_handle(row, column, handle, fail)
                plan.people.setdefault(handle, name)
    places: dict[tuple[str, str], int] = {}
    for row, cells in rows:
        team, title = cells.get("team", ""), cells.get("objective", "")
        if not (team and title and cells.get("kr", "")):
            continue  # csv_io names the empty cell
        key = (team.casefold(), title.casefold())
        places[key] = places.get(key, 0) + 1
        ref = cells.get("ref", "")
        if "." in ref:
            plan.sheet_refs.setdefault(ref.rsplit(".", 1)[0].casefold(), (team, title))
        parent = cells.get("aligned_to", "")
        if parent:
            plan.alignments.append((row, team, title, parent))
        if plan.fresh:
            state = _state(row, cells, fail)
            if state is not None:
                plan.states.append((row, team, title, places[key], *state))
    return plan if plan.needed else None


def _plan_cycle(
    store: Store, rows: list[tuple[int, dict[str, str]]], plan: SetupPlan, fail: Fail
) -> None:
    named = [(row, cells.get("cycle", "")) for row, cells in rows if cells.get("cycle", "")]
    if not named:
        return
    slug = named[0][1]
    for row, other in named:
        if other.casefold() != slug.casefold():
            raise fail(row, "cycle", f"is {other!r}, but row {named[0][0]} says {slug!r}")
    plan.cycle_slug = slug
    try:
        store.cycle_by_slug(slug)
        return
    except NotFound:
        pass
    row, cells = next((r, c) for r, c in rows if c.get("cycle", ""))
    name = cells.get("cycle_name", "") or slug
    days: list[date] = []
    for column in ("cycle_start", "cycle_end"):
        text = cells.get(column, "")
        if not text:
            raise fail(row, column, f"is needed to create cycle {slug!r} (YYYY-MM-DD)")
        try:
            days.append(date.fromisoformat(text))
        except ValueError:
            raise fail(row, column, f"{text!r} is not a date (YYYY-MM-DD)") from None
    plan.new_cycle = (name, days[0], days[1])


def _plan_team(
    row: int,
    cells: dict[str, str],
    plan: SetupPlan,
    known: set[str],
    fail: Fail,
) -> None:
    code, name = cells.get("team", ""), cells.get("team_name", "")
    if not code or code.casefold() in known or not name:
        return
    parent = cells.get("team_parent", "") or None
    placeholder = next(
        (c for c, (n, _) in plan.teams.items() if c.casefold() == code.casefold()), None
    )
    if placeholder is not None:
        if plan.teams[placeholder][0] == placeholder:  # made for a parent: now it has a name
            plan.teams[placeholder] = (name, plan.teams[placeholder][1])
        return
    _check_code(row, "team", code, fail)
    planned = {c.casefold() for c in plan.teams}
    if parent is not None and parent.casefold() not in known | planned:
        _check_code(row, "team_parent", parent, fail)
        plan.teams[parent] = (parent, None)
    plan.teams[code] = (name, parent)


def _check_code(row: int, column: str, code: str, fail: Fail) -> None:
    from pydantic import ValidationError

    from okrtui.domain.models import Team

    try:
        Team(code=code, name=code)
    except ValidationError:
        raise fail(
            row, column, f"{code!r} is not a team code (capitals and digits, up to 12)"
        ) from None


def _check_handle(row: int, column: str, handle: str, fail: Fail) -> None:
    from pydantic import ValidationError

    from okrtui.domain.models import Person

    try:
        Person(handle=handle, name=handle)
    except ValidationError:
        raise fail(row, column, f"{handle!r} is not a handle (letters, digits, . _ -)") from None


def _state(row: int, cells: dict[str, str], fail: Fail) -> tuple[float | None, int] | None:
    confidence_text = cells.get("confidence", "")
    value_text = cells.get("value", "")
    if not confidence_text:
        if value_text:
            raise fail(row, "confidence", "is needed with a value (0 to 10)")
        return None
    try:
        confidence = int(confidence_text)
    except ValueError:
        raise fail(
            row, "confidence", f"must be a whole number 0 to 10 (got {confidence_text!r})"
        ) from None
    if not 0 <= confidence <= 10:
        raise fail(row, "confidence", f"must be 0 to 10 (got {confidence})")
    value: float | None = None
    if value_text:
        try:
            value = float(value_text)
        except ValueError:
            raise fail(row, "value", f"must be a number (got {value_text!r})") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise fail(row, "value", "must be a finite number")
    return value, confidence


def apply_setup(store: Store, plan: SetupPlan) -> str | None:
    """Create what the plan names (audited), inside the caller's transaction; the cycle's
    slug to import into (None: the current cycle)."""
    from okrtui.cycle import new_cycle

    if plan.new_cycle is not None:
        assert plan.cycle_slug is not None
        name, start, end = plan.new_cycle
        cycle = new_cycle(store, plan.cycle_slug, name, start, end)
        store.audit("cycle", cycle.id, "create", None, cycle, f"imported from {plan.source}")
    for handle, name in plan.people.items():
        store.structure.create_person(handle, name)
    for code, (name, parent) in plan.teams.items():
        parent_id = None if parent is None else store.team_by_code(parent).id
        store.structure.create_team(code, name, parent_id=parent_id)
    return plan.cycle_slug


def after_import(store: Store, plan: SetupPlan, cycle: Cycle) -> None:
    """Align the imported objectives, and give a created cycle's KRs their state."""
    objectives = {
        (store.team(o.team_id).code.casefold(), o.title.casefold()): o
        for o in store.objectives(cycle.id)
    }

    def find(team: str, title: str) -> Objective:
        return objectives[(team.casefold(), title.casefold())]

    by_ref = {o.ref.casefold(): o for o in objectives.values()}
    for row, team, title, parent_ref in plan.alignments:
        child = find(team, title)
        key = plan.sheet_refs.get(parent_ref.casefold())
        parent = find(*key) if key is not None else by_ref.get(parent_ref.casefold())
        if parent is None:
            raise OKRSetError(
                f"{plan.source}: row {row}, column aligned_to: no objective {parent_ref!r} "
                "in the sheet or the cycle"
            )
        if child.parent_id != parent.id:
            store.structure.edit_objective(child.id, {"parent_id": parent.id})
    for _row, team, title, place, value, confidence in plan.states:
        objective = find(team, title)
        kr = next(k for k in store.key_results(objective_id=objective.id) if k.number == place)
        store.write_checkin(kr.id, confidence=confidence, value=value, in_cycle=cycle.id)

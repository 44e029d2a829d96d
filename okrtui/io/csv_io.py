"""Objectives and key results as CSV, one row per KR, the way teams keep them in sheets.

Columns (header required, any case, any order):

    team, objective, objective_kind, objective_owner, kr, kr_owner, kind, start, target, unit

`team`, `objective` and `kr` are required; the others may be left out or empty (kinds
default to committed and metric). Export adds `ref`, `value` and `confidence`; import
accepts those columns and ignores them, so an exported sheet can seed a new cycle.

Import goes into an existing cycle (the current one, or a slug) with existing people and
teams. Rows with the same team and objective title form one objective; its KRs are
numbered in row order, and new objectives are numbered after the team's existing ones.
A team that already has an objective with that title in the cycle is an error, so the
same sheet cannot be imported twice. Everything is written in one transaction.

Errors name the row as a spreadsheet shows it (the header is row 1) and the column:
`okrs.csv: row 4, column target: must differ from start`.

A sheet may also bring its cycle, people and teams along (columns `cycle`, `cycle_name`,
`cycle_start`, `cycle_end`, `team_name`, `team_parent`, `objective_owner_name`,
`kr_owner_name`, and `aligned_to` for the alignment): what the database lacks is created,
so a spreadsheet imports into an empty database. Export writes those columns too, so
export -> `init` -> import -> export gives the same sheet (`okrtui.io.csv_setup`).
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from okrtui.domain.krstate import state_after
from okrtui.domain.models import (
    Cycle,
    CycleStatus,
    KeyResult,
    KRKind,
    Objective,
    ObjectiveKind,
)
from okrtui.io.csv_setup import SETUP_COLUMNS
from okrtui.io.importer import ImportSummary
from okrtui.io.okrset import OKRSetError
from okrtui.io.toml_io import read_text
from okrtui.limits import TITLE_MAX, UNIT_MAX, too_long
from okrtui.store.errors import NotFound, StoreError
from okrtui.store.store import Store

IMPORT_COLUMNS = (
    "team",
    "objective",
    "objective_kind",
    "objective_owner",
    "kr",
    "kr_owner",
    "kind",
    "start",
    "target",
    "unit",
)
EXPORT_ONLY = ("ref", "value", "confidence")
EXPORT_COLUMNS = (
    *IMPORT_COLUMNS[:4],
    "ref",
    *IMPORT_COLUMNS[4:],
    "value",
    "confidence",
    *SETUP_COLUMNS,
)
REQUIRED = ("team", "objective", "kr")

E = TypeVar("E", ObjectiveKind, KRKind)

FORMULA_STARTS = frozenset("=+-@\t\r")
"""What a spreadsheet takes as the start of a formula (OWASP, CSV injection)."""
_LIMITS = {"unit": UNIT_MAX}
"""How long a cell may be, by column; titles and every other column `TITLE_MAX`."""
_DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d+")


@dataclass
class _PlannedKR:
    title: str
    owner_id: int | None
    kind: KRKind
    start: float | None
    target: float | None
    unit: str


@dataclass
class _PlannedObjective:
    row: int
    team_id: int
    team_code: str
    title: str
    kind: ObjectiveKind
    owner_id: int | None
    krs: list[_PlannedKR] = field(default_factory=list)


def import_csv(store: Store, path: Path | str, cycle_slug: str | None = None) -> ImportSummary:
    return import_csv_text(store, read_text(path), str(path), cycle_slug)


def import_csv_text(
    store: Store, text: str, source: str, cycle_slug: str | None = None
) -> ImportSummary:
    """Import a sheet. What it brings along that the database lacks (a cycle, people,
    teams; `okrtui.io.csv_setup`) is created in the same transaction as its rows, and its
    objectives are aligned; without any of that, `_import_rows` as it stands."""
    from okrtui.errors import UserError
    from okrtui.io.csv_setup import after_import, apply_setup, plan_setup

    plan = plan_setup(store, text, source, cycle_slug)
    if plan is None:
        return _import_rows(store, text, source, cycle_slug)
    try:
        with store.write():
            slug = apply_setup(store, plan) or cycle_slug
            summary = _import_rows(store, text, source, slug)
            after_import(store, plan, store.cycle_by_slug(summary.cycle_slug))
    except OKRSetError:
        raise
    except UserError as error:
        raise OKRSetError(f"{source}: {error}") from None
    return summary


def _import_rows(
    store: Store, text: str, source: str, cycle_slug: str | None = None
) -> ImportSummary:
    """Validate every row, then write all objectives and KRs in one transaction.

    The rows are read and checked before the write lock is taken (a large sheet takes
    seconds, and every check-in meanwhile would wait for it); under the lock only what
    may have changed since is checked again (the cycle still open, no objective of the
    same title added meanwhile) before writing.
    """
    try:
        cycle = store.resolve_cycle(cycle_slug)
        _open_cycle(cycle, source)
        planned = _Reader(store, source, cycle.id).read(text)
        krs = 0
        with store.write():
            _open_cycle(store.cycle(cycle.id), source)
            for objective in planned:
                _Reader(store, source, cycle.id).check_new_objective(objective)
                number = store.next_objective_number(cycle.id, objective.team_id)
                ref = f"{objective.team_code}-{number}"
                oid = store.add_objective(
                    Objective(
                        cycle_id=cycle.id,
                        team_id=objective.team_id,
                        number=number,
                        ref=ref,
                        title=objective.title,
                        owner_id=objective.owner_id,
                        kind=objective.kind,
                    )
                ).id
                for m, kr in enumerate(objective.krs, start=1):
                    store.add_key_result(
                        KeyResult(
                            objective_id=oid,
                            number=m,
                            ref=f"{ref}.{m}",
                            title=kr.title,
                            owner_id=kr.owner_id,
                            kind=kr.kind,
                            start=kr.start,
                            target=kr.target,
                            unit=kr.unit,
                        ),
                        cycle.id,
                    )
                    krs += 1
    except StoreError as error:
        raise OKRSetError(f"{source}: {error}") from None
    return ImportSummary(cycle_slug=cycle.slug, objectives=len(planned), key_results=krs)


def _open_cycle(cycle: Cycle, source: str) -> None:
    if cycle.status is CycleStatus.CLOSED:
        raise OKRSetError(
            f"{source}: cycle {cycle.slug} is closed; objectives cannot be added to it"
        )


class _Reader:
    def __init__(self, store: Store, source: str, cycle_id: int) -> None:
        self.store = store
        self.source = source
        self.cycle_id = cycle_id
        self.delimiter = ","

    def fail(self, row: int, column: str | None, message: str) -> OKRSetError:
        where = f"row {row}" if column is None else f"row {row}, column {column}"
        return OKRSetError(f"{self.source}: {where}: {message}")

    def read(self, text: str) -> list[_PlannedObjective]:
        delimiter = self.delimiter = _delimiter(text)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        try:
            records = list(reader)
        except csv.Error as error:
            row = reader.line_num
            if "field limit" in str(error):
                raise self.fail(
                    row, None, f"a cell is longer than {csv.field_size_limit() // 1024} KiB"
                ) from None
            raise self.fail(row, None, f"cannot be read as CSV ({error})") from None
        if not records or not any(cell.strip() for cell in records[0]):
            raise OKRSetError(f"{self.source}: no header row (expected {', '.join(REQUIRED)})")
        columns = self._header(records[0])
        objectives: dict[tuple[int, str], _PlannedObjective] = {}
        for number, record in enumerate(records[1:], start=2):
            if not any(cell.strip() for cell in record):
                continue
            if len(record) > len(columns):
                raise self.fail(
                    number, None, f"has {len(record)} cells but the header {len(columns)}"
                )
            cells = {
                name: unneutralised(value.strip())
                for name, value in zip(columns, record, strict=False)
            }
            for name, value in cells.items():
                if "\x00" in value:
                    raise self.fail(number, name, "contains a NUL character")
                problem = too_long(value, _LIMITS.get(name, TITLE_MAX))
                if problem:
                    raise self.fail(number, name, problem)
            self._row(number, cells, objectives)
        if not objectives:
            raise OKRSetError(f"{self.source}: no rows below the header")
        return list(objectives.values())

    def _header(self, header: list[str]) -> list[str]:
        columns = [cell.strip().lower() for cell in header]
        known = (*IMPORT_COLUMNS, *EXPORT_ONLY, *SETUP_COLUMNS)
        for name in columns:
            if name not in known:
                raise self.fail(1, name or "(empty)", f"unknown column (known: {', '.join(known)})")
            if columns.count(name) > 1:
                raise self.fail(1, name, "appears twice")
        for name in REQUIRED:
            if name not in columns:
                raise self.fail(1, name, "is missing")
        return columns

    def _row(
        self,
        row: int,
        cells: dict[str, str],
        objectives: dict[tuple[int, str], _PlannedObjective],
    ) -> None:
        for name in REQUIRED:
            if not cells.get(name):
                raise self.fail(row, name, "must not be empty")
        team = self._team(row, cells["team"])
        title = cells["objective"]
        kind = self._choice(row, cells, "objective_kind", ObjectiveKind, ObjectiveKind.COMMITTED)
        owner = self._person(row, cells, "objective_owner")
        key = (team[0], title.casefold())
        objective = objectives.get(key)
        if objective is None:
            self._new_objective(row, team[0], team[1], title)
            objective = objectives[key] = _PlannedObjective(
                row=row,
                team_id=team[0],
                team_code=team[1],
                title=title,
                kind=kind,
                owner_id=owner,
            )
        else:
            if cells.get("objective_kind") and kind is not objective.kind:
                raise self.fail(
                    row,
                    "objective_kind",
                    f"is {kind.value}, but row {objective.row} says {objective.kind.value}",
                )
            if cells.get("objective_owner") and owner != objective.owner_id:
                raise self.fail(row, "objective_owner", f"differs from row {objective.row}")
        objective.krs.append(self._kr(row, cells))

    def check_new_objective(self, objective: _PlannedObjective) -> None:
        self._new_objective(objective.row, objective.team_id, objective.team_code, objective.title)

    def _new_objective(self, row: int, team_id: int, code: str, title: str) -> None:
        for existing in self.store.objectives(self.cycle_id, team_id):
            if existing.title.casefold() == title.casefold():
                raise self.fail(
                    row,
                    "objective",
                    f"team {code} already has this objective in the cycle ({existing.ref})",
                )

    def _kr(self, row: int, cells: dict[str, str]) -> _PlannedKR:
        kind = self._choice(row, cells, "kind", KRKind, KRKind.METRIC)
        start = self._number(row, cells, "start")
        target = self._number(row, cells, "target")
        if kind is KRKind.MILESTONE:
            for name, value in (("start", start), ("target", target)):
                if value is not None:
                    raise self.fail(row, name, "a milestone key result has no start or target")
        else:
            for name, value in (("start", start), ("target", target)):
                if value is None:
                    raise self.fail(row, name, "is required for a metric key result")
            if start == target:
                raise self.fail(row, "target", "must differ from start")
        return _PlannedKR(
            title=cells["kr"],
            owner_id=self._person(row, cells, "kr_owner"),
            kind=kind,
            start=start,
            target=target,
            unit=cells.get("unit", ""),
        )

    def _team(self, row: int, code: str) -> tuple[int, str]:
        try:
            team = self.store.team_by_code(code)
        except NotFound:
            raise self.fail(row, "team", f"unknown team {code!r}") from None
        return team.id, team.code

    def _person(self, row: int, cells: dict[str, str], column: str) -> int | None:
        handle = cells.get(column, "")
        if not handle:
            return None
        try:
            return self.store.person_by_handle(handle).id
        except NotFound:
            raise self.fail(row, column, f"unknown person {handle!r}") from None

    def _number(self, row: int, cells: dict[str, str], column: str) -> float | None:
        text = cells.get(column, "")
        if not text:
            return None
        if self.delimiter == ";" and _DECIMAL_COMMA.fullmatch(text):
            text = text.replace(",", ".")  # 0,5 from a decimal-comma locale
        try:
            value = float(text)
        except ValueError:
            raise self.fail(row, column, f"must be a number (got {text!r})") from None
        if not math.isfinite(value):
            raise self.fail(row, column, "must be a finite number")
        return value

    def _choice(self, row: int, cells: dict[str, str], column: str, enum: type[E], default: E) -> E:
        text = cells.get(column, "").lower()
        if not text:
            return default
        try:
            return enum(text)
        except ValueError:
            allowed = ", ".join(member.value for member in enum)
            raise self.fail(row, column, f"must be one of {allowed} (got {text!r})") from None


def _delimiter(text: str) -> str:
    """Comma, or semicolon when the header uses it (spreadsheets in many locales do)."""
    first = text.split("\n", 1)[0]
    return ";" if first.count(";") > first.count(",") else ","


def export_csv(store: Store, cycle_slug: str | None = None) -> str:
    """One row per KR of a cycle, with its reference and current value and confidence
    (`domain.krstate`; blank for a KR without a check-in)."""
    cycle = store.resolve_cycle(cycle_slug)
    handles = {p.id: p.handle for p in store.people()}
    teams = {t.id: t.code for t in store.teams()}
    objectives = {o.id: o for o in store.objectives(cycle.id)}
    history = store.checkin_history(cycle.id)
    setup = _SetupCells(store, cycle, objectives)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    for kr in store.key_results(cycle.id):
        objective = objectives[kr.objective_id]
        checkins = history.get(kr.id, [])
        state = state_after(kr, checkins) if checkins else None
        texts = [
            teams[objective.team_id],
            objective.title,
            objective.kind.value,
            _handle(handles, objective.owner_id),
            kr.ref,
            kr.title,
            _handle(handles, kr.owner_id),
            kr.kind.value,
        ]
        writer.writerow(
            [
                *(neutralised(text) for text in texts),
                _float(kr.start),
                _float(kr.target),
                neutralised(kr.unit),
                _float(None if state is None else state.value),
                "" if state is None else str(state.confidence),
                *(neutralised(text) for text in setup.cells(objective, kr)),
            ]
        )
    return out.getvalue()


class _SetupCells:
    """The `SETUP_COLUMNS` cells of an exported row: what an empty database needs."""

    def __init__(self, store: Store, cycle: Cycle, objectives: dict[int, Objective]) -> None:
        self.cycle = cycle
        self.people = {p.id: p.name for p in store.people()}
        self.teams = {t.id: t for t in store.teams()}
        self.objectives = objectives

    def cells(self, objective: Objective, kr: KeyResult) -> list[str]:
        team = self.teams[objective.team_id]
        parent = None if team.parent_id is None else self.teams.get(team.parent_id)
        aligned = self.objectives.get(objective.parent_id) if objective.parent_id else None
        return [
            self.cycle.slug,
            self.cycle.name,
            self.cycle.start.isoformat(),
            self.cycle.end.isoformat(),
            team.name,
            "" if parent is None else parent.code,
            _name(self.people, objective.owner_id),
            _name(self.people, kr.owner_id),
            "" if aligned is None else aligned.ref,
        ]


def _name(people: dict[int, str], person_id: int | None) -> str:
    return "" if person_id is None else people.get(person_id, "")


def neutralised(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula (OWASP's rule): one starting
    with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`. Numbers are
    written by `_float` and never pass through here, so they stay numbers."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


def unneutralised(text: str) -> str:
    """The cell as typed: the `'` that `neutralised` added is taken off on import."""
    return text[1:] if text[:1] == "'" and text[1:2] in FORMULA_STARTS else text


def _handle(handles: dict[int, str], person_id: int | None) -> str:
    return "" if person_id is None else handles[person_id]


def _float(value: float | None) -> str:
    return "" if value is None else repr(value)

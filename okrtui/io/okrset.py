"""The OKR-set document (format 1): its file models and the validation pass.

An OKR set is one organisation's people and teams plus exactly one cycle with its
milestones, objectives, key results, check-in history, blockers, wins and action items.
The same content is written as TOML (the main format) and JSON (export only).

Validation runs in two passes. Pydantic checks the shape (unknown fields, types); then
`validate_document` checks everything that spans the document: duplicate handles, codes
and references, unknown people, teams, KRs and parent objectives, loops in the team tree
or the alignment, metric rules and confidence ranges. The first problem found is raised
as an `OKRSetError` whose message names the file and the place in it, e.g.

    a.toml: objectives[2].key_results[1].target: must differ from start

Index paths are 0-based, the way a program sees the TOML arrays: `objectives[0]` is the
first `[[objectives]]` table in the file.

A validated `OKRSet` is normalised: every objective and KR carries its canonical reference
(`ENG-1`, `ENG-1.2`), handles and codes are spelled as they are declared, datetimes are in
UTC, and metric KRs have their direction.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, ValidationError, field_validator

from okrtui.domain.calendar import date_problem, zone_problem
from okrtui.domain.models import (
    CycleStatus,
    Direction,
    KRKind,
    MilestoneKind,
    ObjectiveKind,
    Role,
)
from okrtui.errors import UserError
from okrtui.limits import TEXT_MAX, TITLE_MAX, UNIT_MAX, too_long

FORMAT_VERSION = 1

HANDLE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
CODE_RE = re.compile(r"^[A-Z][A-Z0-9]*$")
SLUG_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
OBJECTIVE_REF_RE = re.compile(r"^([A-Za-z][A-Za-z0-9]*)-(\d+)$")
KR_REF_RE = re.compile(r"^(.+)\.(\d+)$")


class OKRSetError(UserError, ValueError):
    """An OKR set cannot be read or imported; the message names the file and the place."""


class _Doc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("*", mode="after")
    @classmethod
    def _no_nul(cls, value: Any) -> Any:
        texts = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(text, str) and "\x00" in text for text in texts):
            raise ValueError("contains a NUL character")
        return value


class PersonDoc(_Doc):
    handle: str
    name: str
    roles: tuple[Role, ...] = ()


class TeamDoc(_Doc):
    code: str
    name: str
    parent: str | None = None
    members: tuple[str, ...] = ()


class MilestoneDoc(_Doc):
    kind: MilestoneKind
    title: str
    on: date
    held_on: date | None = None


class CycleDoc(_Doc):
    slug: str
    name: str
    start: date
    end: date
    status: CycleStatus = CycleStatus.PLANNING
    locked: bool = False
    milestones: tuple[MilestoneDoc, ...] = ()


class CheckInDoc(_Doc):
    at: AwareDatetime
    value: float | None = None
    confidence: int
    note: str = ""
    author: str | None = None


class KeyResultDoc(_Doc):
    ref: str | None = None
    title: str
    owner: str | None = None
    kind: KRKind = KRKind.METRIC
    start: float | None = None
    target: float | None = None
    unit: str = ""
    direction: Direction | None = None
    checkins: tuple[CheckInDoc, ...] = ()


class ObjectiveDoc(_Doc):
    ref: str | None = None
    team: str
    title: str
    owner: str | None = None
    kind: ObjectiveKind = ObjectiveKind.COMMITTED
    parent: str | None = None
    description: str = ""
    key_results: tuple[KeyResultDoc, ...] = ()


class BlockerDoc(_Doc):
    text: str
    kr: str | None = None
    team: str | None = None
    owner: str | None = None
    raised_at: AwareDatetime
    raised_by: str | None = None
    resolved_at: AwareDatetime | None = None
    resolution: str = ""


class WinDoc(_Doc):
    text: str
    kr: str | None = None
    team: str | None = None
    at: AwareDatetime
    author: str | None = None
    recognised: tuple[str, ...] = ()


class ActionDoc(_Doc):
    text: str
    owner: str | None = None
    due: date | None = None
    kr: str | None = None
    team: str | None = None
    created_at: AwareDatetime
    done_at: AwareDatetime | None = None


class OKRSetDoc(_Doc):
    format: int
    organisation: str = ""
    timezone: str = "UTC"
    people: tuple[PersonDoc, ...] = ()
    teams: tuple[TeamDoc, ...] = ()
    cycle: CycleDoc
    objectives: tuple[ObjectiveDoc, ...] = ()
    blockers: tuple[BlockerDoc, ...] = ()
    wins: tuple[WinDoc, ...] = ()
    actions: tuple[ActionDoc, ...] = ()


@dataclass(frozen=True)
class OKRSet:
    """A validated, normalised OKR set and the name of the file it came from."""

    source: str
    doc: OKRSetDoc

    def error(self, where: str, message: str) -> OKRSetError:
        return OKRSetError(f"{self.source}: {where}: {message}")


def parse_document(data: Mapping[str, Any], source: str) -> OKRSet:
    """Check the shape of `data` (as read from TOML) and validate it as a whole."""
    try:
        doc = OKRSetDoc.model_validate(data)
    except ValidationError as error:
        raise OKRSetError(f"{source}: {_first_error(error)}") from None
    return validate_document(doc, source)


# -- shape errors ----------------------------------------------------------------

_TYPE_MESSAGES = {
    "extra_forbidden": "unknown field",
    "missing": "is required",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
    "string_type": "must be a string",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "model_type": "must be a table",
    "dict_type": "must be a table",
    "tuple_type": "must be an array",
    "list_type": "must be an array",
    "date_type": "must be a date, e.g. 2026-10-05",
    "date_parsing": "must be a date, e.g. 2026-10-05",
    "date_from_datetime_parsing": "must be a date, e.g. 2026-10-05",
    "date_from_datetime_inexact": "must be a date without a time, e.g. 2026-10-05",
    "datetime_type": "must be a date and time with an offset, e.g. 2026-10-12T09:00:00Z",
    "datetime_parsing": "must be a date and time with an offset, e.g. 2026-10-12T09:00:00Z",
    "datetime_from_date_parsing": (
        "must be a date and time with an offset, e.g. 2026-10-12T09:00:00Z"
    ),
    "timezone_aware": "needs a UTC offset, e.g. 2026-10-12T09:00:00Z",
}


def _first_error(error: ValidationError) -> str:
    detail = error.errors(include_url=False)[0]
    kind = detail["type"]
    if kind == "enum":
        expected = detail.get("ctx", {}).get("expected", "")
        message = f"must be one of {expected} (got {detail['input']!r})"
    else:
        message = _TYPE_MESSAGES.get(kind, str(detail["msg"]))
    return f"{location(detail['loc'])}: {message.removeprefix('Value error, ')}"


def location(loc: Iterable[str | int]) -> str:
    """`("objectives", 2, "title")` → `objectives[2].title`."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "document"


# -- the validation pass -----------------------------------------------------------


class _Checker:
    """Walks a shape-checked document, raising the first problem and normalising refs."""

    def __init__(self, doc: OKRSetDoc, source: str) -> None:
        self.doc = doc
        self.source = source
        self.handles: dict[str, str] = {}
        self.codes: dict[str, str] = {}
        self.objective_refs: dict[str, str] = {}
        self.kr_refs: dict[str, str] = {}

    def fail(self, where: str, message: str) -> OKRSetError:
        return OKRSetError(f"{self.source}: {where}: {message}")

    def run(self) -> OKRSetDoc:
        doc = self.doc
        if doc.format != FORMAT_VERSION:
            raise self.fail(
                "format",
                f"unsupported format version {doc.format} (this okrtui reads {FORMAT_VERSION})",
            )
        _check_timezone(doc.timezone, self)
        self.length("organisation", doc.organisation, TITLE_MAX)
        people = tuple(self._person(i, p) for i, p in enumerate(doc.people))
        codes = [self._team_code(i, t) for i, t in enumerate(doc.teams)]
        pairs = zip(doc.teams, codes, strict=True)
        teams = tuple(self._team(i, t, code) for i, (t, code) in enumerate(pairs))
        self._no_loops(
            "teams", "parent", [(t.code, t.parent) for t in teams], "the team tree loops"
        )
        cycle = self._cycle(doc.cycle)
        objectives = self._objectives(doc.objectives)
        return doc.model_copy(
            update={
                "people": people,
                "teams": teams,
                "cycle": cycle,
                "objectives": objectives,
                "blockers": tuple(self._blocker(i, b) for i, b in enumerate(doc.blockers)),
                "wins": tuple(self._win(i, w) for i, w in enumerate(doc.wins)),
                "actions": tuple(self._action(i, a) for i, a in enumerate(doc.actions)),
            }
        )

    # -- references -----------------------------------------------------------

    def person(self, where: str, handle: str | None) -> str | None:
        if handle is None:
            return None
        known = self.handles.get(handle.casefold())
        if known is None:
            raise self.fail(where, f"unknown person {handle!r}")
        return known

    def team(self, where: str, code: str | None) -> str | None:
        if code is None:
            return None
        known = self.codes.get(code.upper())
        if known is None:
            raise self.fail(where, f"unknown team {code!r}")
        return known

    def kr(self, where: str, ref: str | None) -> str | None:
        if ref is None:
            return None
        known = self.kr_refs.get(_kr_key(ref))
        if known is None:
            raise self.fail(where, f"unknown KR reference {ref!r}")
        return known

    def dates(self, where: str, **values: date | None) -> None:
        """Every date or datetime given is within the range okrtui accepts (checked before
        a datetime is converted to UTC, which overflows near years 1 and 9999)."""
        for field, value in values.items():
            problem = "" if value is None else date_problem(value)
            if problem:
                raise self.fail(f"{where}.{field}" if where else field, problem)

    def text(
        self, where: str, value: str, what: str = "must not be empty", limit: int = TITLE_MAX
    ) -> None:
        if not value.strip():
            raise self.fail(where, what)
        self.length(where, value, limit)

    def length(self, where: str, value: str, limit: int) -> None:
        problem = too_long(value, limit)
        if problem:
            raise self.fail(where, problem)

    # -- people and teams ------------------------------------------------------

    def _person(self, i: int, person: PersonDoc) -> PersonDoc:
        where = f"people[{i}]"
        if not HANDLE_RE.match(person.handle) or len(person.handle) > 64:
            raise self.fail(
                f"{where}.handle",
                f"{person.handle!r} is not a valid handle (letters, digits, '.', '_', '-')",
            )
        if person.handle.casefold() in self.handles:
            raise self.fail(f"{where}.handle", f"duplicate handle {person.handle!r}")
        self.text(f"{where}.name", person.name)
        self.handles[person.handle.casefold()] = person.handle
        return person.model_copy(update={"roles": tuple(dict.fromkeys(person.roles))})

    def _team_code(self, i: int, team: TeamDoc) -> str:
        where = f"teams[{i}].code"
        code = team.code.strip()
        if not CODE_RE.match(code) or len(code) > 12:
            raise self.fail(
                where,
                f"{team.code!r} is not a valid team code "
                "(capital letters and digits, starting with a letter, at most 12)",
            )
        if code in self.codes:
            raise self.fail(where, f"duplicate team code {code!r}")
        self.codes[code] = code
        return code

    def _team(self, i: int, team: TeamDoc, code: str) -> TeamDoc:
        where = f"teams[{i}]"
        self.text(f"{where}.name", team.name)
        parent = self.team(f"{where}.parent", team.parent)
        members = tuple(
            dict.fromkeys(
                self.person(f"{where}.members[{j}]", handle) or ""
                for j, handle in enumerate(team.members)
            )
        )
        return team.model_copy(update={"code": code, "parent": parent, "members": members})

    def _no_loops(
        self, array: str, field: str, links: Sequence[tuple[str, str | None]], what: str
    ) -> None:
        parent_of = dict(links)
        done: set[str] = set()  # keys known to reach the top without a loop
        for i, (key, _) in enumerate(links):
            path: list[str] = []
            on_path: set[str] = set()
            step: str | None = key
            while step is not None and step not in done:
                if step in on_path:
                    raise self.fail(f"{array}[{i}].{field}", f"{what} back to {key!r}")
                path.append(step)
                on_path.add(step)
                step = parent_of.get(step)
            done.update(path)

    # -- the cycle --------------------------------------------------------------

    def _cycle(self, cycle: CycleDoc) -> CycleDoc:
        if not SLUG_RE.match(cycle.slug) or len(cycle.slug) > 40:
            raise self.fail(
                "cycle.slug",
                f"{cycle.slug!r} is not a valid cycle slug (letters, digits, '.', '_', '-')",
            )
        self.text("cycle.name", cycle.name)
        self.dates("cycle", start=cycle.start, end=cycle.end)
        if cycle.end <= cycle.start:
            raise self.fail("cycle.end", "must be after start")
        for i, milestone in enumerate(cycle.milestones):
            self.text(f"cycle.milestones[{i}].title", milestone.title)
            self.dates(f"cycle.milestones[{i}]", on=milestone.on, held_on=milestone.held_on)
        return cycle

    # -- objectives and key results ---------------------------------------------

    def _objectives(self, objectives: Sequence[ObjectiveDoc]) -> tuple[ObjectiveDoc, ...]:
        position: dict[str, int] = {}
        refs: list[str] = []
        for i, objective in enumerate(objectives):
            where = f"objectives[{i}]"
            code = self.team(f"{where}.team", objective.team)
            assert code is not None
            position[code] = position.get(code, 0) + 1
            ref = self._objective_ref(where, objective.ref, code, position[code])
            if ref in self.objective_refs:
                raise self.fail(f"{where}.ref", f"duplicate objective reference {ref!r}")
            self.objective_refs[ref] = ref
            refs.append(ref)
            for j, kr in enumerate(objective.key_results):
                kr_ref = self._kr_ref(f"{where}.key_results[{j}]", kr.ref, ref, j + 1)
                if kr_ref in self.kr_refs:
                    raise self.fail(
                        f"{where}.key_results[{j}].ref", f"duplicate KR reference {kr_ref!r}"
                    )
                self.kr_refs[kr_ref] = kr_ref
        parents: list[str | None] = []
        for i, objective in enumerate(objectives):
            parent = objective.parent
            if parent is not None:
                parent = self.objective_refs.get(_objective_key(parent))
                if parent is None:
                    raise self.fail(
                        f"objectives[{i}].parent",
                        f"unknown parent objective {objective.parent!r}",
                    )
            parents.append(parent)
        self._no_loops(
            "objectives", "parent", list(zip(refs, parents, strict=True)), "the alignment loops"
        )
        return tuple(
            self._objective(i, o, ref, parent)
            for i, (o, ref, parent) in enumerate(zip(objectives, refs, parents, strict=True))
        )

    def _objective_ref(self, where: str, given: str | None, code: str, position: int) -> str:
        if given is None:
            return f"{code}-{position}"
        match = OBJECTIVE_REF_RE.match(given.strip())
        if match is None or match.group(1).upper() != code or int(match.group(2)) < 1:
            raise self.fail(
                f"{where}.ref", f"{given!r} must look like {code}-<number>, e.g. {code}-1"
            )
        return f"{code}-{int(match.group(2))}"

    def _kr_ref(self, where: str, given: str | None, objective: str, position: int) -> str:
        if given is None:
            return f"{objective}.{position}"
        match = KR_REF_RE.match(given.strip())
        if match is None or _objective_key(match.group(1)) != objective or int(match.group(2)) < 1:
            raise self.fail(
                f"{where}.ref",
                f"{given!r} must look like {objective}.<number>, e.g. {objective}.1",
            )
        return f"{objective}.{int(match.group(2))}"

    def _objective(
        self, i: int, objective: ObjectiveDoc, ref: str, parent: str | None
    ) -> ObjectiveDoc:
        where = f"objectives[{i}]"
        self.text(f"{where}.title", objective.title)
        self.length(f"{where}.description", objective.description, TEXT_MAX)
        return objective.model_copy(
            update={
                "ref": ref,
                "team": self.team(f"{where}.team", objective.team),
                "owner": self.person(f"{where}.owner", objective.owner),
                "parent": parent,
                "key_results": tuple(
                    self._key_result(f"{where}.key_results[{j}]", kr, f"{ref}.{j + 1}")
                    for j, kr in enumerate(objective.key_results)
                ),
            }
        )

    def _key_result(self, where: str, kr: KeyResultDoc, default_ref: str) -> KeyResultDoc:
        ref = default_ref if kr.ref is None else _kr_key(kr.ref)
        self.text(f"{where}.title", kr.title)
        self.length(f"{where}.unit", kr.unit, UNIT_MAX)
        owner = self.person(f"{where}.owner", kr.owner)
        direction = kr.direction
        if kr.kind is KRKind.MILESTONE:
            for field in ("start", "target"):
                if getattr(kr, field) is not None:
                    raise self.fail(
                        f"{where}.{field}", "a milestone key result has no start or target"
                    )
            if direction is not None:
                raise self.fail(f"{where}.direction", "a milestone key result has no direction")
        else:
            direction = self._metric(where, kr)
        checkins = tuple(
            self._checkin(f"{where}.checkins[{k}]", c, kr.kind) for k, c in enumerate(kr.checkins)
        )
        return kr.model_copy(
            update={"ref": ref, "owner": owner, "direction": direction, "checkins": checkins}
        )

    def _metric(self, where: str, kr: KeyResultDoc) -> Direction:
        for field in ("start", "target"):
            value = getattr(kr, field)
            if value is None:
                raise self.fail(f"{where}.{field}", "is required for a metric key result")
            if not math.isfinite(value):
                raise self.fail(f"{where}.{field}", "must be a finite number")
        assert kr.start is not None and kr.target is not None
        if kr.target == kr.start:
            raise self.fail(f"{where}.target", "must differ from start")
        implied = Direction.INCREASING if kr.target > kr.start else Direction.DECREASING
        if kr.direction is not None and kr.direction is not implied:
            raise self.fail(
                f"{where}.direction",
                f"is {kr.direction.value} but target {kr.target:g} is "
                f"{'above' if implied is Direction.INCREASING else 'below'} start {kr.start:g}",
            )
        return implied

    def _checkin(self, where: str, checkin: CheckInDoc, kind: KRKind) -> CheckInDoc:
        self.length(f"{where}.note", checkin.note, TEXT_MAX)
        self.dates(where, at=checkin.at)
        if not 0 <= checkin.confidence <= 10:
            raise self.fail(
                f"{where}.confidence", f"must be between 0 and 10 (got {checkin.confidence})"
            )
        value = checkin.value
        if value is not None:
            if not math.isfinite(value):
                raise self.fail(f"{where}.value", "must be a finite number")
            if kind is KRKind.MILESTONE and value not in (0.0, 1.0):
                raise self.fail(
                    f"{where}.value",
                    f"a milestone key result takes 0 (not done) or 1 (done), got {value:g}",
                )
        return checkin.model_copy(
            update={
                "at": _utc(checkin.at),
                "author": self.person(f"{where}.author", checkin.author),
            }
        )

    # -- blockers, wins, actions --------------------------------------------------

    def _blocker(self, i: int, blocker: BlockerDoc) -> BlockerDoc:
        where = f"blockers[{i}]"
        self.text(f"{where}.text", blocker.text, limit=TEXT_MAX)
        self.length(f"{where}.resolution", blocker.resolution, TEXT_MAX)
        self.dates(where, raised_at=blocker.raised_at, resolved_at=blocker.resolved_at)
        if blocker.resolved_at is not None and blocker.resolved_at < blocker.raised_at:
            raise self.fail(f"{where}.resolved_at", "is before raised_at")
        return blocker.model_copy(
            update={
                "kr": self.kr(f"{where}.kr", blocker.kr),
                "team": self.team(f"{where}.team", blocker.team),
                "owner": self.person(f"{where}.owner", blocker.owner),
                "raised_by": self.person(f"{where}.raised_by", blocker.raised_by),
                "raised_at": _utc(blocker.raised_at),
                "resolved_at": None if blocker.resolved_at is None else _utc(blocker.resolved_at),
            }
        )

    def _win(self, i: int, win: WinDoc) -> WinDoc:
        where = f"wins[{i}]"
        self.text(f"{where}.text", win.text, limit=TEXT_MAX)
        self.dates(where, at=win.at)
        recognised = tuple(
            dict.fromkeys(
                self.person(f"{where}.recognised[{j}]", handle) or ""
                for j, handle in enumerate(win.recognised)
            )
        )
        return win.model_copy(
            update={
                "kr": self.kr(f"{where}.kr", win.kr),
                "team": self.team(f"{where}.team", win.team),
                "author": self.person(f"{where}.author", win.author),
                "at": _utc(win.at),
                "recognised": recognised,
            }
        )

    def _action(self, i: int, action: ActionDoc) -> ActionDoc:
        where = f"actions[{i}]"
        self.text(f"{where}.text", action.text, limit=TEXT_MAX)
        self.dates(where, due=action.due, created_at=action.created_at, done_at=action.done_at)
        if action.done_at is not None and action.done_at < action.created_at:
            raise self.fail(f"{where}.done_at", "is before created_at")
        return action.model_copy(
            update={
                "owner": self.person(f"{where}.owner", action.owner),
                "kr": self.kr(f"{where}.kr", action.kr),
                "team": self.team(f"{where}.team", action.team),
                "created_at": _utc(action.created_at),
                "done_at": None if action.done_at is None else _utc(action.done_at),
            }
        )


def _objective_key(ref: str) -> str:
    """The canonical form of an objective reference as written: `eng-01` → `ENG-1`."""
    text = ref.strip().upper()
    match = OBJECTIVE_REF_RE.match(text)
    return text if match is None else f"{match.group(1)}-{int(match.group(2))}"


def _kr_key(ref: str) -> str:
    """The canonical form of a KR reference as written: `eng-01.2` → `ENG-1.2`."""
    text = ref.strip().upper()
    match = KR_REF_RE.match(text)
    return text if match is None else f"{_objective_key(match.group(1))}.{int(match.group(2))}"


def _check_timezone(name: str, checker: _Checker) -> None:
    problem = zone_problem(name)
    if problem:
        raise checker.fail("timezone", problem)


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def validate_document(doc: OKRSetDoc, source: str) -> OKRSet:
    """Check cross references and rules; return the normalised set or raise `OKRSetError`."""
    return OKRSet(source=source, doc=_Checker(doc, source).run())


# -- plain data for writers ----------------------------------------------------------


def document_data(doc: OKRSetDoc) -> dict[str, Any]:
    """The document as plain Python values, leaving out empty and absent fields.

    Both the TOML and the JSON writer start from this, so they hold the same content.
    """
    data: dict[str, Any] = _prune(doc.model_dump(mode="python"))
    return data


def _prune(value: Any) -> Any:
    if isinstance(value, dict):
        pruned = {k: _prune(v) for k, v in value.items()}
        return {k: v for k, v in pruned.items() if v is not None and v != "" and v != []}
    if isinstance(value, list | tuple):
        return [_prune(v) for v in value]
    if isinstance(value, Role | MilestoneKind | CycleStatus | ObjectiveKind | KRKind | Direction):
        return value.value
    return value


def utc_text(moment: datetime) -> str:
    """`2026-10-12T09:00:00Z`: UTC with a Z, fractional seconds only when present."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"


def date_or_none(day: date | None) -> str | None:
    return None if day is None else day.isoformat()

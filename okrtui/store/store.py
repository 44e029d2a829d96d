"""Typed reads and writes over the okrtui database.

Every method returns domain models. Writes run in `BEGIN IMMEDIATE` transactions and
are committed before the method returns, so a record exists the moment it is entered.
Facts are appended: check-ins, grades and votes are never updated in place. Structural
edits (titles, targets, milestone dates) write an audit row with before and after.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Required, TypedDict, Unpack

from okrtui.clock import Clock, SystemClock
from okrtui.domain.baseline import Baseline
from okrtui.domain.kinds import (
    CycleStatus,
    Direction,
    KRKind,
    MeetingStatus,
    MilestoneKind,
    ObjectiveKind,
    Role,
    StepStatus,
)
from okrtui.domain.krstate import STARTING_CONFIDENCE
from okrtui.lazy import LazyModule
from okrtui.store.checkin_write import Written, write_checkin
from okrtui.store.connection import Db
from okrtui.store.convert import (
    date_text,
    from_text,
    opt_date,
    opt_from_text,
    opt_to_text,
    to_text,
)
from okrtui.store.current_cycle import CURRENT_FIRST, current_cycle_id
from okrtui.store.db import immediate
from okrtui.store.errors import Conflict, LockedMilestone, NotAllowed, NotFound, StoreError
from okrtui.store.rows import (
    CheckinSummary,
    CycleRow,
    KRLabel,
    KRLastCheckin,
    KROverview,
    MeetingHeader,
    MilestoneRow,
    ObjectiveRow,
    PersonRow,
    TeamRow,
)

if TYPE_CHECKING:
    from pydantic import BaseModel

    from okrtui.domain import models as m
    from okrtui.domain.acknowledgement import Acknowledgement
    from okrtui.domain.decision import Decision
    from okrtui.domain.models import (
        ActionItem,
        AuditEntry,
        Blocker,
        CheckIn,
        Cycle,
        Grade,
        KeyResult,
        Meeting,
        MeetingStep,
        Milestone,
        Objective,
        Person,
        Reflection,
        Team,
        Vote,
        VoteRound,
        Win,
    )
    from okrtui.store.structure import StructureWrites
else:
    m = LazyModule("okrtui.domain.models")

Row = dict[str, Any]


class CheckinFields(TypedDict, total=False):
    """The keyword arguments of `Store.write_checkin` (and `record_checkin`)."""

    confidence: Required[int | None]
    value: float | None
    note: str
    author_id: int | None
    meeting_id: int | None
    at: datetime | None
    as_recorded: bool
    in_cycle: int | None


_KR_KINDS = {kind.value: kind for kind in KRKind}
_DIRECTIONS = {direction.value: direction for direction in Direction}
"""Text to enum by a dict lookup: `KRKind(text)` costs more, thousands of times a frame."""


class Store:
    """The one way the rest of okrtui reads and writes the database (the OKR structure's
    audited writes are `okrtui.store.structure.StructureWrites`)."""

    def __init__(self, db: Db, clock: Clock | None = None, actor: str = "okrtui") -> None:
        self.db = db
        self.clock: Clock = clock or SystemClock()
        self.actor = actor
        self._lock = db.lock
        self._checkin_memo: dict[int, tuple[tuple[Any, ...], CheckIn]] = {}
        self._person_memo: dict[int, tuple[tuple[Any, ...], Person]] = {}

    # -- plumbing ---------------------------------------------------------------

    def close(self) -> None:
        """Checkpoint the log into the database file and close the connection, so at rest
        the file alone holds everything. A reader thread still running finishes first (it
        holds the lock) and later gets "closed database", not a crash."""
        import sqlite3

        with self._lock:
            with contextlib.suppress(sqlite3.Error):  # busy or read-only: the next exit will
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            with contextlib.suppress(sqlite3.Error):
                self.db.close()

    @contextmanager
    def write(self) -> Iterator[Db]:
        """One write transaction; nested calls join the outer one."""
        with self._lock, immediate(self.db):
            yield self.db

    def _rows(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        with self._lock:
            return list(self.db.query(sql, params))

    def _row(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self._rows(sql, params)
        return rows[0] if rows else None

    def _checkin_rows(self, sql: str, params: Sequence[Any] = ()) -> list[CheckIn]:
        """Check-ins selected with `SELECT <checkins>.*`, each built once per Store.

        A check-in row never changes, and a model is a pure function of its row, so a
        model is reused whenever its row reads back identical (checked, so a row id
        reused after a rollback can never return a stale model). A meeting's KR round
        and a live refresh re-read the same history many times.
        """
        memo = self._checkin_memo
        with self._lock:
            cursor = self.db.execute(sql, params)
            names = tuple(column[0] for column in cursor.description)
            build = _checkin_from_tuple if names == _CHECKIN_COLUMNS else None
            result: list[CheckIn] = []
            for row in cursor.fetchall():
                seen = memo.get(row[0])
                if seen is not None and seen[0] == row:
                    result.append(seen[1])
                    continue
                if build is not None:
                    model = build(row)
                else:
                    model = _checkin(dict(zip(names, row, strict=True)))
                memo[row[0]] = (row, model)
                result.append(model)
        return result

    def _insert(self, table: str, values: Row) -> int:
        columns = ", ".join(values)
        marks = ", ".join("?" for _ in values)
        cursor = self.db.execute(
            f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(values.values())
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _now(self) -> datetime:
        return self.clock.now()

    @property
    def structure(self) -> StructureWrites:
        """The audited writes of the OKR structure (people, teams, cycles, objectives,
        key results): create, edit, move, retire. Imported here, not at the top: it
        needs pydantic, which the app's first frame does without."""
        from okrtui.store.structure import StructureWrites

        return StructureWrites(self)

    def data_version(self) -> int:
        """SQLite's counter of commits made by *other* connections to this file."""
        with self._lock:
            row = self.db.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def audit(
        self,
        entity: str,
        entity_id: int,
        action: str,
        before: BaseModel | Mapping[str, Any] | None,
        after: BaseModel | Mapping[str, Any] | None,
        reason: str = "",
    ) -> None:
        with self.write():
            self._insert(
                "audit",
                {
                    "at": to_text(self._now()),
                    "who": self.actor,
                    "entity": entity,
                    "entity_id": entity_id,
                    "action": action,
                    "before": _json(before),
                    "after": _json(after),
                    "reason": reason,
                },
            )

    def audit_log(
        self, entity: str | None = None, entity_id: int | None = None
    ) -> list[AuditEntry]:
        sql, params = "SELECT * FROM audit WHERE 1=1", list[Any]()
        if entity is not None:
            sql += " AND entity = ?"
            params.append(entity)
        if entity_id is not None:
            sql += " AND entity_id = ?"
            params.append(entity_id)
        return [
            m.AuditEntry(**{**row, "at": from_text(row["at"])})
            for row in self._rows(sql + " ORDER BY id", params)
        ]

    # -- settings ---------------------------------------------------------------

    def setting(self, key: str, default: str | None = None) -> str | None:
        row = self._row("SELECT value FROM settings WHERE key = ?", [key])
        return default if row is None else str(row["value"])

    def set_setting(self, key: str, value: str) -> None:
        with self.write():
            self.db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    @property
    def timezone(self) -> str:
        """The organisation's IANA time zone; a clear error for one that is not a zone."""
        name = self.setting("timezone", "UTC") or "UTC"
        if name != "UTC":
            from okrtui.domain.calendar import zone_problem

            problem = zone_problem(name)
            if problem:
                raise StoreError(f"the organisation's time zone in this database: {problem}")
        return name

    @property
    def organisation(self) -> str:
        return self.setting("organisation", "") or ""

    def is_empty(self) -> bool:
        return self._row("SELECT 1 AS one FROM people LIMIT 1") is None

    # -- people -----------------------------------------------------------------

    def add_person(self, person: Person) -> Person:
        with self.write():
            if self._row("SELECT id FROM people WHERE handle = ?", [person.handle]):
                raise Conflict(f"a person with handle '{person.handle}' already exists")
            pid = self._insert("people", {"handle": person.handle, "name": person.name})
            for role in person.roles:
                self._insert("person_roles", {"person_id": pid, "role": role.value})
        return person.model_copy(update={"id": pid})

    def people(self) -> list[Person]:
        """Everyone, by name. A model is reused while its row and roles read back the
        same (as for check-ins): the KR round and the palette ask again and again."""
        with self._lock:
            role_rows = self.db.execute(
                "SELECT person_id, role FROM person_roles ORDER BY role"
            ).fetchall()
            rows = self.db.execute(
                "SELECT id, handle, name FROM people ORDER BY name COLLATE NOCASE, id"
            ).fetchall()
        roles: dict[int, list[str]] = {}
        for person_id, role in role_rows:
            roles.setdefault(person_id, []).append(role)
        memo = self._person_memo
        result: list[Person] = []
        for row in rows:
            key = (*row, *roles.get(row[0], ()))
            seen = memo.get(row[0])
            if seen is None or seen[0] != key:
                person = m.Person(
                    id=row[0],
                    handle=row[1],
                    name=row[2],
                    roles=tuple(Role(r) for r in roles.get(row[0], ())),
                )
                seen = memo[row[0]] = (key, person)
            result.append(seen[1])
        return result

    def person(self, person_id: int) -> Person:
        for person in self.people():
            if person.id == person_id:
                return person
        raise NotFound(f"no person with id {person_id}")

    def person_by_handle(self, handle: str) -> Person:
        row = self._row("SELECT id FROM people WHERE handle = ? COLLATE NOCASE", [handle])
        if row is None:
            raise NotFound(f"no person with handle '{handle}'")
        return self.person(row["id"])

    def people_by_id(self) -> dict[int, Person]:
        return {p.id: p for p in self.people()}

    # -- teams ------------------------------------------------------------------

    def add_team(self, team: Team) -> Team:
        with self.write():
            if self._row("SELECT id FROM teams WHERE code = ?", [team.code]):
                raise Conflict(f"a team with code '{team.code}' already exists")
            tid = self._insert(
                "teams", {"code": team.code, "name": team.name, "parent_id": team.parent_id}
            )
            for pid in team.member_ids:
                self._insert("team_members", {"team_id": tid, "person_id": pid})
        return team.model_copy(update={"id": tid})

    def set_team_members(self, team_id: int, member_ids: Iterable[int]) -> None:
        with self.write():
            self.db.execute("DELETE FROM team_members WHERE team_id = ?", [team_id])
            for pid in dict.fromkeys(member_ids):
                self._insert("team_members", {"team_id": team_id, "person_id": pid})

    def teams(self) -> list[Team]:
        members: dict[int, list[int]] = {}
        for row in self._rows("SELECT team_id, person_id FROM team_members ORDER BY person_id"):
            members.setdefault(row["team_id"], []).append(row["person_id"])
        return [
            m.Team(
                id=row["id"],
                code=row["code"],
                name=row["name"],
                parent_id=row["parent_id"],
                member_ids=tuple(members.get(row["id"], ())),
            )
            for row in self._rows("SELECT * FROM teams ORDER BY id")
        ]

    def team(self, team_id: int) -> Team:
        for team in self.teams():
            if team.id == team_id:
                return team
        raise NotFound(f"no team with id {team_id}")

    def team_by_code(self, code: str) -> Team:
        row = self._row("SELECT id FROM teams WHERE code = ? COLLATE NOCASE", [code])
        if row is None:
            raise NotFound(f"no team with code '{code}'")
        return self.team(row["id"])

    def teams_of(self, person_id: int) -> list[Team]:
        return [t for t in self.teams() if person_id in t.member_ids]

    # -- cycles and milestones --------------------------------------------------

    def add_cycle(self, cycle: Cycle) -> Cycle:
        with self.write():
            if self._row("SELECT id FROM cycles WHERE slug = ?", [cycle.slug]):
                raise Conflict(f"a cycle called '{cycle.slug}' already exists")
            cid = self._insert(
                "cycles",
                {
                    "slug": cycle.slug,
                    "name": cycle.name,
                    "start": date_text(cycle.start),
                    "end": date_text(cycle.end),
                    "status": cycle.status.value,
                    "locked": int(cycle.locked),
                },
            )
        return cycle.model_copy(update={"id": cid})

    def cycles(self) -> list[Cycle]:
        return [_cycle(row) for row in self._rows("SELECT * FROM cycles ORDER BY start, id")]

    def cycle(self, cycle_id: int) -> Cycle:
        row = self._row("SELECT * FROM cycles WHERE id = ?", [cycle_id])
        if row is None:
            raise NotFound(f"no cycle with id {cycle_id}")
        return _cycle(row)

    def cycle_by_slug(self, slug: str) -> Cycle:
        row = self._row("SELECT * FROM cycles WHERE slug = ? COLLATE NOCASE", [slug])
        if row is None:
            known = ", ".join(c.slug for c in self.cycles()) or "none"
            raise NotFound(f"no cycle called '{slug}' (known: {known})")
        return _cycle(row)

    def current_cycle(self) -> Cycle | None:
        """The active cycle; else the newest one being planned; else the newest one."""
        with self._lock:
            cycle_id = current_cycle_id(self.db.conn)
        return None if cycle_id is None else self.cycle(cycle_id)

    def resolve_cycle(self, slug: str | None) -> Cycle:
        if slug:
            return self.cycle_by_slug(slug)
        cycle = self.current_cycle()
        if cycle is None:
            raise NotFound(
                "there is no cycle yet: start one with `okrtui cycle new`, write your OKRs "
                "in the app (`okrtui`, then +), or bring them with `okrtui import FILE`"
            )
        return cycle

    def set_cycle_status(self, cycle_id: int, status: CycleStatus) -> Cycle:
        with self.write():
            before = self.cycle(cycle_id)
            self.db.execute("UPDATE cycles SET status = ? WHERE id = ?", [status.value, cycle_id])
            after = self.cycle(cycle_id)
            self.audit("cycle", cycle_id, "status", before, after)
        return after

    def lock_cycle(self, cycle_id: int, locked: bool = True) -> Cycle:
        with self.write():
            before = self.cycle(cycle_id)
            self.db.execute("UPDATE cycles SET locked = ? WHERE id = ?", [int(locked), cycle_id])
            after = self.cycle(cycle_id)
            self.audit("cycle", cycle_id, "lock" if locked else "unlock", before, after)
        return after

    def add_milestone(self, milestone: Milestone) -> Milestone:
        with self.write():
            cycle = self.cycle(milestone.cycle_id)
            if cycle.locked:
                raise LockedMilestone(f"cycle {cycle.slug} is locked: its milestones are fixed")
            mid = self._insert(
                "milestones",
                {
                    "cycle_id": milestone.cycle_id,
                    "kind": milestone.kind.value,
                    "title": milestone.title,
                    "on_date": date_text(milestone.on),
                    "held_on": None if milestone.held_on is None else date_text(milestone.held_on),
                },
            )
        return milestone.model_copy(update={"id": mid})

    def milestones(self, cycle_id: int) -> list[Milestone]:
        return [
            _milestone(row)
            for row in self._rows(
                "SELECT * FROM milestones WHERE cycle_id = ? ORDER BY on_date, id", [cycle_id]
            )
        ]

    def milestone(self, milestone_id: int) -> Milestone:
        row = self._row("SELECT * FROM milestones WHERE id = ?", [milestone_id])
        if row is None:
            raise NotFound(f"no milestone with id {milestone_id}")
        return _milestone(row)

    def move_milestone(
        self, milestone_id: int, on: date, *, override: bool = False, reason: str = ""
    ) -> Milestone:
        """Change a milestone's date; in a locked cycle only with an override and a reason."""
        with self.write():
            before = self.milestone(milestone_id)
            cycle = self.cycle(before.cycle_id)
            if cycle.locked:
                if not override:
                    raise LockedMilestone(
                        f"cycle {cycle.slug} is locked: moving '{before.title}' needs an "
                        "override with a reason"
                    )
                if not reason.strip():
                    raise LockedMilestone(
                        f"cycle {cycle.slug} is locked: an override needs a reason"
                    )
            self.db.execute(
                "UPDATE milestones SET on_date = ? WHERE id = ?", [date_text(on), milestone_id]
            )
            after = self.milestone(milestone_id)
            self.audit(
                "milestone",
                milestone_id,
                "override" if cycle.locked else "move",
                before,
                after,
                reason,
            )
        return after

    def mark_milestone_held(self, milestone_id: int, on: date | None) -> Milestone:
        with self.write():
            self.milestone(milestone_id)
            self.db.execute(
                "UPDATE milestones SET held_on = ? WHERE id = ?",
                [None if on is None else date_text(on), milestone_id],
            )
        return self.milestone(milestone_id)

    # -- objectives and key results ---------------------------------------------

    def add_objective(self, objective: Objective) -> Objective:
        with self.write():
            if self._row(
                "SELECT id FROM objectives WHERE cycle_id = ? AND ref = ?",
                [objective.cycle_id, objective.ref],
            ):
                raise Conflict(f"objective {objective.ref} already exists in this cycle")
            oid = self._insert(
                "objectives",
                {
                    "cycle_id": objective.cycle_id,
                    "team_id": objective.team_id,
                    "number": objective.number,
                    "ref": objective.ref,
                    "title": objective.title,
                    "owner_id": objective.owner_id,
                    "kind": objective.kind.value,
                    "parent_id": objective.parent_id,
                    "description": objective.description,
                },
            )
        return objective.model_copy(update={"id": oid})

    def objectives(self, cycle_id: int, team_id: int | None = None) -> list[Objective]:
        sql, params = "SELECT * FROM objectives WHERE cycle_id = ?", [cycle_id]
        if team_id is not None:
            sql += " AND team_id = ?"
            params.append(team_id)
        return [m.Objective(**row) for row in self._rows(sql + " ORDER BY team_id, number", params)]

    def objective(self, objective_id: int) -> Objective:
        row = self._row("SELECT * FROM objectives WHERE id = ?", [objective_id])
        if row is None:
            raise NotFound(f"no objective with id {objective_id}")
        return m.Objective(**row)

    def update_objective(self, objective_id: int, **changes: Any) -> Objective:
        self._update_structure("objectives", "objective", objective_id, changes)
        return self.objective(objective_id)

    def next_objective_number(self, cycle_id: int, team_id: int) -> int:
        row = self._row(
            "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM objectives "
            "WHERE cycle_id = ? AND team_id = ?",
            [cycle_id, team_id],
        )
        return int(row["n"]) if row else 1

    def add_key_result(self, kr: KeyResult, cycle_id: int) -> KeyResult:
        with self.write():
            objective = self.objective(kr.objective_id)
            if objective.cycle_id != cycle_id:
                raise Conflict(f"objective {objective.ref} is not in that cycle")
            if self._row(
                "SELECT id FROM key_results WHERE cycle_id = ? AND ref = ?", [cycle_id, kr.ref]
            ):
                raise Conflict(f"key result {kr.ref} already exists in this cycle")
            kid = self._insert("key_results", {**_kr_values(kr), "cycle_id": cycle_id})
        return kr.model_copy(update={"id": kid})

    def key_results(
        self,
        cycle_id: int | None = None,
        objective_id: int | None = None,
        *,
        team_id: int | None = None,
    ) -> list[KeyResult]:
        """KRs by team, objective number and KR number; optionally of one team's objectives."""
        sql, params = (
            "SELECT k.* FROM key_results k JOIN objectives o ON o.id = k.objective_id WHERE 1=1",
            list[Any](),
        )
        if cycle_id is not None:
            sql += " AND k.cycle_id = ?"
            params.append(cycle_id)
        if objective_id is not None:
            sql += " AND k.objective_id = ?"
            params.append(objective_id)
        if team_id is not None:
            sql += " AND o.team_id = ?"
            params.append(team_id)
        sql += " ORDER BY o.team_id, o.number, k.number, k.id"
        return [_kr(row) for row in self._rows(sql, params)]

    def key_result(self, kr_id: int) -> KeyResult:
        row = self._row("SELECT * FROM key_results WHERE id = ?", [kr_id])
        if row is None:
            raise NotFound(f"no key result with id {kr_id}")
        return _kr(row)

    def kr_cycle_id(self, kr_id: int) -> int:
        row = self._row("SELECT cycle_id FROM key_results WHERE id = ?", [kr_id])
        if row is None:
            raise NotFound(f"no key result with id {kr_id}")
        return int(row["cycle_id"])

    def kr_by_ref(self, ref: str, cycle_id: int | None = None) -> KeyResult:
        cycle = self.cycle(cycle_id) if cycle_id is not None else self.resolve_cycle(None)
        row = self._row(
            "SELECT * FROM key_results WHERE cycle_id = ? AND ref = ? COLLATE NOCASE",
            [cycle.id, ref.strip()],
        )
        if row is None:
            raise NotFound(f"no key result '{ref}' in cycle {cycle.slug}")
        return _kr(row)

    def update_key_result(self, kr_id: int, **changes: Any) -> KeyResult:
        before = self.key_result(kr_id)
        m.KeyResult.model_validate({**before.model_dump(), **changes})
        self._update_structure("key_results", "key_result", kr_id, changes)
        return self.key_result(kr_id)

    def _update_structure(
        self, table: str, entity: str, entity_id: int, changes: Mapping[str, Any]
    ) -> Objective | KeyResult:
        allowed = {
            "objectives": {"title", "owner_id", "kind", "parent_id", "description"},
            "key_results": {"title", "owner_id", "start", "target", "unit", "direction"},
        }[table]
        unknown = set(changes) - allowed
        if unknown:
            raise StoreError(f"cannot change {', '.join(sorted(unknown))} of a {entity}")
        with self.write():
            row = self._row(f"SELECT * FROM {table} WHERE id = ?", [entity_id])
            if row is None:
                raise NotFound(f"no {entity} with id {entity_id}")
            values = {k: (v.value if hasattr(v, "value") else v) for k, v in changes.items()}
            before = {k: row[k] for k in values}
            assignments = ", ".join(f"{k} = ?" for k in values)
            self.db.execute(
                f"UPDATE {table} SET {assignments} WHERE id = ?", [*values.values(), entity_id]
            )
            self.audit(entity, entity_id, "edit", before, values)
            after = self._row(f"SELECT * FROM {table} WHERE id = ?", [entity_id]) or {}
        return m.Objective(**after) if table == "objectives" else _kr(after)

    # -- check-ins ----------------------------------------------------------------

    def add_checkin(self, checkin: CheckIn, *, as_recorded: bool = False) -> CheckIn:
        """Write `checkin` through the one writer; the stored row (its id, and its time
        moved past the KR's latest when the clock went back, unless `as_recorded`)."""
        return self.record_checkin(
            checkin.kr_id,
            confidence=checkin.confidence,
            value=checkin.value,
            note=checkin.note,
            author_id=checkin.author_id,
            meeting_id=checkin.meeting_id,
            at=checkin.at,
            as_recorded=as_recorded,
        )

    def record_checkin(self, kr_id: int, **fields: Unpack[CheckinFields]) -> CheckIn:
        """`write_checkin`, as the stored model."""
        written = self.write_checkin(kr_id, **fields)
        return m.CheckIn(
            id=written.id,
            kr_id=kr_id,
            at=written.at,
            value=written.value,
            confidence=written.confidence,
            note=written.note,
            author_id=written.author_id,
            meeting_id=written.meeting_id,
        )

    def write_checkin(
        self,
        kr_id: int,
        *,
        confidence: int | None,
        value: float | None = None,
        note: str = "",
        author_id: int | None = None,
        meeting_id: int | None = None,
        at: datetime | None = None,
        as_recorded: bool = False,
        in_cycle: int | None = None,
    ) -> Written:
        """One check-in through `okrtui.store.checkin_write.write_checkin` (the only
        code that inserts check-ins)."""
        with self.write():
            return write_checkin(
                self.db.conn,
                kr_id,
                confidence=confidence,
                value=value,
                note=note,
                author_id=author_id,
                meeting_id=meeting_id,
                at=at if at is not None else self._now(),
                as_recorded=as_recorded,
                in_cycle=in_cycle,
            )

    def checkins(self, kr_id: int) -> list[CheckIn]:
        return self._checkin_rows("SELECT * FROM checkins WHERE kr_id = ? ORDER BY at, id", [kr_id])

    def latest_checkin(self, kr_id: int) -> CheckIn | None:
        rows = self._checkin_rows(
            "SELECT * FROM checkins WHERE kr_id = ? ORDER BY at DESC, id DESC LIMIT 1", [kr_id]
        )
        return rows[0] if rows else None

    def latest_checkins(self, cycle_id: int) -> dict[int, CheckIn]:
        """The current state of every KR in a cycle that has a check-in."""
        rows = self._checkin_rows(
            """
            SELECT c.* FROM key_results k
            JOIN checkins c ON c.id = (
                SELECT c2.id FROM checkins c2 WHERE c2.kr_id = k.id
                ORDER BY c2.at DESC, c2.id DESC LIMIT 1
            )
            WHERE k.cycle_id = ?
            """,
            [cycle_id],
        )
        return {c.kr_id: c for c in rows}

    def checkin_history(
        self, cycle_id: int, kr_ids: Iterable[int] | None = None
    ) -> dict[int, list[CheckIn]]:
        """Every check-in of the cycle's KRs, by KR, in time order.

        `kr_ids` narrows it to those KRs (a team's KR round needs a few dozen histories,
        not the whole organisation's).
        """
        if kr_ids is None:
            rows = self._checkin_rows(
                "SELECT c.* FROM checkins c JOIN key_results k ON k.id = c.kr_id "
                "WHERE k.cycle_id = ? ORDER BY c.kr_id, c.at, c.id",
                [cycle_id],
            )
        else:
            import json  # not at the top: the first frame needs none

            wanted = json.dumps(sorted(set(kr_ids)))
            rows = self._checkin_rows(
                "SELECT c.* FROM json_each(?) j "
                "JOIN key_results k ON k.id = j.value AND k.cycle_id = ? "
                "JOIN checkins c ON c.kr_id = k.id ORDER BY c.kr_id, c.at, c.id",
                [wanted, cycle_id],
            )
        history: dict[int, list[CheckIn]] = {}
        for checkin in rows:
            history.setdefault(checkin.kr_id, []).append(checkin)
        return history

    def meeting_checkins(self, meeting_id: int) -> list[CheckIn]:
        return self._checkin_rows(
            "SELECT * FROM checkins WHERE meeting_id = ? ORDER BY at, id", [meeting_id]
        )

    # -- whole-cycle summaries: light rows, one aggregated query each ------------

    # -- light reads (no domain models: the app's first frame) ----------------------

    def current_cycle_row(self) -> CycleRow | None:
        """The cycle `current_cycle` picks, as a light row."""
        row = self.db.execute(
            f"SELECT id, name, start, end, status, locked FROM cycles {CURRENT_FIRST} LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        return CycleRow(
            id=row[0],
            name=row[1],
            start=date.fromisoformat(row[2]),
            end=date.fromisoformat(row[3]),
            status=CycleStatus(row[4]),
            locked=bool(row[5]),
        )

    def milestone_rows(self, cycle_id: int) -> list[MilestoneRow]:
        rows = self.db.execute(
            "SELECT id, kind, title, on_date, held_on FROM milestones WHERE cycle_id = ? "
            "ORDER BY on_date, id",
            [cycle_id],
        ).fetchall()
        return [
            MilestoneRow(
                id=r[0],
                kind=MilestoneKind(r[1]),
                title=r[2],
                on=date.fromisoformat(r[3]),
                held_on=opt_date(r[4]),
            )
            for r in rows
        ]

    def team_rows(self) -> list[TeamRow]:
        rows = self.db.execute("SELECT id, code, name, parent_id FROM teams ORDER BY id")
        return [TeamRow(*r) for r in rows.fetchall()]

    def person_rows(self) -> list[PersonRow]:
        """Everyone, by name (as `people`)."""
        rows = self.db.execute(
            "SELECT id, handle, name FROM people ORDER BY name COLLATE NOCASE, id"
        )
        return [PersonRow(*r) for r in rows.fetchall()]

    def objective_rows(self, cycle_id: int) -> list[ObjectiveRow]:
        """A cycle's objectives by team and number (as `objectives`), retired ones left out."""
        rows = self.db.execute(
            "SELECT id, ref, title, team_id, owner_id, kind, parent_id FROM objectives "
            "WHERE cycle_id = ? AND retired_at IS NULL ORDER BY team_id, number",
            [cycle_id],
        ).fetchall()
        return [
            ObjectiveRow(
                id=r[0],
                ref=r[1],
                title=r[2],
                team_id=r[3],
                owner_id=r[4],
                kind=ObjectiveKind(r[5]),
                parent_id=r[6],
            )
            for r in rows
        ]

    def kr_overview(
        self,
        cycle_id: int,
        *,
        baselines: Mapping[int, datetime],
        team_ids: Iterable[int] | None = None,
        confidence_at_most: int | None = None,
    ) -> list[KROverview]:
        """Every KR of a cycle with its latest value, confidence and time, and its
        confidence at its team's baseline (`baselines`: team id to the moment, from
        `team_baselines`); in the order of `key_results`. `team_ids` narrows it to those
        teams; `confidence_at_most` to KRs whose latest confidence is at most that, or
        who have no check-in yet.

        One query and no domain models, so a cycle of thousands of KRs reads in a blink.
        """
        import json  # not at the top: only here and for a KR round

        sql = """
            WITH base(team_id, at) AS (SELECT CAST(key AS INTEGER), value FROM json_each(?))
            SELECT k.id, k.ref, k.title, k.owner_id, k.objective_id, k.kind, k.start,
                k.target, k.unit, k.direction,
                (SELECT c.value FROM checkins c WHERE c.kr_id = k.id AND c.value IS NOT NULL
                    ORDER BY c.at DESC, c.id DESC LIMIT 1),
                latest.confidence, latest.at,
                (SELECT c.confidence FROM checkins c WHERE c.kr_id = k.id AND c.at <= b.at
                    ORDER BY c.at DESC, c.id DESC LIMIT 1),
                b.at IS NOT NULL
            FROM key_results k
            JOIN objectives o ON o.id = k.objective_id
            LEFT JOIN base b ON b.team_id = o.team_id
            LEFT JOIN checkins latest ON latest.id = (
                SELECT c.id FROM checkins c WHERE c.kr_id = k.id
                ORDER BY c.at DESC, c.id DESC LIMIT 1
            )
            WHERE k.cycle_id = ? AND (?3 IS NULL OR o.team_id IN (SELECT value FROM json_each(?3)))
                AND (?4 IS NULL OR latest.confidence IS NULL OR latest.confidence <= ?4)
                AND k.retired_at IS NULL AND o.retired_at IS NULL
            ORDER BY o.team_id, o.number, k.number, k.id
        """
        moments = json.dumps({str(team): to_text(at) for team, at in baselines.items()})
        teams = None if team_ids is None else json.dumps(sorted(set(team_ids)))
        with self._lock:
            rows = self.db.execute(sql, [moments, cycle_id, teams, confidence_at_most]).fetchall()
        return [
            KROverview(
                kr_id,
                ref,
                title,
                owner_id,
                objective_id,
                _KR_KINDS[kind],
                start,
                target,
                unit,
                None if direction is None else _DIRECTIONS[direction],
                latest_value,
                latest_confidence,
                None if latest_at is None else from_text(latest_at),
                (STARTING_CONFIDENCE if confidence_before is None else confidence_before)
                if has_baseline
                else None,
            )
            for (
                kr_id,
                ref,
                title,
                owner_id,
                objective_id,
                kind,
                start,
                target,
                unit,
                direction,
                latest_value,
                latest_confidence,
                latest_at,
                confidence_before,
                has_baseline,
            ) in rows
        ]

    def kr_counts_by_team(self, cycle_id: int) -> dict[int, int]:
        """How many KRs each team has in a cycle."""
        with self._lock:
            rows = self.db.execute(
                "SELECT o.team_id, count(*) FROM key_results k "
                "JOIN objectives o ON o.id = k.objective_id WHERE k.cycle_id = ? "
                "AND k.retired_at IS NULL AND o.retired_at IS NULL GROUP BY o.team_id",
                [cycle_id],
            ).fetchall()
        return {int(team_id): int(n) for team_id, n in rows}

    def kr_confidence_counts(
        self, cycle_id: int, *, stale_at_or_before: datetime
    ) -> list[tuple[int | None, bool, int]]:
        """The cycle's KRs counted by their latest check-in's confidence (None: no check-in)
        and whether that check-in is at or before `stale_at_or_before` (or missing): the
        dashboard's attention strip for the whole organisation in one aggregate."""
        with self._lock:
            rows = self.db.execute(
                """
                SELECT latest.confidence, latest.at IS NULL OR latest.at <= ?, count(*)
                FROM key_results k
                JOIN objectives o ON o.id = k.objective_id
                LEFT JOIN checkins latest ON latest.id = (
                    SELECT c.id FROM checkins c WHERE c.kr_id = k.id
                    ORDER BY c.at DESC, c.id DESC LIMIT 1
                )
                WHERE k.cycle_id = ? AND k.retired_at IS NULL AND o.retired_at IS NULL
                GROUP BY 1, 2
                """,
                [to_text(stale_at_or_before), cycle_id],
            ).fetchall()
        return [(conf, bool(stale), int(n)) for conf, stale, n in rows]

    def kr_labels(self, cycle_id: int) -> list[KRLabel]:
        """Id, reference, title and owner of every KR of a cycle, by id."""
        with self._lock:
            rows = self.db.execute(
                "SELECT id, ref, title, owner_id FROM key_results WHERE cycle_id = ? ORDER BY id",
                [cycle_id],
            ).fetchall()
        return [KRLabel(int(r[0]), str(r[1]), str(r[2]), r[3]) for r in rows]

    def kr_last_checkins(self, cycle_id: int, team_id: int | None = None) -> list[KRLastCheckin]:
        """The cycle's live KRs (one team's with `team_id`), each with the time of its
        latest check-in, in the order of `key_results`: one light query."""
        with self._lock:
            rows = self.db.execute(
                "SELECT k.id, k.ref, k.title, k.objective_id, o.team_id, "
                "COALESCE(k.owner_id, o.owner_id), "
                "(SELECT max(c.at) FROM checkins c WHERE c.kr_id = k.id) "
                "FROM key_results k JOIN objectives o ON o.id = k.objective_id "
                "WHERE k.cycle_id = ? AND k.retired_at IS NULL AND o.retired_at IS NULL "
                "AND (?2 IS NULL OR o.team_id = ?2) "
                "ORDER BY o.team_id, o.number, k.number, k.id",
                [cycle_id, team_id],
            ).fetchall()
        return [
            KRLastCheckin(
                int(r[0]),
                str(r[1]),
                str(r[2]),
                int(r[3]),
                int(r[4]),
                r[5],
                None if r[6] is None else from_text(str(r[6])),
            )
            for r in rows
        ]

    def meeting_headers(self, cycle_id: int) -> list[MeetingHeader]:
        """The cycle's meetings, oldest first, without their attendance (which
        `meetings` reads for each)."""
        with self._lock:
            rows = self.db.execute(
                "SELECT id, title, started_at FROM meetings WHERE cycle_id = ? "
                "ORDER BY started_at, id",
                [cycle_id],
            ).fetchall()
        return [MeetingHeader(int(r[0]), str(r[1]), from_text(str(r[2]))) for r in rows]

    def checkin_summaries(
        self, cycle_id: int, boundaries: Sequence[datetime | None]
    ) -> dict[int, CheckinSummary]:
        """For each KR of the cycle with a check-in: how many, the latest value, and the
        confidence of its last check-in before each of `boundaries` (ascending; a `None`,
        last, takes every check-in).

        One ordered scan of four columns, summed up here without building a model per
        check-in. (Grouping by KR and week in SQL was measured slower: a KR checked in
        weekly has a group per check-in.)
        """
        ends = [to_text(b) for b in boundaries if b is not None]
        with self._lock:
            rows = self.db.execute(
                "SELECT c.kr_id, c.at, c.value, c.confidence FROM checkins c "
                "JOIN key_results k ON k.id = c.kr_id WHERE k.cycle_id = ? "
                "ORDER BY c.kr_id, c.at, c.id",
                [cycle_id],
            ).fetchall()
        summaries: dict[int, CheckinSummary] = {}
        start = 0
        while start < len(rows):
            kr_id = rows[start][0]
            stop = start
            while stop < len(rows) and rows[stop][0] == kr_id:
                stop += 1
            mine = rows[start:stop]
            weekly: list[int] = []
            i, confidence = 0, STARTING_CONFIDENCE
            for boundary in boundaries:
                end = None if boundary is None else ends[len(weekly)]
                while i < len(mine) and (end is None or mine[i][1] < end):
                    confidence = mine[i][3]
                    i += 1
                weekly.append(confidence)
            value = next((r[2] for r in reversed(mine) if r[2] is not None), None)
            summaries[kr_id] = CheckinSummary(
                kr_id, len(mine), None if value is None else float(value), tuple(weekly)
            )
            start = stop
        return summaries

    # -- blockers, wins, actions ------------------------------------------------

    def raise_blocker(self, blocker: Blocker) -> Blocker:
        with self.write():
            bid = self._insert(
                "blockers",
                {
                    "cycle_id": blocker.cycle_id,
                    "text": blocker.text,
                    "kr_id": blocker.kr_id,
                    "team_id": blocker.team_id,
                    "owner_id": blocker.owner_id,
                    "raised_at": to_text(blocker.raised_at),
                    "raised_by_id": blocker.raised_by_id,
                    "raised_meeting_id": blocker.raised_meeting_id,
                    "resolved_at": opt_to_text(blocker.resolved_at),
                    "resolved_meeting_id": blocker.resolved_meeting_id,
                    "resolution": blocker.resolution,
                    "needed_by": None
                    if blocker.needed_by is None
                    else date_text(blocker.needed_by),
                },
            )
        return blocker.model_copy(update={"id": bid})

    def resolve_blocker(
        self, blocker_id: int, resolution: str, meeting_id: int | None = None
    ) -> Blocker:
        with self.write():
            current = self.blocker(blocker_id)
            if not current.is_open:
                raise Conflict(f"blocker {blocker_id} is already resolved")
            self.db.execute(
                "UPDATE blockers SET resolved_at = ?, resolved_meeting_id = ?, resolution = ? "
                "WHERE id = ?",
                [to_text(self._now()), meeting_id, resolution, blocker_id],
            )
        return self.blocker(blocker_id)

    def blocker(self, blocker_id: int) -> Blocker:
        row = self._row("SELECT * FROM blockers WHERE id = ?", [blocker_id])
        if row is None:
            raise NotFound(f"no blocker with id {blocker_id}")
        return _blocker(row)

    def blockers(self, cycle_id: int, *, open_only: bool = False) -> list[Blocker]:
        sql = "SELECT * FROM blockers WHERE cycle_id = ?"
        if open_only:
            sql += " AND resolved_at IS NULL"
        return [_blocker(row) for row in self._rows(sql + " ORDER BY raised_at, id", [cycle_id])]

    def add_win(self, win: Win) -> Win:
        with self.write():
            wid = self._insert(
                "wins",
                {
                    "cycle_id": win.cycle_id,
                    "text": win.text,
                    "kr_id": win.kr_id,
                    "team_id": win.team_id,
                    "at": to_text(win.at),
                    "author_id": win.author_id,
                    "meeting_id": win.meeting_id,
                },
            )
            for pid in dict.fromkeys(win.recognised_ids):
                self._insert("win_people", {"win_id": wid, "person_id": pid})
        return win.model_copy(update={"id": wid})

    def wins(self, cycle_id: int, since: datetime | None = None) -> list[Win]:
        sql, params = "SELECT * FROM wins WHERE cycle_id = ?", list[Any]([cycle_id])
        if since is not None:
            sql += " AND at >= ?"
            params.append(to_text(since))
        people: dict[int, list[int]] = {}
        for row in self._rows(
            "SELECT wp.win_id, wp.person_id FROM win_people wp JOIN wins w ON w.id = wp.win_id "
            "WHERE w.cycle_id = ? ORDER BY wp.rowid",
            [cycle_id],
        ):
            people.setdefault(row["win_id"], []).append(row["person_id"])
        return [
            _win(row, people.get(row["id"], []))
            for row in self._rows(sql + " ORDER BY at, id", params)
        ]

    def add_action(self, action: ActionItem) -> ActionItem:
        with self.write():
            aid = self._insert(
                "actions",
                {
                    "cycle_id": action.cycle_id,
                    "text": action.text,
                    "owner_id": action.owner_id,
                    "due": None if action.due is None else date_text(action.due),
                    "kr_id": action.kr_id,
                    "team_id": action.team_id,
                    "created_at": to_text(action.created_at),
                    "meeting_id": action.meeting_id,
                    "done_at": opt_to_text(action.done_at),
                    "done_meeting_id": action.done_meeting_id,
                },
            )
        return action.model_copy(update={"id": aid})

    def complete_action(self, action_id: int, meeting_id: int | None = None) -> ActionItem:
        with self.write():
            if not self.action(action_id).is_open:
                raise Conflict(f"action {action_id} is already done")
            self.db.execute(
                "UPDATE actions SET done_at = ?, done_meeting_id = ? WHERE id = ?",
                [to_text(self._now()), meeting_id, action_id],
            )
        return self.action(action_id)

    def action(self, action_id: int) -> ActionItem:
        row = self._row("SELECT * FROM actions WHERE id = ?", [action_id])
        if row is None:
            raise NotFound(f"no action item with id {action_id}")
        return _action(row)

    def actions(self, cycle_id: int, *, open_only: bool = False) -> list[ActionItem]:
        sql = "SELECT * FROM actions WHERE cycle_id = ?"
        if open_only:
            sql += " AND done_at IS NULL"
        return [_action(row) for row in self._rows(sql + " ORDER BY created_at, id", [cycle_id])]

    # -- meetings -----------------------------------------------------------------

    def create_meeting(self, meeting: Meeting, steps: Sequence[MeetingStep]) -> Meeting:
        with self.write():
            mid = self._insert(
                "meetings",
                {
                    "cycle_id": meeting.cycle_id,
                    "team_id": meeting.team_id,
                    "agenda_slug": meeting.agenda_slug,
                    "title": meeting.title,
                    "agenda_snapshot": meeting.agenda_snapshot,
                    "facilitator_id": meeting.facilitator_id,
                    "status": meeting.status.value,
                    "started_at": to_text(meeting.started_at),
                    "ended_at": opt_to_text(meeting.ended_at),
                    "current_step": meeting.current_step,
                },
            )
            for step in steps:
                self._insert("meeting_steps", {**_step_values(step), "meeting_id": mid})
            for pid in dict.fromkeys(meeting.attendee_ids):
                self._insert("attendance", {"meeting_id": mid, "person_id": pid})
        return self.meeting(mid)

    def meeting(self, meeting_id: int) -> Meeting:
        row = self._row("SELECT * FROM meetings WHERE id = ?", [meeting_id])
        if row is None:
            raise NotFound(f"no meeting with id {meeting_id}")
        attendees = [
            r["person_id"]
            for r in self._rows(
                "SELECT person_id FROM attendance WHERE meeting_id = ? ORDER BY rowid",
                [meeting_id],
            )
        ]
        return _meeting(row, attendees)

    def meetings(self, cycle_id: int | None = None) -> list[Meeting]:
        sql, params = "SELECT id FROM meetings", []
        if cycle_id is not None:
            sql += " WHERE cycle_id = ?"
            params.append(cycle_id)
        return [self.meeting(r["id"]) for r in self._rows(sql + " ORDER BY started_at, id", params)]

    def any_meeting_running(self) -> bool:
        """Whether a meeting was left running (cheap: the app asks on every start)."""
        row = self.db.execute("SELECT 1 FROM meetings WHERE status = 'running' LIMIT 1")
        return row.fetchone() is not None

    def running_meetings(self) -> list[Meeting]:
        return [
            self.meeting(r["id"])
            for r in self._rows(
                "SELECT id FROM meetings WHERE status = 'running' ORDER BY started_at DESC, id DESC"
            )
        ]

    def latest_meeting(self, status: MeetingStatus | None = None) -> Meeting | None:
        sql, params = "SELECT id FROM meetings", []
        if status is not None:
            sql += " WHERE status = ?"
            params.append(status.value)
        row = self._row(sql + " ORDER BY started_at DESC, id DESC LIMIT 1", params)
        return None if row is None else self.meeting(row["id"])

    def team_baselines(
        self, cycle_id: int, before: datetime, *, excluding: int | None = None
    ) -> dict[int, Baseline]:
        """For every team, what "since the last meeting" means at `before`: the end of the
        team's latest meeting (its own or an organisation-wide one) of the cycle that ended
        by then, else the cycle's start (see `okrtui.domain.baseline`). A meeting never
        counts as its own baseline: pass its id as `excluding`."""
        from zoneinfo import ZoneInfo

        cycle = self.db.execute("SELECT start FROM cycles WHERE id = ?", [cycle_id]).fetchone()
        if cycle is None:
            raise NotFound(f"no cycle with id {cycle_id}")
        zone = ZoneInfo(self.timezone)
        start_day = date.fromisoformat(cycle[0])
        start = datetime.combine(start_day, datetime.min.time(), tzinfo=zone)
        with self._lock:
            team_ids = [int(r[0]) for r in self.db.execute("SELECT id FROM teams").fetchall()]
            ended = self.db.execute(
                "SELECT team_id, title, ended_at FROM meetings WHERE cycle_id = ? "
                "AND status = 'ended' AND ended_at <= ? AND id IS NOT ? ORDER BY ended_at, id",
                [cycle_id, to_text(before), excluding],
            ).fetchall()
        latest: dict[int | None, tuple[str, str]] = {}
        for team_id, title, ended_at in ended:  # in time order: the last one stays
            latest[team_id] = (str(title), str(ended_at))
        organisation_wide = latest.get(None)
        baselines: dict[int, Baseline] = {}
        for team_id in team_ids:
            own = latest.get(team_id)
            found = max(
                (m for m in (own, organisation_wide) if m is not None),
                key=lambda m: m[1],
                default=None,
            )
            if found is None:
                baselines[team_id] = Baseline(start, start_day)
            else:
                at = from_text(found[1])
                baselines[team_id] = Baseline(at, at.astimezone(zone).date(), found[0])
        return baselines

    def previous_meeting(self, meeting: Meeting) -> Meeting | None:
        """The last meeting of the same scope that started before this one."""
        scope = "team_id IS ?" if meeting.team_id is None else "team_id = ?"
        row = self._row(
            f"SELECT id FROM meetings WHERE {scope} AND started_at < ? AND id != ? "
            "ORDER BY started_at DESC, id DESC LIMIT 1",
            [meeting.team_id, to_text(meeting.started_at), meeting.id],
        )
        return None if row is None else self.meeting(row["id"])

    def meeting_steps(self, meeting_id: int) -> list[MeetingStep]:
        return [
            _step(row)
            for row in self._rows(
                "SELECT * FROM meeting_steps WHERE meeting_id = ? ORDER BY position", [meeting_id]
            )
        ]

    def save_step(self, step: MeetingStep) -> MeetingStep:
        with self.write():
            self.db.execute(
                "UPDATE meeting_steps SET status = ?, elapsed_seconds = ?, entered_at = ?, "
                "notes = ? WHERE id = ?",
                [
                    step.status.value,
                    step.elapsed_seconds,
                    opt_to_text(step.entered_at),
                    step.notes,
                    step.id,
                ],
            )
        return step

    def set_step_notes(self, step_id: int, notes: str) -> None:
        with self.write():
            self.db.execute("UPDATE meeting_steps SET notes = ? WHERE id = ?", [notes, step_id])

    def set_current_step(self, meeting_id: int, position: int) -> None:
        with self.write():
            self.db.execute(
                "UPDATE meetings SET current_step = ? WHERE id = ?", [position, meeting_id]
            )

    def end_meeting(self, meeting_id: int, at: datetime) -> Meeting:
        with self.write():
            self.db.execute(
                "UPDATE meetings SET status = 'ended', ended_at = ? WHERE id = ?",
                [to_text(at), meeting_id],
            )
        return self.meeting(meeting_id)

    def set_attendance(self, meeting_id: int, person_ids: Iterable[int]) -> None:
        with self.write():
            self.db.execute("DELETE FROM attendance WHERE meeting_id = ?", [meeting_id])
            for pid in dict.fromkeys(person_ids):
                self._insert("attendance", {"meeting_id": meeting_id, "person_id": pid})

    # -- grades and reflections ---------------------------------------------------

    def add_grade(self, grade: Grade) -> Grade:
        with self.write():
            self.key_result(grade.kr_id)
            gid = self._insert(
                "grades",
                {
                    "kr_id": grade.kr_id,
                    "score": grade.score,
                    "note": grade.note,
                    "ungraded_reason": grade.ungraded_reason,
                    "at": to_text(grade.at),
                    "author_id": grade.author_id,
                    "meeting_id": grade.meeting_id,
                },
            )
        return grade.model_copy(update={"id": gid})

    def latest_grades(self, cycle_id: int) -> dict[int, Grade]:
        rows = self._rows(
            """
            SELECT g.* FROM key_results k
            JOIN grades g ON g.id = (
                SELECT g2.id FROM grades g2 WHERE g2.kr_id = k.id
                ORDER BY g2.at DESC, g2.id DESC LIMIT 1
            )
            WHERE k.cycle_id = ?
            """,
            [cycle_id],
        )
        return {row["kr_id"]: _grade(row) for row in rows}

    def add_reflection(self, reflection: Reflection) -> Reflection:
        with self.write():
            rid = self._insert(
                "reflections",
                {
                    "cycle_id": reflection.cycle_id,
                    "kind": reflection.kind.value,
                    "text": reflection.text,
                    "author_id": reflection.author_id,
                    "at": to_text(reflection.at),
                    "meeting_id": reflection.meeting_id,
                    "team_id": reflection.team_id,
                },
            )
        return reflection.model_copy(update={"id": rid})

    def reflections(self, cycle_id: int) -> list[Reflection]:
        return [
            m.Reflection(**{**row, "at": from_text(row["at"])})
            for row in self._rows(
                "SELECT * FROM reflections WHERE cycle_id = ? ORDER BY at, id", [cycle_id]
            )
        ]

    # -- votes --------------------------------------------------------------------

    def open_vote(self, meeting_id: int, kr_id: int) -> VoteRound:
        with self.write():
            rid = self._insert(
                "vote_rounds",
                {"meeting_id": meeting_id, "kr_id": kr_id, "opened_at": to_text(self._now())},
            )
        return self.vote_round(rid)

    def vote_round(self, round_id: int) -> VoteRound:
        row = self._row("SELECT * FROM vote_rounds WHERE id = ?", [round_id])
        if row is None:
            raise NotFound(f"no vote with id {round_id}")
        return _vote_round(row)

    def open_vote_rounds(self) -> list[VoteRound]:
        return [
            _vote_round(row)
            for row in self._rows(
                "SELECT r.* FROM vote_rounds r JOIN meetings m ON m.id = r.meeting_id "
                "WHERE r.closed_at IS NULL AND m.status = 'running' ORDER BY r.opened_at DESC"
            )
        ]

    def cast_vote(self, round_id: int, person_id: int, confidence: int) -> Vote:
        vote = m.Vote(round_id=round_id, person_id=person_id, confidence=confidence, at=self._now())
        with self.write():
            current = self.vote_round(round_id)
            if current.revealed_at is not None or current.closed_at is not None:
                raise Conflict("this vote has been revealed already: no more votes")
            self.db.execute(
                "INSERT INTO votes (round_id, person_id, confidence, at) VALUES (?, ?, ?, ?)",
                [round_id, person_id, confidence, to_text(vote.at)],
            )
        return vote

    def votes(self, round_id: int) -> list[Vote]:
        """The vote that counts for each person (their latest row; a revote is appended),
        in the order people first voted."""
        latest: dict[int, Vote] = {}
        for row in self._rows("SELECT * FROM votes WHERE round_id = ? ORDER BY id", [round_id]):
            vote = m.Vote(**{**row, "at": from_text(row["at"])})
            latest[vote.person_id] = vote
        return list(latest.values())

    def reveal_vote(self, round_id: int) -> VoteRound:
        with self.write():
            self.db.execute(
                "UPDATE vote_rounds SET revealed_at = COALESCE(revealed_at, ?) WHERE id = ?",
                [to_text(self._now()), round_id],
            )
        return self.vote_round(round_id)

    def close_vote(self, round_id: int, agreed: int | None) -> VoteRound:
        with self.write():
            self.db.execute(
                "UPDATE vote_rounds SET closed_at = ?, agreed_confidence = ? WHERE id = ?",
                [to_text(self._now()), agreed, round_id],
            )
        return self.vote_round(round_id)

    # -- between the meetings: acknowledgements and decisions (issue 19) ----------

    def acknowledge(
        self, checkin_id: int, person_id: int, comment: str = "", *, at: datetime | None = None
    ) -> Acknowledgement:
        """Record that `person_id` read check-in `checkin_id` (optionally with a comment),
        now or `at` (the demo's story is dated).

        Refused (`NotAllowed`) unless `okrtui.domain.acknowledgement` says this person may;
        a person acknowledges a check-in once (`Conflict`)."""
        from okrtui.domain.acknowledgement import Acknowledgement, why_not_acknowledge

        comment = comment.strip()
        with self.write():
            found = self._row(
                "SELECT c.author_id, o.team_id, k.ref FROM checkins c "
                "JOIN key_results k ON k.id = c.kr_id JOIN objectives o ON o.id = k.objective_id "
                "WHERE c.id = ?",
                [checkin_id],
            )
            if found is None:
                raise NotFound(f"no check-in with id {checkin_id}")
            person = self.person(person_id)
            member_of = {
                int(r["team_id"])
                for r in self._rows(
                    "SELECT team_id FROM team_members WHERE person_id = ?", [person_id]
                )
            }
            why = why_not_acknowledge(
                person.roles,
                member_of,
                int(found["team_id"]),
                is_author=found["author_id"] == person_id,
            )
            if why:
                raise NotAllowed(
                    f"{person.handle} cannot acknowledge check-in {checkin_id} on "
                    f"{found['ref']}: {why}"
                )
            if self._row(
                "SELECT 1 FROM acknowledgements WHERE checkin_id = ? AND person_id = ?",
                [checkin_id, person_id],
            ):
                raise Conflict(f"{person.handle} has already acknowledged check-in {checkin_id}")
            at = at if at is not None else self._now()
            aid = self._insert(
                "acknowledgements",
                {
                    "checkin_id": checkin_id,
                    "person_id": person_id,
                    "at": to_text(at),
                    "comment": comment,
                },
            )
        return Acknowledgement(aid, checkin_id, person_id, at, comment)

    def acknowledgements(
        self, cycle_id: int, *, kr_id: int | None = None
    ) -> dict[int, list[Acknowledgement]]:
        """Acknowledgements of the cycle's check-ins (or of one KR's), by check-in id, in
        the order they were made."""
        from okrtui.domain.acknowledgement import Acknowledgement

        sql = (
            "SELECT a.* FROM acknowledgements a JOIN checkins c ON c.id = a.checkin_id "
            "JOIN key_results k ON k.id = c.kr_id WHERE k.cycle_id = ?"
        )
        params: list[Any] = [cycle_id]
        if kr_id is not None:
            sql += " AND k.id = ?"
            params.append(kr_id)
        found: dict[int, list[Acknowledgement]] = {}
        for row in self._rows(sql + " ORDER BY a.at, a.id", params):
            found.setdefault(row["checkin_id"], []).append(
                Acknowledgement(
                    row["id"],
                    row["checkin_id"],
                    row["person_id"],
                    from_text(row["at"]),
                    row["comment"],
                )
            )
        return found

    def checkin(self, checkin_id: int) -> CheckIn:
        rows = self._checkin_rows("SELECT * FROM checkins WHERE id = ?", [checkin_id])
        if not rows:
            raise NotFound(f"no check-in with id {checkin_id}")
        return rows[0]

    def unacknowledged_checkins(self, cycle_id: int) -> list[CheckIn]:
        """Each KR's latest check-in in the cycle, when it was made outside a meeting (the
        room saw those) and nobody has acknowledged it yet; oldest first. Only the latest
        waits: reading it is reading the ones before."""
        return self._checkin_rows(
            "SELECT c.* FROM key_results k JOIN checkins c ON c.id = ("
            "SELECT c2.id FROM checkins c2 WHERE c2.kr_id = k.id "
            "ORDER BY c2.at DESC, c2.id DESC LIMIT 1) "
            "WHERE k.cycle_id = ? AND c.meeting_id IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM acknowledgements a WHERE a.checkin_id = c.id) "
            "ORDER BY c.at, c.id",
            [cycle_id],
        )

    def add_decision(self, decision: Decision) -> Decision:
        """Write a decision with its owners; its text must not be empty."""
        from dataclasses import replace

        from okrtui.limits import TEXT_MAX, too_long

        text = decision.text.strip()
        if not text:
            raise Conflict("a decision needs some text")
        if too_long(text, TEXT_MAX):
            raise Conflict(f"the decision {too_long(text, TEXT_MAX)}")
        owners = tuple(dict.fromkeys(decision.owner_ids))
        with self.write():
            known = {int(r["id"]) for r in self._rows("SELECT id FROM people")}
            for pid in owners:
                if pid not in known:
                    raise NotFound(f"no person with id {pid}")
            did = self._insert(
                "decisions",
                {
                    "cycle_id": decision.cycle_id,
                    "text": text,
                    "kr_id": decision.kr_id,
                    "team_id": decision.team_id,
                    "meeting_id": decision.meeting_id,
                    "at": to_text(decision.at),
                    "author_id": decision.author_id,
                },
            )
            for pid in owners:
                self._insert("decision_owners", {"decision_id": did, "person_id": pid})
        return replace(decision, id=did, text=text, owner_ids=owners)

    def decisions(
        self, cycle_id: int, *, kr_id: int | None = None, meeting_id: int | None = None
    ) -> list[Decision]:
        """The cycle's decisions (or one KR's, or one meeting's), in the order taken."""
        from okrtui.domain.decision import Decision

        sql, params = "SELECT * FROM decisions WHERE cycle_id = ?", list[Any]([cycle_id])
        if kr_id is not None:
            sql += " AND kr_id = ?"
            params.append(kr_id)
        if meeting_id is not None:
            sql += " AND meeting_id = ?"
            params.append(meeting_id)
        owners: dict[int, list[int]] = {}
        for row in self._rows(
            "SELECT o.decision_id, o.person_id FROM decision_owners o "
            "JOIN decisions d ON d.id = o.decision_id WHERE d.cycle_id = ? ORDER BY o.rowid",
            [cycle_id],
        ):
            owners.setdefault(row["decision_id"], []).append(row["person_id"])
        return [
            Decision(
                id=row["id"],
                text=row["text"],
                at=from_text(row["at"]),
                cycle_id=row["cycle_id"],
                owner_ids=tuple(owners.get(row["id"], ())),
                kr_id=row["kr_id"],
                team_id=row["team_id"],
                meeting_id=row["meeting_id"],
                author_id=row["author_id"],
            )
            for row in self._rows(sql + " ORDER BY at, id", params)
        ]


def _json(value: BaseModel | Mapping[str, Any] | None) -> str:
    if value is None:
        return "null"
    if isinstance(value, Mapping):
        import json  # not at the top: the first frame needs none

        return json.dumps(dict(value), default=str, sort_keys=True)
    return value.model_dump_json()


def _cycle(row: Row) -> Cycle:
    return m.Cycle(
        id=row["id"],
        slug=row["slug"],
        name=row["name"],
        start=date.fromisoformat(row["start"]),
        end=date.fromisoformat(row["end"]),
        status=CycleStatus(row["status"]),
        locked=bool(row["locked"]),
    )


def _milestone(row: Row) -> Milestone:
    return m.Milestone(
        id=row["id"],
        cycle_id=row["cycle_id"],
        kind=row["kind"],
        title=row["title"],
        on=date.fromisoformat(row["on_date"]),
        held_on=opt_date(row["held_on"]),
    )


def _kr_values(kr: KeyResult) -> Row:
    return {
        "objective_id": kr.objective_id,
        "number": kr.number,
        "ref": kr.ref,
        "title": kr.title,
        "owner_id": kr.owner_id,
        "kind": kr.kind.value,
        "start": kr.start,
        "target": kr.target,
        "unit": kr.unit,
        "direction": None if kr.direction is None else kr.direction.value,
    }


def _kr(row: Row) -> KeyResult:
    return m.KeyResult(**{k: v for k, v in row.items() if k != "cycle_id"})


def _checkin(row: Row) -> CheckIn:
    return m.CheckIn(**{**row, "at": from_text(row["at"])})


_CHECKIN_COLUMNS = (
    "id",
    "kr_id",
    "at",
    "value",
    "confidence",
    "note",
    "author_id",
    "meeting_id",
)
"""The checkins table's columns in order, as `SELECT *` gives them."""


def _checkin_from_tuple(row: tuple[Any, ...]) -> CheckIn:
    """`_checkin` of a `SELECT *` row, without building a dict first (a whole cycle's
    history is tens of thousands of rows)."""
    return m.CheckIn(
        id=row[0],
        kr_id=row[1],
        at=from_text(row[2]),
        value=row[3],
        confidence=row[4],
        note=row[5],
        author_id=row[6],
        meeting_id=row[7],
    )


def _blocker(row: Row) -> Blocker:
    return m.Blocker(
        **{
            **row,
            "raised_at": from_text(row["raised_at"]),
            "resolved_at": opt_from_text(row["resolved_at"]),
            "needed_by": opt_date(row["needed_by"]),
        }
    )


def _win(row: Row, recognised: Sequence[int]) -> Win:
    return m.Win(**{**row, "at": from_text(row["at"]), "recognised_ids": tuple(recognised)})


def _action(row: Row) -> ActionItem:
    return m.ActionItem(
        **{
            **row,
            "due": opt_date(row["due"]),
            "created_at": from_text(row["created_at"]),
            "done_at": opt_from_text(row["done_at"]),
        }
    )


def _grade(row: Row) -> Grade:
    return m.Grade(**{**row, "at": from_text(row["at"])})


def _meeting(row: Row, attendees: Sequence[int]) -> Meeting:
    return m.Meeting(
        **{
            **row,
            "started_at": from_text(row["started_at"]),
            "ended_at": opt_from_text(row["ended_at"]),
            "attendee_ids": tuple(attendees),
        }
    )


def _step_values(step: MeetingStep) -> Row:
    return {
        "position": step.position,
        "kind": step.kind,
        "title": step.title,
        "prompt": step.prompt,
        "planned_minutes": step.planned_minutes,
        "status": step.status.value,
        "elapsed_seconds": step.elapsed_seconds,
        "entered_at": opt_to_text(step.entered_at),
        "notes": step.notes,
        "options": step.options,
    }


def _step(row: Row) -> MeetingStep:
    return m.MeetingStep(
        **{
            **row,
            "status": StepStatus(row["status"]),
            "entered_at": opt_from_text(row["entered_at"]),
        }
    )


def _vote_round(row: Row) -> VoteRound:
    return m.VoteRound(
        **{
            **row,
            "opened_at": from_text(row["opened_at"]),
            "revealed_at": opt_from_text(row["revealed_at"]),
            "closed_at": opt_from_text(row["closed_at"]),
        }
    )

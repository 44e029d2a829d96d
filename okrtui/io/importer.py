"""Writing a validated OKR set into the store, all or nothing.

Rules when the database is not empty:

- A person whose handle (case-insensitive) or a team whose code already exists is reused
  as it is in the database; the file's name, roles, members and parent for it are ignored.
- The cycle must be new: a cycle with the same slug is an error.
- Organisation and timezone settings are written when the database has no cycle yet.
  Otherwise the database keeps its organisation, and a different timezone is an error,
  because the file's dates would be read in the wrong zone.

Everything is written in one `store.write()` transaction; any error rolls all of it back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from okrtui.domain.models import (
    ActionItem,
    Blocker,
    CheckIn,
    Cycle,
    CycleStatus,
    KeyResult,
    Milestone,
    Objective,
    Person,
    Team,
    Win,
)
from okrtui.io.okrset import OKRSet, OKRSetError, TeamDoc
from okrtui.store.errors import NotFound, StoreError
from okrtui.store.store import Store


@dataclass(frozen=True)
class ImportSummary:
    """What an import wrote; `*_matched` counts records reused from the database."""

    cycle_slug: str
    people_added: int = 0
    people_matched: int = 0
    teams_added: int = 0
    teams_matched: int = 0
    objectives: int = 0
    key_results: int = 0
    checkins: int = 0
    blockers: int = 0
    wins: int = 0
    actions: int = 0

    def describe(self) -> str:
        text = (
            f"cycle {self.cycle_slug}: {self.objectives} objectives, "
            f"{self.key_results} key results, {self.checkins} check-ins"
        )
        if self.people_added or self.people_matched or self.teams_added or self.teams_matched:
            text += (
                f"; {self.people_added} people and {self.teams_added} teams added, "
                f"{self.people_matched} people and {self.teams_matched} teams already known"
            )
        return text


def import_okrset(store: Store, okrset: OKRSet) -> ImportSummary:
    """Write `okrset` into `store` in one transaction; raise `OKRSetError` on any conflict."""
    try:
        with store.write():
            return _Importer(store, okrset).run()
    except StoreError as error:
        raise OKRSetError(f"{okrset.source}: {error}") from None


class _Importer:
    def __init__(self, store: Store, okrset: OKRSet) -> None:
        self.store = store
        self.okrset = okrset
        self.doc = okrset.doc
        self.people: dict[str, int] = {}
        self.teams: dict[str, int] = {}
        self.objectives: dict[str, int] = {}
        self.krs: dict[str, int] = {}

    def person(self, handle: str | None) -> int | None:
        return None if handle is None else self.people[handle.casefold()]

    def team(self, code: str | None) -> int | None:
        return None if code is None else self.teams[code]

    def kr(self, ref: str | None) -> int | None:
        return None if ref is None else self.krs[ref]

    def run(self) -> ImportSummary:
        store, doc = self.store, self.doc
        self._settings()
        slug = doc.cycle.slug
        if _exists(lambda: store.cycle_by_slug(slug)):
            raise self.okrset.error("cycle.slug", f"a cycle called {slug!r} already exists")
        people_added = self._people()
        teams_added = self._teams()
        cycle_id = self._cycle()
        counts = self._objectives(cycle_id)
        for blocker in doc.blockers:
            store.raise_blocker(
                Blocker(
                    cycle_id=cycle_id,
                    text=blocker.text,
                    kr_id=self.kr(blocker.kr),
                    team_id=self.team(blocker.team),
                    owner_id=self.person(blocker.owner),
                    raised_at=blocker.raised_at,
                    raised_by_id=self.person(blocker.raised_by),
                    resolved_at=blocker.resolved_at,
                    resolution=blocker.resolution,
                )
            )
        for win in doc.wins:
            store.add_win(
                Win(
                    cycle_id=cycle_id,
                    text=win.text,
                    kr_id=self.kr(win.kr),
                    team_id=self.team(win.team),
                    at=win.at,
                    author_id=self.person(win.author),
                    recognised_ids=tuple(self.people[h.casefold()] for h in win.recognised),
                )
            )
        for action in doc.actions:
            store.add_action(
                ActionItem(
                    cycle_id=cycle_id,
                    text=action.text,
                    owner_id=self.person(action.owner),
                    due=action.due,
                    kr_id=self.kr(action.kr),
                    team_id=self.team(action.team),
                    created_at=action.created_at,
                    done_at=action.done_at,
                )
            )
        if doc.cycle.locked:
            store.lock_cycle(cycle_id)
        if doc.cycle.status is CycleStatus.CLOSED:
            store.set_cycle_status(cycle_id, CycleStatus.CLOSED)
        return ImportSummary(
            cycle_slug=slug,
            people_added=people_added,
            people_matched=len(doc.people) - people_added,
            teams_added=teams_added,
            teams_matched=len(doc.teams) - teams_added,
            objectives=counts[0],
            key_results=counts[1],
            checkins=counts[2],
            blockers=len(doc.blockers),
            wins=len(doc.wins),
            actions=len(doc.actions),
        )

    def _settings(self) -> None:
        store, doc = self.store, self.doc
        if not store.cycles():
            store.set_setting("organisation", doc.organisation)
            store.set_setting("timezone", doc.timezone)
        elif store.timezone != doc.timezone:
            raise self.okrset.error(
                "timezone",
                f"the database uses {store.timezone}, the file {doc.timezone}; "
                "dates would be read in the wrong time zone",
            )

    def _people(self) -> int:
        added = 0
        for person in self.doc.people:
            try:
                pid = self.store.person_by_handle(person.handle).id
            except NotFound:
                pid = self.store.add_person(
                    Person(handle=person.handle, name=person.name, roles=person.roles)
                ).id
                added += 1
            self.people[person.handle.casefold()] = pid
        return added

    def _teams(self) -> int:
        added = 0
        for team in _parents_first(self.doc.teams):
            try:
                tid = self.store.team_by_code(team.code).id
            except NotFound:
                members = tuple(self.people[h.casefold()] for h in team.members)
                tid = self.store.add_team(
                    Team(
                        code=team.code,
                        name=team.name,
                        parent_id=self.team(team.parent),
                        member_ids=members,
                    )
                ).id
                added += 1
            self.teams[team.code] = tid
        return added

    def _cycle(self) -> int:
        cycle = self.doc.cycle
        status = CycleStatus.PLANNING if cycle.status is CycleStatus.CLOSED else cycle.status
        cycle_id = self.store.add_cycle(
            Cycle(
                slug=cycle.slug,
                name=cycle.name,
                start=cycle.start,
                end=cycle.end,
                status=status,
                locked=False,
            )
        ).id
        for milestone in cycle.milestones:
            self.store.add_milestone(
                Milestone(
                    cycle_id=cycle_id,
                    kind=milestone.kind,
                    title=milestone.title,
                    on=milestone.on,
                    held_on=milestone.held_on,
                )
            )
        return cycle_id

    def _objectives(self, cycle_id: int) -> tuple[int, int, int]:
        by_ref = {o.ref: o for o in self.doc.objectives}
        order = _topological(
            [o.ref or "" for o in self.doc.objectives], lambda ref: by_ref[ref].parent
        )
        krs = checkins = 0
        for ref in order:
            objective = by_ref[ref]
            oid = self.store.add_objective(
                Objective(
                    cycle_id=cycle_id,
                    team_id=self.teams[objective.team],
                    number=_number(ref, "-"),
                    ref=ref,
                    title=objective.title,
                    owner_id=self.person(objective.owner),
                    kind=objective.kind,
                    parent_id=None
                    if objective.parent is None
                    else self.objectives[objective.parent],
                    description=objective.description,
                )
            ).id
            self.objectives[ref] = oid
            for kr in objective.key_results:
                assert kr.ref is not None
                kid = self.store.add_key_result(
                    KeyResult(
                        objective_id=oid,
                        number=_number(kr.ref, "."),
                        ref=kr.ref,
                        title=kr.title,
                        owner_id=self.person(kr.owner),
                        kind=kr.kind,
                        start=kr.start,
                        target=kr.target,
                        unit=kr.unit,
                        direction=kr.direction,
                    ),
                    cycle_id,
                ).id
                self.krs[kr.ref] = kid
                krs += 1
                for checkin in kr.checkins:
                    self.store.add_checkin(
                        CheckIn(
                            kr_id=kid,
                            at=checkin.at,
                            value=checkin.value,
                            confidence=checkin.confidence,
                            note=checkin.note,
                            author_id=self.person(checkin.author),
                        ),
                        as_recorded=True,
                    )
                    checkins += 1
        return len(order), krs, checkins


def _number(ref: str, separator: str) -> int:
    return int(ref.rsplit(separator, 1)[1])


def _exists(lookup: Callable[[], object]) -> bool:
    try:
        lookup()
    except NotFound:
        return False
    return True


def _parents_first(teams: Sequence[TeamDoc]) -> Iterator[TeamDoc]:
    by_code = {t.code: t for t in teams}
    for code in _topological([t.code for t in teams], lambda c: by_code[c].parent):
        yield by_code[code]


def _topological(keys: Iterable[str], parent_of: Callable[[str], str | None]) -> list[str]:
    """Keys with every parent (that is itself among the keys) before its children.

    Otherwise the given order is kept. The validation pass has ruled out loops.
    """
    keys = list(keys)
    present = set(keys)
    placed: set[str] = set()
    order: list[str] = []
    for key in keys:
        # Walk up to the first ancestor already placed (no recursion: a tree may be
        # thousands of levels deep), then place the chain from the top down.
        chain: list[str] = []
        step: str | None = key
        while step is not None and step in present and step not in placed:
            chain.append(step)
            step = parent_of(step)
        for item in reversed(chain):
            placed.add(item)
            order.append(item)
    return order

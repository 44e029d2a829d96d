"""My inbox: what is one person's to do between meetings, as plain data. No Textual.

When a person opens `okrtui` or `okrtui checkin`, theirs comes first: the key results they
are due to check in on, their open actions (overdue first), the open blockers they own or
raised, and the check-ins waiting for their acknowledgement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from okrtui.domain.acknowledgement import may_acknowledge
from okrtui.domain.krstate import value_text
from okrtui.domain.models import Cycle
from okrtui.store import Store
from okrtui.views.due import DueKR, DueList, due_list


@dataclass(frozen=True, slots=True)
class AwaitingAck:
    """A check-in someone else made since their team's last meeting, outside a meeting,
    that nobody has acknowledged yet, on a key result this person may acknowledge."""

    checkin_id: int
    kr_id: int
    kr_ref: str
    kr_title: str
    author: str
    at: datetime
    confidence: int
    value: str
    note: str


@dataclass(frozen=True, slots=True)
class InboxAction:
    action_id: int
    text: str
    due: date | None
    overdue: bool
    kr_ref: str


@dataclass(frozen=True, slots=True)
class InboxBlocker:
    blocker_id: int
    text: str
    kr_ref: str
    owned: bool
    raised: bool
    raised_at: datetime

    @property
    def relation(self) -> str:
        """`you own it`, `you raised it`, `you raised and own it`."""
        if self.owned and self.raised:
            return "you raised and own it"
        return "you own it" if self.owned else "you raised it"


@dataclass(frozen=True, slots=True)
class Inbox:
    person_id: int
    due: tuple[DueKR, ...]
    actions: tuple[InboxAction, ...]
    blockers: tuple[InboxBlocker, ...]
    awaiting: tuple[AwaitingAck, ...]

    @property
    def empty(self) -> bool:
        return not (self.due or self.actions or self.blockers or self.awaiting)

    @property
    def overdue_actions(self) -> int:
        return sum(1 for action in self.actions if action.overdue)

    def headline(self) -> str:
        """One line: `2 KRs due · 3 actions (1 overdue) · 1 blocker · 2 check-ins to
        acknowledge`, or `Nothing waiting for you.`"""
        if self.empty:
            return "Nothing waiting for you."
        parts: list[str] = []
        if self.due:
            parts.append(_count(len(self.due), "KR") + " due")
        if self.actions:
            overdue = f" ({self.overdue_actions} overdue)" if self.overdue_actions else ""
            parts.append(_count(len(self.actions), "action") + overdue)
        if self.blockers:
            parts.append(_count(len(self.blockers), "blocker"))
        if self.awaiting:
            parts.append(_count(len(self.awaiting), "check-in") + " to acknowledge")
        return " · ".join(parts)


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def awaiting_acknowledgement(
    store: Store, cycle: Cycle, person_id: int, now: datetime
) -> list[AwaitingAck]:
    """The check-ins waiting for `person_id`'s acknowledgement, oldest first: each the
    latest check-in of its key result (reading it is reading the ones before), made outside
    a meeting since the team's last meeting (the room saw the older ones), by someone else,
    not yet acknowledged by anyone, on a key result this person may acknowledge
    (`okrtui.domain.acknowledgement`)."""
    person = store.person(person_id)
    teams = store.teams()
    member_of = {team.id for team in teams if person_id in team.member_ids}
    objectives = {o.id: o for o in store.objectives(cycle.id)}
    krs = {kr.id: kr for kr in store.key_results(cycle.id)}
    people = store.people_by_id()
    baselines = store.team_baselines(cycle.id, now)
    waiting: list[AwaitingAck] = []
    for checkin in store.unacknowledged_checkins(cycle.id):  # each KR's latest only
        kr = krs[checkin.kr_id]
        team_id = objectives[kr.objective_id].team_id
        if checkin.at <= baselines[team_id].at:
            continue
        if not may_acknowledge(
            person.roles,
            member_of,
            team_id,
            is_author=checkin.author_id == person_id,
        ):
            continue
        author = people.get(checkin.author_id) if checkin.author_id is not None else None
        waiting.append(
            AwaitingAck(
                checkin_id=checkin.id,
                kr_id=kr.id,
                kr_ref=kr.ref,
                kr_title=kr.title,
                author="someone" if author is None else author.name,
                at=checkin.at,
                confidence=checkin.confidence,
                value="" if checkin.value is None else value_text(kr, checkin.value),
                note=checkin.note,
            )
        )
    return waiting


def load_inbox(
    store: Store,
    person_id: int,
    now: datetime,
    cycle: Cycle | None = None,
    due: DueList | None = None,
) -> Inbox:
    """`person_id`'s inbox in `cycle` (default: the current cycle); empty without one.
    `due` is the cycle's due list when the caller has read it already."""
    cycle = cycle if cycle is not None else store.current_cycle()
    if cycle is None:
        return Inbox(person_id, (), (), (), ())
    today = now.astimezone(ZoneInfo(store.timezone)).date()
    refs = {kr.id: kr.ref for kr in store.kr_labels(cycle.id)}
    actions = [
        InboxAction(
            action_id=a.id,
            text=a.text,
            due=a.due,
            overdue=a.due is not None and a.due < today,
            kr_ref=refs.get(a.kr_id, "") if a.kr_id is not None else "",
        )
        for a in store.actions(cycle.id, open_only=True)
        if a.owner_id == person_id
    ]
    actions.sort(key=lambda a: (not a.overdue, a.due is None, a.due or today, a.action_id))
    blockers = [
        InboxBlocker(
            blocker_id=b.id,
            text=b.text,
            kr_ref=refs.get(b.kr_id, "") if b.kr_id is not None else "",
            owned=b.owner_id == person_id,
            raised=b.raised_by_id == person_id,
            raised_at=b.raised_at,
        )
        for b in store.blockers(cycle.id, open_only=True)
        if person_id in (b.owner_id, b.raised_by_id)
    ]
    return Inbox(
        person_id=person_id,
        due=(due if due is not None else due_list(store, cycle, now)).for_person(person_id),
        actions=tuple(actions),
        blockers=tuple(blockers),
        awaiting=tuple(awaiting_acknowledgement(store, cycle, person_id, now)),
    )


@dataclass(frozen=True, slots=True)
class Between:
    """What the dashboard shows above the table: who is due, and my inbox."""

    due: DueList | None
    """None without a current cycle."""
    inbox: Inbox | None
    """None without a current cycle or without knowing who I am."""


def load_between(store: Store, me_id: int | None, now: datetime) -> Between:
    cycle = store.current_cycle()
    if cycle is None:
        return Between(None, None)
    due = due_list(store, cycle, now)
    inbox = None if me_id is None else load_inbox(store, me_id, now, cycle, due)
    return Between(due, inbox)

"""My inbox: what is one person's to do between meetings, as plain data. No Textual.

When a person opens `okrtui` or `okrtui checkin`, theirs comes first: the key results they
are due to check in on, their open actions (overdue first), the open blockers they own or
raised, and the check-ins waiting for their acknowledgement.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from okrtui.domain.acknowledgement import acknowledged_teams, may_acknowledge
from okrtui.domain.krstate import value_text
from okrtui.domain.models import Cycle
from okrtui.store import Store
from okrtui.store.between_reads import (
    open_actions_of,
    open_blockers_of,
    reviewer,
    waiting_checkins,
)
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
    (`okrtui.domain.acknowledgement`). Only those check-ins are read, as light rows."""
    me = reviewer(store, person_id)
    teams = acknowledged_teams(me.roles, me.member_of)
    if teams is not None and not teams:
        return []
    baselines = store.team_baselines(cycle.id, now)
    after = {
        team_id: baseline.at
        for team_id, baseline in baselines.items()
        if teams is None or team_id in teams
    }
    return [
        AwaitingAck(
            checkin_id=row.checkin_id,
            kr_id=row.kr_id,
            kr_ref=row.kr_ref,
            kr_title=row.kr_title,
            author="someone" if row.author is None else row.author,
            at=row.at,
            confidence=row.confidence,
            value="" if row.value is None else value_text(row, row.value),
            note=row.note,
        )
        for row in waiting_checkins(store, cycle.id, after=after, team_ids=teams, not_by=person_id)
        if may_acknowledge(
            me.roles, me.member_of, row.team_id, is_author=row.author_id == person_id
        )
    ]


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
    actions = [
        InboxAction(
            action_id=a.id,
            text=a.text,
            due=a.due,
            overdue=a.due is not None and a.due < today,
            kr_ref=a.kr_ref,
        )
        for a in open_actions_of(store, cycle.id, person_id)
    ]
    actions.sort(key=lambda a: (not a.overdue, a.due is None, a.due or today, a.action_id))
    blockers = [
        InboxBlocker(
            blocker_id=b.id,
            text=b.text,
            kr_ref=b.kr_ref,
            owned=b.owner_id == person_id,
            raised=b.raised_by_id == person_id,
            raised_at=b.raised_at,
        )
        for b in open_blockers_of(store, cycle.id, person_id)
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

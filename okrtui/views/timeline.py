"""The timeline's view model: the cycle's weeks, milestones, today and the meetings held."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from okrtui.domain.calendar import (
    MilestoneState,
    cycle_weeks,
    days_until,
    milestone_state,
    next_milestone,
    today_in,
    week_label,
)
from okrtui.domain.models import Cycle, Milestone
from okrtui.store import Store


@dataclass(frozen=True, slots=True)
class MilestoneView:
    number: int
    """1-based place in date order; the strip marks the milestone with this number."""
    milestone: Milestone
    state: MilestoneState
    days: int
    """Days from today: negative when past."""


@dataclass(frozen=True, slots=True)
class MeetingMark:
    on: date
    title: str


@dataclass(frozen=True, slots=True)
class TimelineData:
    cycle: Cycle
    today: date
    weeks: int
    week: str
    milestones: tuple[MilestoneView, ...]
    meetings: tuple[MeetingMark, ...]


def timeline_view(
    cycle: Cycle,
    milestones: list[Milestone],
    meetings: list[MeetingMark],
    today: date,
) -> TimelineData:
    upcoming = next_milestone(milestones, today)
    next_id = None if upcoming is None else upcoming.id
    ordered = sorted(milestones, key=lambda m: (m.on, m.id))
    return TimelineData(
        cycle=cycle,
        today=today,
        weeks=cycle_weeks(cycle),
        week=week_label(cycle, today),
        milestones=tuple(
            MilestoneView(i, m, milestone_state(m, today, next_id), days_until(m.on, today))
            for i, m in enumerate(ordered, start=1)
        ),
        meetings=tuple(sorted(meetings, key=lambda m: m.on)),
    )


def load_timeline(store: Store, today: date, cycle: Cycle | None = None) -> TimelineData | None:
    """The current cycle's timeline (or `cycle`'s); None when there is no cycle."""
    cycle = cycle or store.current_cycle()
    if cycle is None:
        return None
    return timeline_view(cycle, store.milestones(cycle.id), meetings_held(store, cycle), today)


def meetings_held(store: Store, cycle: Cycle) -> list[MeetingMark]:
    """The local dates of the cycle's meetings, from one query (`Store.meetings` reads
    each meeting's attendance as well, which the timeline does not need)."""
    zone = store.timezone
    return [
        MeetingMark(today_in(zone, m.started_at), m.title) for m in store.meeting_headers(cycle.id)
    ]

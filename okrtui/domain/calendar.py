"""Cycle weeks, milestones and dates in the organisation's timezone."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime
from typing import Literal, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MilestoneState = Literal["done", "next", "upcoming"]


class CycleSpan(Protocol):
    """What the calendar reads of a cycle: a `Cycle`, or the dashboard's light row."""

    @property
    def start(self) -> date: ...
    @property
    def end(self) -> date: ...


class Dated(Protocol):
    """What the calendar reads of a milestone."""

    @property
    def id(self) -> int: ...
    @property
    def on(self) -> date: ...
    @property
    def held_on(self) -> date | None: ...


M = TypeVar("M", bound=Dated)


def cycle_weeks(cycle: CycleSpan) -> int:
    """M in "week N of M": the cycle's span in days over 7, rounded up.

    The span is `end - start`, so a quarter of 13 weeks and a day (Jul 1 – Sep 30)
    is still 13 weeks: the trailing day folds into the last week.
    """
    return math.ceil((cycle.end - cycle.start).days / 7)


def week_of(cycle: CycleSpan, on: date) -> int:
    """N in "week N of M", 1-based; dates outside the cycle clamp to 1 or M."""
    week = (on - cycle.start).days // 7 + 1
    return min(max(week, 1), cycle_weeks(cycle))


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def week_label(cycle: CycleSpan, on: date) -> str:
    """ "week 6 of 13" inside the cycle, "starts in 3 days" before, "ended 4 days ago" after."""
    if on < cycle.start:
        return f"starts in {_days((cycle.start - on).days)}"
    if on > cycle.end:
        return f"ended {_days((on - cycle.end).days)} ago"
    return f"week {week_of(cycle, on)} of {cycle_weeks(cycle)}"


def next_milestone(milestones: Iterable[M], on: date) -> M | None:
    """The earliest milestone dated on or after `on`; ties keep the given order."""
    ahead = [m for m in milestones if m.on >= on]
    return min(ahead, key=lambda m: m.on) if ahead else None


def days_until(d: date, on: date) -> int:
    """Days from `on` to `d`: negative when `d` is past."""
    return (d - on).days


def milestone_state(m: Dated, on: date, next_id: int | None) -> MilestoneState:
    """Done when its date is past or it has been held; next when it is `next_id`."""
    if m.on < on or m.held_on is not None:
        return "done"
    if next_id is not None and m.id == next_id:
        return "next"
    return "upcoming"


def today_in(tz: str, now: datetime) -> date:
    """The calendar date of the instant `now` in timezone `tz` (e.g. "Europe/Berlin")."""
    if now.tzinfo is None:
        raise ValueError("today_in needs a timezone-aware datetime")
    try:
        zone = ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown timezone {tz!r}") from exc
    return now.astimezone(zone).date()

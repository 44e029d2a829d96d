"""Cycle weeks, milestones and dates in the organisation's timezone."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, datetime, time
from typing import Literal, Protocol, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MilestoneState = Literal["done", "next", "upcoming"]

EARLIEST = date(1900, 1, 1)
LATEST = date(2200, 12, 31)
"""The dates okrtui accepts for cycles, milestones and check-ins. Python's own range ends
at years 1 and 9999, where converting a time between zones overflows; no OKR is dated
outside these."""
MAX_ZONE_NAME = 64
"""The longest IANA zone name is 32 characters."""


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
    return now.astimezone(zone_info(tz)).date()


def date_problem(day: date) -> str:
    """Why `day` (or a datetime's day) is not a date okrtui accepts, or ""."""
    if isinstance(day, datetime):
        day = day.date()
    if EARLIEST <= day <= LATEST:
        return ""
    return (
        f"{day.isoformat()} is outside the dates okrtui accepts "
        f"({EARLIEST.year}-01-01 to {LATEST.isoformat()})"
    )


def zone_problem(name: str) -> str:
    """Why `name` is not an IANA time zone okrtui can use (e.g. "Europe/Berlin"), or ""."""
    try:
        zone_info(name)
    except ValueError as error:
        return str(error)
    return ""


def zone_info(name: str) -> ZoneInfo:
    """The zone called `name`, or a `ValueError` with a message fit for a user.

    `ZoneInfo` itself raises `IsADirectoryError` for a region ("America"), `OSError` for a
    name too long for the file system and `ValueError` for paths; every zone okrtui reads
    (settings, an imported file, the database) goes through here instead.
    """
    shown = repr(name if len(name) <= 40 else name[:39] + "…")
    if not name or len(name) > MAX_ZONE_NAME or not name.isprintable():
        raise ValueError(f"unknown time zone {shown} (use a name like Europe/Berlin)")
    try:
        return ZoneInfo(name)
    except IsADirectoryError:
        raise ValueError(
            f"unknown time zone {shown}: that is a region; name a zone in it, like Europe/Berlin"
        ) from None
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(f"unknown time zone {shown} (use a name like Europe/Berlin)") from None


class HasStart(Protocol):
    @property
    def start(self) -> date: ...


def cycle_start_utc(cycle: HasStart, timezone: str) -> datetime:
    """Midnight at the start of the cycle's first day, in the organisation's timezone."""
    return datetime.combine(cycle.start, time(), tzinfo=ZoneInfo(timezone))

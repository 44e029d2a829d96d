"""The only place that reads the wall clock.

Everything that needs "now" takes a `Clock`; tests pass a `FixedClock`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until moved; for tests and benchmarks."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")
        self._at = at.astimezone(UTC)

    def now(self) -> datetime:
        return self._at

    def advance(self, **delta: float) -> None:
        self._at += timedelta(**delta)

    def set(self, at: datetime) -> None:
        self._at = at.astimezone(UTC)


def local_today(clock: Clock, timezone: str) -> date:
    """Today's date in the organisation's timezone."""
    return local_date(clock.now(), timezone)


def local_date(moment: datetime, timezone: str) -> date:
    """The date of `moment` in the organisation's timezone."""
    from zoneinfo import ZoneInfo  # not at the top: the one-line check-in needs none

    return moment.astimezone(ZoneInfo(timezone)).date()

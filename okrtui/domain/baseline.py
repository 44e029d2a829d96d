"""What "since the last meeting" is measured from: one meaning for every screen and report.

A key result's change is measured against its state when its team's previous meeting ended
(a meeting of that team, or an organisation-wide one): what the room last agreed. Where
there was no such meeting in the cycle, against the cycle's start.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class Baseline:
    at: datetime
    """The moment: check-ins at or before it make the baseline state."""
    on: date
    """The local date of that moment, for people."""
    meeting_title: str | None = None
    """The meeting that ended then; None for the cycle's start."""

    @property
    def label(self) -> str:
        """`since Weekly check-in, Nov 11` or `since the cycle began, Oct 5`."""
        day = f"{self.on:%b} {self.on.day}"
        if self.meeting_title is None:
            return f"since the cycle began, {day}"
        return f"since {self.meeting_title}, {day}"

"""A decision taken in (or between) meetings, kept as a record: its text, the people who
own it, the key result it concerns, the meeting it was taken in and who wrote it down."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class Decision:
    text: str
    at: datetime
    cycle_id: int
    owner_ids: tuple[int, ...] = ()
    kr_id: int | None = None
    team_id: int | None = None
    meeting_id: int | None = None
    author_id: int | None = None
    id: int = 0

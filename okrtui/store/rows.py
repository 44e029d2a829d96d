"""Light rows the Store returns for whole-cycle views (the dashboard, the palette, the
report): named tuples, built straight from one aggregated query each (a named tuple costs a
tenth of a frozen dataclass to define and to build, and the dashboard builds thousands;
`CheckinSummary`, read only by the report, has a `count`, which a tuple cannot).

The dashboard reads only these (and the kinds), so the app's first frame is drawn without
building the pydantic model classes at all.

A big organisation has thousands of KRs and tens of thousands of check-ins; building a
validated domain model for each costs more than the rest of the screen. These rows carry
only what those views read, and come from rows the Store already validated on the way in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

from okrtui.domain.kinds import CycleStatus, Direction, KRKind, MilestoneKind, ObjectiveKind


class KROverview(NamedTuple):
    """One KR of a cycle with its latest state, as the dashboard shows it."""

    id: int
    ref: str
    title: str
    owner_id: int | None
    objective_id: int
    kind: KRKind
    start: float | None
    target: float | None
    unit: str
    direction: Direction | None
    latest_value: float | None
    """The value of the latest check-in that records one (None: no value recorded yet)."""
    latest_confidence: int | None
    """The confidence of the latest check-in (None: no check-in yet)."""
    latest_at: datetime | None
    confidence_before: int | None
    """The confidence at the team's baseline (the starting 5 before any check-in); None
    when no baseline was asked for the KR's team."""


class KRLabel(NamedTuple):
    """What names a KR in a list: its id, reference, title and owner."""

    id: int
    ref: str
    title: str
    owner_id: int | None


class KRLastCheckin(NamedTuple):
    """A live KR (not retired) with its objective, team, owner (else the objective's) and
    the time of its latest check-in (None: never checked in): what `okrtui due` reads."""

    id: int
    ref: str
    title: str
    objective_id: int
    team_id: int
    owner_id: int | None
    last_at: datetime | None


class MeetingHeader(NamedTuple):
    """A meeting without its attendance: id, title and when it started."""

    id: int
    title: str
    started_at: datetime


@dataclass(frozen=True, slots=True)
class CheckinSummary:
    """One KR's check-ins summed up for the cycle report."""

    kr_id: int
    count: int
    latest_value: float | None
    """The value of the latest check-in that records one."""
    weekly_confidence: tuple[int, ...]
    """For each boundary asked for, the confidence of the last check-in before it
    (`STARTING_CONFIDENCE` when there was none yet); a `None` boundary takes every
    check-in."""


class CycleRow(NamedTuple):
    """A cycle as the dashboard's header shows it."""

    id: int
    name: str
    start: date
    end: date
    status: CycleStatus
    locked: bool


class MilestoneRow(NamedTuple):
    id: int
    kind: MilestoneKind
    title: str
    on: date
    held_on: date | None


class TeamRow(NamedTuple):
    id: int
    code: str
    name: str
    parent_id: int | None


class PersonRow(NamedTuple):
    id: int
    handle: str
    name: str


class ObjectiveRow(NamedTuple):
    id: int
    ref: str
    title: str
    team_id: int
    owner_id: int | None
    kind: ObjectiveKind
    parent_id: int | None

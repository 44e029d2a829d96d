"""The OKR vocabulary as pydantic models.

Models are immutable values: the store returns them, the rules read them, the screens
show them. Ids are the database's; a model that has not been stored yet has `id == 0`.
Times are timezone-aware UTC datetimes; calendar facts (milestones, due dates, cycle
bounds) are plain dates in the organisation's timezone.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from okrtui.domain.kinds import (
    CycleStatus,
    Direction,
    KRKind,
    MeetingStatus,
    MilestoneKind,
    ObjectiveKind,
    ReflectionKind,
    Role,
    StepStatus,
)

__all__ = [
    "ActionItem",
    "AuditEntry",
    "Blocker",
    "CheckIn",
    "Confidence",
    "Cycle",
    "CycleStatus",
    "Direction",
    "Grade",
    "KRKind",
    "KeyResult",
    "Meeting",
    "MeetingStatus",
    "MeetingStep",
    "Milestone",
    "MilestoneKind",
    "Model",
    "Objective",
    "ObjectiveKind",
    "Person",
    "Reflection",
    "ReflectionKind",
    "Role",
    "Score",
    "StepStatus",
    "Team",
    "Vote",
    "VoteRound",
    "Win",
]

Confidence = Annotated[int, Field(ge=0, le=10)]
Score = Annotated[float, Field(ge=0.0, le=1.0)]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Person(Model):
    id: int = 0
    handle: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    name: str = Field(min_length=1)
    roles: tuple[Role, ...] = ()


class Team(Model):
    """A team in the organisation tree. `code` prefixes its references (`ENG-2.3`)."""

    id: int = 0
    code: str = Field(min_length=1, max_length=12, pattern=r"^[A-Z][A-Z0-9]*$")
    name: str = Field(min_length=1)
    parent_id: int | None = None
    member_ids: tuple[int, ...] = ()


class Cycle(Model):
    id: int = 0
    slug: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    name: str = Field(min_length=1)
    start: date
    end: date
    status: CycleStatus = CycleStatus.PLANNING
    locked: bool = False

    @model_validator(mode="after")
    def _end_after_start(self) -> Self:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class Milestone(Model):
    id: int = 0
    cycle_id: int = 0
    kind: MilestoneKind
    title: str = Field(min_length=1)
    on: date
    held_on: date | None = None


class Objective(Model):
    """An objective of one team in one cycle; `number` is its place within the team."""

    id: int = 0
    cycle_id: int = 0
    team_id: int
    number: int = Field(ge=1)
    ref: str
    title: str = Field(min_length=1)
    owner_id: int | None = None
    kind: ObjectiveKind = ObjectiveKind.COMMITTED
    parent_id: int | None = None
    description: str = ""
    retired_at: datetime | None = None
    """When it was retired: kept in history and reports, gone from rounds."""
    agreed_at: datetime | None = None
    """When the alignment session agreed it (a draft until then)."""


class KeyResult(Model):
    """A key result: a metric moving from `start` to `target`, or a milestone done or not.

    For a milestone KR the value of a check-in is 1.0 when done and 0.0 when not.
    """

    id: int = 0
    objective_id: int = 0
    number: int = Field(ge=1)
    ref: str
    title: str = Field(min_length=1)
    owner_id: int | None = None
    kind: KRKind = KRKind.METRIC
    start: float | None = None
    target: float | None = None
    unit: str = ""
    direction: Direction | None = None
    retired_at: datetime | None = None
    """When it was retired: kept in history and reports, gone from rounds."""

    @model_validator(mode="before")
    @classmethod
    def _infer_direction(cls, data: object) -> object:
        if isinstance(data, dict) and data.get("direction") is None:
            start, target = data.get("start"), data.get("target")
            if isinstance(start, int | float) and isinstance(target, int | float):
                if target > start:
                    return {**data, "direction": Direction.INCREASING}
                if target < start:
                    return {**data, "direction": Direction.DECREASING}
        return data

    @model_validator(mode="after")
    def _measurable(self) -> Self:
        if self.kind is KRKind.MILESTONE:
            if self.start is not None or self.target is not None:
                raise ValueError("a milestone key result has no start or target")
            return self
        if self.start is None or self.target is None:
            raise ValueError("a metric key result needs a start and a target")
        if not (math.isfinite(self.start) and math.isfinite(self.target)):
            raise ValueError("start and target must be finite numbers")
        if self.target == self.start:
            raise ValueError("target must differ from start")
        implied = Direction.INCREASING if self.target > self.start else Direction.DECREASING
        if self.direction is not implied:
            stated = self.direction.value if self.direction else "missing"
            raise ValueError(
                f"direction is {stated} but target {self.target:g} "
                f"is {'above' if implied is Direction.INCREASING else 'below'} "
                f"start {self.start:g}"
            )
        return self


class CheckIn(Model):
    """One observation of a KR. Check-ins are never changed: a correction is a new one."""

    id: int = 0
    kr_id: int
    at: datetime
    value: float | None = None
    confidence: Confidence
    note: str = ""
    author_id: int | None = None
    meeting_id: int | None = None

    @field_validator("value")
    @classmethod
    def _finite(cls, value: float | None) -> float | None:
        if value is not None and not math.isfinite(value):
            raise ValueError("value must be a finite number")
        return value


class Blocker(Model):
    id: int = 0
    cycle_id: int = 0
    text: str = Field(min_length=1)
    kr_id: int | None = None
    team_id: int | None = None
    owner_id: int | None = None
    raised_at: datetime
    raised_by_id: int | None = None
    raised_meeting_id: int | None = None
    resolved_at: datetime | None = None
    resolved_meeting_id: int | None = None
    resolution: str = ""
    needed_by: date | None = None
    """By when it must be cleared (a local date), if anyone said."""

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class Win(Model):
    id: int = 0
    cycle_id: int = 0
    text: str = Field(min_length=1)
    kr_id: int | None = None
    team_id: int | None = None
    at: datetime
    author_id: int | None = None
    meeting_id: int | None = None
    recognised_ids: tuple[int, ...] = ()


class ActionItem(Model):
    id: int = 0
    cycle_id: int = 0
    text: str = Field(min_length=1)
    owner_id: int | None = None
    due: date | None = None
    kr_id: int | None = None
    team_id: int | None = None
    created_at: datetime
    meeting_id: int | None = None
    done_at: datetime | None = None
    done_meeting_id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.done_at is None

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due is not None and self.due < today


class MeetingStep(Model):
    """One step of a meeting, with the time actually spent on it.

    `elapsed_seconds` holds the time of closed visits; while the step is current,
    `entered_at` marks when the open visit began.
    """

    id: int = 0
    meeting_id: int = 0
    position: int = Field(ge=0)
    kind: str
    title: str
    prompt: str = ""
    planned_minutes: float = Field(ge=0)
    status: StepStatus = StepStatus.PENDING
    elapsed_seconds: float = Field(default=0.0, ge=0)
    entered_at: datetime | None = None
    notes: str = ""
    options: str = "{}"


class Meeting(Model):
    id: int = 0
    cycle_id: int
    team_id: int | None = None
    agenda_slug: str
    title: str
    agenda_snapshot: str
    facilitator_id: int | None = None
    status: MeetingStatus = MeetingStatus.RUNNING
    started_at: datetime
    ended_at: datetime | None = None
    current_step: int = 0
    attendee_ids: tuple[int, ...] = ()


class Grade(Model):
    """A KR's grade at cycle close; `score` None means left ungraded, with a reason."""

    id: int = 0
    kr_id: int
    score: Score | None
    note: str = ""
    ungraded_reason: str = ""
    at: datetime
    author_id: int | None = None
    meeting_id: int | None = None

    @field_validator("score")
    @classmethod
    def _two_decimals(cls, score: float | None) -> float | None:
        return None if score is None else round(score, 2)

    @model_validator(mode="after")
    def _reason_when_ungraded(self) -> Self:
        if self.score is None and not self.ungraded_reason.strip():
            raise ValueError("a KR left ungraded needs a reason")
        return self


class Reflection(Model):
    id: int = 0
    cycle_id: int
    kind: ReflectionKind
    text: str = Field(min_length=1)
    author_id: int | None = None
    at: datetime
    meeting_id: int | None = None
    team_id: int | None = None


class VoteRound(Model):
    id: int = 0
    meeting_id: int
    kr_id: int
    opened_at: datetime
    revealed_at: datetime | None = None
    closed_at: datetime | None = None
    agreed_confidence: Confidence | None = None


class Vote(Model):
    id: int = 0
    round_id: int
    person_id: int
    confidence: Confidence
    at: datetime


class AuditEntry(Model):
    id: int = 0
    at: datetime
    who: str
    entity: str
    entity_id: int
    action: str
    before: str
    after: str
    reason: str = ""

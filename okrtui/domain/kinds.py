"""The OKR vocabulary's fixed choices (roles, kinds, statuses), without pydantic.

Kept apart from `okrtui.domain.models` so that code which only needs to name a kind (the
dashboard's rows, the store's light reads) does not pay for building the models.
"""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    EXECUTIVE_SPONSOR = "executive-sponsor"
    OKR_CHAMPION = "okr-champion"
    OKR_COACH = "okr-coach"
    TEAM_MANAGER = "team-manager"
    INDIVIDUAL_CONTRIBUTOR = "individual-contributor"
    HR_LEADER = "hr-leader"
    ADMIN_IT = "admin-it"

    @property
    def label(self) -> str:
        return {
            Role.EXECUTIVE_SPONSOR: "Executive sponsor",
            Role.OKR_CHAMPION: "OKR champion",
            Role.OKR_COACH: "OKR coach",
            Role.TEAM_MANAGER: "Team manager",
            Role.INDIVIDUAL_CONTRIBUTOR: "Individual contributor",
            Role.HR_LEADER: "HR leader",
            Role.ADMIN_IT: "Admin / IT",
        }[self]


class CycleStatus(StrEnum):
    PLANNING = "planning"
    ACTIVE = "active"
    CLOSED = "closed"


class MilestoneKind(StrEnum):
    KICKOFF = "kickoff"
    DRAFTING_DEADLINE = "drafting-deadline"
    ALIGNMENT = "alignment"
    MID_CYCLE_REVIEW = "mid-cycle-review"
    GRADING_DEADLINE = "grading-deadline"
    TOWN_HALL = "town-hall"
    OTHER = "other"


class ObjectiveKind(StrEnum):
    COMMITTED = "committed"
    ASPIRATIONAL = "aspirational"

    @property
    def expected_score(self) -> float:
        return 1.0 if self is ObjectiveKind.COMMITTED else 0.7


class KRKind(StrEnum):
    METRIC = "metric"
    MILESTONE = "milestone"


class Direction(StrEnum):
    INCREASING = "increasing"
    DECREASING = "decreasing"


class MeetingStatus(StrEnum):
    RUNNING = "running"
    ENDED = "ended"


class StepStatus(StrEnum):
    PENDING = "pending"
    CURRENT = "current"
    DONE = "done"
    SKIPPED = "skipped"


class ReflectionKind(StrEnum):
    WENT_WELL = "went-well"
    LEARNED = "learned"
    CHANGE = "change"

    @property
    def label(self) -> str:
        return {
            ReflectionKind.WENT_WELL: "Went well",
            ReflectionKind.LEARNED: "Learned",
            ReflectionKind.CHANGE: "Change next cycle",
        }[self]

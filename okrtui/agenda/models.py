"""An agenda template as pydantic models.

A template is a titled list of steps, each of a built-in kind with its planned minutes and a
facilitator prompt. Every model forbids unknown fields so a typo in a TOML file is reported
instead of silently ignored. Numbers and booleans are strict: `minutes = "5"` is an error,
not five minutes.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Annotated, Literal, Self, get_args

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

TemplateKind = Literal["weekly", "mid-cycle", "cycle-close", "town-hall", "custom"]
StepKind = Literal[
    "notes",
    "wins",
    "krs",
    "vote",
    "blockers",
    "actions",
    "timeline",
    "grading",
    "reflection",
    "health",
    "drafting",
]
TEMPLATE_KINDS: tuple[str, ...] = get_args(TemplateKind)
STEP_KINDS: tuple[str, ...] = get_args(StepKind)

Scope = Literal["team", "all"]
"""`team`: what the meeting is about (its team, or the organisation for an org-wide meeting).
`all`: every team, whatever the meeting's scope (a town hall)."""

CycleChoice = Literal["current", "next"]

MAX_MINUTES = 24 * 60

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _check_slug(value: str) -> str:
    if not _SLUG.match(value) or len(value) > 40:
        raise PydanticCustomError(
            "slug",
            "must be lowercase letters and digits joined by hyphens, at most 40 characters, "
            "e.g. 'weekly-checkin'",
        )
    return value


def _check_title(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("title_blank", "must not be blank")
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise PydanticCustomError("title_control", "must be one line without control characters")
    return value


Slug = Annotated[str, AfterValidator(_check_slug)]
Title = Annotated[str, Field(max_length=80), AfterValidator(_check_title)]
Minutes = Annotated[float, Field(gt=0, le=MAX_MINUTES, strict=True, allow_inf_nan=False)]
Flag = Annotated[bool, Field(strict=True)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class _Step(_Model):
    title: Title
    minutes: Minutes
    prompt: str | None = None


class NotesStep(_Step):
    """Free text under the prompt."""

    kind: Literal["notes"] = "notes"


class WinsStep(_Step):
    """Wins since the last meeting; add new ones with the people recognised."""

    kind: Literal["wins"] = "wins"
    scope: Scope = "team"


class KrsStep(_Step):
    """The KR round, riskiest first. `only_stale`: only KRs with no check-in for 14+ days."""

    kind: Literal["krs"] = "krs"
    scope: Scope = "team"
    only_stale: Flag = False


class VoteStep(_Step):
    """A blind confidence vote on a KR, revealed together."""

    kind: Literal["vote"] = "vote"


class BlockersStep(_Step):
    """Open blockers carried over (resolve or keep); raise new ones."""

    kind: Literal["blockers"] = "blockers"
    scope: Scope = "team"


class ActionsStep(_Step):
    """Open action items carried over (done or keep); add new ones."""

    kind: Literal["actions"] = "actions"
    scope: Scope = "team"


class TimelineStep(_Step):
    """The milestones of the current cycle, or of the next one."""

    kind: Literal["timeline"] = "timeline"
    cycle: CycleChoice = "current"


class GradingStep(_Step):
    """Grade each KR. `read_only` shows grades already entered without changing them."""

    kind: Literal["grading"] = "grading"
    scope: Scope = "team"
    read_only: Flag = False


class ReflectionStep(_Step):
    """Went well / learned / change next cycle."""

    kind: Literal["reflection"] = "reflection"
    scope: Scope = "team"


class HealthStep(_Step):
    """The OKR health check."""

    kind: Literal["health"] = "health"
    scope: Scope = "team"


DraftMode = Literal["draft", "align"]
"""`draft`: a team writes its own objectives and KRs with the coach. `align`: each team's
drafts against what they align to (orphans, gaps, overlaps), agreed one by one, and the
cycle locked at the end."""


class DraftingStep(_Step):
    """Writing OKRs in a meeting: a team drafts its set, or the alignment session agrees
    every team's drafts and locks the cycle."""

    kind: Literal["drafting"] = "drafting"
    scope: Scope = "team"
    mode: DraftMode = "draft"


AnyStep = (
    NotesStep
    | WinsStep
    | KrsStep
    | VoteStep
    | BlockersStep
    | ActionsStep
    | TimelineStep
    | GradingStep
    | ReflectionStep
    | HealthStep
    | DraftingStep
)
Step = Annotated[AnyStep, Field(discriminator="kind")]

STEP_TYPES: dict[str, type[_Step]] = {
    cls.model_fields["kind"].default: cls
    for cls in (
        NotesStep,
        WinsStep,
        KrsStep,
        VoteStep,
        BlockersStep,
        ActionsStep,
        TimelineStep,
        GradingStep,
        ReflectionStep,
        HealthStep,
        DraftingStep,
    )
}


def format_minutes(minutes: float) -> str:
    """`30.0` as `30`, `2.5` as `2.5`."""
    if minutes.is_integer():
        return str(int(minutes))
    return f"{minutes:.10g}"


def minutes_match(planned: float, total: float) -> bool:
    return math.isclose(planned, total, rel_tol=1e-9, abs_tol=1e-6)


class AgendaTemplate(_Model):
    slug: Slug
    title: Title
    kind: TemplateKind
    minutes: Minutes
    description: str | None = None
    steps: tuple[Step, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _steps_add_up(self) -> Self:
        total = math.fsum(step.minutes for step in self.steps)
        if not minutes_match(self.minutes, total):
            raise PydanticCustomError(
                "minutes_mismatch",
                "minutes is {planned} but the steps add up to {total}; make them equal",
                {"planned": format_minutes(self.minutes), "total": format_minutes(total)},
            )
        return self

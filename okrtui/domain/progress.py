"""The pace a cycle expects on a date, against which a KR's progress is read."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from okrtui.domain.krstate import clamp01

if TYPE_CHECKING:
    from okrtui.domain.calendar import CycleSpan


def expected_pace(cycle: CycleSpan, on: date) -> float:
    """The fraction of the cycle elapsed on `on`: 0.0 on the start day, 1.0 on the end day."""
    span = (cycle.end - cycle.start).days
    return clamp01((on - cycle.start).days / span)


def pace_gap(progress: float, expected: float) -> float:
    """Progress minus expected pace: negative means behind, positive ahead."""
    return progress - expected

"""Progress of key results and objectives, and the pace a cycle expects on a date."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from okrtui.domain.kinds import KRKind

if TYPE_CHECKING:
    from okrtui.domain.calendar import CycleSpan
    from okrtui.domain.models import CheckIn, KeyResult


def clamp01(x: float) -> float:
    """`x` limited to [0, 1]; NaN counts as no progress."""
    if math.isnan(x):
        return 0.0
    return min(1.0, max(0.0, x))


def kr_progress_raw(kr: KeyResult, value: float | None) -> float:
    """How far `value` has moved from start towards target: 0 at start, 1 at target.

    Works for both directions, since the sign of `target - start` carries the direction.
    Not clamped: overshooting gives more than 1, sliding back gives less than 0.
    A milestone KR is 1.0 when done (value >= 1) and 0.0 otherwise; `None` means no value yet.
    """
    if kr.kind is KRKind.MILESTONE:
        return 1.0 if value is not None and value >= 1 else 0.0
    if value is None:
        return 0.0
    start, target = _bounds(kr)
    return (value - start) / (target - start)


def kr_progress(kr: KeyResult, value: float | None) -> float:
    """`kr_progress_raw` clamped to [0, 1]."""
    return clamp01(kr_progress_raw(kr, value))


def current_value(kr: KeyResult, latest: CheckIn | None) -> float | None:
    """The KR's current value: the value of `latest`, else where the KR started.

    `latest` should be the latest check-in that carries a value; a confidence-only
    check-in (value None) falls back to the start. A milestone KR with no value is 0.0
    (not done). The return type keeps None for callers, but a valid KR never yields it.
    """
    if latest is not None and latest.value is not None:
        return latest.value
    if kr.kind is KRKind.MILESTONE:
        return 0.0
    return kr.start


def latest_with_value(checkins: Sequence[CheckIn]) -> CheckIn | None:
    """The latest check-in (by time, then id) that records a value."""
    with_value = [c for c in checkins if c.value is not None]
    return max(with_value, key=lambda c: (c.at, c.id)) if with_value else None


def objective_progress(progresses: Sequence[float]) -> float:
    """Mean of the KRs' progress, each clamped first; 0.0 for an objective without KRs."""
    if not progresses:
        return 0.0
    return sum(clamp01(p) for p in progresses) / len(progresses)


def expected_pace(cycle: CycleSpan, on: date) -> float:
    """The fraction of the cycle elapsed on `on`: 0.0 on the start day, 1.0 on the end day."""
    span = (cycle.end - cycle.start).days
    return clamp01((on - cycle.start).days / span)


def pace_gap(progress: float, expected: float) -> float:
    """Progress minus expected pace: negative means behind, positive ahead."""
    return progress - expected


def _bounds(kr: KeyResult) -> tuple[float, float]:
    if kr.start is None or kr.target is None:  # the model forbids this for metric KRs
        raise ValueError(f"key result {kr.ref} has no start or target")
    return kr.start, kr.target

"""Which key results to discuss first in the KR round: the riskiest.

Riskiest means lowest confidence, then the biggest drop since the last meeting, then
stale (no check-in for 14 days or more), then reference order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from okrtui.domain.krstate import STARTING_CONFIDENCE, confidence_change

if TYPE_CHECKING:
    from okrtui.domain.models import CheckIn, KeyResult


STALE_DAYS = 14

_NUMBER = re.compile(r"(\d+)")


def ref_key(ref: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key for references like `ENG-1.10` that puts 1.2 before 1.10."""
    return tuple(
        (1, int(part)) if part.isdigit() else (0, part) for part in _NUMBER.split(ref) if part
    )


def is_stale(last_at: datetime | None, now: datetime, days: int = STALE_DAYS) -> bool:
    """No check-in at all, or none for `days` days or more."""
    return last_at is None or now - last_at >= timedelta(days=days)


@dataclass(frozen=True, slots=True)
class KRRisk:
    """The facts the KR round orders by."""

    kr: KeyResult
    confidence: int
    change: int | None
    stale: bool

    @property
    def drop(self) -> int:
        """How far confidence fell since the last meeting; 0 when it held or rose."""
        return max(0, -(self.change or 0))

    def sort_key(self) -> tuple[int, int, bool, tuple[tuple[int, int | str], ...]]:
        return (self.confidence, -self.drop, not self.stale, ref_key(self.kr.ref))


def kr_risk(
    kr: KeyResult,
    latest: CheckIn | None,
    previous_meeting_confidence: int | None,
    last_checkin_at: datetime | None,
    now: datetime,
) -> KRRisk:
    """Risk facts of one KR; with no check-in yet its confidence is the starting 5."""
    confidence = latest.confidence if latest is not None else STARTING_CONFIDENCE
    if last_checkin_at is None and latest is not None:
        last_checkin_at = latest.at
    return KRRisk(
        kr=kr,
        confidence=confidence,
        change=confidence_change(confidence, previous_meeting_confidence),
        stale=is_stale(last_checkin_at, now),
    )


def riskiest_first(
    krs: Iterable[KeyResult],
    latest: Mapping[int, CheckIn],
    previous_meeting_confidence: Mapping[int, int],
    last_checkin_at: Mapping[int, datetime],
    now: datetime,
) -> list[KeyResult]:
    """The KRs ordered riskiest first (see the module docstring)."""
    risks = [
        kr_risk(
            kr,
            latest.get(kr.id),
            previous_meeting_confidence.get(kr.id),
            last_checkin_at.get(kr.id),
            now,
        )
        for kr in krs
    ]
    return [r.kr for r in sorted(risks, key=KRRisk.sort_key)]

"""Which key results to discuss first in the KR round: the riskiest.

Riskiest means lowest confidence, then the biggest drop since the last meeting, then
stale (no check-in for 14 days or more, once the cycle has run that long), then reference
order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from okrtui.domain.krstate import STARTING_CONFIDENCE, confidence_change

if TYPE_CHECKING:
    from okrtui.domain.models import CheckIn, KeyResult


STALE_DAYS = 14

_NUMBER = re.compile(r"(\d+)")


RefKey = tuple[int | str, ...]


def ref_key(ref: str) -> RefKey:
    """Sort key for references like `ENG-1.10` that puts 1.2 before 1.10.

    Text and numbers alternate in a reference, so the key is the text and the numbers in
    turn (numbers as numbers) after a first 0, or 1 for a reference that starts with a
    number (it sorts after those that start with text). Built without a tuple per part:
    a big organisation's report sorts 50,000 references."""
    if not ref:
        return ()
    parts: list[int | str] = list(_NUMBER.split(ref))
    parts[1::2] = map(int, parts[1::2])
    return (0, *parts) if parts[0] else (1, *parts[1:])


def stale_bound(now: datetime, days: int = STALE_DAYS) -> datetime:
    """A last check-in at or before this moment is stale (a store query asks with it)."""
    return now - timedelta(days=days)


def can_be_stale(cycle_start: datetime | None, now: datetime, days: int = STALE_DAYS) -> bool:
    """Nothing is stale until the cycle has run `days` days: a KR drafted before the cycle
    starts, or not yet checked in during its first two weeks, is not overdue."""
    return cycle_start is None or cycle_start <= stale_bound(now, days)


def stale_cutoff(
    now: datetime, days: int = STALE_DAYS, *, cycle_start: datetime | None = None
) -> datetime | None:
    """A latest check-in at or before this moment is stale (None: nothing is stale yet).
    Computed once for a screen full of KRs, and handed to SQL as it is."""
    return stale_bound(now, days) if can_be_stale(cycle_start, now, days) else None


def is_stale_at(last_at: datetime | None, cutoff: datetime | None) -> bool:
    """Stale against a `stale_cutoff`: no check-in, or the latest at or before it."""
    return cutoff is not None and (last_at is None or last_at <= cutoff)


def is_stale(
    last_at: datetime | None,
    now: datetime,
    days: int = STALE_DAYS,
    *,
    cycle_start: datetime | None = None,
) -> bool:
    """No check-in for `days` days or more (none at all counts from the cycle's start)."""
    return is_stale_at(last_at, stale_cutoff(now, days, cycle_start=cycle_start))


def risk_key(confidence: int, change: int | None, stale: bool) -> tuple[int, int, bool]:
    """Sorts riskiest first: lowest confidence, then the biggest drop since the baseline,
    then stale before fresh. Callers add their own tie-break (reference, place)."""
    drop = max(0, -(change or 0))
    return (confidence, -drop, not stale)


def riskiest_first(
    krs: Iterable[KeyResult],
    latest: Mapping[int, CheckIn],
    baseline_confidence: Mapping[int, int],
    last_checkin_at: Mapping[int, datetime],
    now: datetime,
    cycle_start: datetime | None = None,
) -> list[KeyResult]:
    """The KRs ordered riskiest first (see the module docstring); with no check-in a KR
    stands at the starting confidence."""

    def key(kr: KeyResult) -> tuple[tuple[int, int, bool], RefKey]:
        last = latest.get(kr.id)
        confidence = last.confidence if last is not None else STARTING_CONFIDENCE
        at = last_checkin_at.get(kr.id, last.at if last is not None else None)
        change = confidence_change(confidence, baseline_confidence.get(kr.id))
        stale = is_stale(at, now, cycle_start=cycle_start)
        return risk_key(confidence, change, stale), ref_key(kr.ref)

    return sorted(krs, key=key)

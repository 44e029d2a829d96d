"""Small text formats the screens share: numbers with units, ages, dates."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from okrtui.domain.kinds import KRKind

if TYPE_CHECKING:
    from okrtui.domain.models import KeyResult


def number(value: float) -> str:
    """`1,250`, `0.35`, `12.5`: no trailing zeros, thousands separated."""
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def with_unit(value: float, unit: str) -> str:
    if not unit:
        return number(value)
    joiner = "" if unit in {"%", "x", "×"} else " "
    return f"{number(value)}{joiner}{unit}"


def kr_value(kr: KeyResult, value: float | None) -> str:
    """The KR's value against its target: `420 / 200 ms`, or `done` / `not done`."""
    return value_against_target(kr.kind, kr.target, kr.unit, value)


def value_against_target(kind: KRKind, target: float | None, unit: str, value: float | None) -> str:
    """`kr_value` from the KR's parts (for rows that are not `KeyResult` models)."""
    if kind is KRKind.MILESTONE:
        return "done" if value is not None and value >= 1 else "not done"
    if value is None or target is None:
        return "—"
    return f"{number(value)} / {with_unit(target, unit)}"


def checkin_value(kr: KeyResult, value: float | None) -> str:
    """A check-in's value alone: `444 €k MRR`, `done`, or blank for confidence only."""
    if value is None:
        return ""
    if kr.kind is KRKind.MILESTONE:
        return "done" if value >= 1 else "not done"
    return with_unit(value, kr.unit)


def days_ago(days: int | None) -> str:
    if days is None:
        return "never"
    if days <= 0:
        return "today"
    return f"{days}d ago"


def in_days(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days < 0:
        return f"{-days}d ago"
    return f"in {days}d"


def short_date(d: date) -> str:
    return f"{d:%b} {d.day}"

"""Small text formats the screens share: ages and dates. (Values: `domain.krstate`.)"""

from __future__ import annotations

from datetime import date


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

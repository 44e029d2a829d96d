"""Conversions between SQLite text columns and Python values."""

from __future__ import annotations

from datetime import UTC, date, datetime


def to_text(moment: datetime) -> str:
    """UTC ISO-8601 with microseconds, so text order is time order."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given to the store")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_text(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo is UTC else moment.astimezone(UTC)


def opt_from_text(text: str | None) -> datetime | None:
    return None if text is None else from_text(text)


def opt_to_text(moment: datetime | None) -> str | None:
    return None if moment is None else to_text(moment)


def date_text(day: date) -> str:
    return day.isoformat()


def opt_date(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)

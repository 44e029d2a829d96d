"""The demo organisation, placed so that today is always in week 6 of its cycle.

`data/demo.toml` holds one 13-week cycle starting on a Monday with six weeks of history.
Every date and datetime in it is moved by the same whole number of weeks, which keeps
weekdays (check-ins on Mondays) and the story intact; the cycle's slug and name are then
derived from the moved dates.
"""

from __future__ import annotations

import tomllib
from datetime import date, timedelta
from typing import Any

from okrtui.io.importer import ImportSummary, import_okrset
from okrtui.io.okrset import parse_document
from okrtui.io.toml_io import read_text
from okrtui.resources import demo_file
from okrtui.store.store import Store

DEMO_WEEK = 6


def load_demo(store: Store, today: date) -> ImportSummary:
    """Import the demo organisation with `today` in week 6 of its cycle."""
    path = demo_file()
    data = tomllib.loads(read_text(path))
    start = data["cycle"]["start"]
    assert isinstance(start, date)
    shifted = _shift(data, timedelta(weeks=weeks_to_shift(start, today)))
    cycle = shifted["cycle"]
    cycle["slug"], cycle["name"] = cycle_names(cycle["start"], cycle["end"])
    return import_okrset(store, parse_document(shifted, str(path)))


def weeks_to_shift(start: date, today: date) -> int:
    """Whole weeks to move a cycle starting on `start` so that `today` is in week 6."""
    return ((today - start).days - 7 * (DEMO_WEEK - 1)) // 7


def cycle_names(start: date, end: date) -> tuple[str, str]:
    """A slug and a name after the quarter holding the middle of the cycle: `2026-Q4`."""
    middle = start + (end - start) / 2
    quarter = (middle.month - 1) // 3 + 1
    return f"{middle.year}-Q{quarter}", f"Q{quarter} {middle.year}"


def _shift(value: Any, delta: timedelta) -> Any:
    if isinstance(value, dict):
        return {k: _shift(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, delta) for v in value]
    if isinstance(value, date):  # datetimes too
        return value + delta
    return value

"""A key result's state: the one definition every screen, report and command uses.

A KR's current value is the value of its latest check-in that records one, else where it
started (a milestone KR: not done). Its confidence is the latest check-in's, else the
starting 5. Progress runs from start (0) to target (1) in either direction. Values are
written for people with their unit and thousands separators, never in exponent notation.

The rules are written against two small protocols, `KRSpec` and `CheckinFacts`, which the
pydantic models and the light rows of the fast paths (the dashboard, the one-line
check-in) all satisfy, so a fast path needs no copy of a rule.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Protocol

from okrtui.domain.kinds import KRKind
from okrtui.text import clean_line

STARTING_CONFIDENCE = 5
"""Every KR starts the cycle at confidence 5."""

_MILESTONE = KRKind.MILESTONE
"""Looked up once: an enum member's attribute lookup costs more than the rule it serves, and
the dashboard applies these rules to every KR of the organisation."""


class KRSpec(Protocol):
    """What the rules need to know of a key result."""

    @property
    def kind(self) -> KRKind: ...
    @property
    def start(self) -> float | None: ...
    @property
    def target(self) -> float | None: ...
    @property
    def unit(self) -> str: ...


class CheckinFacts(Protocol):
    """What the rules need to know of a check-in."""

    @property
    def value(self) -> float | None: ...
    @property
    def confidence(self) -> int: ...
    @property
    def at(self) -> datetime: ...


def is_milestone(kr: KRSpec) -> bool:
    return kr.kind is _MILESTONE


def current_value(kr: KRSpec, last_value: float | None) -> float:
    """The KR's value given the latest value recorded for it (None: none recorded yet)."""
    if last_value is not None:
        return last_value
    if is_milestone(kr) or kr.start is None:
        return 0.0
    return kr.start


def last_value(history: Iterable[CheckinFacts]) -> float | None:
    """The value of the latest check-in (by time, then position) that records one."""
    found: float | None = None
    latest: datetime | None = None
    for checkin in history:
        if checkin.value is not None and (latest is None or checkin.at >= latest):
            found, latest = checkin.value, checkin.at
    return found


@dataclass(frozen=True, slots=True)
class KRState:
    """Where a KR stands at some moment: its value, confidence, and its latest check-in's
    time and note (None and "" before any check-in)."""

    value: float
    confidence: int
    at: datetime | None = None
    note: str = ""

    def then(self, checkin: CheckinFacts) -> KRState:
        """The state once a later check-in is in: its confidence, and its value if it
        records one (a confidence-only check-in keeps the value)."""
        note = getattr(checkin, "note", "")
        return KRState(
            self.value if checkin.value is None else checkin.value,
            checkin.confidence,
            checkin.at,
            note if isinstance(note, str) else "",
        )


def starting_state(kr: KRSpec) -> KRState:
    return KRState(current_value(kr, None), STARTING_CONFIDENCE)


def state_after(kr: KRSpec, history: Iterable[CheckinFacts]) -> KRState:
    """The state after `history` (any order); the cycle's start without any check-in."""
    items = list(history)
    if not items:
        return starting_state(kr)
    latest = max(enumerate(items), key=lambda pair: (pair[1].at, pair[0]))[1]
    note = getattr(latest, "note", "")
    return KRState(
        current_value(kr, last_value(items)),
        latest.confidence,
        latest.at,
        note if isinstance(note, str) else "",
    )


def state_of(
    kr: KRSpec, last_value: float | None, confidence: int | None, at: datetime | None = None
) -> KRState:
    """The state from aggregated facts (a fast path's SQL): the latest recorded value and
    the latest check-in's confidence and time, None where there is none."""
    return KRState(
        current_value(kr, last_value),
        STARTING_CONFIDENCE if confidence is None else confidence,
        at,
    )


# -- progress -------------------------------------------------------------------------


def clamp01(x: float) -> float:
    """`x` limited to [0, 1]; NaN counts as no progress."""
    if math.isnan(x):
        return 0.0
    return min(1.0, max(0.0, x))


def progress_raw(kr: KRSpec, value: float | None) -> float:
    """How far `value` has moved from start towards target: 0 at start, 1 at target.

    The sign of `target - start` carries the direction. Not clamped: overshooting gives
    more than 1, sliding back less than 0. A milestone is 1 when done (value >= 1).
    """
    if is_milestone(kr):
        return 1.0 if value is not None and value >= 1 else 0.0
    start, target = kr.start, kr.target
    if value is None or start is None or target is None or target == start:
        return 0.0
    return (value - start) / (target - start)


def progress(kr: KRSpec, value: float | None) -> float:
    """`progress_raw` clamped to [0, 1]."""
    return clamp01(progress_raw(kr, value))


# -- change since a baseline --------------------------------------------------------


def confidence_change(now: int, baseline: int | None) -> int | None:
    """Confidence now minus at the baseline; None when there is no baseline."""
    return None if baseline is None else now - baseline


def change_mark(change: int | None) -> str:
    """`▲2`, `▼3`, `=` (held) or `` (nothing to compare)."""
    if change is None:
        return ""
    if change > 0:
        return f"▲{change}"
    if change < 0:
        return f"▼{-change}"
    return "="


# -- how a value is written for people --------------------------------------------

_TIGHT_UNITS = frozenset({"%", "x", "×"})


def number_text(value: float) -> str:
    """`1,234,567`, `0.35`, `12.5`, `-3`: thousands separated, at most two decimals
    (more for small numbers that two would round to zero), never an exponent."""
    if not math.isfinite(value):
        return str(value)
    if value == int(value):
        return f"{int(value):,}"
    places = 2
    while places < 6 and round(value, places) == 0:
        places += 1
    text = f"{value:,.{places}f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def with_unit(value: float, unit: str) -> str:
    """`880 ms`, `12%`; the unit is user text, so it is cleaned of control characters here,
    once, for every screen and command that writes a value."""
    if not unit:
        return number_text(value)
    joiner = "" if unit in _TIGHT_UNITS else " "
    return f"{number_text(value)}{joiner}{_clean_unit(unit)}"


_clean_unit = lru_cache(maxsize=256)(clean_line)
"""`clean_line` remembered for units: an organisation has a handful, and a big report
writes 60,000 values."""


def value_text(kr: KRSpec, value: float | None) -> str:
    """A value alone: `880 ms`, `1,234,567`, `done` / `not done`; "" for no value."""
    if is_milestone(kr):
        return "done" if value is not None and value >= 1 else "not done"
    if value is None:
        return ""
    return with_unit(value, kr.unit)


def value_against_target(kr: KRSpec, value: float | None) -> str:
    """`880 / 600 ms`, or `done` / `not done` for a milestone."""
    if is_milestone(kr):
        return value_text(kr, value)
    if value is None or kr.target is None:
        return "—"
    return f"{number_text(value)} / {with_unit(kr.target, kr.unit)}"


def value_move(kr: KRSpec, before: float, after: float) -> str:
    """`880 ms` when unchanged, else `1,800 ms → 880 ms`."""
    old, new = value_text(kr, before), value_text(kr, after)
    return new if old == new else f"{old} → {new}"


# -- how a value is read from people ----------------------------------------------

_GROUPED = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_PLAIN = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def parse_value(text: str, unit: str = "") -> float:
    """A value typed by a person: `42`, `-3.5`, `1,234,567`, `880 ms`, `12%`.

    A comma only groups thousands (`1,234`); `1,5` is refused rather than read as 15 or
    1.5. Raises ValueError with a message that says what is wrong.
    """
    cleaned = text.strip().replace("_", "")
    if unit and cleaned.casefold().endswith(unit.casefold()):
        cleaned = cleaned[: -len(unit)].strip()
    cleaned = cleaned.removesuffix("%").strip()
    if "," in cleaned:
        if not _GROUPED.fullmatch(cleaned):
            raise ValueError(
                f"{text.strip()!r} is not a number: a comma only separates thousands "
                "(1,234); write decimals with a point (1.5)"
            )
        cleaned = cleaned.replace(",", "")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"{text.strip()!r} is not a number") from None
    if not math.isfinite(value):
        raise ValueError(f"{text.strip()!r} is not a finite number")
    if not _PLAIN.fullmatch(cleaned):
        raise ValueError(f"{text.strip()!r} is not a number")
    return value

"""Confidence calibration: how well a key result's weekly confidence predicted its grade.

Pure arithmetic, no store. A confidence of c (0-10) is read as the forecast "this key result
will be graded 0.7 or more, with probability c/10". At cycle close every graded key result
turns its weekly confidences into forecasts checked against what happened:

- the **Brier score** is the mean of (c/10 - outcome)² over the forecasts, outcome 1 when
  the grade is 0.7 or more, else 0: 0 is a perfect forecaster, 0.25 is always saying 5,
  1 is sure and always wrong. It is bounded to [0, 1] and lower is better.
- a forecast is **right** when it leans the way things went: c > 5 for a key result that made
  0.7, c < 5 for one that did not (5 leans neither way and is never right);
- the **settled week** is the week from which every forecast stayed right, to the end; None
  when the last forecast was still wrong.

A key result's forecasts are its confidences at the end of each cycle week from its first
check-in on (before that it holds the starting confidence nobody stated). Groups (a person's
key results, a team's) pool their forecasts into one Brier score.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

ACHIEVED = 0.7
"""A grade of this or more counts as the key result made."""


def outcome(grade: float) -> int:
    return 1 if grade >= ACHIEVED else 0


def squared_error(confidence: int, achieved: bool) -> float:
    """(c/10 - outcome)², in [0, 1]."""
    if not 0 <= confidence <= 10:
        raise ValueError(f"a confidence is 0 to 10, not {confidence}")
    return (confidence / 10 - (1 if achieved else 0)) ** 2


def brier_score(confidences: Iterable[int], achieved: bool) -> float | None:
    """The mean squared error of the forecasts against one outcome; None for none."""
    errors = [squared_error(c, achieved) for c in confidences]
    return sum(errors) / len(errors) if errors else None


def forecast_right(confidence: int, achieved: bool) -> bool:
    return confidence > 5 if achieved else confidence < 5


def settled_week(weekly: Sequence[int | None], achieved: bool) -> int | None:
    """The 1-based week from which every stated forecast was right, to the end; None when
    there is no forecast or the last one was wrong."""
    settled: int | None = None
    for week, confidence in enumerate(weekly, start=1):
        if confidence is None:
            continue
        if forecast_right(confidence, achieved):
            if settled is None:
                settled = week
        else:
            settled = None
    return settled


@dataclass(frozen=True, slots=True)
class KRCalibration:
    kr_id: int
    ref: str
    weekly: tuple[int | None, ...]
    """The confidence at the end of each cycle week; None before the first check-in."""
    grade: float

    @property
    def achieved(self) -> bool:
        return outcome(self.grade) == 1

    @property
    def forecasts(self) -> tuple[int, ...]:
        return tuple(c for c in self.weekly if c is not None)

    @property
    def brier(self) -> float | None:
        return brier_score(self.forecasts, self.achieved)

    @property
    def settled_week(self) -> int | None:
        return settled_week(self.weekly, self.achieved)


@dataclass(frozen=True, slots=True)
class GroupCalibration:
    """A person's or a team's key results, their forecasts pooled."""

    label: str
    krs: tuple[KRCalibration, ...]

    @property
    def forecast_count(self) -> int:
        return sum(len(kr.forecasts) for kr in self.krs)

    @property
    def brier(self) -> float | None:
        errors = [squared_error(c, kr.achieved) for kr in self.krs for c in kr.forecasts]
        return sum(errors) / len(errors) if errors else None

    @property
    def settled_weeks(self) -> tuple[int, ...]:
        return tuple(w for kr in self.krs if (w := kr.settled_week) is not None)

    @property
    def median_settled_week(self) -> float | None:
        weeks = self.settled_weeks
        return statistics.median(weeks) if weeks else None

    @property
    def never_settled(self) -> int:
        """Key results with forecasts whose last forecast was still wrong."""
        return sum(1 for kr in self.krs if kr.forecasts and kr.settled_week is None)


def group(label: str, krs: Iterable[KRCalibration]) -> GroupCalibration:
    return GroupCalibration(label, tuple(krs))

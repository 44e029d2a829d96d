"""Confidence bands, grade bands, suggested grades and the grading keystrokes."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from okrtui.domain.kinds import ObjectiveKind
from okrtui.domain.krstate import KRSpec, progress

_EPSILON = 1e-9


class ConfidenceBand(StrEnum):
    OFF_TRACK = "off-track"
    AT_RISK = "at-risk"
    ON_TRACK = "on-track"

    @property
    def label(self) -> str:
        return {
            ConfidenceBand.OFF_TRACK: "Off track",
            ConfidenceBand.AT_RISK: "At risk",
            ConfidenceBand.ON_TRACK: "On track",
        }[self]


@dataclass(frozen=True, slots=True)
class BandThresholds:
    """Where the confidence bands begin: off track below `at_risk_from`, on track from
    `on_track_from`. A setting; the defaults give 0–3 / 4–6 / 7–10."""

    at_risk_from: int = 4
    on_track_from: int = 7

    def __post_init__(self) -> None:
        if not 0 < self.at_risk_from < self.on_track_from <= 10:
            raise ValueError(
                "confidence thresholds must satisfy 0 < at_risk_from < on_track_from <= 10, "
                f"got at_risk_from={self.at_risk_from}, on_track_from={self.on_track_from}"
            )


DEFAULT_THRESHOLDS = BandThresholds()


def confidence_band(
    confidence: int, thresholds: BandThresholds = DEFAULT_THRESHOLDS
) -> ConfidenceBand:
    if not 0 <= confidence <= 10:
        raise ValueError(f"confidence must be between 0 and 10, got {confidence}")
    if confidence < thresholds.at_risk_from:
        return ConfidenceBand.OFF_TRACK
    if confidence < thresholds.on_track_from:
        return ConfidenceBand.AT_RISK
    return ConfidenceBand.ON_TRACK


class GradeBand(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"

    @property
    def label(self) -> str:
        return {GradeBand.RED: "Red", GradeBand.YELLOW: "Yellow", GradeBand.GREEN: "Green"}[self]


def round_half_up(x: float, places: int) -> float:
    """`x` rounded half away from zero on its shortest decimal form, so 0.35 -> 0.4 and
    0.65 -> 0.7 alike (the built-in `round` sees 0.35 as 0.34999… and goes down)."""
    text = repr(x)
    point = text.find(".")
    if point >= 0 and len(text) - point - 1 <= places and "e" not in text:
        return x  # nothing to round (1.0, 0.5): half the suggested grades of a big report
    from decimal import ROUND_HALF_UP, Decimal  # not at the top: a command line needs none

    quantum = Decimal(1).scaleb(-places)
    return float(Decimal(repr(x)).quantize(quantum, rounding=ROUND_HALF_UP))


def grade_band(score: float) -> GradeBand:
    """Band of a grade rounded to one decimal: 0.0–0.3 red, 0.4–0.6 yellow, 0.7–1.0 green."""
    tenths = round_half_up(score, 1)
    if tenths < 0.4:
        return GradeBand.RED
    if tenths < 0.7:
        return GradeBand.YELLOW
    return GradeBand.GREEN


def suggested_grade(kr: KRSpec, value: float | None) -> float:
    """The grade progress suggests: clamped progress to one decimal; a milestone 0.0 or 1.0."""
    return round_half_up(progress(kr, value), 1)


def needs_post_mortem(kind: ObjectiveKind, score: float) -> bool:
    """A committed KR is expected to land fully; anything less deserves a post-mortem."""
    return kind is ObjectiveKind.COMMITTED and score < 1.0 - _EPSILON


def meets_expectation(kind: ObjectiveKind, score: float) -> bool:
    """Committed KRs are read against 1.0, aspirational ones against 0.7."""
    return score >= kind.expected_score - _EPSILON


def objective_score(scores: Sequence[float]) -> float | None:
    """Mean of the KR grades to two decimals; None when no KR is graded."""
    if not scores:
        return None
    return round_half_up(sum(scores) / len(scores), 2)


_DECIMAL = re.compile(r"^(?:\d+\.\d*|\.\d+)$")


def parse_grade(text: str) -> float:
    """A grade typed by the facilitator.

    One digit means tenths (`7` -> 0.7), `10` is 1.0, and decimals such as `1.0`, `0.75`
    or `.5` are taken as written, with at most two decimals.
    """
    s = text.strip()
    if not s:
        raise ValueError("enter a grade between 0.0 and 1.0")
    if s.isascii() and s.isdigit():
        if len(s) == 1:
            return int(s) / 10
        if s == "10":
            return 1.0
        raise ValueError(f"grade {s} is outside 0.0–1.0 (type one digit for tenths, e.g. 7)")
    if not (s.isascii() and _DECIMAL.match(s)):
        raise ValueError(f"grade {s!r} is not a number between 0.0 and 1.0")
    fraction = s.partition(".")[2]
    value = float(s)
    if value > 1.0:
        raise ValueError(f"grade {s} is outside 0.0–1.0")
    if len(fraction.rstrip("0")) > 2:
        raise ValueError(f"grade {s} has more than two decimals")
    return round(value, 2)


def format_grade(score: float) -> str:
    """A grade as shown: one decimal, or two when the second one matters (0.75)."""
    two = f"{round_half_up(score, 2):.2f}"
    return two[:-1] if two.endswith("0") else two

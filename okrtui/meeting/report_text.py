"""How the cycle report writes its figures: scores and bands, counts, minutes, and the
confidence line. Pure functions of their values; those a big report repeats thousands of
times are remembered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from okrtui.domain.bands import GradeBand, format_grade, grade_band, objective_score
from okrtui.domain.sparkline import text_sparkline
from okrtui.store.report_reads import LETTER_A

DASH = "—"
_BAND_MARK = {GradeBand.RED: "🔴", GradeBand.YELLOW: "🟡", GradeBand.GREEN: "🟢"}
_BAR_OF_LETTER = {LETTER_A + c: text_sparkline((c,)) for c in range(11)}
"""Each confidence's bar: a sparkline is its values' bars side by side."""


@dataclass(frozen=True, slots=True)
class Score:
    """A grade (entered, or suggested by progress) or a mean of grades; None: none."""

    value: float | None
    suggested: bool

    def show(self) -> str:
        if self.value is None:
            return DASH
        return grade_text(self.value) + (" (suggested)" if self.suggested else "")

    def band(self) -> str:
        return DASH if self.value is None else band_text(self.value)


@lru_cache(maxsize=256)
def grade_text(score: float) -> str:
    """`format_grade`, remembered: a report shows a few dozen distinct grades."""
    return format_grade(score)


@lru_cache(maxsize=256)
def band_text(score: float) -> str:
    band = grade_band(score)
    return f"{_BAND_MARK[band]} {band.label}"


def mean_score(scores: Iterable[Score]) -> Score:
    counted = [s for s in scores if s.value is not None]
    value = objective_score([s.value for s in counted if s.value is not None])
    return Score(value, any(s.suggested for s in counted))


def confidence_line(letters: str) -> str:
    """`▃▅▆ 3 → 6`: one bar per week, then the first and the last confidence, from the
    week's confidences as letters (`report_reads.LETTER_A`); "" for no check-in."""
    if not letters:
        return "no check-ins"
    first, last = ord(letters[0]) - LETTER_A, ord(letters[-1]) - LETTER_A
    return f"{letters.translate(_BAR_OF_LETTER)} {first} → {last}"


def count_text(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def minutes_text(seconds: float) -> str:
    return f"{round(seconds / 60)} min"


def against_text(delta_seconds: float) -> str:
    minutes = round(delta_seconds / 60)
    if minutes == 0:
        return "on time"
    return f"+{minutes} min" if minutes > 0 else f"−{-minutes} min"

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from okrtui.domain.bands import (
    BandThresholds,
    ConfidenceBand,
    GradeBand,
    confidence_band,
    format_grade,
    grade_band,
    meets_expectation,
    needs_post_mortem,
    objective_score,
    parse_grade,
    round_half_up,
    suggested_grade,
)
from okrtui.domain.models import KeyResult, KRKind, ObjectiveKind

COMMITTED, ASPIRATIONAL = ObjectiveKind.COMMITTED, ObjectiveKind.ASPIRATIONAL
BAND_ORDER = [ConfidenceBand.OFF_TRACK, ConfidenceBand.AT_RISK, ConfidenceBand.ON_TRACK]
GRADE_ORDER = [GradeBand.RED, GradeBand.YELLOW, GradeBand.GREEN]
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


def metric(start: float, target: float) -> KeyResult:
    return KeyResult(number=1, ref="ENG-1.1", title="t", start=start, target=target, unit="x")


MILESTONE = KeyResult(number=2, ref="ENG-1.2", title="ship", kind=KRKind.MILESTONE)


def test_default_confidence_bands() -> None:
    bands = [confidence_band(c) for c in range(11)]
    assert (
        bands
        == [ConfidenceBand.OFF_TRACK] * 4
        + [ConfidenceBand.AT_RISK] * 3
        + [ConfidenceBand.ON_TRACK] * 4
    )
    assert ConfidenceBand.AT_RISK.label == "At risk"
    assert ConfidenceBand("on-track") is ConfidenceBand.ON_TRACK


def test_custom_thresholds() -> None:
    t = BandThresholds(at_risk_from=3, on_track_from=8)
    assert confidence_band(2, t) is ConfidenceBand.OFF_TRACK
    assert confidence_band(3, t) is ConfidenceBand.AT_RISK
    assert confidence_band(7, t) is ConfidenceBand.AT_RISK
    assert confidence_band(8, t) is ConfidenceBand.ON_TRACK


@pytest.mark.parametrize(("at_risk", "on_track"), [(0, 7), (7, 7), (8, 4), (4, 11)])
def test_bad_thresholds_are_refused(at_risk: int, on_track: int) -> None:
    with pytest.raises(ValueError, match="at_risk_from < on_track_from"):
        BandThresholds(at_risk_from=at_risk, on_track_from=on_track)


@pytest.mark.parametrize("confidence", [-1, 11])
def test_confidence_outside_range_is_refused(confidence: int) -> None:
    with pytest.raises(ValueError, match="between 0 and 10"):
        confidence_band(confidence)


@given(
    st.integers(1, 9).flatmap(lambda a: st.tuples(st.just(a), st.integers(a + 1, 10))),
    st.integers(0, 10),
    st.integers(0, 10),
)
def test_confidence_band_monotone(thresholds: tuple[int, int], a: int, b: int) -> None:
    t = BandThresholds(at_risk_from=thresholds[0], on_track_from=thresholds[1])
    lo, hi = sorted((a, b))
    assert BAND_ORDER.index(confidence_band(lo, t)) <= BAND_ORDER.index(confidence_band(hi, t))


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0.0, GradeBand.RED),
        (0.3, GradeBand.RED),
        (0.34, GradeBand.RED),
        (0.35, GradeBand.YELLOW),
        (0.4, GradeBand.YELLOW),
        (0.6, GradeBand.YELLOW),
        (0.64, GradeBand.YELLOW),
        (0.65, GradeBand.GREEN),
        (0.7, GradeBand.GREEN),
        (1.0, GradeBand.GREEN),
    ],
)
def test_grade_bands(score: float, band: GradeBand) -> None:
    assert grade_band(score) is band


@given(st.floats(0, 1), st.floats(0, 1))
def test_grade_band_monotone(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    assert GRADE_ORDER.index(grade_band(lo)) <= GRADE_ORDER.index(grade_band(hi))


def test_round_half_up_goes_up_on_halves() -> None:
    assert round_half_up(0.35, 1) == 0.4
    assert round_half_up(0.65, 1) == 0.7
    assert round_half_up(0.125, 2) == 0.13
    assert round_half_up(0.34999, 1) == 0.3


def test_suggested_grade() -> None:
    assert suggested_grade(metric(0, 100), 64) == 0.6
    assert suggested_grade(metric(0, 100), 65) == 0.7
    assert suggested_grade(metric(0, 100), 150) == 1.0
    assert suggested_grade(metric(0, 100), -20) == 0.0
    assert suggested_grade(metric(400, 200), 300) == 0.5
    assert suggested_grade(MILESTONE, 1.0) == 1.0
    assert suggested_grade(MILESTONE, 0.0) == 0.0
    assert suggested_grade(MILESTONE, None) == 0.0


@given(finite, finite, finite)
def test_suggested_grade_is_a_tenth_in_unit_interval(a: float, b: float, value: float) -> None:
    assume(a != b)
    grade = suggested_grade(metric(a, b), value)
    assert 0.0 <= grade <= 1.0
    assert round(grade * 10) / 10 == grade


def test_post_mortem_and_expectations() -> None:
    assert needs_post_mortem(COMMITTED, 0.9)
    assert not needs_post_mortem(COMMITTED, 1.0)
    assert not needs_post_mortem(ASPIRATIONAL, 0.3)
    assert meets_expectation(COMMITTED, 1.0)
    assert not meets_expectation(COMMITTED, 0.9)
    assert meets_expectation(ASPIRATIONAL, 0.7)
    assert meets_expectation(ASPIRATIONAL, 7 / 10)
    assert not meets_expectation(ASPIRATIONAL, 0.6)


def test_objective_score() -> None:
    assert objective_score([]) is None
    assert objective_score([0.7, 0.8]) == 0.75
    assert objective_score([1.0, 0.5, 0.5]) == 0.67
    assert objective_score([0.3]) == 0.3


@pytest.mark.parametrize(
    ("text", "grade"),
    [
        ("0", 0.0),
        ("7", 0.7),
        ("9", 0.9),
        ("10", 1.0),
        ("1.0", 1.0),
        ("1", 0.1),
        ("0.75", 0.75),
        (".5", 0.5),
        ("1.", 1.0),
        (" 0.3 ", 0.3),
        ("0.700", 0.7),
    ],
)
def test_parse_grade_accepts(text: str, grade: float) -> None:
    assert parse_grade(text) == grade


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1.3", "grade 1.3 is outside 0.0–1.0"),
        ("11", "grade 11 is outside 0.0–1.0"),
        ("abc", "'abc' is not a number"),
        ("-0.1", "'-0.1' is not a number"),
        ("", "enter a grade"),
        ("0.755", "more than two decimals"),
        ("nan", "'nan' is not a number"),
        ("1e-1", "'1e-1' is not a number"),
        ("٣", "'٣' is not a number"),
    ],
)
def test_parse_grade_refuses(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_grade(text)


@pytest.mark.parametrize("tenths", range(11))
def test_parse_grade_round_trips_every_tenth(tenths: int) -> None:
    grade = tenths / 10
    assert parse_grade(format_grade(grade)) == grade
    assert parse_grade(f"{grade:.1f}") == grade
    if tenths < 10:
        assert parse_grade(str(tenths)) == grade


@given(st.integers(0, 100))
def test_parse_grade_round_trips_hundredths(hundredths: int) -> None:
    grade = hundredths / 100
    assert parse_grade(format_grade(grade)) == grade


def test_format_grade() -> None:
    assert format_grade(0.7) == "0.7"
    assert format_grade(0.75) == "0.75"
    assert format_grade(1.0) == "1.0"
    assert format_grade(0.0) == "0.0"

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from okrtui.domain.models import CheckIn, Cycle, KeyResult, KRKind
from okrtui.domain.progress import (
    current_value,
    expected_pace,
    kr_progress,
    kr_progress_raw,
    latest_with_value,
    objective_progress,
    pace_gap,
)

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False, allow_infinity=False)
AT = datetime(2025, 7, 1, 9, tzinfo=UTC)


def metric(start: float, target: float) -> KeyResult:
    return KeyResult(number=1, ref="ENG-1.1", title="t", start=start, target=target, unit="ms")


MILESTONE = KeyResult(number=2, ref="ENG-1.2", title="ship it", kind=KRKind.MILESTONE)
CYCLE = Cycle(slug="q3", name="Q3", start=date(2025, 7, 1), end=date(2025, 9, 30))


def checkin(value: float | None, confidence: int = 5, at: datetime = AT, id: int = 0) -> CheckIn:
    return CheckIn(id=id, kr_id=1, at=at, value=value, confidence=confidence)


@st.composite
def metric_krs(draw: st.DrawFn) -> KeyResult:
    start, target = draw(finite), draw(finite)
    assume(start != target)
    return metric(start, target)


def test_increasing_metric_progress() -> None:
    kr = metric(10, 50)
    assert kr_progress_raw(kr, 30) == 0.5
    assert kr_progress_raw(kr, 60) == 1.25
    assert kr_progress_raw(kr, 0) == -0.25
    assert kr_progress(kr, 60) == 1.0
    assert kr_progress(kr, 0) == 0.0


def test_decreasing_metric_progress() -> None:
    kr = metric(400, 200)
    assert kr_progress_raw(kr, 300) == 0.5
    assert kr_progress_raw(kr, 100) == 1.5
    assert kr_progress(kr, 100) == 1.0
    assert kr_progress(kr, 450) == 0.0


def test_no_value_means_start() -> None:
    assert kr_progress_raw(metric(10, 50), None) == 0.0
    assert kr_progress_raw(MILESTONE, None) == 0.0


@pytest.mark.parametrize(("value", "expected"), [(1.0, 1.0), (2.0, 1.0), (0.0, 0.0), (0.99, 0.0)])
def test_milestone_progress(value: float, expected: float) -> None:
    assert kr_progress_raw(MILESTONE, value) == expected
    assert kr_progress(MILESTONE, value) == expected


def test_current_value() -> None:
    kr = metric(10, 50)
    assert current_value(kr, None) == 10
    assert current_value(kr, checkin(42)) == 42
    assert current_value(kr, checkin(None)) == 10
    assert current_value(MILESTONE, None) == 0.0
    assert current_value(MILESTONE, checkin(1.0)) == 1.0


def test_latest_with_value_skips_confidence_only_checkins() -> None:
    older = checkin(20, at=AT, id=1)
    newest_without = checkin(None, at=AT + timedelta(days=2), id=3)
    newer = checkin(30, at=AT + timedelta(days=1), id=2)
    assert latest_with_value([older, newest_without, newer]) == newer
    assert latest_with_value([newest_without]) is None
    assert latest_with_value([]) is None


def test_objective_progress_clamps_each_kr() -> None:
    assert objective_progress([]) == 0.0
    assert objective_progress([1.5, 0.5]) == 0.75
    assert objective_progress([-1.0, 0.5]) == 0.25


def test_expected_pace_endpoints() -> None:
    assert expected_pace(CYCLE, CYCLE.start) == 0.0
    assert expected_pace(CYCLE, CYCLE.end) == 1.0
    assert expected_pace(CYCLE, CYCLE.start - timedelta(days=5)) == 0.0
    assert expected_pace(CYCLE, CYCLE.end + timedelta(days=5)) == 1.0
    half = Cycle(slug="x", name="x", start=date(2025, 1, 1), end=date(2025, 1, 11))
    assert expected_pace(half, date(2025, 1, 6)) == 0.5


def test_pace_gap_sign() -> None:
    assert pace_gap(0.3, 0.5) == pytest.approx(-0.2)
    assert pace_gap(0.6, 0.5) == pytest.approx(0.1)


@given(metric_krs(), finite)
def test_clamped_progress_in_unit_interval(kr: KeyResult, value: float) -> None:
    assert 0.0 <= kr_progress(kr, value) <= 1.0


@given(metric_krs())
def test_start_is_zero_and_target_is_one(kr: KeyResult) -> None:
    assert kr.start is not None and kr.target is not None
    assert kr_progress_raw(kr, kr.start) == 0.0
    assert kr_progress_raw(kr, kr.target) == 1.0


@given(finite, finite, finite)
def test_mirrored_decreasing_kr_equals_increasing(a: float, b: float, value: float) -> None:
    assume(a != b)
    start, target = min(a, b), max(a, b)
    increasing = metric(start, target)
    decreasing = metric(-start, -target)
    assert kr_progress_raw(decreasing, -value) == kr_progress_raw(increasing, value)


@given(metric_krs(), finite, finite)
def test_progress_monotone_towards_target(kr: KeyResult, a: float, b: float) -> None:
    assert kr.start is not None and kr.target is not None
    toward = 1 if kr.target > kr.start else -1
    lo, hi = sorted((a, b))
    nearer, farther = (lo, hi) if toward == 1 else (hi, lo)
    assert kr_progress(kr, nearer) <= kr_progress(kr, farther)


@given(st.lists(st.floats(min_value=-5, max_value=5), min_size=1))
def test_objective_progress_between_clamped_extremes(progresses: list[float]) -> None:
    clamped = [min(1.0, max(0.0, p)) for p in progresses]
    result = objective_progress(progresses)
    assert min(clamped) - 1e-12 <= result <= max(clamped) + 1e-12


@given(
    st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
    st.dates(min_value=date(2024, 1, 1), max_value=date(2026, 12, 31)),
)
def test_expected_pace_monotone_in_date(a: date, b: date) -> None:
    early, late = sorted((a, b))
    assert 0.0 <= expected_pace(CYCLE, early) <= expected_pace(CYCLE, late) <= 1.0

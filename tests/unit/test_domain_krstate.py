from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from okrtui.domain.krstate import (
    change_mark,
    current_value,
    last_value,
    number_text,
    parse_value,
    starting_state,
    state_after,
    state_of,
    value_against_target,
    value_text,
)
from okrtui.domain.krstate import progress as kr_progress
from okrtui.domain.krstate import progress_raw as kr_progress_raw
from okrtui.domain.models import CheckIn, Cycle, KeyResult, KRKind
from okrtui.domain.progress import expected_pace, pace_gap
from okrtui.domain.rollup import group_progress, objective_progress
from okrtui.store.rows import KROverview

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
    assert current_value(kr, 42) == 42
    assert current_value(MILESTONE, None) == 0.0
    assert current_value(MILESTONE, 1.0) == 1.0


def test_last_value_skips_confidence_only_checkins() -> None:
    older = checkin(20, at=AT, id=1)
    newest_without = checkin(None, at=AT + timedelta(days=2), id=3)
    newer = checkin(30, at=AT + timedelta(days=1), id=2)
    assert last_value([older, newest_without, newer]) == 30
    assert last_value([newest_without]) is None
    assert last_value([]) is None


def test_state_after_a_confidence_only_checkin_keeps_the_last_value() -> None:
    """The PLAT-1.1 case: 1800 ms at start, 880 ms checked in, then confidence only."""
    kr = KeyResult(number=1, ref="PLAT-1.1", title="p95", start=1800, target=600, unit="ms")
    history = [
        checkin(880, confidence=6, at=AT, id=1),
        checkin(None, confidence=4, at=AT + timedelta(days=7), id=2),
    ]
    state = state_after(kr, history)
    assert (state.value, state.confidence) == (880, 4)
    assert value_text(kr, state.value) == "880 ms"
    assert state_after(kr, []).value == 1800
    assert state_after(kr, []).confidence == 5


def test_the_light_row_and_the_model_follow_one_rule() -> None:
    """The dashboard's light row satisfies the same protocol as the model."""
    row = KROverview(
        1, "PLAT-1.1", "p95", None, 1, KRKind.METRIC, 1800, 600, "ms", None, None, None, None, None
    )
    model = KeyResult(number=1, ref="PLAT-1.1", title="p95", start=1800, target=600, unit="ms")
    assert state_of(row, None, None).value == state_of(model, None, None).value == 1800
    assert kr_progress(row, 1200) == kr_progress(model, 1200) == 0.5


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (1234567, "1,234,567"),
        (1234567.5, "1,234,567.5"),
        (1e20, "100,000,000,000,000,000,000"),
        (0.35, "0.35"),
        (-3, "-3"),
        (0.001, "0.001"),
        (12.5, "12.5"),
    ],
)
def test_number_text_never_uses_an_exponent(value: float, text: str) -> None:
    assert number_text(value) == text


def test_value_text_and_against_target() -> None:
    kr = metric(0, 2000000)
    assert value_text(kr, 1234567) == "1,234,567 ms"
    assert value_against_target(kr, 1234567) == "1,234,567 / 2,000,000 ms"
    pct = KeyResult(number=1, ref="X-1.1", title="t", start=0, target=50, unit="%")
    assert value_text(pct, 12) == "12%"
    assert value_text(MILESTONE, 1.0) == "done"
    assert value_text(MILESTONE, None) == "not done"


def test_change_mark() -> None:
    assert change_mark(None) == ""
    assert change_mark(0) == "="
    assert change_mark(2) == "▲2"
    assert change_mark(-3) == "▼3"


@pytest.mark.parametrize(
    ("text", "value"),
    [("42", 42), ("1,234,567", 1234567), ("-3.5", -3.5), ("880 ms", 880), ("12%", 12)],
)
def test_parse_value_reads_what_people_type(text: str, value: float) -> None:
    assert parse_value(text, "ms") == value


@pytest.mark.parametrize("text", ["1,5", "0,5", "1,23", "12,34,567", "abc", "nan", "inf", ""])
def test_parse_value_refuses_ambiguous_or_broken_numbers(text: str) -> None:
    with pytest.raises(ValueError):
        parse_value(text)


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False, allow_infinity=False))
def test_number_text_round_trips_through_parse_value(value: float) -> None:
    text = number_text(value)
    assert "e" not in text.lower()
    assert parse_value(text) == pytest.approx(value, abs=0.006 + abs(value) * 1e-12)


def test_objective_progress_clamps_each_kr() -> None:
    assert group_progress([0.25, 0.75]) == 0.5
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


@given(
    metric_krs(),
    st.lists(st.tuples(st.one_of(st.none(), finite), st.integers(0, 10)), min_size=0, max_size=8),
)
def test_one_check_in_at_a_time_is_the_whole_history_at_once(
    kr: KeyResult, entries: list[tuple[float | None, int]]
) -> None:
    """The KR round and the writer step a state forward one check-in at a time; that must be
    the state the whole history gives."""
    history = [
        checkin(value, confidence, AT + timedelta(hours=i))
        for i, (value, confidence) in enumerate(entries)
    ]
    state = starting_state(kr)
    for item in history:
        state = state.then(item)
    assert state == state_after(kr, history)

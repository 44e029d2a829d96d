"""Confidence calibration: the Brier score, "right" forecasts, the settled week, groups,
and reading them from a cycle (issue 19)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.clock import FixedClock
from okrtui.domain.calibration import (
    KRCalibration,
    brier_score,
    forecast_right,
    group,
    settled_week,
    squared_error,
)
from okrtui.domain.models import Grade
from okrtui.store import Store
from okrtui.views.calibration import load_calibration

confidences = st.lists(st.integers(0, 10), min_size=1, max_size=14)
weeks = st.lists(st.one_of(st.none(), st.integers(0, 10)), min_size=1, max_size=14)


def test_the_arithmetic_by_hand() -> None:
    assert squared_error(7, True) == pytest.approx(0.09)
    assert squared_error(7, False) == pytest.approx(0.49)
    assert brier_score([5, 5], True) == pytest.approx(0.25)
    assert brier_score([10, 8, 6], True) == pytest.approx((0 + 0.04 + 0.16) / 3)
    assert brier_score([], True) is None
    assert (forecast_right(6, True), forecast_right(5, True), forecast_right(5, False)) == (
        True,
        False,
        False,
    )
    assert forecast_right(4, False)
    with pytest.raises(ValueError):
        squared_error(11, True)


def test_the_settled_week_is_where_the_forecast_stayed_right() -> None:
    assert settled_week([None, 5, 8, 4, 7, 9], True) == 5
    assert settled_week([8, 8, 3], True) is None  # wrong at the end
    assert settled_week([None, 2, 1], False) == 2
    assert settled_week([None, None], True) is None


@given(confidences, st.booleans())
def test_the_score_is_bounded(forecasts: list[int], achieved: bool) -> None:
    score = brier_score(forecasts, achieved)
    assert score is not None
    assert 0.0 <= score <= 1.0


@given(confidences, st.booleans())
def test_a_perfectly_calibrated_history_scores_best(forecasts: list[int], achieved: bool) -> None:
    perfect = [10 if achieved else 0] * len(forecasts)
    assert brier_score(perfect, achieved) == 0.0
    score = brier_score(forecasts, achieved)
    assert score is not None and score >= 0.0
    if forecasts != perfect:
        assert score > 0.0


@given(confidences, st.booleans(), st.data())
def test_moving_a_forecast_toward_the_outcome_never_scores_worse(
    forecasts: list[int], achieved: bool, data: st.DataObject
) -> None:
    i = data.draw(st.integers(0, len(forecasts) - 1))
    target = 10 if achieved else 0
    step = 1 if achieved else -1
    better = list(forecasts)
    if better[i] != target:
        better[i] += step
    before, after = brier_score(forecasts, achieved), brier_score(better, achieved)
    assert before is not None and after is not None
    assert after <= before


@given(weeks, st.booleans())
def test_from_the_settled_week_every_forecast_is_right(
    weekly: list[int | None], achieved: bool
) -> None:
    settled = settled_week(weekly, achieved)
    stated = [(w, c) for w, c in enumerate(weekly, start=1) if c is not None]
    if settled is None:
        assert not stated or not forecast_right(stated[-1][1], achieved)
        return
    assert all(forecast_right(c, achieved) for w, c in stated if w >= settled)
    earlier = [c for w, c in stated if w < settled]
    assert not earlier or not forecast_right(earlier[-1], achieved)


@given(st.lists(st.tuples(weeks, st.floats(0, 1)), min_size=1, max_size=6))
def test_a_group_pools_its_forecasts_and_stays_bounded(
    krs: list[tuple[list[int | None], float]],
) -> None:
    items = [KRCalibration(i, f"K-{i}", tuple(w), g) for i, (w, g) in enumerate(krs)]
    pooled = group("team", items)
    forecasts = [(c, kr.achieved) for kr in items for c in kr.forecasts]
    assert pooled.forecast_count == len(forecasts)
    if not forecasts:
        assert pooled.brier is None
        return
    assert pooled.brier is not None and 0.0 <= pooled.brier <= 1.0
    assert pooled.brier == pytest.approx(
        sum(squared_error(c, a) for c, a in forecasts) / len(forecasts)
    )


def test_a_cycle_reads_weekly_confidences_against_grades(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    """ENG-1.1 (Ana): 8 in week 1, 3 in week 3, graded 0.2; ENG-2.1 (Ben): 6 in week 2,
    graded 0.9. The cycle starts on Monday Oct 5 (UTC zone)."""
    at = [
        ("ENG-1.1", datetime(2026, 10, 6, 9, tzinfo=UTC), 8),
        ("ENG-2.1", datetime(2026, 10, 13, 9, tzinfo=UTC), 6),
        ("ENG-1.1", datetime(2026, 10, 20, 9, tzinfo=UTC), 3),
    ]
    for ref, when, confidence in at:
        clock.set(when)
        store.record_checkin(small_org[ref], confidence=confidence)
    clock.set(datetime(2026, 10, 30, 9, tzinfo=UTC))  # week 4
    for ref, score in [("ENG-1.1", 0.2), ("ENG-2.1", 0.9)]:
        store.add_grade(Grade(kr_id=small_org[ref], score=score, at=clock.now()))
    found = load_calibration(store, store.cycle(small_org["cycle"]), clock.now().date())
    by_ref = {kr.ref: kr for kr in found.krs}
    assert by_ref["ENG-1.1"].weekly == (8, 8, 3, 3)
    assert by_ref["ENG-2.1"].weekly == (None, 6, 6, 6)
    assert (by_ref["ENG-1.1"].settled_week, by_ref["ENG-2.1"].settled_week) == (3, 2)
    assert found.ungraded == 2
    assert [(g.label, len(g.krs)) for g in found.people] == [("Ana Silva", 1), ("Ben Okafor", 1)]
    assert by_ref["ENG-1.1"].brier == pytest.approx((0.64 + 0.64 + 0.09 + 0.09) / 4)
    [team] = found.teams
    assert team.label == "ENG"
    assert team.brier == pytest.approx((0.64 * 2 + 0.09 * 2 + 0.16 * 3) / 7)
    assert team.median_settled_week == 2.5

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from okrtui.domain.krstate import confidence_change
from okrtui.domain.models import CheckIn, KeyResult
from okrtui.domain.risk import (
    is_stale,
    ref_key,
    risk_key,
    riskiest_first,
)

NOW = datetime(2025, 8, 5, 10, tzinfo=UTC)


def kr(id: int, ref: str) -> KeyResult:
    return KeyResult(id=id, number=1, ref=ref, title="t", start=0, target=10, unit="x")


def checkin(kr_id: int, confidence: int, days_ago: float = 1) -> CheckIn:
    return CheckIn(kr_id=kr_id, at=NOW - timedelta(days=days_ago), value=1, confidence=confidence)


def test_confidence_change() -> None:
    assert confidence_change(4, 7) == -3
    assert confidence_change(7, 4) == 3
    assert confidence_change(5, None) is None


def test_is_stale() -> None:
    assert is_stale(None, NOW)
    assert is_stale(NOW - timedelta(days=14), NOW)
    assert not is_stale(NOW - timedelta(days=13, hours=23), NOW)
    assert is_stale(NOW - timedelta(days=3), NOW, days=3)


def test_nothing_is_stale_before_the_cycle_has_run_two_weeks() -> None:
    """A KR drafted before the cycle starts, or in its first two weeks, is not overdue."""
    drafted = NOW + timedelta(days=33)
    assert not is_stale(None, NOW, cycle_start=drafted)
    assert not is_stale(None, NOW, cycle_start=NOW - timedelta(days=13, hours=23))
    assert is_stale(None, NOW, cycle_start=NOW - timedelta(days=14))
    assert is_stale(NOW - timedelta(days=20), NOW, cycle_start=NOW - timedelta(days=30))
    assert not is_stale(NOW - timedelta(days=2), NOW, cycle_start=NOW - timedelta(days=30))


def test_a_young_cycle_orders_by_confidence_alone() -> None:
    """In a cycle's first two weeks no KR without a check-in is put first for being stale."""
    a, b = kr(1, "A-1.1"), kr(2, "A-1.2")
    latest = {2: checkin(2, 5, days_ago=1)}
    young = NOW - timedelta(days=3)
    assert [k.ref for k in riskiest_first([b, a], latest, {}, {}, NOW, young)] == ["A-1.1", "A-1.2"]
    old = NOW - timedelta(days=30)
    assert [k.ref for k in riskiest_first([b, a], latest, {}, {}, NOW, old)] == ["A-1.1", "A-1.2"]
    assert [k.ref for k in riskiest_first([a, b], {1: checkin(1, 5, 1)}, {}, {}, NOW, old)] == [
        "A-1.2",
        "A-1.1",
    ]
    assert [k.ref for k in riskiest_first([a, b], {1: checkin(1, 5, 1)}, {}, {}, NOW, young)] == [
        "A-1.1",
        "A-1.2",
    ]


def test_ref_key_is_natural() -> None:
    refs = ["ENG-1.10", "ENG-1.2", "ENG-10.1", "ENG-2.1", "DES-1.1"]
    assert sorted(refs, key=ref_key) == ["DES-1.1", "ENG-1.2", "ENG-1.10", "ENG-2.1", "ENG-10.1"]


def test_risk_key_orders_confidence_then_drop_then_stale() -> None:
    keys = {
        "low": risk_key(3, None, False),
        "dropped 3": risk_key(6, -3, False),
        "dropped 1, stale": risk_key(6, -1, True),
        "dropped 1": risk_key(6, -1, False),
        "rose": risk_key(6, 2, False),
        "high": risk_key(9, -5, True),
    }
    assert sorted(keys, key=keys.__getitem__) == [
        "low",
        "dropped 3",
        "dropped 1, stale",
        "dropped 1",
        "rose",
        "high",
    ]
    assert risk_key(6, 2, False) == risk_key(6, None, False) == risk_key(6, 0, False)


def test_riskiest_first_orders_by_confidence_drop_stale_ref() -> None:
    krs = [
        kr(1, "A-1.1"),  # confidence 7, steady
        kr(2, "A-1.2"),  # confidence 3
        kr(3, "A-1.3"),  # confidence 6, dropped from 9
        kr(4, "A-1.4"),  # confidence 6, dropped from 7
        kr(5, "A-1.10"),  # confidence 6, dropped from 7, stale
        kr(6, "A-1.5"),  # confidence 6, rose from 4, fresh
        kr(7, "A-1.6"),  # confidence 6, no previous meeting, fresh
    ]
    latest = {
        1: checkin(1, 7),
        2: checkin(2, 3),
        3: checkin(3, 6),
        4: checkin(4, 6),
        5: checkin(5, 6, days_ago=20),
        6: checkin(6, 6),
        7: checkin(7, 6),
    }
    previous = {1: 7, 3: 9, 4: 7, 5: 7, 6: 4}
    last_at = {k: c.at for k, c in latest.items()}
    ordered = riskiest_first(krs, latest, previous, last_at, NOW)
    assert [k.ref for k in ordered] == [
        "A-1.2",
        "A-1.3",
        "A-1.10",
        "A-1.4",
        "A-1.5",
        "A-1.6",
        "A-1.1",
    ]


def test_last_checkin_at_mapping_wins_over_latest() -> None:
    # A confidence-only check-in may be latest while a value check-in is what went stale.
    krs = [kr(1, "A-1.1"), kr(2, "A-1.2")]
    latest = {1: checkin(1, 5), 2: checkin(2, 5)}
    last_at = {1: latest[1].at, 2: NOW - timedelta(days=30)}
    assert [k.id for k in riskiest_first(krs, latest, {}, last_at, NOW)] == [2, 1]


@given(st.lists(st.integers(0, 10), min_size=1, max_size=12))
def test_riskiest_first_is_a_permutation_sorted_by_confidence(confidences: list[int]) -> None:
    krs = [kr(i + 1, f"T-1.{i + 1}") for i in range(len(confidences))]
    latest = {i + 1: checkin(i + 1, c) for i, c in enumerate(confidences)}
    ordered = riskiest_first(krs, latest, {}, {}, NOW)
    assert sorted(k.id for k in ordered) == [k.id for k in krs]
    got = [latest[k.id].confidence for k in ordered]
    assert got == sorted(got)

"""The health check's SQL reads say exactly what the check-in and KR models say.

`kr_checkins` sums up each KR's check-ins in one grouped query instead of building a model
per check-in; it must agree with the tests' plain oracle (`health_oracle.py`) on the full
history, at every edge of the first two weeks (UTC dates) and for every mix of confidences.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from okrtui.clock import FixedClock
from okrtui.domain.health import KRCheckins, early_window
from okrtui.domain.models import CheckIn, Cycle, CycleStatus, KeyResult, Objective
from okrtui.store import Store, open_db
from okrtui.store.health_reads import HealthKRRow, health_key_results, kr_checkins
from tests.conftest import NOW, build_small_org
from tests.unit.health_oracle import summarise_history

KR_REFS = ("ENG-1.1", "ENG-1.2", "ENG-2.1", "ENG-2.2")


def add(store: Store, kr_id: int, moment: datetime, confidence: int) -> None:
    store.add_checkin(CheckIn(kr_id=kr_id, at=moment, value=1, confidence=confidence))


def other_cycle_kr(store: Store, ids: dict[str, int]) -> int:
    """A KR of another cycle, whose check-ins must never count."""
    cycle = store.add_cycle(
        Cycle(
            slug="2027-Q1",
            name="Q1 2027",
            start=date(2027, 1, 4),
            end=date(2027, 4, 4),
            status=CycleStatus.PLANNING,
        )
    )
    objective = store.add_objective(
        Objective(cycle_id=cycle.id, team_id=ids["team"], number=1, ref="ENG-1", title="Next")
    )
    kr = KeyResult(objective_id=objective.id, number=1, ref="ENG-1.1", title="x", start=0, target=1)
    return store.add_key_result(kr, cycle.id).id


def test_sql_summaries_agree_with_the_history_at_the_edges(
    store: Store, small_org: dict[str, int]
) -> None:
    cycle = store.cycle(small_org["cycle"])
    start, until = early_window(cycle)
    first = datetime.combine(start, time(), tzinfo=UTC)
    last_early = datetime.combine(until, time(), tzinfo=UTC) - timedelta(microseconds=1)
    kr1, kr2, kr3 = (small_org[ref] for ref in KR_REFS[:3])
    add(store, kr1, first - timedelta(microseconds=1), 9)  # before the cycle: not early
    add(store, kr1, first, 10)
    add(store, kr1, last_early, 8)
    add(store, kr1, last_early + timedelta(microseconds=1), 10)  # day 14: not early
    add(store, kr2, first + timedelta(days=30), 5)
    add(store, kr2, first + timedelta(days=37), 5)
    add(store, kr3, first + timedelta(days=3), 5)
    add(store, kr3, first + timedelta(days=3), 6)  # same instant: the later row is latest
    add(store, other_cycle_kr(store, small_org), first + timedelta(days=5), 7)

    sql = kr_checkins(store, cycle)
    assert sql == summarise_history(cycle, store.checkin_history(cycle.id))
    assert sql[kr1] == KRCheckins(
        count=4, latest_on=until, unmoved=False, early_count=2, early_total=18
    )
    assert sql[kr2] == KRCheckins(
        count=2, latest_on=start + timedelta(days=37), unmoved=True, early_count=0, early_total=0
    )
    assert sql[kr3].unmoved is False and sql[kr3].early_count == 2
    assert small_org["ENG-2.2"] not in sql


def test_light_kr_rows_match_the_models(store: Store, small_org: dict[str, int]) -> None:
    other_cycle_kr(store, small_org)
    rows = health_key_results(store, small_org["cycle"])
    models = store.key_results(small_org["cycle"])
    assert rows == [HealthKRRow(k.id, k.ref, k.objective_id, k.kind, k.unit) for k in models]


DAY_OFFSETS = st.integers(min_value=-3, max_value=30)
MOMENTS = st.builds(
    lambda days, seconds: (days, seconds),
    DAY_OFFSETS,
    st.sampled_from([0, 1, 3600 * 12, 86_399]),
)
CHECKINS = st.lists(
    st.tuples(st.sampled_from(KR_REFS), MOMENTS, st.integers(min_value=0, max_value=10)),
    max_size=24,
)


@settings(max_examples=40, deadline=None)
@given(CHECKINS)
def test_sql_summaries_agree_with_the_history(
    checkins: list[tuple[str, tuple[int, int], int]],
) -> None:
    db = open_db(":memory:")
    try:
        store = Store(db, FixedClock(NOW))
        ids = build_small_org(store)
        cycle = store.cycle(ids["cycle"])
        first = datetime.combine(cycle.start, time(), tzinfo=UTC)
        for ref, (days, seconds), confidence in checkins:
            add(store, ids[ref], first + timedelta(days=days, seconds=seconds), confidence)
        assert kr_checkins(store, cycle) == summarise_history(
            cycle, store.checkin_history(cycle.id)
        )
    finally:
        db.close()

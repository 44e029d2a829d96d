"""The dashboard's view model and filters, without Textual."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.clock import FixedClock
from okrtui.domain.bands import DEFAULT_THRESHOLDS, ConfidenceBand
from okrtui.domain.models import CheckIn
from okrtui.domain.rollup import mean_progress
from okrtui.store import Store
from okrtui.views.alignment import build_alignment
from okrtui.views.dashboard import (
    DashboardData,
    DashboardFilter,
    KRView,
    TeamView,
    apply_filter,
    load_dashboard,
    load_dashboard_soon,
)


def _load(store: Store, clock: FixedClock) -> DashboardData:
    return load_dashboard(store, clock.now().date(), clock.now(), DEFAULT_THRESHOLDS)


def _krs(teams: tuple[TeamView, ...]) -> list[KRView]:
    return [kr for t in teams for o in t.objectives for kr in o.krs]


def test_summary_counts_match_the_krs(
    small_org: dict[str, int], store: Store, clock: FixedClock
) -> None:
    at = clock.now() - timedelta(days=1)
    store.add_checkin(CheckIn(kr_id=small_org["ENG-1.1"], at=at, value=500, confidence=2))
    store.add_checkin(CheckIn(kr_id=small_org["ENG-2.1"], at=at, value=25, confidence=5))
    store.add_checkin(CheckIn(kr_id=small_org["ENG-2.2"], at=at, value=30, confidence=8))
    data = _load(store, clock)
    assert data.summary.off_track == 1
    # ENG-1.2 has no check-in: it starts at 5 (at risk) and is stale.
    assert data.summary.at_risk == 2
    assert data.summary.stale == 1
    assert data.summary.riskiest[0].ref == "ENG-1.1"
    assert data.week == "week 7 of 13"
    assert data.next_milestone is None


def test_value_survives_a_confidence_only_checkin(
    small_org: dict[str, int], store: Store, clock: FixedClock
) -> None:
    kr = small_org["ENG-2.1"]
    store.add_checkin(CheckIn(kr_id=kr, at=clock.now() - timedelta(days=8), value=30, confidence=6))
    store.add_checkin(CheckIn(kr_id=kr, at=clock.now() - timedelta(hours=1), confidence=4))
    view = _load(store, clock).kr(kr)
    assert view is not None
    assert view.progress == 0.5  # 30 of a target of 40 from 20: the value before counts
    # No meeting yet: the change is measured from the cycle's start (confidence 5).
    assert (view.confidence, view.change, view.days_since) == (4, -1, 0)


def test_filters(small_org: dict[str, int], store: Store, clock: FixedClock) -> None:
    store.add_checkin(CheckIn(kr_id=small_org["ENG-1.1"], at=clock.now(), value=500, confidence=2))
    teams = _load(store, clock).teams

    def refs(f: DashboardFilter, me: int | None = None) -> list[str]:
        return sorted(kr.ref for kr in _krs(apply_filter(teams, f, me)))

    everything = ["ENG-1.1", "ENG-1.2", "ENG-2.1", "ENG-2.2"]
    assert refs(DashboardFilter()) == everything
    assert refs(DashboardFilter(team_id=small_org["team"])) == everything
    assert refs(DashboardFilter(team_id=999)) == []
    assert refs(DashboardFilter(band=ConfidenceBand.OFF_TRACK)) == ["ENG-1.1"]
    # Ben owns ENG-1.2 and ENG-2.1, and objective ENG-2 (so ENG-2.2 as well).
    assert refs(DashboardFilter(owner_id=small_org["ben"])) == ["ENG-1.2", "ENG-2.1", "ENG-2.2"]
    assert refs(DashboardFilter(mine=True), small_org["ana"]) == ["ENG-1.1", "ENG-1.2", "ENG-2.2"]
    assert refs(DashboardFilter(mine=True), None) == []
    assert refs(DashboardFilter(text="LATENCY")) == ["ENG-1.1"]
    assert refs(DashboardFilter(text="delight")) == ["ENG-2.1", "ENG-2.2"]
    # Ben Okafor owns two KRs and objective ENG-2, so all of ENG-2 matches his name.
    assert refs(DashboardFilter(text="okafor")) == ["ENG-1.2", "ENG-2.1", "ENG-2.2"]
    assert refs(DashboardFilter(text="1.1")) == ["ENG-1.1"]
    assert refs(DashboardFilter(text="nothing like this")) == []


def test_alignment_follows_parents_and_rolls_up(
    small_org: dict[str, int], store: Store, clock: FixedClock
) -> None:
    objectives = store.objectives(small_org["cycle"])
    store.update_objective(objectives[1].id, parent_id=objectives[0].id)
    store.add_checkin(CheckIn(kr_id=small_org["ENG-2.1"], at=clock.now(), value=40, confidence=9))
    tree = build_alignment(_load(store, clock))
    assert [r.objective.ref for r in tree.roots] == ["ENG-1"]
    child = tree.roots[0].children[0]
    assert child.objective.ref == "ENG-2"
    assert child.rolled_up == 0.5  # ENG-2.1 done, ENG-2.2 at its start
    # The tree shows the dashboard's numbers: an objective's own progress, and the
    # organisation's as the mean over its objectives (the NW-1 34% vs 45% case).
    data = _load(store, clock)
    shown = {o.ref: o.progress for t in data.teams for o in t.objectives}
    assert tree.roots[0].rolled_up == shown["ENG-1"] == 0.0
    assert child.rolled_up == shown["ENG-2"]
    assert tree.rolled_up == (shown["ENG-1"] + shown["ENG-2"]) / 2


@given(st.lists(st.floats(-2, 3), max_size=5))
def test_rollup_stays_within_bounds(parts: list[float]) -> None:
    value = mean_progress(parts)
    assert 0.0 <= value <= 1.0
    if not parts:
        assert value == 0.0


def test_loading_soon_gives_what_loading_now_gives(
    small_org: dict[str, int], store: Store, clock: FixedClock
) -> None:
    soon = load_dashboard_soon(store, clock.now().date(), clock.now(), DEFAULT_THRESHOLDS)
    assert soon.result(timeout=10) == _load(store, clock)


def test_loading_soon_keeps_the_error_for_whoever_reads_the_data(
    store: Store, clock: FixedClock
) -> None:
    store.db.close()
    soon = load_dashboard_soon(store, clock.now().date(), clock.now(), DEFAULT_THRESHOLDS)
    with pytest.raises(sqlite3.ProgrammingError):
        soon.result(timeout=10)


def test_the_first_frame_reads_the_first_teams_and_the_whole_strip(
    demo_store: Store, demo_clock: FixedClock
) -> None:
    """The app's first frame reads only the first teams' KRs; its attention strip is the
    whole organisation's all the same, so nothing on it changes when the rest arrives."""
    today, now = demo_clock.now().date(), demo_clock.now()
    full = load_dashboard(demo_store, today, now, DEFAULT_THRESHOLDS)
    first = load_dashboard(demo_store, today, now, DEFAULT_THRESHOLDS, first_rows=5)
    assert full.complete and not first.complete
    assert 0 < len(first.teams) < len(full.teams)
    assert [t.code for t in first.teams] == [t.code for t in full.teams][: len(first.teams)]
    assert first.teams == full.teams[: len(first.teams)]
    assert first.summary == full.summary
    everything = load_dashboard(demo_store, today, now, DEFAULT_THRESHOLDS, first_rows=10_000)
    assert everything == full


@pytest.mark.parametrize("first_rows", [1, 6, 13, 20, 30])
def test_the_first_frames_strip_ranks_ties_as_the_whole_dashboard_does(
    demo_store: Store, demo_clock: FixedClock, first_rows: int
) -> None:
    """The first frame ranks the riskiest from light rows of the KRs at the lowest
    confidences; ties on confidence (broken by the drop, then staleness, then the team's
    place) come out as the whole dashboard ranks them, whichever teams are read first."""
    for ref, before, now_at in [
        ("CX-1.1", 9, 1),  # the biggest drop, in the last team
        ("NW-2.1", 3, 1),
        ("GROW-2.2", 9, 1),  # the same drop as CX-1.1, an earlier team
        ("PLAT-2.1", 1, 1),
    ]:
        kr = demo_store.kr_by_ref(ref).id
        demo_store.record_checkin(kr, confidence=before)
        demo_clock.advance(minutes=1)
        demo_store.record_checkin(kr, confidence=now_at)
    today, now = demo_clock.now().date(), demo_clock.now()
    full = load_dashboard(demo_store, today, now, DEFAULT_THRESHOLDS)
    first = load_dashboard(demo_store, today, now, DEFAULT_THRESHOLDS, first_rows=first_rows)
    assert first.summary == full.summary
    assert len(full.summary.riskiest) == 3
    assert {kr.confidence for kr in full.summary.riskiest} == {1}
    assert first.teams == full.teams[: len(first.teams)]
    if first.complete:  # every team held fewer KRs than asked for
        assert first == full
        return
    named = {kr.owner_id for t in first.teams for o in t.objectives for kr in o.krs}
    named |= {o.owner_id for t in first.teams for o in t.objectives}
    assert {p.id for p in first.people} == named - {None}  # the people it names, no more


def test_in_a_young_cycle_the_dashboard_and_kr_detail_count_nothing_stale(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    """The cycle starts Oct 5 and nobody has checked in: nothing is stale on Oct 10 (nor
    before the start), everything is on Oct 20, in the whole load, the first frame's
    aggregate strip and the KR detail alike."""
    from datetime import UTC, datetime

    from okrtui.views.dashboard import whole_cycle_summary
    from okrtui.views.kr_detail import load_kr_detail

    def stale_counts() -> tuple[int, int, int, bool]:
        now = clock.now()
        full = load_dashboard(store, now.date(), now, DEFAULT_THRESHOLDS)
        first = load_dashboard(store, now.date(), now, DEFAULT_THRESHOLDS, first_rows=1)
        whole = whole_cycle_summary(store, now.date(), now, DEFAULT_THRESHOLDS)
        detail = load_kr_detail(store, small_org["ENG-1.1"], now.date(), now, DEFAULT_THRESHOLDS)
        return full.summary.stale, first.summary.stale, whole.stale, detail.stale

    for day in (datetime(2026, 9, 1, 9, tzinfo=UTC), datetime(2026, 10, 10, 9, tzinfo=UTC)):
        clock.set(day)
        assert stale_counts() == (0, 0, 0, False)
    clock.set(datetime(2026, 10, 20, 9, tzinfo=UTC))
    assert stale_counts() == (4, 4, 4, True)

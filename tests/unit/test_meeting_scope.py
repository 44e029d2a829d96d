"""The KR round: scope, riskiest-first order fixed at the start, before and after."""

from __future__ import annotations

from datetime import UTC, datetime

from okrtui.agenda import parse_template
from okrtui.clock import FixedClock
from okrtui.domain.bands import ConfidenceBand
from okrtui.domain.models import CheckIn, Objective, Team
from okrtui.meeting.scope import kr_round, scope_krs
from okrtui.meeting.session import MeetingSession
from okrtui.store import Store

TEMPLATE = parse_template(
    'slug = "r"\ntitle = "Round"\nkind = "weekly"\nminutes = 5\n'
    '[[steps]]\nkind = "krs"\ntitle = "KRs"\nminutes = 5\n'
)


def at(day: int) -> datetime:
    return datetime(2026, 11, day, 9, tzinfo=UTC)


def start(store: Store, ids: dict[str, int]) -> MeetingSession:
    return MeetingSession.start(
        store,
        TEMPLATE,
        cycle=store.cycle(ids["cycle"]),
        team_id=ids["team"],
        facilitator_id=ids["ana"],
    )


def test_round_is_riskiest_first_and_keeps_its_order_during_the_meeting(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    ids = small_org
    for ref, conf in [("ENG-1.1", 8), ("ENG-1.2", 6), ("ENG-2.1", 3), ("ENG-2.2", 6)]:
        store.add_checkin(CheckIn(kr_id=ids[ref], at=at(16), value=None, confidence=conf))
    session = start(store, ids)
    first = [r.kr.ref for r in kr_round(store, session.meeting)]
    assert first == ["ENG-2.1", "ENG-1.2", "ENG-2.2", "ENG-1.1"]
    session.record_confidence(ids["ENG-1.1"], 1)
    rows = kr_round(store, session.meeting)
    assert [r.kr.ref for r in rows] == first
    latency = rows[-1]
    assert latency.confidence == 1 and latency.confidence_before == 5 and latency.change == -4
    assert latency.checked_in_this_meeting
    assert latency.band is ConfidenceBand.OFF_TRACK
    assert latency.confidence_history == (8, 1)
    assert not rows[0].checked_in_this_meeting


def test_before_is_the_end_of_the_previous_meeting_of_the_same_scope(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    ids = small_org
    kr = ids["ENG-1.1"]
    clock.set(at(4))
    previous = start(store, ids)
    previous.record_confidence(kr, 6, value=700)
    previous.end()
    store.add_checkin(CheckIn(kr_id=kr, at=at(9), value=650, confidence=7))
    clock.set(at(11))
    session = start(store, ids)
    row = next(r for r in kr_round(store, session.meeting) if r.kr.id == kr)
    assert (row.value_before, row.confidence_before) == (700, 6)
    assert (row.value, row.confidence, row.change) == (650, 7, 1)
    assert row.value_changed and row.last_checkin_at == at(9)
    assert not row.stale
    assert 0 < row.progress < 1 and 0 < row.expected < 1


def test_without_history_a_kr_starts_at_five_and_is_stale(
    store: Store, small_org: dict[str, int]
) -> None:
    session = start(store, small_org)
    rows = kr_round(store, session.meeting)
    assert {(r.confidence, r.confidence_before, r.stale) for r in rows} == {(5, 5, True)}
    latency = next(r for r in rows if r.kr.ref == "ENG-1.1")
    assert latency.value == 800 and latency.progress == 0
    assert latency.owner is not None and latency.owner.handle == "ana"
    assert latency.team_code == "ENG" and latency.committed


def test_in_the_cycles_first_two_weeks_no_kr_is_stale(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    """The cycle starts Oct 5: on Oct 18 nothing is overdue yet, on Oct 19 everything is."""
    clock.set(datetime(2026, 10, 18, 9, tzinfo=UTC))
    session = start(store, small_org)
    assert {r.stale for r in kr_round(store, session.meeting)} == {False}
    session.end()
    clock.set(datetime(2026, 10, 19, 9, tzinfo=UTC))
    session = start(store, small_org)
    assert {r.stale for r in kr_round(store, session.meeting)} == {True}


def test_scope_is_the_team_or_everyone(store: Store, small_org: dict[str, int]) -> None:
    ops = store.add_team(Team(code="OPS", name="Operations"))
    store.add_objective(
        Objective(
            cycle_id=small_org["cycle"], team_id=ops.id, number=1, ref="OPS-1", title="Calm nights"
        )
    )
    assert len(scope_krs(store, small_org["cycle"], small_org["team"])) == 4
    assert scope_krs(store, small_org["cycle"], ops.id) == []
    assert len(scope_krs(store, small_org["cycle"], None)) == 4

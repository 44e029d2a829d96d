"""'Since the last meeting' has one meaning: the KR round, the dashboard, the KR detail, the
summary and the notes show the same change, measured from the same moment, and say which."""

from __future__ import annotations

from datetime import timedelta

from okrtui.agenda import parse_template
from okrtui.clock import FixedClock
from okrtui.domain.bands import DEFAULT_THRESHOLDS
from okrtui.meeting.notes import render_notes
from okrtui.meeting.scope import kr_round
from okrtui.meeting.session import MeetingSession
from okrtui.store import Store
from okrtui.views.dashboard import load_dashboard
from okrtui.views.kr_detail import load_kr_detail

TEMPLATE = parse_template(
    """
slug = "tiny"
title = "Tiny check-in"
kind = "weekly"
minutes = 5

[[steps]]
kind = "krs"
title = "KR round"
minutes = 5
"""
)


def meeting(store: Store, ids: dict[str, int]) -> MeetingSession:
    return MeetingSession.start(
        store, TEMPLATE, cycle=store.cycle(ids["cycle"]), team_id=ids["team"], facilitator_id=None
    )


def test_every_view_measures_change_from_the_previous_meeting(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    kr = small_org["ENG-1.1"]
    clock.advance(days=-10)
    last_week = meeting(store, small_org)
    last_week.record_confidence(kr, 9)  # what the room agreed last time
    last_week.end()
    clock.advance(days=3)
    store.record_checkin(kr, confidence=7, at=clock.now())  # between the meetings
    clock.advance(days=6)
    store.record_checkin(kr, confidence=6, at=clock.now())  # a day before this meeting
    clock.advance(days=1)

    this_week = meeting(store, small_org)
    row = next(r for r in kr_round(store, this_week.meeting) if r.kr.id == kr)
    assert (row.confidence_before, row.confidence, row.change) == (9, 6, -3)
    assert row.baseline.label.startswith("since Tiny check-in, ")

    now = clock.now()
    dashboard = load_dashboard(store, now.date(), now, DEFAULT_THRESHOLDS).kr(kr)
    assert dashboard is not None and dashboard.change == -3
    detail = load_kr_detail(store, kr, now.date(), now, DEFAULT_THRESHOLDS)
    assert detail.change == -3 and detail.since == row.baseline.label

    this_week.record_confidence(kr, 5)
    this_week.end()
    summary = this_week.summary()
    assert [(c.before, c.after, c.since) for c in summary.confidence_changes] == [
        (9, 5, row.baseline.label)
    ]
    notes = render_notes(store, this_week.meeting.id)
    assert "| 9 → 5 |" in notes
    assert f"Changes are {row.baseline.label}." in notes


def test_an_organisation_wide_meeting_counts_for_every_team(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    kr = small_org["ENG-1.1"]
    clock.advance(days=-2)
    org = MeetingSession.start(
        store, TEMPLATE, cycle=store.cycle(small_org["cycle"]), team_id=None, facilitator_id=None
    )
    org.record_confidence(kr, 8)
    org.end()
    clock.advance(days=2)
    baselines = store.team_baselines(small_org["cycle"], clock.now())
    assert baselines[small_org["team"]].meeting_title == "Tiny check-in"
    assert baselines[small_org["team"]].at == org.meeting.ended_at


def test_without_a_meeting_the_baseline_is_the_cycle_start(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    baseline = store.team_baselines(small_org["cycle"], clock.now())[small_org["team"]]
    assert baseline.meeting_title is None
    assert baseline.label == "since the cycle began, Oct 5"
    assert clock.now() - baseline.at > timedelta(days=30)

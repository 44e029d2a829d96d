"""The async-first KR round: grouping, order, the opening and the closing count (issue 19)."""

from __future__ import annotations

from datetime import timedelta

from okrtui.agenda import parse_template
from okrtui.clock import FixedClock
from okrtui.domain.models import Meeting
from okrtui.meeting.async_round import async_round
from okrtui.meeting.scope import kr_round
from okrtui.meeting.session import MeetingSession
from okrtui.store import Store

TEMPLATE = parse_template(
    'slug = "w"\ntitle = "Weekly"\nkind = "weekly"\nminutes = 10\n'
    '[[steps]]\nkind = "krs"\ntitle = "KR round"\nminutes = 10\nscope = "team"\n'
)


def test_already_in_follows_the_ones_to_discuss_each_group_riskiest_first(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    ids, now = small_org, clock.now()
    clock.set(now - timedelta(days=4))
    for ref, confidence in [("ENG-1.1", 6), ("ENG-1.2", 6), ("ENG-2.1", 3), ("ENG-2.2", 5)]:
        store.record_checkin(ids[ref], confidence=confidence)
    clock.set(now - timedelta(days=3))
    last = store.create_meeting(
        Meeting(
            cycle_id=ids["cycle"],
            team_id=ids["team"],
            agenda_slug="w",
            title="Weekly",
            agenda_snapshot="{}",
            started_at=clock.now() - timedelta(minutes=30),
        ),
        [],
    )
    store.end_meeting(last.id, clock.now())
    clock.set(now - timedelta(days=1))
    # before this meeting: a rise, a drop, the same confidence again; ENG-2.1 not at all
    for ref, confidence in [("ENG-1.1", 7), ("ENG-1.2", 4), ("ENG-2.2", 5)]:
        store.record_checkin(ids[ref], confidence=confidence)
    clock.set(now)
    session = MeetingSession.start(
        store,
        TEMPLATE,
        cycle=store.cycle(ids["cycle"]),
        team_id=ids["team"],
        facilitator_id=ids["ana"],
    )
    rows = kr_round(store, session.meeting)
    grouped = async_round(store, session.meeting, rows)

    assert [e.row.kr.ref for e in grouped.discuss] == ["ENG-2.1", "ENG-1.2"]
    assert [e.row.kr.ref for e in grouped.already_in] == ["ENG-2.2", "ENG-1.1"]
    assert [e.row.kr.ref for e in grouped.ordered] == ["ENG-2.1", "ENG-1.2", "ENG-2.2", "ENG-1.1"]
    assert grouped.checked_in_before == 3
    assert (grouped.keys_async, grouped.keys_plain) == (3, 4)
    opening = grouped.opening()
    assert opening[0] == (
        "3 of 4 key results checked in before the meeting; 2 already in (confidence held or "
        "rose), 2 to discuss."
    )
    assert opening[1] == "Not checked in since the last meeting: ENG-2.1 (Ben Okafor)."
    assert opening[2] == "Changed: ENG-1.2 6→4 ▼2, ENG-1.1 6→7 ▲1."
    assert opening[3] == "At risk: ENG-2.1 3 (off track), ENG-1.2 4 (at risk), ENG-2.2 5 (at risk)."
    assert grouped.closing() == (
        "3 of 4 key results were checked in before the meeting; the KR round took 3 keys "
        "against 4 for a plain round."
    )

    # a check-in made in the meeting does not move a KR between groups
    session.record_confidence(ids["ENG-1.1"], 2)
    again = async_round(store, session.meeting, kr_round(store, session.meeting))
    assert [e.row.kr.ref for e in again.already_in] == ["ENG-2.2", "ENG-1.1"]


def test_without_checkins_before_the_meeting_everything_is_discussed(
    store: Store, small_org: dict[str, int]
) -> None:
    session = MeetingSession.start(
        store,
        TEMPLATE,
        cycle=store.cycle(small_org["cycle"]),
        team_id=small_org["team"],
        facilitator_id=small_org["ana"],
    )
    grouped = async_round(store, session.meeting, kr_round(store, session.meeting))
    assert grouped.already_in == ()
    assert len(grouped.discuss) == 4
    assert (grouped.keys_async, grouped.keys_plain, grouped.checked_in_before) == (4, 4, 0)
    assert grouped.opening()[2] == "Changed: no confidence moved since the last meeting."


def test_the_summary_line_needs_a_kr_round(store: Store, small_org: dict[str, int]) -> None:
    from okrtui.meeting.async_round import round_closing

    with_round = MeetingSession.start(
        store,
        TEMPLATE,
        cycle=store.cycle(small_org["cycle"]),
        team_id=small_org["team"],
        facilitator_id=small_org["ana"],
    )
    assert round_closing(store, with_round.meeting) == (
        "0 of 4 key results were checked in before the meeting; the KR round took 4 keys "
        "against 4 for a plain round."
    )
    with_round.end()
    notes_only = parse_template(
        'slug = "n"\ntitle = "N"\nkind = "weekly"\nminutes = 5\n'
        '[[steps]]\nkind = "notes"\ntitle = "Notes"\nminutes = 5\n'
    )
    without = MeetingSession.start(
        store,
        notes_only,
        cycle=store.cycle(small_org["cycle"]),
        team_id=small_org["team"],
        facilitator_id=small_org["ana"],
    )
    assert round_closing(store, without.meeting) is None

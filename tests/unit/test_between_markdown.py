"""Decisions, acknowledgements and calibration in Markdown (issue 19)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from okrtui.clock import FixedClock
from okrtui.domain.decision import Decision
from okrtui.domain.kinds import Role
from okrtui.domain.models import Grade, Meeting, Person
from okrtui.meeting.between import calibration_section, meeting_blocks
from okrtui.store import Store
from okrtui.views.calibration import load_calibration

_MENTION = re.compile(r"(?<![A-Za-z0-9])@\w")


def test_a_meetings_decisions_and_acknowledgements(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    ids = small_org
    mia = store.add_person(Person(handle="mia", name="Mia @here", roles=(Role.TEAM_MANAGER,)))
    store.set_team_members(ids["team"], [ids["ana"], ids["ben"], mia.id])
    checkin = store.record_checkin(ids["ENG-1.2"], confidence=4, author_id=ids["ben"])
    clock.advance(minutes=10)
    store.acknowledge(checkin.id, mia.id, "Seen *today*")
    clock.advance(minutes=10)
    meeting = store.create_meeting(
        Meeting(
            cycle_id=ids["cycle"],
            team_id=ids["team"],
            agenda_slug="w",
            title="Weekly",
            agenda_snapshot="{}",
            started_at=clock.now(),
        ),
        [],
    )
    store.add_decision(
        Decision(
            text="Drop the @channel bot",
            at=clock.now(),
            cycle_id=ids["cycle"],
            owner_ids=(ids["ben"], mia.id),
            kr_id=ids["ENG-1.2"],
            meeting_id=meeting.id,
        )
    )
    clock.advance(minutes=20)
    store.end_meeting(meeting.id, clock.now())
    blocks = meeting_blocks(store, store.meeting(meeting.id), since=None)
    assert blocks[0].splitlines() == [
        "## Decisions",
        "",
        "- Drop the @\u200dchannel bot (owners: Ben Okafor (ben), Mia @\u200dhere (mia); "
        "key result ENG-1.2)",
    ]
    assert blocks[1].splitlines()[2] == (
        "- ENG-1.2 (Ben Okafor's check-in) acknowledged by Mia @\u200dhere (mia): Seen \\*today\\*"
    )
    assert not any(_MENTION.search(block) for block in blocks)
    # acknowledgements before the previous meeting are not this meeting's
    assert len(meeting_blocks(store, store.meeting(meeting.id), since=clock.now())) == 1


def test_the_calibration_section(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    cycle = store.cycle(small_org["cycle"])
    assert "_No graded key results yet" in calibration_section(
        load_calibration(store, cycle, clock.now().date())
    )
    clock.set(datetime(2026, 10, 6, 9, tzinfo=UTC))
    store.record_checkin(small_org["ENG-1.1"], confidence=8)
    clock.set(clock.now() + timedelta(days=14))
    store.add_grade(Grade(kr_id=small_org["ENG-1.1"], score=0.9, at=clock.now()))
    text = calibration_section(load_calibration(store, cycle, clock.now().date()))
    assert "Overall: Brier 0.04 over 3 weekly forecasts of 1 graded key result;" in text
    assert "| ENG | 1 | 0.04 | 1 | 0 |" in text
    assert "| Ana Silva | 1 | 0.04 | 1 | 0 |" in text
    assert "| ENG-1.1 | 8 8 8 | 0.9 | yes | 0.04 | 1 |" in text
    assert "3 key results without a score left out." in text


def test_calibration_in_two_lines_for_the_close_meeting(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    from okrtui.meeting.between import calibration_lines

    cycle = store.cycle(small_org["cycle"])
    assert calibration_lines(load_calibration(store, cycle, clock.now().date())) == [
        "Calibration: no graded key results yet."
    ]
    clock.set(datetime(2026, 10, 6, 9, tzinfo=UTC))
    store.record_checkin(small_org["ENG-1.1"], confidence=3)
    clock.set(clock.now() + timedelta(days=14))
    store.add_grade(Grade(kr_id=small_org["ENG-1.1"], score=0.9, at=clock.now()))
    assert calibration_lines(load_calibration(store, cycle, clock.now().date())) == [
        "Calibration: Brier 0.49 over 3 weekly forecasts (0 is perfect, 0.25 always says 5); "
        "settled by week – (median), 1 never.",
        "By team: ENG 0.49",
    ]

"""The notes and the cycle report carry decisions, acknowledgements and how many KRs were
in before the meeting (issue 19)."""

from __future__ import annotations

from datetime import date

from okrtui.agenda import parse_template
from okrtui.clock import FixedClock
from okrtui.domain.kinds import Role
from okrtui.domain.models import Person
from okrtui.meeting.notes import render_notes
from okrtui.meeting.report import render_report
from okrtui.meeting.session import MeetingSession
from okrtui.store import Store

TEMPLATE = parse_template(
    'slug = "w"\ntitle = "Weekly"\nkind = "weekly"\nminutes = 10\n'
    '[[steps]]\nkind = "krs"\ntitle = "KR round"\nminutes = 10\nscope = "team"\n'
)


def test_notes_and_report_show_the_meetings_records(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    ids = small_org
    mia = store.add_person(Person(handle="mia", name="Mia Manager", roles=(Role.TEAM_MANAGER,)))
    store.set_team_members(ids["team"], [ids["ana"], ids["ben"], mia.id])
    checkin = store.record_checkin(ids["ENG-2.1"], confidence=7, author_id=ids["ben"])
    clock.advance(hours=1)
    store.acknowledge(checkin.id, mia.id, "Nice jump")
    clock.advance(hours=1)
    session = MeetingSession.start(
        store,
        TEMPLATE,
        cycle=store.cycle(ids["cycle"]),
        team_id=ids["team"],
        facilitator_id=ids["ana"],
    )
    session.record_decision("Stop the A/B test early", [ids["ben"]], ids["ENG-2.1"])
    clock.advance(minutes=20)
    session.end()

    notes = render_notes(store, session.meeting.id)
    assert (
        "## Decisions\n\n- Stop the A/B test early (owner: Ben Okafor (ben); key result " in notes
    )
    assert "- ENG-2.1 (Ben Okafor's check-in) acknowledged by Mia Manager (mia): Nice jump" in notes
    assert "1 of 4 key results were checked in before the meeting; the KR round took 4 keys" in (
        notes
    )
    report = render_report(store, store.cycle(ids["cycle"]), today=date(2026, 11, 18))
    assert "## Decisions\n\n- Stop the A/B test early" in report
    assert "## Confidence calibration" in report

"""The demo's story between the meetings: someone due, a check-in waiting for its
manager's acknowledgement, an acknowledged one, a decision (issue 19)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from okrtui.clock import FixedClock
from okrtui.io.demo import load_demo
from okrtui.io.demo_between import ACK_COMMENT, DECISION_TEXT
from okrtui.store import Store, open_db
from okrtui.views.due import due_list
from okrtui.views.inbox import load_inbox

TODAY = date(2026, 11, 18)


def test_the_story_shows_each_part() -> None:
    clock = FixedClock(datetime.combine(TODAY, time(12), UTC))
    store = Store(open_db(":memory:"), clock)
    load_demo(store, TODAY)
    cycle = store.current_cycle()
    assert cycle is not None

    due = due_list(store, cycle, clock.now())
    assert [(p.handle, [k.ref for k in p.krs]) for p in due.people] == [("aisha", ["PLAT-3.1"])]

    li = store.person_by_handle("li")
    waiting = load_inbox(store, li.id, clock.now()).awaiting
    assert "PLAT-1.1" in [w.kr_ref for w in waiting]

    [decision] = store.decisions(cycle.id)
    assert decision.text == DECISION_TEXT
    assert decision.kr_id == store.kr_by_ref("PLAT-3.1").id
    assert decision.meeting_id is not None
    assert store.meeting(decision.meeting_id).team_id == store.team_by_code("PLAT").id

    acks = [a for acks in store.acknowledgements(cycle.id).values() for a in acks]
    assert [(a.person_id, a.comment) for a in acks] == [(li.id, ACK_COMMENT)]

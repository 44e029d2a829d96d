"""My inbox: a person's KRs due, open actions (overdue first), blockers they own or raised,
and the check-ins waiting for their acknowledgement (issue 19)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from okrtui.clock import FixedClock
from okrtui.domain.kinds import Role
from okrtui.domain.models import ActionItem, Blocker, Person
from okrtui.store import Store
from okrtui.views.inbox import load_inbox


@pytest.fixture
def org(store: Store, small_org: dict[str, int], clock: FixedClock) -> dict[str, int]:
    ids = dict(small_org)
    mia = store.add_person(Person(handle="mia", name="Mia Manager", roles=(Role.TEAM_MANAGER,)))
    store.set_team_members(ids["team"], [ids["ana"], ids["ben"], mia.id])
    ids["mia"] = mia.id
    now, cycle = clock.now(), ids["cycle"]
    for text, owner, due in [
        ("Later", ids["ana"], date(2026, 11, 30)),
        ("No date", ids["ana"], None),
        ("Overdue", ids["ana"], date(2026, 11, 10)),
        ("Ben's", ids["ben"], date(2026, 11, 1)),
    ]:
        store.add_action(
            ActionItem(cycle_id=cycle, text=text, owner_id=owner, due=due, created_at=now)
        )
    done = store.add_action(
        ActionItem(cycle_id=cycle, text="Done", owner_id=ids["ana"], created_at=now)
    )
    store.complete_action(done.id)
    for text, owner, raiser in [
        ("Owned", ids["ana"], ids["ben"]),
        ("Raised", ids["ben"], ids["ana"]),
        ("Not hers", ids["ben"], ids["ben"]),
    ]:
        store.raise_blocker(
            Blocker(cycle_id=cycle, text=text, owner_id=owner, raised_by_id=raiser, raised_at=now)
        )
    clock.advance(minutes=1)
    store.record_checkin(ids["ENG-1.1"], confidence=6, author_id=ids["ana"])
    store.record_checkin(ids["ENG-2.1"], confidence=3, author_id=ids["ben"])
    return ids


def test_ana_sees_her_due_krs_actions_overdue_first_and_her_blockers(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    inbox = load_inbox(store, org["ana"], clock.now())
    assert [kr.ref for kr in inbox.due] == ["ENG-2.2"]  # ENG-1.1 is in
    assert [(a.text, a.overdue) for a in inbox.actions] == [
        ("Overdue", True),
        ("Later", False),
        ("No date", False),
    ]
    assert [(b.text, b.relation) for b in inbox.blockers] == [
        ("Owned", "you own it"),
        ("Raised", "you raised it"),
    ]
    assert inbox.awaiting == ()  # not a manager
    assert inbox.headline() == "1 KR due · 3 actions (1 overdue) · 2 blockers"


def test_the_manager_sees_the_checkins_waiting_for_her(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    inbox = load_inbox(store, org["mia"], clock.now())
    assert [(w.kr_ref, w.author, w.confidence) for w in inbox.awaiting] == [
        ("ENG-1.1", "Ana Silva", 6),
        ("ENG-2.1", "Ben Okafor", 3),
    ]
    store.acknowledge(inbox.awaiting[0].checkin_id, org["mia"])
    again = load_inbox(store, org["mia"], clock.now())
    assert [w.kr_ref for w in again.awaiting] == ["ENG-2.1"]
    assert again.headline() == "1 check-in to acknowledge"


def test_checkins_made_before_the_last_meeting_no_longer_wait(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    from okrtui.domain.models import Meeting

    clock.advance(hours=1)
    meeting = store.create_meeting(
        Meeting(
            cycle_id=org["cycle"],
            team_id=org["team"],
            agenda_slug="weekly-checkin",
            title="Weekly check-in",
            agenda_snapshot="{}",
            started_at=clock.now() - timedelta(minutes=30),
        ),
        [],
    )
    store.end_meeting(meeting.id, clock.now())
    assert load_inbox(store, org["mia"], clock.now()).awaiting == ()


def test_an_empty_inbox_says_so(store: Store, org: dict[str, int], clock: FixedClock) -> None:
    for ref in ("ENG-1.2", "ENG-2.2"):
        store.record_checkin(org[ref], confidence=5, author_id=org["mia"])
    inbox = load_inbox(store, org["mia"], clock.now())
    assert [w.kr_ref for w in inbox.awaiting] == ["ENG-1.1", "ENG-2.1"]
    nobody = store.add_person(Person(handle="zed", name="Zed"))
    empty = load_inbox(store, nobody.id, clock.now())
    assert empty.empty
    assert empty.headline() == "Nothing waiting for you."


def test_the_dashboard_reads_the_due_list_and_my_inbox_together(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    from okrtui.views.inbox import load_between

    found = load_between(store, org["ana"], clock.now())
    assert found.due is not None and found.inbox is not None
    assert found.inbox.due == found.due.for_person(org["ana"])
    assert [kr.ref for kr in found.inbox.due] == ["ENG-2.2"]
    assert load_between(store, None, clock.now()).inbox is None


def _demo() -> tuple[Store, FixedClock]:
    from datetime import UTC, datetime, time

    from okrtui.io.demo import load_demo
    from okrtui.store import open_db

    today = date(2026, 11, 18)
    clock = FixedClock(datetime.combine(today, time(12), UTC))
    store = Store(open_db(":memory:"), clock)
    load_demo(store, today)
    return store, clock


def test_a_coach_is_waited_for_on_every_team_but_not_for_her_own_checkin() -> None:
    store, clock = _demo()
    priya = store.person_by_handle("priya")  # an OKR coach, in no manager's team
    waiting = load_inbox(store, priya.id, clock.now()).awaiting
    assert {w.kr_ref.split("-")[0] for w in waiting} == {"NW", "PLAT", "GROW", "CX"}
    assert "GROW-3.1" not in [w.kr_ref for w in waiting]  # her own check-in
    assert all(w.author != priya.name for w in waiting)
    assert [(w.at, w.checkin_id) for w in waiting] == sorted((w.at, w.checkin_id) for w in waiting)
    manager = store.person_by_handle("amara")  # a team manager: her team's KRs only
    assert {
        w.kr_ref.split("-")[0] for w in load_inbox(store, manager.id, clock.now()).awaiting
    } == {"NW"}


def test_reading_a_team_at_a_time_gives_the_same_inbox_and_due_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A big organisation is read a few teams at a time (so a check-in can be written
    between the parts); the answers are those of one read."""
    from okrtui.store import between_reads
    from okrtui.views.due import due_list

    store, clock = _demo()
    cycle = store.current_cycle()
    assert cycle is not None
    people = [p.id for p in store.person_rows()]
    whole = [load_inbox(store, p, clock.now()) for p in people]
    due = [due_list(store, cycle, clock.now(), days=d) for d in (None, 3)]
    monkeypatch.setattr(between_reads, "TEAMS_PER_READ", 1)
    assert [load_inbox(store, p, clock.now()) for p in people] == whole
    assert [due_list(store, cycle, clock.now(), days=d) for d in (None, 3)] == due
    assert sum(len(inbox.awaiting) for inbox in whole) > 0

"""Who may acknowledge a check-in, what is stored, and decisions as records (issue 19)."""

from __future__ import annotations

import pytest

from okrtui.clock import FixedClock
from okrtui.domain.acknowledgement import (
    acknowledged_teams,
    may_acknowledge,
    why_not_acknowledge,
)
from okrtui.domain.decision import Decision
from okrtui.domain.kinds import Role
from okrtui.domain.models import Person, Team
from okrtui.store import Conflict, NotFound, Store
from okrtui.store.errors import NotAllowed


def test_the_rule_coach_anywhere_manager_in_the_krs_team_never_the_author() -> None:
    coach = {Role.OKR_COACH}
    manager = {Role.TEAM_MANAGER}
    assert may_acknowledge(coach, set(), 3, is_author=False)
    assert may_acknowledge(manager, {3, 1}, 3, is_author=False)
    assert not may_acknowledge(manager, {1}, 3, is_author=False)  # only a team above
    assert not may_acknowledge(manager, {9}, 3, is_author=False)  # another team's
    assert not may_acknowledge({Role.INDIVIDUAL_CONTRIBUTOR}, {3}, 3, is_author=False)
    assert not may_acknowledge({Role.OKR_CHAMPION}, {3}, 3, is_author=False)
    assert "own check-in" in why_not_acknowledge(coach, {3}, 3, is_author=True)
    assert "own check-in" in why_not_acknowledge(manager, {3}, 3, is_author=True)


def test_the_teams_a_reviewer_may_acknowledge_on_are_what_the_rule_allows() -> None:
    """The inbox reads only these teams' check-ins (None: every team's)."""
    manager = {Role.TEAM_MANAGER}
    assert acknowledged_teams({Role.OKR_COACH, Role.TEAM_MANAGER}, {1}) is None
    assert acknowledged_teams(manager, {3, 1}) == frozenset({3, 1})
    assert acknowledged_teams({Role.OKR_CHAMPION, Role.HR_LEADER}, {3}) == frozenset()
    for team in (1, 3, 9):
        for roles in (manager, {Role.OKR_COACH}, {Role.INDIVIDUAL_CONTRIBUTOR}):
            teams = acknowledged_teams(roles, {1, 3})
            allowed = teams is None or team in teams
            assert allowed == may_acknowledge(roles, {1, 3}, team, is_author=False)


@pytest.fixture
def org(store: Store, small_org: dict[str, int]) -> dict[str, int]:
    """small_org plus a manager of ENG, a manager of another team and a coach."""
    ids = dict(small_org)
    mia = store.add_person(Person(handle="mia", name="Mia Manager", roles=(Role.TEAM_MANAGER,)))
    ola = store.add_person(Person(handle="ola", name="Ola Other", roles=(Role.TEAM_MANAGER,)))
    cora = store.add_person(Person(handle="cora", name="Cora Coach", roles=(Role.OKR_COACH,)))
    store.set_team_members(ids["team"], [ids["ana"], ids["ben"], mia.id])
    store.add_team(Team(code="OPS", name="Operations", member_ids=(ola.id,)))
    ids.update(mia=mia.id, ola=ola.id, cora=cora.id)
    return ids


def test_a_manager_of_the_team_and_a_coach_acknowledge_others_are_refused(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    checkin = store.record_checkin(org["ENG-1.2"], confidence=6, author_id=org["ben"])
    clock.advance(hours=2)
    ack = store.acknowledge(checkin.id, org["mia"], "  Thanks, looks right  ")
    assert (ack.person_id, ack.comment, ack.at) == (org["mia"], "Thanks, looks right", clock.now())
    store.acknowledge(checkin.id, org["cora"])
    for who in ("ola", "ana", "ben"):  # another team's manager, a champion, the author
        with pytest.raises(NotAllowed):
            store.acknowledge(checkin.id, org[who])
    with pytest.raises(Conflict, match="already acknowledged"):
        store.acknowledge(checkin.id, org["mia"])
    stored = store.acknowledgements(org["cycle"])[checkin.id]
    assert [(a.person_id, a.comment) for a in stored] == [
        (org["mia"], "Thanks, looks right"),
        (org["cora"], ""),
    ]
    assert store.acknowledgements(org["cycle"], kr_id=org["ENG-1.1"]) == {}


def test_acknowledging_a_missing_checkin_writes_nothing(store: Store, org: dict[str, int]) -> None:
    with pytest.raises(NotFound):
        store.acknowledge(999, org["mia"])
    assert store.acknowledgements(org["cycle"]) == {}


def test_unacknowledged_checkins_leave_out_meeting_ones_and_acknowledged_ones(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    first = store.record_checkin(org["ENG-1.1"], confidence=5, author_id=org["ana"])
    clock.advance(minutes=5)
    second = store.record_checkin(org["ENG-2.1"], confidence=7, author_id=org["ben"])
    store.acknowledge(first.id, org["cora"])
    assert [c.id for c in store.unacknowledged_checkins(org["cycle"])] == [second.id]


def test_a_decision_is_stored_with_its_owners_and_kr(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    decision = store.add_decision(
        Decision(
            text="  Drop the legacy endpoint  ",
            at=clock.now(),
            cycle_id=org["cycle"],
            owner_ids=(org["ben"], org["ana"], org["ben"]),
            kr_id=org["ENG-1.1"],
            author_id=org["ana"],
        )
    )
    assert decision.id > 0
    clock.advance(minutes=1)
    store.add_decision(Decision(text="Hire later", at=clock.now(), cycle_id=org["cycle"]))
    stored = store.decisions(org["cycle"])
    assert [(d.text, d.owner_ids, d.kr_id) for d in stored] == [
        ("Drop the legacy endpoint", (org["ben"], org["ana"]), org["ENG-1.1"]),
        ("Hire later", (), None),
    ]
    assert [d.text for d in store.decisions(org["cycle"], kr_id=org["ENG-1.1"])] == [
        "Drop the legacy endpoint"
    ]


def test_a_decision_without_text_or_with_an_unknown_owner_writes_nothing(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    with pytest.raises(Conflict):
        store.add_decision(Decision(text="   ", at=clock.now(), cycle_id=org["cycle"]))
    with pytest.raises(NotFound):
        store.add_decision(
            Decision(text="x", at=clock.now(), cycle_id=org["cycle"], owner_ids=(999,))
        )
    with pytest.raises(Conflict, match="2000"):
        store.add_decision(Decision(text="x" * 2001, at=clock.now(), cycle_id=org["cycle"]))
    assert store.decisions(org["cycle"]) == []


def test_a_meeting_records_a_decision_with_its_meeting_team_and_facilitator(
    store: Store, org: dict[str, int]
) -> None:
    from okrtui.agenda import parse_template
    from okrtui.meeting.errors import MeetingError
    from okrtui.meeting.session import MeetingSession

    template = parse_template(
        'slug = "d"\ntitle = "D"\nkind = "weekly"\nminutes = 5\n'
        '[[steps]]\nkind = "notes"\ntitle = "Notes"\nminutes = 5\n'
    )
    session = MeetingSession.start(
        store,
        template,
        cycle=store.cycle(org["cycle"]),
        team_id=org["team"],
        facilitator_id=org["ana"],
    )
    made = session.record_decision(" Freeze the API ", [org["ben"]], org["ENG-1.1"])
    [stored] = store.decisions(org["cycle"], meeting_id=session.meeting.id)
    assert stored == made
    assert (stored.text, stored.owner_ids, stored.kr_id) == (
        "Freeze the API",
        (org["ben"],),
        org["ENG-1.1"],
    )
    assert (stored.team_id, stored.author_id) == (org["team"], org["ana"])
    with pytest.raises(MeetingError):
        session.record_decision("  ", [], None)
    with pytest.raises(MeetingError):
        session.record_decision("Who?", [999], None)
    assert len(store.decisions(org["cycle"])) == 1

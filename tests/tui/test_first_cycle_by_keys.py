"""Issue 17's "done when": on an empty database a champion, by keys only, creates a cycle
with its milestones, two teams, four people, three objectives with their key results,
aligns them, runs the alignment session, locks the cycle and runs the first weekly
check-in; the store then holds exactly that, with its audit rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from okrtui.clock import FixedClock
from okrtui.domain.kinds import CycleStatus, ObjectiveKind, Role
from okrtui.store import Store, open_db
from okrtui.tui.screens.edit_okr import OkrFormScreen, WriteOkrsScreen
from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.screens.meeting_summary import MeetingSummaryScreen
from okrtui.tui.screens.start_meeting import StartMeetingScreen
from okrtui.tui.steps.drafting import DraftingPanel
from okrtui.tui.widgets.meeting_form import ConfirmModal

from .conftest import build_app, screen_text, settle

NOW = datetime(2027, 1, 6, 9, 0, tzinfo=UTC)


@pytest.fixture
def empty(db_path: Path) -> Iterator[tuple[Store, FixedClock]]:
    clock = FixedClock(NOW)
    db = open_db(db_path)
    yield Store(db, clock, actor="okrtui"), clock  # no --me: nobody is known yet
    db.close()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def form(pilot: Pilot[Any], key: str, *values: str) -> None:
    """Open a form with `key`, type each value and Enter (the last Enter saves)."""
    await pilot.press(key)
    await pilot.pause()
    assert isinstance(pilot.app.screen, OkrFormScreen), key
    for value in values:
        await type_text(pilot, value)
        await pilot.press("enter")
    await settle(pilot.app, pilot)  # type: ignore[arg-type]
    back = (WriteOkrsScreen, ConfirmModal)  # the first person added is asked "is this you?"
    assert isinstance(pilot.app.screen, back), screen_text(pilot.app)  # type: ignore[arg-type]


async def start(pilot: Pilot[Any], slug: str) -> None:
    """From the dashboard: `s`, pick the agenda with the arrow keys, Ctrl+S."""
    await pilot.press("s")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, StartMeetingScreen)
    await pilot.press("enter")
    index = [e.slug for e in screen.entries].index(slug)
    current = [e.slug for e in screen.entries].index("weekly-checkin")
    step = "down" if index > current else "up"
    for _ in range(abs(index - current)):
        await pilot.press(step)
    await pilot.press("enter", "ctrl+s")
    while not (
        isinstance(pilot.app.screen, MeetingScreen)
        and pilot.app.screen.panel is not None
        and pilot.app.screen.panel.is_mounted
    ):
        await pilot.pause()


async def test_a_champion_writes_the_first_cycle_by_keys(
    empty: tuple[Store, FixedClock],
) -> None:
    store, clock = empty
    app = build_app(store, clock, None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "No cycle yet: press + to write your OKRs" in screen_text(app)  # the way in
        await pilot.press("plus")
        await settle(app, pilot)
        assert isinstance(app.screen, WriteOkrsScreen)

        await form(pilot, "c", "2027-Q1", "Q1 2027", "2027-01-04", "2027-04-04")
        await form(pilot, "p", "ana", "Ana Silva", "okr-champion")
        assert "Is this you: Ana Silva (ana)?" in screen_text(app)
        await pilot.press("y")  # from now on the audit names her
        await settle(app, pilot)
        assert app.me_id == store.person_by_handle("ana").id
        await form(pilot, "p", "ben", "Ben Ode", "")
        await form(pilot, "p", "cleo", "Cleo Park", "")
        await form(pilot, "p", "dev", "Dev Rao", "")
        await form(pilot, "t", "ORG", "Organisation", "", "ana, ben", "ana")
        await form(pilot, "t", "ENG", "Engineering", "ORG", "cleo, dev", "ben")
        await form(pilot, "o", "ORG", "Grow revenue by a third", "ana", "c", "", "")
        await form(pilot, "o", "ENG", "Make checkout fast", "ben", "c", "ORG-1", "")
        await form(pilot, "o", "ENG", "Delight new customers", "cleo", "a", "ORG-1", "")
        for values in (
            ("ORG-1", "Monthly revenue", "", "100", "133", "kEUR", "ana"),
            ("ORG-1", "Paying customers", "", "40", "60", "", "ana"),
            ("ENG-1", "p95 checkout latency", "", "900", "300", "ms", "ben"),
            ("ENG-1", "Checkout errors", "", "2", "0.5", "%", "dev"),
            ("ENG-2", "NPS of new customers", "", "20", "40", "NPS", "cleo"),
            ("ENG-2", "Onboarding done", "done", "", "", "", "cleo"),
        ):
            await form(pilot, "k", *values)
        assert "ENG-2.2 Onboarding done" in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)

        # The alignment session: every draft agreed one by one, then the cycle locked.
        await start(pilot, "alignment-session")
        await pilot.press("right_square_bracket")
        await settle(app, pilot)
        meeting = app.screen
        assert isinstance(meeting, MeetingScreen)
        assert isinstance(meeting.panel, DraftingPanel)
        text = screen_text(app)
        assert "3 drafts to agree" in text
        assert "Orphans (0)" in text and "Gaps (0)" in text and "Overlaps (0)" in text
        await pilot.press("L")  # not yet: drafts are left
        await pilot.pause()
        assert not store.cycle_by_slug("2027-Q1").locked
        # Each objective's key results are listed under it: ORG-1, then ENG-1, then ENG-2.
        for keys in (["down"], ["down"] * 3, ["down"] * 3):
            await pilot.press(*keys, "y")
            await pilot.pause()
        assert "0 drafts to agree" in screen_text(app)
        assert "All 3 objectives are agreed: L locks cycle Q1 2027." in screen_text(app)
        await pilot.press("L", "y")  # y confirms
        await settle(app, pilot)
        assert store.cycle_by_slug("2027-Q1").locked
        await pilot.press("ctrl+e", "y")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingSummaryScreen)
        await pilot.press("escape")
        await settle(app, pilot)

        # The cycle starts, and the first weekly check-in of ORG goes round its KRs.
        await pilot.press("plus")
        await settle(app, pilot)
        await pilot.press("A")
        await settle(app, pilot)
        assert "Start cycle Q1 2027 (2027-Q1)?" in screen_text(app)
        await pilot.press("y")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        await start(pilot, "weekly-checkin")
        await pilot.press("right_square_bracket")  # wins -> the KR round
        await settle(app, pilot)
        await pilot.press("7")
        await pilot.press("6")
        await settle(app, pilot)
        await pilot.press("ctrl+e", "y")
        await settle(app, pilot)
        assert isinstance(app.screen, MeetingSummaryScreen)

    # Exactly what was written.
    [cycle] = store.cycles()
    assert (cycle.slug, cycle.name, cycle.start, cycle.end) == (
        "2027-Q1",
        "Q1 2027",
        date(2027, 1, 4),
        date(2027, 4, 4),
    )
    assert cycle.locked and cycle.status is CycleStatus.ACTIVE
    assert len(store.milestones(cycle.id)) == 6
    people = {p.handle: p for p in store.people()}
    assert sorted(people) == ["ana", "ben", "cleo", "dev"]
    assert set(people["ana"].roles) == {Role.OKR_CHAMPION, Role.TEAM_MANAGER}
    assert set(people["ben"].roles) == {Role.TEAM_MANAGER}
    org, eng = store.team_by_code("ORG"), store.team_by_code("ENG")
    assert [t.code for t in store.teams()] == ["ORG", "ENG"]
    assert (org.parent_id, eng.parent_id) == (None, org.id)
    assert set(org.member_ids) == {people["ana"].id, people["ben"].id}
    assert set(eng.member_ids) == {people["ben"].id, people["cleo"].id, people["dev"].id}
    objectives = {o.ref: o for o in store.objectives(cycle.id)}
    assert sorted(objectives) == ["ENG-1", "ENG-2", "ORG-1"]
    assert objectives["ENG-1"].parent_id == objectives["ORG-1"].id
    assert objectives["ENG-2"].parent_id == objectives["ORG-1"].id
    assert objectives["ENG-2"].kind is ObjectiveKind.ASPIRATIONAL
    assert all(o.agreed_at is not None for o in objectives.values())
    krs = {k.ref: k for k in store.key_results(cycle.id)}
    assert sorted(krs) == ["ENG-1.1", "ENG-1.2", "ENG-2.1", "ENG-2.2", "ORG-1.1", "ORG-1.2"]
    assert (krs["ENG-1.2"].start, krs["ENG-1.2"].target, krs["ENG-1.2"].unit) == (2, 0.5, "%")
    assert krs["ENG-2.2"].kind.value == "milestone"
    assert krs["ORG-1.1"].owner_id == people["ana"].id

    meetings = store.meetings(cycle.id)
    assert [m.agenda_slug for m in meetings] == ["alignment-session", "weekly-checkin"]
    checkins = store.meeting_checkins(meetings[1].id)
    assert {store.key_result(c.kr_id).ref for c in checkins} == {"ORG-1.1", "ORG-1.2"}
    assert sorted(c.confidence for c in checkins) == [6, 7]
    assert len(checkins) == 2

    audit = Counter((e.entity, e.action) for e in store.audit_log())
    assert audit == Counter(
        {
            ("cycle", "create"): 1,
            ("person", "create"): 4,
            ("team", "create"): 2,
            ("objective", "create"): 3,
            ("key_result", "create"): 6,
            ("objective", "agree"): 3,
            ("cycle", "lock"): 1,
            ("cycle", "status"): 1,
        }
    )
    who = Counter(e.who for e in store.audit_log())
    assert who == Counter({"okrtui": 2, "ana": 19})  # the cycle and Ana herself came first

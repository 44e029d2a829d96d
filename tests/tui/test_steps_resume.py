"""The wins, blockers and actions steps resume where their entries end.

A meeting left (quit, or its process gone) and resumed enters each of these steps on the
first carried item with nothing recorded on it in this meeting, else after the last item
entered in this meeting, so the next key acts on the item the room was about to take.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from okrtui.clock import FixedClock
from okrtui.domain.decision import Decision
from okrtui.domain.models import ActionItem, Blocker, Win
from okrtui.meeting.session import MeetingSession
from okrtui.store import Store
from okrtui.tui.screens.resume import ResumeModal
from okrtui.tui.steps.actions import ActionsPanel
from okrtui.tui.steps.blockers import KEPT_PREFIX, BlockersPanel
from okrtui.tui.steps.carried import CarriedItemsPanel
from okrtui.tui.steps.wins import WinsPanel

from .test_meeting_panels import app_for, meeting_ready, type_text, weekly

WAYS = ["quit", "process-gone"]
"""How the first sitting ended: the app quit after entries made by keys, or the entries
were made by a session whose process is gone and a new app opened on the same file."""

BEFORE = datetime(2026, 11, 10, 9, tzinfo=UTC)
"""When the carried items were made: after the cycle began, before the meeting."""


def at_step(store: Store, team_id: int, kind: str) -> MeetingSession:
    session = weekly(store, team_id, facilitator=None)
    session.jump([s.kind for s in session.steps].index(kind))
    return session


P = TypeVar("P", bound=CarriedItemsPanel[Any])


async def panel_of(pilot: Pilot[Any], kind: type[P]) -> P:
    await meeting_ready(pilot)
    await pilot.pause()
    return pilot.app.screen.query_one(kind)


def detail(panel: CarriedItemsPanel[Any]) -> str:
    return str(panel.query_one(f"#{panel.KIND}-detail", Static).render())


async def add_by_keys(pilot: Pilot[Any], *fields: str) -> None:
    """`a`, then each field typed and Enter (an empty string leaves a field blank)."""
    await pilot.press("a")
    await pilot.pause()
    for text in fields:
        await type_text(pilot, text)
        await pilot.press("enter")
    await pilot.pause()


# -- wins ------------------------------------------------------------------------------


@pytest.mark.parametrize("way", WAYS)
async def test_wins_resume_after_the_last_win_of_this_meeting(
    store: Store, clock: FixedClock, small_org: dict[str, int], way: str
) -> None:
    team = small_org["team"]
    store.add_win(
        Win(cycle_id=small_org["cycle"], text="Cache PoC merged", team_id=team, at=BEFORE)
    )
    session = at_step(store, team, "wins")
    mid = session.meeting.id
    if way == "quit":
        async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
            await panel_of(pilot, WinsPanel)
            await add_by_keys(pilot, "Billing went live", "", "")
            clock.advance(minutes=1)
            await add_by_keys(pilot, "Onboarding doc done", "", "")
            pilot.app.exit()
    else:
        session.add_win("Billing went live")
        clock.advance(minutes=1)
        session.add_win("Onboarding doc done")
    assert [w.text for w in store.wins(small_org["cycle"])][1:] == [
        "Billing went live",
        "Onboarding doc done",
    ]

    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        panel = await panel_of(pilot, WinsPanel)
        assert detail(panel) == "Onboarding doc done"
        await pilot.press("k")
        await pilot.pause()
        assert detail(panel) == "Billing went live"


async def test_wins_with_none_entered_here_start_at_the_top(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    team = small_org["team"]
    for day, text in [(10, "Cache PoC merged"), (11, "Latency dashboard up")]:
        at = BEFORE.replace(day=day)
        store.add_win(Win(cycle_id=small_org["cycle"], text=text, team_id=team, at=at))
    session = at_step(store, team, "wins")
    async with app_for(store, clock, session.meeting.id).run_test(size=(100, 30)) as pilot:
        panel = await panel_of(pilot, WinsPanel)
        assert detail(panel) == "Cache PoC merged"


# -- blockers --------------------------------------------------------------------------


def carried_blockers(store: Store, org: dict[str, int]) -> list[Blocker]:
    return [
        store.raise_blocker(
            Blocker(
                cycle_id=org["cycle"],
                text=text,
                team_id=org["team"],
                owner_id=org["ben"],
                raised_at=BEFORE + timedelta(hours=hours),
            )
        )
        for hours, text in [(0, "Staging DB down"), (1, "Waiting for legal"), (2, "No load env")]
    ]


def kept_ids(store: Store, org: dict[str, int], meeting_id: int) -> list[int]:
    return [
        int(d.text.removeprefix(KEPT_PREFIX + "#").split(" ", 1)[0])
        for d in store.decisions(org["cycle"], meeting_id=meeting_id)
        if d.text.startswith(KEPT_PREFIX)
    ]


async def test_blockers_resume_on_the_first_carried_one_not_yet_kept(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    b1, b2, b3 = carried_blockers(store, small_org)
    session = at_step(store, small_org["team"], "blockers")
    mid = session.meeting.id
    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        panel = await panel_of(pilot, BlockersPanel)
        await pilot.press("enter")  # keep the first: a decision; the cursor goes on
        await pilot.pause()
        assert panel.selected is not None and panel.selected.id == b2.id
        # leaving the step and coming back enters it on the same blocker
        await pilot.press("right_square_bracket")
        await pilot.pause()
        await pilot.press("left_square_bracket")
        panel = await panel_of(pilot, BlockersPanel)
        assert panel.selected is not None and panel.selected.id == b2.id
        await pilot.press("q", "y")  # quit, leaving the meeting running
        await pilot.pause()
    assert kept_ids(store, small_org, mid) == [b1.id]

    async with app_for(store, clock).run_test(size=(100, 30)) as pilot:
        while not isinstance(pilot.app.screen, ResumeModal):
            await pilot.pause()
        await pilot.press("r")
        panel = await panel_of(pilot, BlockersPanel)
        assert panel.selected is not None and panel.selected.id == b2.id
        assert detail(panel).startswith("Waiting for legal")
        await pilot.press("enter")
        await pilot.pause()
        assert panel.selected is not None and panel.selected.id == b3.id
    assert kept_ids(store, small_org, mid) == [b1.id, b2.id]


async def test_blockers_resume_after_a_lost_process_past_resolved_and_kept_ones(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    b1, b2, b3 = carried_blockers(store, small_org)
    session = at_step(store, small_org["team"], "blockers")
    mid = session.meeting.id
    # What a process that is gone recorded: the first resolved, the second kept open.
    session.resolve_blocker(b1.id, "restored from backup")
    store.add_decision(
        Decision(
            text=f"{KEPT_PREFIX}#{b2.id} Waiting for legal (owner Ben)",
            at=clock.now(),
            cycle_id=small_org["cycle"],
            meeting_id=mid,
        )
    )
    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        panel = await panel_of(pilot, BlockersPanel)
        assert panel.selected is not None and panel.selected.id == b3.id
        await pilot.press("r")
        await pilot.pause()
        await type_text(pilot, "env booked")
        await pilot.press("enter")
        await pilot.pause()
    assert store.blocker(b3.id).resolution == "env booked"
    assert store.blocker(b2.id).is_open


@pytest.mark.parametrize("way", WAYS)
async def test_blockers_all_decided_resume_on_the_newest_raised(
    store: Store, clock: FixedClock, small_org: dict[str, int], way: str
) -> None:
    b1, b2, b3 = carried_blockers(store, small_org)
    session = at_step(store, small_org["team"], "blockers")
    mid = session.meeting.id
    if way == "quit":
        async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
            await panel_of(pilot, BlockersPanel)
            await pilot.press("enter", "enter", "enter")
            await add_by_keys(pilot, "Vendor contract unsigned", "ana", "", "")
            clock.advance(minutes=1)
            await add_by_keys(pilot, "No on-call cover", "ben", "", "")
            pilot.app.exit()
        assert kept_ids(store, small_org, mid) == [b1.id, b2.id, b3.id]
    else:
        for blocker in (b1, b2, b3):
            session.resolve_blocker(blocker.id, "cleared")
        session.raise_blocker("Vendor contract unsigned", small_org["ana"])
        clock.advance(minutes=1)
        session.raise_blocker("No on-call cover", small_org["ben"])

    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        panel = await panel_of(pilot, BlockersPanel)
        assert panel.selected is not None and panel.selected.text == "No on-call cover"
        await pilot.press("k")
        assert panel.selected is not None and panel.selected.text == "Vendor contract unsigned"


# -- actions ---------------------------------------------------------------------------


def carried_actions(store: Store, org: dict[str, int]) -> list[ActionItem]:
    return [
        store.add_action(
            ActionItem(
                cycle_id=org["cycle"],
                text=text,
                owner_id=org["ana"],
                team_id=org["team"],
                created_at=BEFORE + timedelta(hours=hours),
            )
        )
        for hours, text in [(0, "Write the runbook"), (1, "Book the load test")]
    ]


@pytest.mark.parametrize("way", WAYS)
async def test_actions_resume_after_the_last_one_added_when_the_carried_are_done(
    store: Store, clock: FixedClock, small_org: dict[str, int], way: str
) -> None:
    a1, a2 = carried_actions(store, small_org)
    session = at_step(store, small_org["team"], "actions")
    mid = session.meeting.id
    if way == "quit":
        async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
            await panel_of(pilot, ActionsPanel)
            await pilot.press("d", "d")
            await pilot.pause()
            await add_by_keys(pilot, "Draft the vendor email", "ana", "", "")
            clock.advance(minutes=1)
            await add_by_keys(pilot, "Ask for on-call cover", "ben", "", "")
            pilot.app.exit()
    else:
        session.complete_action(a1.id)
        session.complete_action(a2.id)
        session.add_action("Draft the vendor email", small_org["ana"], None)
        clock.advance(minutes=1)
        session.add_action("Ask for on-call cover", small_org["ben"], None)
    assert not store.action(a1.id).is_open and not store.action(a2.id).is_open

    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        panel = await panel_of(pilot, ActionsPanel)
        assert panel.selected is not None and panel.selected.text == "Ask for on-call cover"
        assert detail(panel).startswith("Ask for on-call cover")
        await pilot.press("d")
        await pilot.pause()
    done = {a.text for a in store.actions(small_org["cycle"]) if not a.is_open}
    assert done == {"Write the runbook", "Book the load test", "Ask for on-call cover"}


async def test_actions_resume_on_the_first_carried_one_still_open(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    a1, a2 = carried_actions(store, small_org)
    session = at_step(store, small_org["team"], "actions")
    session.complete_action(a1.id)
    session.add_action("Draft the vendor email", small_org["ana"], None)
    async with app_for(store, clock, session.meeting.id).run_test(size=(100, 30)) as pilot:
        panel = await panel_of(pilot, ActionsPanel)
        assert panel.selected is not None and panel.selected.id == a2.id
        await pilot.press("d")
        await pilot.pause()
    assert not store.action(a2.id).is_open

"""A decision recorded from a meeting through its form (issue 19)."""

from __future__ import annotations

from textual.app import App

from okrtui.agenda import parse_template
from okrtui.meeting.session import MeetingSession
from okrtui.store import Store
from okrtui.tui.decision_form import ask_decision

TEMPLATE = parse_template(
    'slug = "w"\ntitle = "Weekly"\nkind = "weekly"\nminutes = 10\n'
    '[[steps]]\nkind = "notes"\ntitle = "Notes"\nminutes = 10\n'
)


async def test_the_form_records_text_owners_and_kr(store: Store, small_org: dict[str, int]) -> None:
    session = MeetingSession.start(
        store,
        TEMPLATE,
        cycle=store.cycle(small_org["cycle"]),
        team_id=small_org["team"],
        facilitator_id=small_org["ana"],
    )
    app: App[None] = App()
    async with app.run_test() as pilot:
        ask_decision(app.screen, session, "ENG-1.1")
        await pilot.pause()
        await pilot.press(*"Freeze [b]the[/b] API", "enter", *"ben, ana", "enter", "enter")
        await pilot.pause()
    [decision] = store.decisions(small_org["cycle"], meeting_id=session.meeting.id)
    assert decision.text == "Freeze [b]the[/b] API"
    assert decision.owner_ids == (small_org["ben"], small_org["ana"])
    assert decision.kr_id == small_org["ENG-1.1"]


async def test_an_unknown_owner_keeps_the_form_open_and_writes_nothing(
    store: Store, small_org: dict[str, int]
) -> None:
    session = MeetingSession.start(
        store,
        TEMPLATE,
        cycle=store.cycle(small_org["cycle"]),
        team_id=small_org["team"],
        facilitator_id=small_org["ana"],
    )
    app: App[None] = App()
    async with app.run_test() as pilot:
        ask_decision(app.screen, session)
        await pilot.pause()
        await pilot.press(*"Ship it", "enter", *"zed", "enter", "enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "FormModal"
    assert store.decisions(small_org["cycle"]) == []

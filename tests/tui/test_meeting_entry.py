"""Safe entry in a live meeting: what the room types is what is stored, on the right KR.

Two-digit confidence: `1` then `0` is one check-in of 10 on the KR under the cursor; a
`1` alone is written when the next key comes, the step changes or the screen goes.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from okrtui.clock import FixedClock
from okrtui.store import Store
from okrtui.tui.steps.kr_round import KRRoundPanel
from tests.tui.test_meeting_panels import (
    app_for,
    meeting_ready,
    meeting_screen,
    type_text,
    weekly,
)


@pytest.fixture(autouse=True)
def _patient_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """A `1` waits for its `0` much longer than any test takes: nothing here depends on
    how fast the keys come."""
    monkeypatch.setattr(KRRoundPanel, "TWO_DIGIT_SECONDS", 600.0)


async def at_kr_round(pilot: Pilot[Any]) -> KRRoundPanel:
    await meeting_ready(pilot)
    await pilot.press("right_square_bracket")
    await pilot.pause()
    panel = pilot.app.screen.query_one(KRRoundPanel)
    assert pilot.app.focused is panel
    return panel


def stored(store: Store, meeting_id: int) -> list[tuple[int, int]]:
    return [(c.kr_id, c.confidence) for c in store.meeting_checkins(meeting_id)]


async def test_one_then_zero_is_one_checkin_of_ten_on_the_kr_under_the_cursor(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        panel = await at_kr_round(pilot)
        first, second = panel.rows[0].kr.id, panel.rows[1].kr.id
        await pilot.press("1")
        assert stored(store, mid) == []
        assert "1…" in str(panel.query_one("#kr-hint", Static).content)
        await pilot.press("0")
        await pilot.pause()
        assert stored(store, mid) == [(first, 10)]
        assert panel.selected is not None and panel.selected.kr.id == second
    assert stored(store, mid) == [(first, 10)]


async def test_a_one_followed_by_another_digit_records_both_on_their_own_krs(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        panel = await at_kr_round(pilot)
        ids = [r.kr.id for r in panel.rows]
        await pilot.press("1", "5", "1", "1")
        await pilot.pause()
        assert stored(store, mid) == [(ids[0], 1), (ids[1], 5), (ids[2], 1)]
        await pilot.press("down")  # moving writes the waiting 1 first
        await pilot.pause()
        assert stored(store, mid) == [(ids[0], 1), (ids[1], 5), (ids[2], 1), (ids[3], 1)]


async def test_every_other_digit_records_with_one_key(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        panel = await at_kr_round(pilot)
        ids = [r.kr.id for r in panel.rows]
        await pilot.press("7")
        assert stored(store, mid) == [(ids[0], 7)]
        await pilot.press("0", "t")
        assert stored(store, mid) == [(ids[0], 7), (ids[1], 0), (ids[2], 10)]


async def test_a_waiting_one_is_written_on_step_change_and_on_quit(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        panel = await at_kr_round(pilot)
        ids = [r.kr.id for r in panel.rows]
        await pilot.press("1", "right_square_bracket")
        await pilot.pause()
        assert stored(store, mid) == [(ids[0], 1)]
        assert meeting_screen(pilot.app).session.current.kind != "krs"
        await pilot.press("left_square_bracket")
        await pilot.pause()
        panel = pilot.app.screen.query_one(KRRoundPanel)
        await pilot.press("1")
        await pilot.pause()
        pilot.app.exit()
    assert stored(store, mid)[-1][1] == 1
    assert len(stored(store, mid)) == 2


async def test_a_resumed_kr_round_starts_on_the_first_kr_not_checked_in(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    session.next()  # at the KR round, as a meeting killed there
    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        await meeting_ready(pilot)
        panel = pilot.app.screen.query_one(KRRoundPanel)
        order = [r.kr.id for r in panel.rows]
    # Two KRs were checked in before the crash: the first and the third of the round.
    session.record_confidence(order[0], 6)
    session.record_confidence(order[2], 4)
    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        await meeting_ready(pilot)
        panel = pilot.app.screen.query_one(KRRoundPanel)
        assert panel.selected is not None and panel.selected.kr.id == order[1]
        await pilot.press("8")
        await pilot.pause()
        assert panel.selected is not None and panel.selected.kr.id == order[2]
    assert stored(store, mid) == [(order[0], 6), (order[2], 4), (order[1], 8)]


async def test_a_kr_note_being_typed_is_kept_and_offered_again_on_resume(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    from okrtui.meeting.drafts import drafts, kr_note_field

    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        panel = await at_kr_round(pilot)
        kr = panel.rows[0].kr
        await pilot.press("n")
        await type_text(pilot, "waiting on the DB")
        pilot.app.exit()  # e.g. a crash handled as a quit: the panel goes
    assert drafts(store, mid) == {kr_note_field(kr.id): "waiting on the DB"}
    assert stored(store, mid) == []

    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        await meeting_ready(pilot)
        panel = pilot.app.screen.query_one(KRRoundPanel)
        field = panel.query_one("#kr-input", Input)
        assert field.value == "waiting on the DB" and field.has_focus
        await type_text(pilot, " team")
        await pilot.press("enter")
        await pilot.pause()
    [checkin] = store.meeting_checkins(mid)
    assert (checkin.kr_id, checkin.note) == (kr.id, "waiting on the DB team")
    assert drafts(store, mid) == {}


async def test_notes_typed_just_before_quitting_are_saved(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        await meeting_ready(pilot)
        await pilot.press("g", "5")
        await pilot.pause()
        await type_text(pilot, "Ship it")
        pilot.app.exit()  # well within the half-second save: the panel saves as it goes
    assert store.meeting_steps(mid)[4].notes == "Ship it"


async def test_coming_back_to_the_notes_puts_the_cursor_at_the_end(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    session.jump(4)
    session.save_notes("First line")
    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        await meeting_ready(pilot)
        await type_text(pilot, " and more")
        await pilot.press("escape", "left_square_bracket")
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        await type_text(pilot, "!")
        await pilot.press("escape", "left_square_bracket")
        await pilot.pause()
    assert store.meeting_steps(mid)[4].notes == "First line and more!"


async def test_a_kr_changed_elsewhere_under_a_dialog_is_shown_when_it_closes(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    from okrtui.domain.models import CheckIn

    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        panel = await at_kr_round(pilot)
        kr = panel.rows[0].kr
        await pilot.press("question_mark")  # help over the meeting
        await pilot.pause()
        store.add_checkin(CheckIn(kr_id=kr.id, at=clock.now(), confidence=2, value=None))
        await pilot.press("escape")
        await pilot.pause()
        assert panel.rows[0].confidence == 2  # refreshed when the dialog closed
        await pilot.press("enter")
        await pilot.pause()
        messages = [n.message for n in pilot.app._notifications]
    assert stored(store, mid) == [(kr.id, 2)]
    assert not any("no change" in m and "(2)" not in m for m in messages)


async def test_no_change_is_measured_against_what_is_on_screen(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    from okrtui.domain.models import CheckIn

    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        panel = await at_kr_round(pilot)
        kr = panel.rows[0].kr
        shown = panel.rows[0].confidence
        assert shown != 2
        # Another okrtui writes 2; this screen has not refreshed yet.
        store.add_checkin(CheckIn(kr_id=kr.id, at=clock.now(), confidence=2, value=None))
        await pilot.press("enter")
        await pilot.pause()
        assert stored(store, mid) == []  # not recorded: nobody saw the 2
        messages = " ".join(n.message for n in pilot.app._notifications)
        assert f"was set to 2 elsewhere meanwhile (it showed {shown})" in messages
        assert panel.selected is not None and panel.selected.confidence == 2
        await pilot.press("enter")
        await pilot.pause()
    assert stored(store, mid) == [(kr.id, 2)]


async def test_the_help_says_how_ten_is_typed_and_what_a_crash_can_lose(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    from tests.tui.conftest import screen_text

    session = weekly(store, small_org["team"])
    app = app_for(store, clock, session.meeting.id)
    async with app.run_test(size=(120, 40)) as pilot:
        await at_kr_round(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        text = " ".join(screen_text(app).split())
    assert "10 is 1 then 0 (or t)" in text
    assert "a crash in that moment loses at most that one key" in text


async def test_a_form_being_typed_is_kept_and_offered_again(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    from okrtui.meeting.drafts import drafts
    from okrtui.tui.widgets.meeting_form import FormModal

    session = weekly(store, small_org["team"])
    mid = session.meeting.id
    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        await at_kr_round(pilot)
        await pilot.press("w")
        await pilot.pause()
        await type_text(pilot, "Cache warm")
        form = pilot.app.screen
        assert isinstance(form, FormModal)
        pilot.app.exit()  # within the half second: the form keeps it as it goes
    kept = drafts(store, mid)
    assert any("Cache warm" in text for field, text in kept.items() if "form:" in field)
    async with app_for(store, clock, mid).run_test(size=(100, 30)) as pilot:
        await meeting_ready(pilot)
        await pilot.press("w")
        await pilot.pause()
        form = pilot.app.screen
        assert isinstance(form, FormModal)
        assert form.field_input("text").value == "Cache warm"
        await pilot.press("enter", "enter", "enter")
        await pilot.pause()
    assert [w.text for w in store.wins(small_org["cycle"])] == ["Cache warm"]
    assert not any(field.startswith("form:") for field in drafts(store, mid))

"""Writing OKRs in the app by keys: the writing screen, its forms (checked as you type,
the coach beside them), move, retire and the history; reached from the dashboard."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from okrtui.clock import FixedClock
from okrtui.domain.kinds import ObjectiveKind
from okrtui.store import Store, open_db
from okrtui.tui.app import OkrApp
from okrtui.tui.screens.edit_okr import HistoryScreen, OkrFormScreen, WriteOkrsScreen
from okrtui.tui.widgets.choice_field import ChoiceField
from okrtui.tui.widgets.okr_table import OkrTable
from tests.conftest import build_small_org

from .conftest import build_app, screen_text, settle


@pytest.fixture
def small_store(db_path: Path, clock: FixedClock) -> Iterator[Store]:
    db = open_db(db_path)
    store = Store(db, clock, actor="tester")
    build_small_org(store)
    yield store
    db.close()


@pytest.fixture
def empty_store(db_path: Path, clock: FixedClock) -> Iterator[Store]:
    db = open_db(db_path)
    yield Store(db, clock, actor="champion")
    db.close()


async def type_text(pilot: Pilot[Any], text: str) -> None:
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def fill(pilot: Pilot[Any], *values: str) -> None:
    """Type each value into the next field (Enter moves on; on the last it saves)."""
    for value in values:
        await type_text(pilot, value)
        await pilot.press("enter")
    await pilot.pause()


def form(app: OkrApp) -> OkrFormScreen:
    assert isinstance(app.screen, OkrFormScreen)
    return app.screen


def error_text(app: OkrApp, name: str) -> str:
    widget = form(app).query_one(f"#e-{name}", Static)
    return str(widget.render()) if widget.display else ""


async def test_the_kr_form_checks_as_you_type_and_the_coach_warns(
    small_store: Store, clock: FixedClock
) -> None:
    app = build_app(small_store, clock, None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("plus")
        await settle(app, pilot)
        assert isinstance(app.screen, WriteOkrsScreen)
        await pilot.press("k")
        await pilot.pause()
        await type_text(pilot, "ENG-7")
        await pilot.pause()
        assert error_text(app, "objective") == "Objective: no objective 'ENG-7' in this cycle"
        await pilot.press("backspace")
        await type_text(pilot, "1")
        await pilot.pause()
        assert error_text(app, "objective") == ""
        await pilot.press("enter")
        await type_text(pilot, "Launch the status page")
        await pilot.press("enter", "enter")  # kind: metric
        await type_text(pilot, "5")
        await pilot.press("enter")
        await type_text(pilot, "5")
        await pilot.pause()
        assert error_text(app, "target") == "Target: must differ from the start"
        coach = str(form(app).query_one("#coach", Static).render())
        assert "ENG-1.3 reads as an activity ('launch')" in coach
        assert "ENG-1.3 has its target equal to its start" in coach
        assert "ENG-1.3 has no owner" in coach
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, OkrFormScreen)  # refused: nothing written
        assert "Not saved: fix Target" in screen_text(app)
        assert (
            len(small_store.key_results(objective_id=small_store.kr_by_ref("ENG-1.1").objective_id))
            == 2
        )
        await pilot.press("backspace")
        await type_text(pilot, "99.9")
        await pilot.press("enter")
        await type_text(pilot, "%")
        await pilot.press("enter")
        await type_text(pilot, "ben")
        await pilot.press("enter")  # the last field: saves
        await settle(app, pilot)
        assert isinstance(app.screen, WriteOkrsScreen)
    kr = small_store.kr_by_ref("ENG-1.3")
    assert (kr.title, kr.start, kr.target, kr.unit) == ("Launch the status page", 5, 99.9, "%")
    assert kr.owner_id == small_store.person_by_handle("ben").id
    [entry] = small_store.audit_log("key_result", kr.id)
    assert (entry.action, entry.who) == ("create", "tester")


async def test_e_on_the_dashboard_edits_the_kr_under_the_cursor_and_moves_it(
    small_store: Store, clock: FixedClock
) -> None:
    app = build_app(small_store, clock, None)
    kr_id = small_store.kr_by_ref("ENG-1.1").id
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert app.screen.query_one(OkrTable).current_row.key == ("kr", kr_id)  # type: ignore[union-attr]
        await pilot.press("e")
        await settle(app, pilot)
        assert form(app).editing == kr_id
        assert form(app).query_one("#f-title", Input).value == "p95 latency"
        await pilot.press("ctrl+e", "backspace")  # the objective: ENG-1 becomes ENG-2
        await type_text(pilot, "2")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, WriteOkrsScreen)
    moved = small_store.key_result(kr_id)
    assert moved.ref == "ENG-2.3"
    assert [e.action for e in small_store.audit_log("key_result", kr_id)] == ["edit", "move"]


async def test_retire_asks_why_and_the_history_shows_it(
    small_store: Store, clock: FixedClock
) -> None:
    app = build_app(small_store, clock, None)
    objective_id = small_store.kr_by_ref("ENG-2.1").objective_id
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("plus")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, WriteOkrsScreen)
        screen._move_to(("objective", objective_id))
        await pilot.press("r")
        await pilot.pause()
        await type_text(pilot, "merged into ENG-1")
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        await settle(app, pilot)
        text = screen_text(app)
        assert "2026-11-18 09:30 · tester · retire" in text
        assert "(reason: merged into ENG-1)" in text
        await pilot.press("escape")
        await pilot.pause()
        assert "ENG-2 Delight new users" in screen_text(app)
    assert small_store.objective(objective_id).retired_at is not None


async def test_user_text_is_never_markup(small_store: Store, clock: FixedClock) -> None:
    app = build_app(small_store, clock, None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("plus")
        await settle(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        await fill(pilot, "ENG", "[@click=app.quit]x[/]", "", "a", "", "")
        await settle(app, pilot)
        assert isinstance(app.screen, WriteOkrsScreen)
        assert "[@click=app.quit]x[/]" in screen_text(app)
    [objective] = [o for o in small_store.objectives(1) if o.ref == "ENG-3"]
    assert objective.kind is ObjectiveKind.ASPIRATIONAL
    assert json.loads(small_store.audit_log("objective", objective.id)[0].after)["title"] == (
        "[@click=app.quit]x[/]"
    )


async def test_a_locked_milestone_moves_only_with_a_reason(
    small_store: Store, clock: FixedClock
) -> None:
    app = build_app(small_store, clock, None)
    cycle_id = small_store.resolve_cycle(None).id
    milestone = small_store.milestones(cycle_id)[1]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("plus")
        await settle(app, pilot)
        await pilot.press("L")
        await settle(app, pilot)
        assert "Lock cycle Q4 2026 (2026-Q4)?" in screen_text(app)
        assert "in stone" in screen_text(app)
        await pilot.press("escape")  # newcomer trial: L locked at once; now it asks
        await settle(app, pilot)
        assert not small_store.cycle(cycle_id).locked
        await pilot.press("L", "y")
        await settle(app, pilot)
        assert small_store.cycle(cycle_id).locked
        screen = app.screen
        assert isinstance(screen, WriteOkrsScreen)
        screen._move_to(("milestone", milestone.id))
        await pilot.press("enter")
        await pilot.pause()
        assert form(app).query_one("#f-on", Input).value == "2026-11-16"
        await type_text(pilot, "2026-11-23")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert error_text(app, "reason").startswith("Reason: the cycle is locked")
        assert small_store.milestone(milestone.id).on.isoformat() == "2026-11-16"
        await pilot.press("enter")
        await type_text(pilot, "offsite moved")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, WriteOkrsScreen)
    assert small_store.milestone(milestone.id).on.isoformat() == "2026-11-23"
    entry = small_store.audit_log("milestone", milestone.id)[-1]
    assert (entry.action, entry.reason) == ("override", "offsite moved")


def focused_id(app: OkrApp) -> str | None:
    return None if app.focused is None else app.focused.id


async def test_a_kind_is_a_choice_on_show_that_space_and_letters_pick(
    small_store: Store, clock: FixedClock
) -> None:
    """In the trial Kind was free text that named no choices, and Space cleared it."""
    app = build_app(small_store, clock, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("plus")
        await settle(app, pilot)
        await pilot.press("k")
        await pilot.pause()
        await type_text(pilot, "ENG-1")
        await pilot.press("enter")
        await type_text(pilot, "Status page is trusted by on-call")
        await pilot.press("enter")
        kind = form(app).query_one("#f-kind", ChoiceField)
        assert focused_id(app) == "f-kind"
        assert "◉ metric  ○ milestone" in screen_text(app)
        await pilot.press("space")
        assert kind.value == "milestone"
        await pilot.press("space")
        assert kind.value == "metric"
        await type_text(pilot, "mi")
        assert kind.value == "milestone"
        await pilot.press("left")
        await type_text(pilot, "done")
        assert kind.value == "milestone"
        await type_text(pilot, "x")  # no choice starts with x: nothing changes
        await pilot.pause()
        assert kind.value == "milestone"
        assert "○ metric  ◉ milestone" in screen_text(app)
        await pilot.press("enter")
        assert focused_id(app) == "f-start"
        await pilot.press("enter", "enter", "enter")
        await type_text(pilot, "ben")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, WriteOkrsScreen)
    kr = small_store.kr_by_ref("ENG-1.3")
    assert (kr.kind.value, kr.start, kr.target) == ("milestone", None, None)


async def test_enter_on_the_last_field_saves_only_a_valid_form(
    small_store: Store, clock: FixedClock
) -> None:
    """In the trial Enter on the last field saved a KR with no owner, and the next typing
    ("rosa") landed on the list behind, where r asked to retire a key result. Now a new KR
    is owned by who runs the app (--me) and an invalid form stays open, naming the field."""
    ben = small_store.person_by_handle("ben").id
    app = build_app(small_store, clock, ben)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("plus")
        await settle(app, pilot)
        await pilot.press("k")
        await pilot.pause()
        assert form(app).query_one("#f-owner", Input).value == "ben"
        await fill(pilot, "ENG-1", "Pages answered within 5 minutes", "", "60", "95", "%")
        assert focused_id(app) == "f-owner"
        await type_text(pilot, "rosa")  # replaces the default: nobody has that handle
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OkrFormScreen)
        text = screen_text(app)
        assert "Owner: nobody has the handle" in text  # under the field
        assert "Not saved: fix Owner" in text
        assert focused_id(app) == "f-owner"
        await pilot.press("r")  # still typing into the form, not retiring anything
        await pilot.pause()
        assert isinstance(app.screen, OkrFormScreen)
        assert form(app).query_one("#f-owner", Input).value == "rosar"
        await pilot.press("ctrl+u")
        await type_text(pilot, "ben")
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, WriteOkrsScreen)
        assert form_saved_is_gone(app)
    kr = small_store.kr_by_ref("ENG-1.3")
    assert (kr.title, kr.owner_id, kr.retired_at) == ("Pages answered within 5 minutes", ben, None)


def form_saved_is_gone(app: OkrApp) -> bool:
    return not any(isinstance(s, OkrFormScreen) for s in app.screen_stack)


async def test_examples_read_as_examples_and_a_new_objective_takes_the_only_team(
    small_store: Store, clock: FixedClock
) -> None:
    app = build_app(small_store, clock, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("plus")
        await settle(app, pilot)
        await pilot.press("o")
        await pilot.pause()
        assert form(app).query_one("#f-team", Input).value == "ENG"
        assert "◉ committed  ○ aspirational" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, WriteOkrsScreen)
        await pilot.press("c")
        await pilot.pause()
        text = screen_text(app)
        assert "e.g. 2027-Q1" in text and "e.g. Q1 2027" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Not saved: fix Slug and 3 more" in screen_text(app)


async def test_after_a_save_the_cursor_is_on_what_was_saved_and_k_adds_under_it(
    small_store: Store, clock: FixedClock
) -> None:
    """In the trial, k right after adding PAY-2 still filled in PAY-1: the list's cursor
    stayed where it was. Now it follows the saved record, and o takes the team of the row
    under the cursor (an objective's or a KR's team, not only a team row's)."""
    from okrtui.domain.models import Team

    small_store.add_team(Team(code="OPS", name="Operations"))
    app = build_app(small_store, clock, None)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("plus")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, WriteOkrsScreen)
        screen._move_to(("kr", small_store.kr_by_ref("ENG-1.1").id))
        await pilot.press("o")
        await pilot.pause()
        assert form(app).query_one("#f-team", Input).value == "ENG"
        await pilot.press("tab")
        await type_text(pilot, "Ship without fear")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, WriteOkrsScreen)
        cycle = small_store.current_cycle()
        assert cycle is not None
        added = next(o for o in small_store.objectives(cycle.id) if o.title == "Ship without fear")
        row = app.screen.current_row()
        assert row is not None and (row.kind, row.id) == ("objective", added.id)
        await pilot.press("k")
        await pilot.pause()
        assert form(app).query_one("#f-objective", Input).value == added.ref


async def test_a_nobody_who_adds_a_person_is_asked_and_n_leaves_them_nobody(
    small_store: Store, clock: FixedClock
) -> None:
    """A newcomer's first session has no --me (their person does not exist yet): adding a
    person asks "is this you?"; yes makes the audit name them and the settings remember
    them; no changes nothing."""
    from okrtui.config import Settings, load_settings, settings_path
    from okrtui.tui.app import make_app

    app = make_app(small_store, clock, Settings(), remember_settings=True, live_refresh=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("plus")
        await settle(app, pilot)
        for handle, answer in (("zed", "n"), ("rosa", "y")):
            await pilot.press("p")
            await pilot.pause()
            await fill(pilot, handle, handle.title(), "")
            await settle(app, pilot)
            assert f"Is this you: {handle.title()} ({handle})?" in screen_text(app)
            await pilot.press(answer)
            await settle(app, pilot)
            assert isinstance(app.screen, WriteOkrsScreen)
        assert app.me_id == small_store.person_by_handle("rosa").id
        assert small_store.actor == "rosa"
        await pilot.press("p")
        await pilot.pause()
        await fill(pilot, "sam", "Sam", "")
        await settle(app, pilot)
        assert isinstance(app.screen, WriteOkrsScreen)  # somebody now: not asked again
    assert load_settings(settings_path()).user == "rosa"
    who = {e.entity_id: e.who for e in small_store.audit_log() if e.entity == "person"}
    assert who[small_store.person_by_handle("sam").id] == "rosa"
    assert who[small_store.person_by_handle("zed").id] == "tester"

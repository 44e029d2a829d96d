"""Presenter mode, help, themes and the live refresh of the dashboard."""

from __future__ import annotations

from datetime import timedelta

import pytest

from okrtui.clock import FixedClock
from okrtui.config import load_settings
from okrtui.domain.models import CheckIn
from okrtui.store import Store
from okrtui.tui.app import OkrApp
from okrtui.tui.messages import StoreChanged
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.screens.help import HelpScreen
from okrtui.tui.widgets.okr_table import OkrTable

from .conftest import build_app, screen_text, settle


async def test_presenter_mode_toggles_with_one_key(app: OkrApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(OkrTable)
        normal = len(table.rows)
        assert "owner" in screen_text(app)
        await pilot.press("p")
        assert app.has_class("-presenter") and table.presenter
        assert not app.screen.query_one("#filters").display or (
            app.screen.query_one("#filters").styles.display == "none"
        )
        assert len(table.rows) > normal  # space between teams
        assert "owner" not in screen_text(app)
        await pilot.press("p")
        assert not app.has_class("-presenter") and not table.presenter
        assert len(table.rows) == normal


async def test_help_lists_the_keys_with_what_they_do(app: OkrApp) -> None:
    async with app.run_test(size=(80, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "Where the cycle stands" in text
        for line in ("Search KRs", "Show one team only", "Presenter mode", "Quit", "Open KR"):
            assert line in text
        await pilot.press("escape")
        assert isinstance(app.screen, DashboardScreen)
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, DashboardScreen)


def test_every_binding_has_an_id_and_a_description() -> None:
    from okrtui.tui.screens.alignment import AlignmentScreen
    from okrtui.tui.screens.help import HelpScreen
    from okrtui.tui.screens.kr_detail import KRDetailScreen
    from okrtui.tui.screens.timeline import TimelineScreen
    from okrtui.tui.widgets.picker import PickerScreen

    for owner in (
        OkrApp,
        DashboardScreen,
        TimelineScreen,
        KRDetailScreen,
        AlignmentScreen,
        HelpScreen,
        OkrTable,
        PickerScreen,
    ):
        for binding in owner.BINDINGS:
            assert not isinstance(binding, tuple), owner
            assert binding.id and binding.description, (owner, binding)


def test_the_theme_is_remembered(demo_store: Store, demo_clock: FixedClock, me_id: int) -> None:
    """The app saves the theme picked in Textual's theme picker (`watch_theme`), and a new
    app starts with it. (The watcher is called directly: running an app in another theme
    leaves Textual's style caches coloured for the rest of the test session.)"""
    app = build_app(demo_store, demo_clock, me_id)
    app.watch_theme("textual-dark")
    assert load_settings().theme == "textual-dark"  # unchanged: nothing written
    app.remember_settings = True
    app.watch_theme("nord")
    assert load_settings().theme == "nord"
    quiet = build_app(demo_store, demo_clock, me_id)
    quiet.watch_theme("gruvbox")
    assert load_settings().theme == "nord"  # remember_settings=False never writes
    assert load_settings().theme in quiet.available_themes


@pytest.mark.parametrize("presenter", [False, True])
async def test_another_process_writes_and_the_dashboard_follows(
    demo_store: Store, other_store: Store, demo_clock: FixedClock, me_id: int, presenter: bool
) -> None:
    app = build_app(demo_store, demo_clock, me_id, presenter=presenter)
    kr = demo_store.kr_by_ref("GROW-1.1")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(OkrTable)
        assert table.move_to(("kr", kr.id))
        assert "3 off track" in screen_text(app)
        other_store.add_checkin(
            CheckIn(kr_id=kr.id, at=demo_clock.now() - timedelta(minutes=5), value=9, confidence=9)
        )
        app.screen.post_message(StoreChanged())
        await settle(app, pilot)
        assert "2 off track" in screen_text(app)
        row = table.current_row
        assert row is not None and row.kr is not None
        assert row.kr.id == kr.id and row.kr.confidence == 9

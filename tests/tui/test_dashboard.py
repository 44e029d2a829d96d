"""Pilot tests of the dashboard: what shows without a keystroke, filters, search, and
opening a KR."""

from __future__ import annotations

from concurrent.futures import Future

import pytest
from textual.widgets import Static

from okrtui.clock import FixedClock
from okrtui.domain.bands import DEFAULT_THRESHOLDS
from okrtui.store import Store
from okrtui.tui.app import OkrApp
from okrtui.tui.messages import StoreChanged
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.screens.kr_detail import KRDetailScreen
from okrtui.tui.widgets.okr_table import OkrTable
from okrtui.tui.widgets.picker import PickerScreen
from okrtui.views.dashboard import load_dashboard_soon

from .conftest import build_app, screen_text, settle


def shown_refs(app: OkrApp) -> list[str]:
    table = app.screen.query_one(OkrTable)
    return [row.kr.ref for row in table.rows if row.kr is not None]


async def test_risks_and_next_milestone_show_without_a_keystroke(app: OkrApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        text = screen_text(app)
        assert "Q4 2026" in text and "week 6 of 13" in text
        assert "next: Mid-cycle review" in text and "in 8d" in text
        assert "3 off track" in text and "13 at risk" in text
        assert "GROW-1.1 Trial-to-paid conversion" in text
        assert "NW-1.1" in text


async def test_enter_opens_the_kr_and_escape_comes_back(app: OkrApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(OkrTable)
        # a fresh dashboard starts on the first KR: the first Enter opens it
        assert table.current_row is not None and table.current_row.kind == "kr"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, KRDetailScreen)
        assert "NW-1.1  Monthly recurring revenue" in screen_text(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert app.screen.query_one(OkrTable).current_row.kr.ref == "NW-1.1"


async def test_team_filter_by_key(app: OkrApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("t")
        assert isinstance(app.screen, PickerScreen)
        # All teams, NW, CX, GROW, PLAT (organisation order, then by code).
        await pilot.press("down", "down", "down", "enter")
        await settle(app, pilot)
        assert shown_refs(app) and all(r.startswith("GROW-") for r in shown_refs(app))
        assert "team GROW" in screen_text(app)
        await pilot.press("escape")
        assert any(r.startswith("NW-") for r in shown_refs(app))


async def test_owner_band_and_mine_filters(app: OkrApp, demo_store: Store) -> None:
    ben = demo_store.person_by_handle("ben").id
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await pilot.press("m")
        mine = shown_refs(app)
        assert "GROW-1.1" in mine and "NW-1.1" not in mine
        assert "mine on" in screen_text(app)
        await pilot.press("m", "o")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("escape")
        assert screen.filter.owner_id is None
        screen.show_owner(ben)
        assert shown_refs(app) == mine
        await pilot.press("escape", "b")
        await pilot.press("down", "enter")  # Every band, Off track
        await settle(app, pilot)
        off = shown_refs(app)
        assert sorted(off) == ["CX-1.2", "GROW-1.1", "GROW-2.2"]


async def test_search_filters_as_you_type_and_escape_clears_it(app: OkrApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("slash", *"churn")
        assert shown_refs(app) == ["GROW-3.1", "GROW-3.2"]
        assert "GROW Growth  1 objective · 2 KRs" in screen_text(app)
        await pilot.press("enter")
        assert app.focused is app.screen.query_one(OkrTable)
        assert "search churn" in screen_text(app)
        await pilot.press("slash", "escape")
        assert len(shown_refs(app)) > 20
        await pilot.press("slash", *"zzz-nothing")
        assert shown_refs(app) == []
        assert "No KRs match these filters" in screen_text(app)


async def test_mouse_click_on_a_filter_and_a_kr(app: OkrApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.click("#chip-team")
        assert isinstance(app.screen, PickerScreen)
        await pilot.press("escape")
        table = app.screen.query_one(OkrTable)
        kr_row = next(i for i, r in enumerate(table.rows) if r.kind == "kr")
        await pilot.click(OkrTable, offset=(10, kr_row + 1), times=2)
        await settle(app, pilot)
        assert isinstance(app.screen, KRDetailScreen)


async def test_a_title_with_markup_is_shown_as_written(demo_store: Store, app: OkrApp) -> None:
    kr = demo_store.kr_by_ref("NW-1.1")
    demo_store.update_key_result(kr.id, title="[@click=app.quit]x[/] [b]bold?")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "[@click=app.quit]x[/] [b]bold?" in screen_text(app)
        await pilot.press("j")
        await pilot.click(OkrTable, offset=(20, 3))
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.is_running
        assert isinstance(app.screen, KRDetailScreen)
        assert "[@click=app.quit]x[/] [b]bold?" in screen_text(app)


def footer_text(app: OkrApp) -> str:
    return screen_text(app).splitlines()[-1]


async def test_footer_offers_the_ways_out_and_the_chips_show_the_filter_keys(
    app: OkrApp,
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        footer = footer_text(app)
        for shown in ("Open KR", "l Timeline", "a Alignment", "s Start meeting", "? Help"):
            assert shown in footer
        assert "Dashboard" not in footer and "Team" not in footer
        assert "t team all" in screen_text(app) and "/ search" in screen_text(app)
        await pilot.press("t")
        await settle(app, pilot)
        assert isinstance(app.screen, PickerScreen)  # hidden from the footer, still bound


async def test_a_main_screen_does_not_offer_its_own_key(app: OkrApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        footer = footer_text(app)
        assert "d Dashboard" in footer and "Timeline" not in footer
        await pilot.press("d")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        assert "Dashboard" not in footer_text(app)


async def test_the_first_frame_shows_the_data_read_before_the_app_started(
    demo_store: Store, demo_clock: FixedClock, me_id: int
) -> None:
    early = load_dashboard_soon(
        demo_store, demo_clock.now().date(), demo_clock.now(), DEFAULT_THRESHOLDS
    )
    renamed = early.result(timeout=10)._replace(organisation="Read before the start")
    app = build_app(demo_store, demo_clock, me_id)
    app.first_dashboard = Future()
    app.first_dashboard.set_result(renamed)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "Read before the start" in screen_text(app)
        assert app.first_dashboard is None
        app.screen.post_message(StoreChanged())
        await settle(app, pilot)
        assert "Northwind Labs" in screen_text(app)  # later reads go to the store


async def test_a_first_frame_of_the_first_teams_is_filled_once_drawn(
    demo_store: Store, demo_clock: FixedClock, me_id: int
) -> None:
    """A big organisation's first frame holds only its first teams; the rest is read
    right after it is drawn, without a key pressed."""
    early = load_dashboard_soon(
        demo_store, demo_clock.now().date(), demo_clock.now(), DEFAULT_THRESHOLDS, first_rows=5
    )
    first = early.result(timeout=10)
    assert not first.complete
    app = build_app(demo_store, demo_clock, me_id)
    app.first_dashboard = early
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await app.workers.wait_for_complete()
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.data is not None and screen.data.complete
        assert len(screen.data.teams) > len(first.teams)
        assert screen.data.summary == first.summary


async def test_a_double_click_on_another_kr_opens_it_once(app: OkrApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        table = app.screen.query_one(OkrTable)
        krs = [i for i, r in enumerate(table.rows) if r.kind == "kr"]
        await pilot.click(OkrTable, offset=(10, krs[1] + 1), times=2)
        await settle(app, pilot)
        assert isinstance(app.screen, KRDetailScreen)
        assert len(app.screen_stack) == 2


async def test_the_team_filter_scopes_the_attention_strip(app: OkrApp, demo_store: Store) -> None:
    plat = demo_store.team_by_code("PLAT")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        before = str(screen.query_one("#risk").render())
        assert "GROW-1.1" in before and "PLAT:" not in before
        screen.set_filter(team_id=plat.id)
        await settle(app, pilot)
        strip = str(screen.query_one("#risk").render()).splitlines()
        assert strip[0].startswith(" PLAT:")
        riskiest = [line for line in strip[1:] if line.strip()]
        assert riskiest and all("PLAT-" in line for line in riskiest)
        assert "GROW-" not in "\n".join(strip)
        await pilot.press("escape")
        await settle(app, pilot)
        assert str(screen.query_one("#risk").render()) == before


async def test_a_closed_cycle_says_closed_with_its_grades(
    demo_store: Store, demo_clock: FixedClock
) -> None:
    from okrtui.cycle import grade_kr
    from okrtui.domain.models import CycleStatus

    cycle = demo_store.current_cycle()
    assert cycle is not None
    for kr in demo_store.key_results(cycle.id):
        grade_kr(demo_store, kr.id, "0.5")
    demo_store.set_cycle_status(cycle.id, CycleStatus.CLOSED)
    app = build_app(demo_store, demo_clock, None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        line = screen_text(app).splitlines()[0]
        assert "Q4 2026 · closed · graded 0.5 Yellow, 25 of 25 KRs" in line
        assert "next:" not in line and "locked" not in line and "week" not in line
        strip = str(app.screen.query_one("#risk").render())
        assert strip.startswith(" Closed: confidence no longer moves") and "off track" not in strip


async def test_a_closed_cycle_timeline_says_closed_and_nothing_is_upcoming(
    demo_store: Store, demo_clock: FixedClock
) -> None:
    from okrtui.domain.models import CycleStatus

    cycle = demo_store.current_cycle()
    assert cycle is not None
    demo_store.set_cycle_status(cycle.id, CycleStatus.CLOSED)
    app = build_app(demo_store, demo_clock, None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        text = screen_text(app)
        assert "closed: grades final" in text and "locked" not in text
        assert "upcoming" not in text and "  next" not in text
        assert "not held (closed)" in text


async def test_a_very_big_cycles_first_frame_counts_its_strip_right_after(
    demo_store: Store, demo_clock: FixedClock, me_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above `STRIP_IN_FIRST_FRAME` KRs the first frame says the strip is being counted;
    it is read right after the frame is drawn, as the whole dashboard has it."""
    from okrtui.views import dashboard as view

    monkeypatch.setattr(view, "STRIP_IN_FIRST_FRAME", 10)  # the demo has 25 KRs
    now = demo_clock.now()
    full = view.load_dashboard(demo_store, now.date(), now, DEFAULT_THRESHOLDS)
    early = load_dashboard_soon(demo_store, now.date(), now, DEFAULT_THRESHOLDS, first_rows=5)
    first = early.result(timeout=10)
    assert first.summary_pending and first.summary == view.RiskSummary(0, 0, 0, ())
    assert view.whole_cycle_summary(demo_store, now.date(), now, DEFAULT_THRESHOLDS) == (
        full.summary
    )
    monkeypatch.setattr(DashboardScreen, "reload", lambda self: None)  # the strip alone
    app = build_app(demo_store, demo_clock, me_id)
    app.first_dashboard = early
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        await settle(app, pilot)
        assert screen.data is not None and not screen.data.complete
        assert not screen.data.summary_pending
        assert screen.data.summary == full.summary
        text = screen_text(app)
        assert "3 off track" in text and "13 at risk" in text
        assert "GROW-1.1 Trial-to-paid conversion" in text
        screen.data = first  # as the first frame had it
        screen._show_risk()
        strip = str(screen.query_one("#risk", Static).content)
        assert strip.strip() == "Counting the KRs that need attention…"


async def test_after_the_counted_strip_the_rest_of_the_rows_is_read(
    demo_store: Store, demo_clock: FixedClock, me_id: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    from okrtui.views import dashboard as view

    monkeypatch.setattr(view, "STRIP_IN_FIRST_FRAME", 10)
    now = demo_clock.now()
    early = load_dashboard_soon(demo_store, now.date(), now, DEFAULT_THRESHOLDS, first_rows=5)
    assert early.result(timeout=10).summary_pending
    full = view.load_dashboard(demo_store, now.date(), now, DEFAULT_THRESHOLDS)
    app = build_app(demo_store, demo_clock, me_id)
    app.first_dashboard = early
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):  # the strip, then the rows
            await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.data is not None and screen.data.complete
        assert screen.data.teams == full.teams and screen.data.summary == full.summary

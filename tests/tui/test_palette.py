"""The command palette: jump to KRs, people, teams, screens; meeting entries."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import OptionList

from okrtui.store import Store
from okrtui.tui.app import OkrApp
from okrtui.tui.palette import palette_entries
from okrtui.tui.screens.dashboard import DashboardScreen
from okrtui.tui.screens.kr_detail import KRDetailScreen
from okrtui.tui.screens.timeline import TimelineScreen
from okrtui.tui.widgets.okr_table import OkrTable

from .conftest import settle


async def _run(app: OkrApp, pilot, query: str) -> None:  # type: ignore[no-untyped-def]
    await pilot.press("ctrl+p")
    await pilot.pause()
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*query)
    # The palette searches in the background; wait until the best hit is the one asked for.
    for _ in range(100):
        await pilot.pause(0.02)
        hits = app.screen.query_one("CommandList", OptionList)
        if hits.option_count and query in str(hits.get_option_at_index(0).prompt):
            break
    await pilot.press("enter")
    await settle(app, pilot)


async def test_palette_jumps_to_a_kr(app: OkrApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await _run(app, pilot, "GROW-1.1 Trial-to-paid")
        assert isinstance(app.screen, KRDetailScreen)
        assert app.screen.detail is not None and app.screen.detail.kr.ref == "GROW-1.1"


async def test_palette_person_filters_the_dashboard(app: OkrApp, demo_store: Store) -> None:
    greta = demo_store.person_by_handle("greta").id
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        await _run(app, pilot, "Greta Lindqvist")
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert screen.filter.owner_id == greta
        rows = screen.query_one(OkrTable).rows
        assert all(
            r.kr.owner_id == greta or r.objective.owner_id == greta  # type: ignore[union-attr]
            for r in rows
            if r.kr is not None
        )


async def test_palette_opens_a_screen(app: OkrApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await _run(app, pilot, "Timeline")
        assert isinstance(app.screen, TimelineScreen)


def test_entries_cover_every_kind(app: OkrApp, demo_store: Store) -> None:
    entries = palette_entries(app)
    helps = {e.help.split(" ")[0] for e in entries}
    assert {"Screen:", "KR", "Objective", "Person:", "Team:", "Agenda"} <= helps
    texts = [e.text for e in entries]
    assert "Start meeting: Weekly check-in" in texts
    cycle = demo_store.current_cycle()
    assert cycle is not None
    krs = demo_store.key_results(cycle.id)
    assert sum(1 for e in entries if e.help.startswith("KR")) == len(krs)


async def test_a_title_with_markup_is_plain_in_the_palette(app: OkrApp, demo_store: Store) -> None:
    kr = demo_store.kr_by_ref("NW-1.1")
    demo_store.update_key_result(kr.id, title="[@click=app.quit]x[/]")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await _run(app, pilot, "NW-1.1")
        assert app.is_running
        assert isinstance(app.screen, KRDetailScreen)

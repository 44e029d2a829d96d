"""Snapshots of every dashboard-side screen at 80×24, 120×40 and 200×50, on the demo
organisation with a fixed clock and theme."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from okrtui.tui.app import OkrApp

from .conftest import SNAPSHOT_SIZES

SCREENS = {
    "dashboard": [],
    "timeline": ["l"],
    "kr_detail": ["enter"],
    "alignment": ["a"],
    "help": ["question_mark"],
    "presenter": ["p"],
    "search": ["slash", "c", "h", "u", "r", "n"],
    "start_meeting": ["s"],
    "write_okrs": ["plus"],
}


@pytest.mark.parametrize("size", [*SNAPSHOT_SIZES, (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(
    screen: str, size: tuple[int, int], app: OkrApp, snap_compare: Callable[..., bool]
) -> None:
    async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

    async def go(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        for key in SCREENS[screen]:
            await pilot.press(key)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=go)

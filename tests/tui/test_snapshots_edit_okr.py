"""Snapshots of the key-result form with the coach's warnings beside it, at 80×24, 120×40
and 200×50, on the demo organisation with a fixed clock and theme."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from okrtui.tui.app import OkrApp

from .conftest import SNAPSHOT_SIZES

KEYS = ["plus", "k", *"GROW-1", "enter", *"Hold", "space", *"workshops", "enter", "enter"]
KEYS += ["5", "enter", "5"]


@pytest.mark.parametrize("size", [*SNAPSHOT_SIZES, (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_kr_form_with_warnings(
    size: tuple[int, int], app: OkrApp, snap_compare: Callable[..., bool]
) -> None:
    async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()

    async def go(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        for key in KEYS:
            await pilot.press(key)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=go)

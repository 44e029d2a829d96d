"""The alignment tree screen."""

from __future__ import annotations

from textual.widgets import Tree

from okrtui.tui.app import OkrApp
from okrtui.tui.screens.alignment import AlignmentScreen
from okrtui.tui.screens.kr_detail import KRDetailScreen

from .conftest import screen_text, settle


async def test_tree_follows_alignment_and_opens_krs(app: OkrApp) -> None:
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(app.screen, AlignmentScreen)
        tree = app.screen.query_one("#alignment-tree", Tree)
        root = tree.root
        top = [str(child.label) for child in root.children]
        assert "NW-1 Grow recurring revenue" in top[0]
        text = screen_text(app)
        assert "Northwind Labs" in text
        # GROW-1 supports NW-1, so it sits under it.
        nw1 = next(c for c in root.children if "NW-1 " in str(c.label))
        assert any("GROW-1 " in str(c.label) for c in nw1.children)
        # Down to the first KR, then Enter opens it.
        await pilot.press("down", "down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, KRDetailScreen)
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("c")
        assert not any(c.is_expanded for c in tree.root.children)
        # A reload (another process wrote) keeps what was folded.
        app.screen.reload()
        await settle(app, pilot)
        assert not any(c.is_expanded for c in tree.root.children)
        await pilot.press("e")
        assert all(c.is_expanded for c in tree.root.children)

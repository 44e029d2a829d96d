"""The first screen: the cycle and where it stands."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Static

from okrtui.domain.calendar import week_label


class HomeScreen(Screen[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="cycle")
        yield Footer()

    def on_mount(self) -> None:
        from okrtui.tui.app import OkrApp

        app = self.app
        assert isinstance(app, OkrApp)
        cycle = app.store.current_cycle()
        text = (
            "No cycle yet"
            if cycle is None
            else (f"{cycle.name} — {week_label(cycle, app.today())}")
        )
        self.query_one("#cycle", Static).update(Content(text))

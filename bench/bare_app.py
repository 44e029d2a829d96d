"""The baseline: a bare Textual app (Header, Static, Footer), started like okrtui is."""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

MARKER = "week 6 of 13"


class BareApp(App[None]):
    BINDINGS = [("q", "quit", "Quit")]  # noqa: RUF012

    def __init__(self, text: str = MARKER) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.text, id="text", markup=False)
        yield Footer()


if __name__ == "__main__":
    BareApp(sys.argv[1] if len(sys.argv) > 1 else MARKER).run()

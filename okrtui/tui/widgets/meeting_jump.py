"""`g` then a step number: the agenda as a numbered list, one digit jumps."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Static

from okrtui.text import clean_line
from okrtui.tui.widgets.meeting_form import DIALOG_CSS


class JumpModal(ModalScreen[int | None]):
    """Dismisses with the chosen step's position (0-based), or None."""

    DEFAULT_CSS = DIALOG_CSS.format(name="JumpModal")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Cancel", id="jump.cancel"),
    ]

    def __init__(self, titles: Sequence[str], current: int) -> None:
        super().__init__()
        self.titles = list(titles)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("Go to step: press its number"), classes="dialog-title")
            for i, title in enumerate(self.titles[:9]):
                mark = "▶" if i == self.current else " "
                yield Static(Content(f"{mark} {i + 1}  {clean_line(title)}"))
            yield Static(Content("1–9: go · Esc: stay here"), classes="dialog-hint")

    def on_key(self, event: Key) -> None:
        if event.character and event.character.isdigit():
            event.stop()
            number = int(event.character)
            if 1 <= number <= len(self.titles):
                self.dismiss(number - 1)
            else:
                self.notify(f"There is no step {number}.", severity="warning", markup=False)

"""The current step's prompt, under its title: the agenda's own words for the facilitator.

An agenda is a user's TOML file, so a prompt may be a paragraph. It wraps, and all of it
shows up to the rows the meeting's style allows (`#step-prompt`'s max-height); a longer
one scrolls, and the scrollbar says there is more.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static


class StepPrompt(VerticalScroll, can_focus=False):
    DEFAULT_CSS = """
    StepPrompt { height: auto; scrollbar-size-vertical: 1; }
    StepPrompt > Static { width: 1fr; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="step-prompt-text")

    def show(self, text: str) -> None:
        """Show `text` (user text, never markup) from its first line; no text, no rows."""
        self.query_one("#step-prompt-text", Static).update(Content(text))
        self.display = bool(text)
        self.scroll_home(animate=False)

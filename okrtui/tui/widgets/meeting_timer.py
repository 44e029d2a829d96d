"""A countdown for the step and for the meeting: normal, amber in the last minute, red and
counting the overrun after."""

from __future__ import annotations

import math
from typing import Literal

from textual.content import Content
from textual.widgets import Static

TimerState = Literal["normal", "amber", "over"]

AMBER_SECONDS = 60.0


def clock_text(seconds: float) -> str:
    """`mm:ss`, or `h:mm:ss` from an hour; whole seconds, rounded down."""
    total = max(0, math.floor(seconds))
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def timer_state(remaining: float) -> TimerState:
    if remaining < 0:
        return "over"
    if remaining <= AMBER_SECONDS:
        return "amber"
    return "normal"


def timer_text(label: str, remaining: float) -> str:
    """`Step 03:12 left`, or `Step +01:05 over` once the planned time has run out."""
    if remaining < 0:
        return f"{label} +{clock_text(math.ceil(-remaining))} over"
    return f"{label} {clock_text(math.ceil(remaining))} left"


class MeetingTimer(Static):
    """One countdown line; the owner calls `show` every second."""

    DEFAULT_CSS = """
    MeetingTimer {
        width: auto;
        padding: 0 1;
        text-style: bold;
        color: $text;
        background: $success 25%;
    }
    MeetingTimer.-amber { background: $warning 60%; color: $text; }
    MeetingTimer.-over { background: $error 70%; color: $text; }
    """

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.state: TimerState = "normal"
        self._text = ""

    def show(self, remaining: float) -> None:
        """Show `remaining`; a no-op when the text and colour are already on screen, and
        no layout unless the text's width changes (the timer is as wide as its text)."""
        state = timer_state(remaining)
        text = timer_text(self.label, remaining)
        if (state, text) == (self.state, self._text):
            return
        self.state = state
        self.set_class(state == "amber", "-amber")
        self.set_class(state == "over", "-over")
        self.update(Content(text), layout=len(text) != len(self._text))
        self._text = text

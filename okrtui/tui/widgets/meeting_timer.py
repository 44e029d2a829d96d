"""A countdown for the step and for the meeting: normal, amber in the last minute, red and
counting the overrun after."""

from __future__ import annotations

import math
from typing import Literal

from rich.cells import cell_len
from rich.segment import Segment
from textual.app import ComposeResult
from textual.content import Content
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget
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


class TickText(Widget):
    """A piece of a timer that changes on its own. The terminal gets a changed widget from
    its left edge up to the last character that changed; the seconds are therefore a widget
    of their own (followed by a space, so the piece after them is not touched), and a tick
    costs a few dozen bytes over SSH, not the line."""

    DEFAULT_CSS = "TickText { width: auto; height: 1; }"

    def __init__(self) -> None:
        super().__init__()
        self.text = ""

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return cell_len(self.text)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1

    def render_line(self, y: int) -> Strip:
        style = self.rich_style
        return Strip([Segment(self.text, style)]).extend_cell_length(self.size.width, style)

    def show(self, text: str) -> None:
        before, self.text = self.text, text
        if len(text) != len(before):
            self.refresh(layout=True)
            return
        changed = [x for x, (old, new) in enumerate(zip(before, text, strict=True)) if old != new]
        if changed:
            self.refresh(Region(0, 0, changed[-1] + 1, 1))


class MeetingTimer(Widget):
    """One countdown line: `Step 03:12 left`; the owner calls `show` every second."""

    DEFAULT_CSS = """
    MeetingTimer {
        layout: horizontal;
        width: auto;
        height: 1;
        padding: 0 1;
        text-style: bold;
        color: $text;
        background: $success 25%;
    }
    MeetingTimer > Static { width: auto; }
    MeetingTimer.-amber { background: $warning 60%; color: $text; }
    MeetingTimer.-over { background: $error 70%; color: $text; }
    """

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label
        self.state: TimerState = "normal"
        self.text = ""
        """What the timer shows now, e.g. `Step 03:12 left`."""
        self._tail = ""

    def compose(self) -> ComposeResult:
        yield Static(Content(f"{self.label} "))
        yield TickText()  # minutes, and hours from an hour
        yield TickText()  # seconds
        yield Static(id="timer-tail")

    def show(self, remaining: float) -> None:
        """Show `remaining`: nothing when the text and colour are on screen already, else
        only the clock's changed characters, unless the colour or the wording changes."""
        state = timer_state(remaining)
        text = timer_text(self.label, remaining)
        if (state, text) == (self.state, self.text):
            return
        self.text = text
        if state != self.state:
            self.state = state
            self.set_class(state == "amber", "-amber")
            self.set_class(state == "over", "-over")
        clock, _, tail = text.removeprefix(f"{self.label} ").rpartition(" ")
        if tail != self._tail:
            self._tail = tail
            self.query_one("#timer-tail", Static).update(Content(tail))
        minutes, seconds = self.query(TickText)
        minutes.show(clock[:-2])
        seconds.show(f"{clock[-2:]} ")

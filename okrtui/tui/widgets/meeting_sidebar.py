"""The agenda down the side of the meeting: each step with its planned and actual minutes and
whether it is done, current, upcoming or skipped. Clicking a step asks to jump to it."""

from __future__ import annotations

import math
from collections.abc import Sequence

from textual.app import ComposeResult
from textual.content import Content, Span
from textual.events import Click
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from okrtui.agenda import format_minutes
from okrtui.domain.models import StepStatus
from okrtui.meeting.session import StepTiming
from okrtui.text import clean_line
from okrtui.tui.widgets.meeting_timer import clock_text

STATUS_MARK: dict[StepStatus, str] = {
    StepStatus.DONE: "✓",
    StepStatus.CURRENT: "▶",
    StepStatus.PENDING: "·",
    StepStatus.SKIPPED: "↷",
}


COMPACT_WIDTH = 10
"""Below this many cells a step row shows its mark, number and minutes, not its title."""


def step_row_text(timing: StepTiming, *, compact: bool = False) -> Content:
    """`▶ 2 KR round` then `15m · 03:12` (planned, then actual when any time was spent);
    compact: `▶ 2` then `15m`, or the time spent once there is any.

    The current step's time is counted in whole minutes (`15m · 3m so far`; compact: `15m`):
    the step timer counts its seconds, and a row redrawn every second would cost a few
    hundred bytes a second over SSH."""
    mark = STATUS_MARK[timing.status]
    planned = f"{format_minutes(timing.planned_seconds / 60)}m"
    actual = timing.actual_seconds
    if timing.status is StepStatus.CURRENT:
        spent = f" · {math.floor(actual / 60)}m so far" if actual >= 60 and not compact else ""
    else:
        spent = f" · {clock_text(actual)}" if actual >= 1 else ""
    over = actual > timing.planned_seconds and actual >= 1
    if compact:
        return Content.assemble(
            (f"{mark} {timing.position + 1}", "bold"),
            "\n",
            (spent[3:] or planned, "$text-error" if over else "$text-muted"),
        )
    return Content.assemble(
        (f"{mark} {timing.position + 1} ", "bold"),
        Content(clean_line(timing.title)),
        "\n   ",
        (planned, "$text-muted"),
        (spent, "$text-error" if over else "$text-muted"),
    )


class StepRow(Static):
    def __init__(self, position: int) -> None:
        super().__init__(classes="step-row")
        self.position = position
        self._shown: tuple[StepStatus, str, tuple[Span, ...]] | None = None
        self._timing: StepTiming | None = None

    @property
    def compact(self) -> bool:
        width = self.size.width
        return 0 < width < COMPACT_WIDTH

    def on_resize(self) -> None:
        if self._timing is not None:
            self.show(self._timing)

    def show(self, timing: StepTiming) -> None:
        """Show `timing`, unless it is on screen already; lay the screen out again only
        when the row's height may change (a layout redraws every widget on the screen)."""
        self._timing = timing
        content = step_row_text(timing, compact=self.compact)
        shown = (timing.status, content.plain, tuple(content.spans))
        if shown == self._shown:
            return
        self._shown = shown
        for status in StepStatus:
            self.set_class(timing.status is status, f"-{status.value}")
        size = self.size
        self.update(content, layout=False)
        if not size.width or self.get_content_height(size, size, size.width) != size.height:
            self.refresh(layout=True)

    def on_click(self, event: Click) -> None:
        event.stop()
        self.post_message(MeetingSidebar.StepClicked(self.position))


class MeetingSidebar(Widget):
    """Attributes down (`show(timings)`), a message up when a step is clicked."""

    DEFAULT_CSS = """
    MeetingSidebar { height: auto; }
    MeetingSidebar .step-row { padding: 0 1; margin-bottom: 1; }
    MeetingSidebar .step-row.-current { background: $accent 30%; text-style: bold; }
    MeetingSidebar .step-row.-done { color: $text-muted; }
    MeetingSidebar .step-row.-skipped { color: $text-disabled; text-style: strike; }
    """

    class StepClicked(Message):
        def __init__(self, position: int) -> None:
            super().__init__()
            self.position = position

    def __init__(self, step_count: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.step_count = step_count

    def compose(self) -> ComposeResult:
        for position in range(self.step_count):
            yield StepRow(position)

    def show(self, timings: Sequence[StepTiming]) -> None:
        for row, timing in zip(self.query(StepRow), timings, strict=False):
            row.show(timing)

"""The cycle drawn across the width: weeks, milestones (numbered), today, meetings held;
and the milestones as a list. The meeting runner's timeline step uses both."""

from __future__ import annotations

from datetime import date

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from okrtui.tui.text import plain
from okrtui.views.format import in_days, short_date
from okrtui.views.timeline import MilestoneView, TimelineData

STATE_STYLE = {"done": "$text-muted", "next": "bold $text-warning", "upcoming": "$text-primary"}
STATE_LABEL = {"done": "done", "next": "next", "upcoming": "upcoming"}


def _x(data: TimelineData, on: date, width: int) -> int:
    span = max(1, (data.cycle.end - data.cycle.start).days)
    days = min(max((on - data.cycle.start).days, 0), span)
    return round(days / span * (width - 1))


def _place(line: list[tuple[str, str]], x: int, text: str, style: str) -> None:
    """Write `text` into `line` at `x` (shifted left to fit), over what was there."""
    x = max(0, min(x, len(line) - len(text)))
    for i, ch in enumerate(text):
        line[x + i] = (ch, style)


def _content(line: list[tuple[str, str]]) -> Content:
    return Content.assemble(*line).simplify()


def timeline_lines(data: TimelineData, width: int) -> list[Content]:
    """Five lines: dates, weeks, the axis with today, milestone numbers, meetings held."""
    width = max(20, width)

    def empty(fill: str = " ", style: str = "") -> list[tuple[str, str]]:
        return [(fill, style)] * width

    dates = empty()
    start, end = short_date(data.cycle.start), short_date(data.cycle.end)
    _place(dates, 0, start, "$text-muted")
    _place(dates, width - len(end), end, "$text-muted")
    today_x = _x(data, data.today, width)
    inside = data.cycle.start <= data.today <= data.cycle.end
    if inside:
        label = f"today {short_date(data.today)}"
        lx = today_x - len(label) // 2
        if len(start) < lx and lx + len(label) < width - len(end) - 1:
            _place(dates, lx, label, "bold $text-accent")
        else:
            _place(dates, today_x, "today", "bold $text-accent")

    weeks = empty()
    axis = empty("─", "$text-muted")
    step = max(1, -(-3 * data.weeks // width))
    for w in range(1, data.weeks + 1):
        week_start = data.cycle.start.toordinal() + 7 * (w - 1)
        x = _x(data, date.fromordinal(week_start), width)
        axis[x] = ("┼" if w > 1 else "├", "$text-muted")
        if (w - 1) % step == 0:
            _place(weeks, x, str(w), "bold" if w == _week_number(data) else "$text-muted")
    axis[-1] = ("┤", "$text-muted")
    if inside:
        axis[today_x] = ("▼", "bold $text-accent")

    marks = empty()
    for m, x in zip(data.milestones, _spread(data, width), strict=True):
        _place(marks, x, str(m.number), f"reverse {STATE_STYLE[m.state]}")

    held = empty()
    for meeting in data.meetings:
        if data.cycle.start <= meeting.on <= data.cycle.end:
            held[_x(data, meeting.on, width)] = ("●", "$text-success")

    return [_content(dates), _content(weeks), _content(axis), _content(marks), _content(held)]


def _spread(data: TimelineData, width: int) -> list[int]:
    """Where each milestone's number goes: at its date, nudged so that numbers of
    milestones days apart keep a space between them and stay inside the line."""
    xs: list[int] = []
    free = 0
    for m in data.milestones:
        x = max(_x(data, m.milestone.on, width), free)
        xs.append(x)
        free = x + len(str(m.number)) + 1
    limit = width
    for i in range(len(xs) - 1, -1, -1):
        xs[i] = max(0, min(xs[i], limit - len(str(data.milestones[i].number))))
        limit = xs[i] - 1
    return xs


def _week_number(data: TimelineData) -> int:
    return max(1, min(data.weeks, (data.today - data.cycle.start).days // 7 + 1))


class TimelineStrip(Widget):
    """The cycle across the full width; give it a `TimelineData`."""

    DEFAULT_CSS = """
    TimelineStrip { height: 5; }
    """

    data: reactive[TimelineData | None] = reactive(None, layout=True)

    def __init__(self, data: TimelineData | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(TimelineStrip.data, data)

    def render(self) -> RenderResult:
        if self.data is None:
            return Content("No cycle")
        return Content("\n").join(timeline_lines(self.data, self.content_region.width))


def milestone_line(m: MilestoneView, title_width: int, *, closed: bool = False) -> Content:
    """One milestone; in a closed cycle one not yet held reads `not held (closed)`, never
    `next` or `upcoming`."""
    style = STATE_STYLE[m.state]
    label = STATE_LABEL[m.state]
    if closed and m.state != "done":
        style, label = "$text-muted", "not held (closed)"
    return Content.assemble(
        (f" {m.number} ", f"reverse {style}"),
        " ",
        (f"{m.milestone.on:%a %d %b}".ljust(11), ""),
        plain(m.milestone.title)
        .stylize("bold" if m.state == "next" else "")
        .truncate(title_width, ellipsis=True, pad=True),
        " ",
        (in_days(m.days).rjust(8), "$text-muted" if m.state == "done" else ""),
        "  ",
        (label, style),
        (" (held)" if m.milestone.held_on is not None else "", "$text-muted"),
    )


class MilestoneList(Widget):
    """The cycle's milestones, one line each: number, date, title, days to go, state."""

    DEFAULT_CSS = """
    MilestoneList { height: auto; }
    """

    data: reactive[TimelineData | None] = reactive(None, layout=True)

    def __init__(self, data: TimelineData | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(MilestoneList.data, data)

    def render(self) -> RenderResult:
        if self.data is None:
            return Content("")
        if not self.data.milestones:
            return Content.styled("No milestones in this cycle", "$text-muted")
        title_width = max(10, min(40, self.content_region.width - 40))
        closed = self.data.cycle.status.value == "closed"
        return Content("\n").join(
            milestone_line(m, title_width, closed=closed) for m in self.data.milestones
        )

"""The cycle's timeline: weeks, milestones, today and the meetings held, then the
milestones as a list."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from okrtui.tui.screens.base import OkrScreen, help_only
from okrtui.tui.text import plain
from okrtui.tui.widgets.timeline import MilestoneList, TimelineStrip
from okrtui.views.timeline import TimelineData, load_timeline


def title_content(data: TimelineData | None) -> Content:
    if data is None:
        return Content.styled(
            "No cycle yet: press + to write your OKRs, or run `okrtui demo` to look around", "bold"
        )
    c = data.cycle
    if c.status.value == "closed":
        lock = ("closed: grades final, no milestone to come", "bold $text-warning")
    elif c.locked:
        lock = ("locked: dates fixed", "$text-warning")
    else:
        lock = ("not locked: dates may move", "$text-muted")
    return Content.assemble(
        plain(c.name).stylize("bold $text-accent"),
        f" · {c.start:%d %b} – {c.end:%d %b %Y} · ",
        (data.week, "bold"),
        " · ",
        lock,
    )


def legend_content(data: TimelineData | None) -> Content:
    held = 0 if data is None else len(data.meetings)
    return Content.assemble(
        ("▼", "bold $text-accent"),
        " today   ",
        (" n ", "reverse $text-warning"),
        " milestone n (next in amber)   ",
        ("●", "$text-success"),
        f" meeting held ({held} so far)",
    )


class TimelineScreen(OkrScreen[TimelineData | None]):
    PURPOSE = (
        "The cycle across the screen: its weeks, its milestones (numbered as in the list "
        "below), today, and the meetings held so far; then each milestone with its date, "
        "days to go and whether it is done, next or upcoming."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="timeline.back"),
        *help_only(OkrScreen.BINDINGS, "nav.start_meeting"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="timeline-body"):
            yield Static(id="timeline-title", markup=False)
            yield TimelineStrip(id="timeline-strip")
            yield Static(id="timeline-legend", markup=False)
            yield Static("Milestones", classes="section", markup=False)
            yield MilestoneList(id="milestones")
        yield Footer()

    def load(self) -> TimelineData | None:
        return load_timeline(self.okr.store, self.okr.today())

    def show(self, data: TimelineData | None) -> None:
        self.query_one("#timeline-title", Static).update(title_content(data))
        self.query_one("#timeline-legend", Static).update(legend_content(data))
        self.query_one(TimelineStrip).data = data
        self.query_one(MilestoneList).data = data

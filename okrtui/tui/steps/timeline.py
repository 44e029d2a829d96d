"""The cycle's milestones with a marker for today (the current cycle, or the next one when
the step says `cycle = "next"`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from okrtui.domain.models import Cycle
from okrtui.meeting.scope import step_options
from okrtui.text import clean_line
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.widgets.meeting_kit import today_of
from okrtui.tui.widgets.timeline import MilestoneList, TimelineStrip
from okrtui.views.timeline import load_timeline


class TimelinePanel(StepPanel):
    KIND = "timeline"
    can_focus = True

    DEFAULT_CSS = """
    TimelinePanel { height: 1fr; }
    TimelinePanel #timeline-title { text-style: bold; padding: 0 1; }
    TimelinePanel TimelineStrip { margin: 1 0; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="timeline-title")
        with VerticalScroll(can_focus=False):
            yield TimelineStrip()
            yield MilestoneList()

    def on_mount(self) -> None:
        self.refresh_data()

    def _cycle(self) -> Cycle | None:
        store = self.session.store
        current = store.cycle(self.session.meeting.cycle_id)
        if step_options(self.step).get("cycle") != "next":
            return current
        later = [c for c in store.cycles() if c.start > current.start]
        return later[0] if later else None

    def refresh_data(self) -> None:
        cycle = self._cycle()
        title = self.query_one("#timeline-title", Static)
        if cycle is None:
            title.update(Content("There is no next cycle yet."))
            self.query_one(TimelineStrip).data = None
            self.query_one(MilestoneList).data = None
            return
        data = load_timeline(self.session.store, today_of(self.session), cycle)
        span = f"{cycle.start:%d %b} → {cycle.end:%d %b %Y}"
        title.update(Content(f"{clean_line(cycle.name)} · {span}"))
        self.query_one(TimelineStrip).data = data
        self.query_one(MilestoneList).data = data

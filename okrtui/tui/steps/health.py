"""The health-check step: the OKR health findings for the meeting's scope, warnings first.

The findings come from `okrtui.meeting.health_report.health_findings` (the same as
`okrtui health` and the cycle report), read again whenever the data changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from okrtui.clock import local_today
from okrtui.domain.health import HealthFinding
from okrtui.domain.models import MeetingStep
from okrtui.meeting.health_report import health_findings
from okrtui.meeting.markdown import clean_line
from okrtui.meeting.scope import scope_name, step_options
from okrtui.meeting.session import MeetingSession
from okrtui.tui.steps.base import StepPanel

GROUPS: tuple[tuple[str, str, str], ...] = (
    ("warning", "Warnings", "$text-warning"),
    ("info", "Notes", "$text-primary"),
)
SUBJECT_WIDTH = 12


def render_findings(findings: Sequence[HealthFinding]) -> Content:
    """The findings grouped by severity, each line led by its subject (a ref or a code)."""
    if not findings:
        return Content.styled("No findings: this OKR set looks healthy.", "$text-success")
    width = min(SUBJECT_WIDTH, max(len(clean_line(f.subject)) for f in findings))
    lines: list[Content] = []
    for severity, heading, style in GROUPS:
        chosen = [f for f in findings if f.severity == severity]
        if not chosen:
            continue
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(f"{heading} ({len(chosen)})", f"bold {style}"))
        for finding in chosen:
            subject = clean_line(finding.subject)
            lines.append(
                Content.assemble(
                    ("▪ ", style),
                    (f"{subject:<{width}}", "bold"),
                    "  ",
                    Content(clean_line(finding.message)),
                )
            )
    return Content("\n").join(lines)


class HealthPanel(StepPanel):
    KIND = "health"

    DEFAULT_CSS = """
    HealthPanel { height: 1fr; }
    HealthPanel #health-head { padding: 0 1; text-style: bold; }
    HealthPanel #health-scroll { height: 1fr; padding: 0 1; }
    HealthPanel #health-scroll:focus { background-tint: $foreground 3%; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Check again", id="health.reload"),
    ]

    def __init__(
        self,
        session: MeetingSession,
        step: MeetingStep,
        *,
        me_id: int | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(session, step, me_id=me_id, id=id, classes=classes)
        self.all_teams = (
            step_options(step).get("scope") == "all" or session.meeting.team_id is None
        )
        self.findings: list[HealthFinding] = []

    def compose(self) -> ComposeResult:
        yield Static(id="health-head")
        with VerticalScroll(id="health-scroll"):
            yield Static(id="health-body")

    def on_mount(self) -> None:
        self.refresh_data()

    def focus_first(self) -> None:
        self.query_one("#health-scroll", VerticalScroll).focus()

    def refresh_data(self) -> None:
        store, meeting = self.session.store, self.session.meeting
        cycle = store.cycle(meeting.cycle_id)
        team_id = None if self.all_teams else meeting.team_id
        today = local_today(self.session.clock, store.timezone)
        self.findings = health_findings(store, cycle, team_id, today=today)
        warnings = sum(f.severity == "warning" for f in self.findings)
        notes = len(self.findings) - warnings
        head = (
            f"OKR health check · {clean_line(cycle.name)} · {scope_name(store, team_id)} · "
            f"{warnings} warning{'' if warnings == 1 else 's'}, "
            f"{notes} note{'' if notes == 1 else 's'}"
        )
        self.query_one("#health-head", Static).update(Content(head))
        self.query_one("#health-body", Static).update(render_findings(self.findings))

    def action_reload(self) -> None:
        self.refresh_data()

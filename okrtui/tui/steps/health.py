"""The health-check step: the OKR health findings for the meeting's scope, warnings first.

The findings come from `okrtui.meeting.health_report.health_findings` (the same as
`okrtui health` and the cycle report), read again whenever the data changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from okrtui.clock import local_today
from okrtui.domain.health import HealthFinding
from okrtui.meeting.health_report import health_findings
from okrtui.meeting.scope import scope_name
from okrtui.text import clean_line
from okrtui.tui.steps.base import StepPanel

GROUPS: tuple[tuple[str, str, str], ...] = (
    ("warning", "Warnings", "$text-warning"),
    ("info", "Notes", "$text-primary"),
)
SUBJECT_WIDTH = 12


def finding_rows(findings: Sequence[HealthFinding]) -> list[Widget]:
    """The findings grouped by severity: a heading per group, then one row per finding with
    its subject (a ref or a code) beside a message that wraps under itself."""
    if not findings:
        return [
            Static(
                Content.styled("No findings: this OKR set looks healthy.", "$text-success"),
                classes="health-heading",
            )
        ]
    width = min(SUBJECT_WIDTH, max(len(clean_line(f.subject)) for f in findings))
    rows: list[Widget] = []
    for severity, heading, style in GROUPS:
        chosen = [f for f in findings if f.severity == severity]
        if not chosen:
            continue
        rows.append(
            Static(
                Content.styled(f"{heading} ({len(chosen)})", f"bold {style}"),
                classes="health-heading",
            )
        )
        for finding in chosen:
            subject = Static(
                Content.assemble(("▪ ", style), (clean_line(finding.subject), "bold")),
                classes="health-subject",
            )
            subject.styles.width = width + 4
            message = Static(Content(clean_line(finding.message)), classes="health-message")
            rows.append(Horizontal(subject, message, classes=f"health-finding -{severity}"))
    return rows


class HealthPanel(StepPanel):
    KIND = "health"

    DEFAULT_CSS = """
    HealthPanel { height: 1fr; }
    HealthPanel #health-head { padding: 0 1; text-style: bold; }
    HealthPanel #health-scroll { height: 1fr; padding: 0 1; }
    HealthPanel #health-scroll:focus { background-tint: $foreground 3%; }
    HealthPanel .health-heading { margin-top: 1; }
    HealthPanel .health-finding { height: auto; }
    HealthPanel .health-message { width: 1fr; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reload", "Check again", id="health.reload"),
    ]

    def init_state(self) -> None:
        self.findings: list[HealthFinding] = []

    def compose(self) -> ComposeResult:
        yield Static(id="health-head")
        yield VerticalScroll(id="health-scroll")

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
        scroll = self.query_one("#health-scroll", VerticalScroll)
        with self.app.batch_update():
            scroll.remove_children()
            scroll.mount_all(finding_rows(self.findings))

    def action_reload(self) -> None:
        self.refresh_data()

"""After the meeting: what it recorded and its time against the plan; `w` writes the notes."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from okrtui.agenda import format_minutes
from okrtui.meeting.session import MeetingSession, MeetingSummary
from okrtui.text import clean_line
from okrtui.tui.widgets.meeting_timer import clock_text
from okrtui.tui.words import plural

if TYPE_CHECKING:
    from okrtui.domain.models import Meeting
    from okrtui.meeting.report import CloseGaps
    from okrtui.store import Store


def _over(actual: float, planned: float) -> str:
    diff = actual - planned
    if abs(diff) < 1:
        return "on time"
    sign = "+" if diff > 0 else "−"
    return f"{sign}{clock_text(abs(diff))} {'over' if diff > 0 else 'under'}"


def summary_content(summary: MeetingSummary, team_label: str) -> Content:
    m = summary.meeting
    changes = ", ".join(f"{c.kr.ref} {c.before}→{c.after}" for c in summary.confidence_changes)
    lines: list[Content] = [
        Content.assemble(
            ("Meeting ended: ", "bold"), (clean_line(m.title), "bold $accent"), f" · {team_label}"
        ),
        Content(""),
        Content(
            f"KRs updated      {len(summary.krs_updated)}"
            + (f"   confidence changed: {changes}" if changes else "")
        ),
        Content(
            f"Blockers         {len(summary.blockers_raised)} raised, "
            f"{len(summary.blockers_resolved)} resolved"
        ),
        Content(f"Wins             {len(summary.wins)}"),
        Content(
            f"Actions          {len(summary.actions_added)} added, {len(summary.actions_done)} done"
        ),
        Content(""),
        Content.styled("Time against plan", "bold"),
    ]
    for step in summary.steps:
        status = "skipped" if step.status.value == "skipped" else ""
        lines.append(
            Content(
                f"  {step.position + 1}  {clean_line(step.title)[:28]:<28} "
                f"{format_minutes(step.planned_seconds / 60):>4}m  "
                f"{clock_text(step.actual_seconds):>7}  {status}"
            )
        )
    lines.append(
        Content(
            f"     {'Whole meeting':<28} {format_minutes(summary.planned_seconds / 60):>4}m  "
            f"{clock_text(summary.actual_seconds):>7}  "
            f"{_over(summary.actual_seconds, summary.planned_seconds)}"
        )
    )
    return Content("\n").join(lines)


def between_lines(store: Store, meeting: Meeting, cycle_close: bool) -> list[Content]:
    """The meeting's decisions, the objectives it agreed, how many KRs were in before it,
    and at a cycle close how well confidence predicted the grades (issue 19)."""
    from okrtui.clock import local_today
    from okrtui.meeting.async_round import round_closing
    from okrtui.meeting.between import calibration_lines
    from okrtui.meeting.notes import agreed_summary
    from okrtui.views.calibration import load_calibration

    decided = len(store.decisions(meeting.cycle_id, meeting_id=meeting.id))
    lines = [Content(""), Content(f"Decisions        {decided}")]
    agreed = agreed_summary(store, meeting)
    if agreed is not None:
        lines.append(Content(f"Agreed           {agreed}"))
    closing = round_closing(store, meeting)
    if closing is not None:
        lines.append(Content(closing))
    if cycle_close:
        today = local_today(store.clock, store.timezone)
        calibration = load_calibration(store, store.cycle(meeting.cycle_id), today)
        lines += [Content(line) for line in calibration_lines(calibration)]
    return lines


class MeetingSummaryScreen(Screen[None]):
    CSS_PATH = "../styles/meeting.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "write_notes", "Write notes", id="summary.write_notes"),
        Binding("c", "close_cycle", "Close the cycle", id="summary.close_cycle"),
        Binding("escape,enter", "close", "Close", key_display="Esc", id="summary.close"),
    ]

    def __init__(self, session: MeetingSession) -> None:
        super().__init__()
        self.session = session

    @property
    def closes_a_cycle(self) -> bool:
        """A cycle-close meeting ends by offering to close its cycle."""
        return self.session.template.kind == "cycle-close" and (
            self.session.store.cycle(self.session.meeting.cycle_id).status.value != "closed"
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "close_cycle":
            return self.closes_a_cycle
        return True

    def compose(self) -> ComposeResult:
        hint = "w: write the Markdown notes to a file · Esc: close"
        if self.closes_a_cycle:
            hint = "c: close the cycle · " + hint
        with VerticalScroll(can_focus=False):
            yield Static(id="summary")
            yield Static(Content(hint), id="summary-hint")
            yield Static(id="summary-status")
        yield Footer()

    def on_mount(self) -> None:
        store, meeting = self.session.store, self.session.meeting
        team = store.team(meeting.team_id).code if meeting.team_id is not None else "everyone"
        body = summary_content(self.session.summary(), team)
        closing = self.session.template.kind == "cycle-close"
        body = Content("\n").join([body, *between_lines(store, meeting, closing)])
        state = self._cycle_state()
        if state is not None:
            body = Content("\n").join([body, Content(""), state])
        self.query_one("#summary", Static).update(body)

    def _cycle_state(self) -> Content | None:
        """For a cycle-close meeting: the cycle closed, or what its close would leave out."""
        if self.session.template.kind != "cycle-close":
            return None
        from okrtui.meeting.report import close_gaps

        store = self.session.store
        cycle = store.cycle(self.session.meeting.cycle_id)
        if cycle.status.value == "closed":
            return Content.styled(f"Cycle {clean_line(cycle.name)} is closed.", "bold $success")
        lines = close_gaps(store, cycle).lines()
        if not lines:
            return Content.styled("Ready to close: every KR is graded.", "bold $success")
        return Content("\n").join(
            [
                Content.styled("Before the cycle closes", "bold $text-warning"),
                *(Content(f"  • {line}") for line in lines),
            ]
        )

    def action_write_notes(self) -> None:
        from okrtui.tui.host import OkrHost
        from okrtui.tui.notes_file import write_notes

        app = self.app
        assert isinstance(app, OkrHost)
        write_notes(app, self.session.meeting.id)

    def action_close_cycle(self) -> None:
        from okrtui.cycle import close_cycle, require_closable
        from okrtui.errors import UserError
        from okrtui.meeting.report import close_gaps
        from okrtui.tui.widgets.meeting_form import ConfirmModal

        store = self.session.store
        cycle = store.cycle(self.session.meeting.cycle_id)
        status = self.query_one("#summary-status", Static)
        try:
            require_closable(store, cycle)
        except UserError as error:
            status.update(Content.styled(str(error), "bold $error"))
            return
        gaps = close_gaps(store, cycle)
        missing = "".join(f"\n  • {line}" for line in gaps.lines())
        name = clean_line(cycle.name)

        def close() -> None:
            try:
                close_cycle(store, store.cycle(cycle.id))
            except UserError as error:
                status.update(Content.styled(str(error), "bold $error"))
                return
            status.update(Content.styled(f"Cycle {name} is closed.", "bold $success"))
            self.query_one("#summary-hint", Static).update(
                Content("w: write the Markdown notes to a file · Esc: close")
            )
            self.on_mount()
            self.refresh_bindings()
            self.offer_rollover()

        def once_more(yes: bool | None) -> None:
            if yes:
                close()

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            if not gaps.anything:
                close()
                return
            self.app.push_screen(
                ConfirmModal(
                    f"Really close {name} {_gap_count(gaps)}?",
                    "Still missing:" + missing + "\nOnce closed, grades and notes are final.",
                ),
                once_more,
            )

        detail = "Grades become final and no more check-ins can be recorded."
        if missing:
            detail += "\nStill missing:" + missing
        self.app.push_screen(ConfirmModal(f"Close {name}?", detail), answered)

    def offer_rollover(self) -> None:
        """Once the cycle is closed: offer to copy its unfinished aspirational objectives
        into the next cycle (issue 17); without a next cycle, say how many could go."""
        from okrtui.errors import UserError
        from okrtui.tui.widgets.rollover_form import RolloverScreen
        from okrtui.views.rollover import roll, rollover_offer

        store = self.session.store
        offer = rollover_offer(store, store.cycle(self.session.meeting.cycle_id))
        status = self.query_one("#summary-status", Static)
        closed = Content.styled(f"Cycle {clean_line(offer.cycle.name)} is closed.", "bold $success")

        def say(line: str) -> None:
            status.update(Content("\n").join([closed, Content(clean_line(line))]))

        if offer.target is None or not offer.candidates:
            say(offer.note)
            return

        def chosen(ids: list[int] | None) -> None:
            try:
                say(roll(store, offer, ids or []))
            except UserError as error:
                say(str(error))

        self.app.push_screen(RolloverScreen(offer), chosen)

    def action_close(self) -> None:
        self.dismiss()


def _gap_count(gaps: CloseGaps) -> str:
    """`without 3 post-mortems, before its grading deadline`."""
    parts = []
    if gaps.missing_post_mortems:
        parts.append(f"without {plural(len(gaps.missing_post_mortems), 'post-mortem')}")
    if gaps.early:
        parts.append("before its grading deadline")
    return ", ".join(parts) or "now"

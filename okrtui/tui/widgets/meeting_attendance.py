"""Who is here: the team's members and everyone else, ticked with space."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from okrtui.meeting.session import MeetingSession
from okrtui.text import clean_line
from okrtui.tui.widgets.meeting_form import DIALOG_CSS
from okrtui.tui.widgets.meeting_kit import meeting_people


class AttendanceModal(ModalScreen[list[int] | None]):
    """Dismisses with the ids of the people present, or None when cancelled."""

    DEFAULT_CSS = (
        DIALOG_CSS.format(name="AttendanceModal")
        + """
    AttendanceModal SelectionList { height: auto; max-height: 16; }
    """
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,enter", "save", "Save", priority=True, id="attendance.save"),
        Binding("escape", "dismiss(None)", "Cancel", id="attendance.cancel"),
    ]

    def __init__(self, session: MeetingSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        present = set(self.session.meeting.attendee_ids)
        people = meeting_people(self.session)
        with Vertical():
            yield Static(Content("Who is here?"), classes="dialog-title")
            yield SelectionList[int](
                *(
                    Selection(Content(f"{clean_line(p.name)} ({p.handle})"), p.id, p.id in present)
                    for p in people
                )
            )
            yield Static(
                Content("↑↓ move · space ticks · Enter saves · Esc cancels"),
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_save(self) -> None:
        self.dismiss(list(self.query_one(SelectionList).selected))

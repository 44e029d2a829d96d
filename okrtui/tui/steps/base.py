"""The contract between the meeting screen and the panel of each step kind.

The screen hands a panel the session and the step (attributes down); a panel records
through the session and tells the screen what happened with messages (messages up).
"""

from __future__ import annotations

from textual.message import Message
from textual.widget import Widget

from okrtui.domain.models import MeetingStep
from okrtui.meeting.scope import covers_all_teams, step_options
from okrtui.meeting.session import MeetingSession


class StepPanel(Widget):
    """The body of one meeting step. Subclasses set `KIND` and build their own content.

    A panel must: show the step's data on mount; reload it in `refresh_data()` (called
    when another process committed) keeping cursor and selection; record every entry
    through `self.session` the moment it is made; and post `StepPanel.Recorded` after
    each record so the screen can update its sidebar, summary and status line.
    """

    KIND = ""
    can_focus = False

    class Recorded(Message):
        """Something was written to the database by this panel."""

        def __init__(self, what: str) -> None:
            super().__init__()
            self.what = what

    def __init__(
        self,
        session: MeetingSession,
        step: MeetingStep,
        *,
        me_id: int | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.session = session
        self.step = step
        self.me_id = me_id
        self.init_state()

    def init_state(self) -> None:
        """Set up the panel's own state; called once the session and step are known."""

    @property
    def options(self) -> dict[str, object]:
        """The step's kind-specific options from its agenda (`scope`, `mode`, ...)."""
        return step_options(self.step)

    @property
    def all_teams(self) -> bool:
        return covers_all_teams(self.step, self.session.meeting.team_id)

    def refresh_data(self) -> None:
        """Reload from the store after another process committed."""

    def focus_first(self) -> None:
        """Put the keyboard where the facilitator will type first."""
        self.focus()

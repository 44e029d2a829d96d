"""The vote step: a blind confidence vote on one KR, revealed together.

Pick a KR (riskiest first) and press Enter to open the vote. Participants vote from their
own terminal with `okrtui vote`; the facilitator sees who has voted, never a value, until
the reveal. People in the room without a terminal: pick them in the vote panel and press
their digit, or press `e` to name anyone and their vote. After the reveal, Enter agrees on
the median (or a digit on another value): that becomes a check-in, and the votes are kept.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from okrtui.domain.models import Person
from okrtui.errors import UserError
from okrtui.meeting import vote
from okrtui.meeting.scope import KRRoundRow, kr_round
from okrtui.meeting.session import MeetingSession
from okrtui.text import clean_line
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.steps.close_parts import Feedback
from okrtui.tui.text import plain
from okrtui.tui.widgets.meeting_form import FormField, FormModal
from okrtui.tui.widgets.meeting_kit import PanelList, meeting_people, owner_field, thresholds_of
from okrtui.tui.widgets.parts import confidence_badge
from okrtui.tui.widgets.vote_panel import VotePanel

T = TypeVar("T")


def open_round_of(session: MeetingSession) -> int | None:
    """The vote still open in this meeting (after a restart, say), if any."""
    for vote_round in session.store.open_vote_rounds():
        if vote_round.meeting_id == session.meeting.id:
            return vote_round.id
    return None


class VoteStepPanel(StepPanel):
    KIND = "vote"
    can_focus = True

    DEFAULT_CSS = """
    VoteStepPanel { height: 1fr; }
    VoteStepPanel #vote-hint { color: $text-muted; padding: 0 1; }
    VoteStepPanel #vote-krs { border: round $primary 50%; }
    VoteStepPanel #vote-area { height: auto; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,o", "open_vote", "Open vote", key_display="⏎", id="vote.open"),
        Binding("j,down", "move(1)", "Down", show=False, id="vote.down"),
        Binding("k,up", "move(-1)", "Up", show=False, id="vote.up"),
        # Said by the hint line while a vote is open; the footer keeps the vote's own keys.
        Binding("e", "enter_vote", "Enter a vote", id="vote.enter", show=False),
        Binding("c", "choose", "Choose another KR", id="vote.choose", show=False),
    ]

    def init_state(self) -> None:
        self.rows: list[KRRoundRow] = []
        self.round_id: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="vote-hint")
        yield PanelList(id="vote-krs")
        yield Vertical(id="vote-area")
        yield Feedback(id="vote-feedback")

    @property
    def feedback(self) -> Feedback:
        return self.query_one("#vote-feedback", Feedback)

    @property
    def krs(self) -> PanelList:
        return self.query_one("#vote-krs", PanelList)

    @property
    def vote_panel(self) -> VotePanel | None:
        found = self.query(VotePanel)
        return found.first() if found else None

    def on_mount(self) -> None:
        self.refresh_data()
        round_id = open_round_of(self.session)
        if round_id is not None:
            self._show_vote(round_id)
        else:
            self._show_hint()

    def focus_first(self) -> None:
        panel = self.vote_panel
        (panel or self).focus()

    def refresh_data(self) -> None:
        self.rows = kr_round(
            self.session.store, self.session.meeting, thresholds=thresholds_of(self)
        )
        self.krs.show_rows(
            [
                Content.assemble(
                    (f"{clean_line(row.kr.ref):<9}", "bold"),
                    confidence_badge(row.confidence, row.band, row.change),
                    "  ",
                    plain(row.kr.title),
                )
                for row in self.rows
            ]
            or [Content.styled("No key results in scope.", "$text-muted")]
        )
        panel = self.vote_panel
        if panel is not None:
            panel.refresh_votes()

    def _show_hint(self) -> None:
        if self.round_id is None:
            text = "Pick the KR to vote on (riskiest first) and press Enter to open the vote."
        else:
            text = "e enters a vote for anyone · c chooses another KR"
        self.query_one("#vote-hint", Static).update(Content(text))

    def _show_vote(self, round_id: int) -> None:
        self.round_id = round_id
        area = self.query_one("#vote-area", Vertical)
        area.remove_children()
        panel = VotePanel(self.session.store, round_id)
        area.mount(panel)
        self.krs.display = False
        self._show_hint()
        self.call_after_refresh(panel.focus)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        voting = self.round_id is not None
        if action in {"open_vote", "move"}:
            return not voting
        if action == "enter_vote":
            panel = self.vote_panel
            return voting and panel is not None and panel.result is None
        if action == "choose":
            return voting
        return True

    # -- keys ---------------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        self.krs.move_by(delta)

    def action_open_vote(self) -> None:
        index = self.krs.index
        if index is None or not self.rows:
            return
        row = self.rows[index]
        opened = self._do(
            lambda: vote.open_vote(self.session.store, self.session.meeting.id, row.kr.id),
            f"vote opened on {row.kr.ref}",
        )
        if opened is not None:
            self._show_vote(opened.id)

    def action_choose(self) -> None:
        """Back to the KR list; an open round that was not agreed is closed unagreed."""
        round_id = self.round_id
        if round_id is not None and self.session.store.vote_round(round_id).closed_at is None:
            self.session.store.close_vote(round_id, None)
        self.round_id = None
        self.query_one("#vote-area", Vertical).remove_children()
        self.krs.display = True
        self.focus()
        self._show_hint()
        self.refresh_bindings()

    def action_enter_vote(self) -> None:
        round_id = self.round_id
        if round_id is None:
            return

        def parse(text: str) -> int:
            try:
                return vote.parse_confidence(text)
            except UserError as error:
                raise ValueError(str(error)) from None

        form = FormModal(
            "Enter a vote for someone in the room",
            [
                owner_field(meeting_people(self.session), label="Who:"),
                FormField("confidence", "Their confidence (0–10):", "e.g. 6", "", parse),
            ],
        )

        def done(values: dict[str, object] | None) -> None:
            if values is None:
                return
            person, confidence = values["owner"], values["confidence"]
            assert isinstance(person, Person) and isinstance(confidence, int)
            self._cast(round_id, person, confidence)

        self.app.push_screen(form, done)

    # -- what the vote panel asks for ---------------------------------------------------

    def on_vote_panel_vote_entered(self, event: VotePanel.VoteEntered) -> None:
        event.stop()
        person = self.session.store.people_by_id().get(event.person_id)
        if person is not None:
            self._cast(event.round_id, person, event.confidence)

    def on_vote_panel_reveal_requested(self, event: VotePanel.RevealRequested) -> None:
        event.stop()
        result = self._do(
            lambda: vote.reveal_vote(self.session.store, event.round_id), "votes revealed"
        )
        if result is not None:
            if result.median is None:
                self.feedback.say("Revealed: nobody voted. Press a digit to agree on a value.")
            else:
                self.feedback.say(
                    f"Revealed: {result.count} votes, median {result.median:g}, "
                    f"spread {result.spread}"
                )
            self._refresh_vote()

    def on_vote_panel_agreed(self, event: VotePanel.Agreed) -> None:
        event.stop()
        kr = self.session.store.key_result(self.session.store.vote_round(event.round_id).kr_id)
        checkin = self._do(
            lambda: vote.agree(
                self.session.store,
                event.round_id,
                event.confidence,
                self.session.clock,
                author_id=self.me_id,
            ),
            f"{kr.ref} confidence {event.confidence} agreed by vote",
        )
        if checkin is not None:
            self.refresh_data()

    def _cast(self, round_id: int, person: Person, confidence: int) -> None:
        cast = self._do(
            lambda: vote.cast_vote(self.session.store, round_id, person.id, confidence),
            f"vote entered for {person.handle}",
        )
        if cast is not None:
            self._refresh_vote()

    def _refresh_vote(self) -> None:
        panel = self.vote_panel
        if panel is not None:
            panel.refresh_votes()
        self.refresh_bindings()

    def _do(self, action: Callable[[], T], what: str) -> T | None:
        """Run one write; say what happened (never the value of a hidden vote)."""
        if self.session.ended:
            self.feedback.say("This meeting has ended: the vote cannot change", error=True)
            return None
        try:
            result = action()
        except (UserError, ValueError) as error:
            self.feedback.say(f"{error}; nothing was saved", error=True)
            return None
        self.feedback.hint("")
        self.post_message(StepPanel.Recorded(what))
        return result

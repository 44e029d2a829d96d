"""The facilitator's view of a blind confidence vote.

Before the reveal it names who has voted and who has not, never a value; after the reveal
it shows the distribution as bars with the median and the spread. It writes nothing: it
posts messages up and the screen that mounts it records them (see `okrtui.meeting.vote`)
and calls `refresh_votes()`, as it also should on `StoreChanged`.

Keys: `r` reveal; before the reveal ↑↓ pick someone in the room and 0–9 (`t` 10) enters
their vote for them; after the reveal ⏎ agrees on the median, 0–9 / `t` on another value.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.widget import Widget

from okrtui.domain.models import Person
from okrtui.meeting.vote import VoteResult, VoteStatus, vote_result, vote_status
from okrtui.store import Store
from okrtui.tui.text import plain

BAR_WIDTH = 24
BAR_UNIT = 4


class VotePanel(Widget, can_focus=True):
    DEFAULT_CSS = """
    VotePanel {
        height: auto;
        padding: 0 1;
        border: round $accent;
    }
    VotePanel:focus {
        border: round $accent-lighten-2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "reveal", "Reveal votes"),
        Binding("enter", "agree", "Agree on the median"),
        Binding("up", "pick(-1)", "Previous person", show=False),
        Binding("down", "pick(1)", "Next person", show=False),
        *(Binding(str(n), f"number({n})", "confidence", show=False) for n in range(10)),
        Binding("t", "number(10)", "10", show=False),
    ]

    class RevealRequested(Message):
        """The facilitator asks to reveal the votes of `round_id`."""

        def __init__(self, round_id: int) -> None:
            super().__init__()
            self.round_id = round_id

    class Agreed(Message):
        """The room agreed on `confidence` for the round's KR."""

        def __init__(self, round_id: int, confidence: int) -> None:
            super().__init__()
            self.round_id = round_id
            self.confidence = confidence

    class VoteEntered(Message):
        """The facilitator enters the vote of `person_id`, who has no terminal."""

        def __init__(self, round_id: int, person_id: int, confidence: int) -> None:
            super().__init__()
            self.round_id = round_id
            self.person_id = person_id
            self.confidence = confidence

    def __init__(
        self,
        store: Store,
        round_id: int,
        *,
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.store = store
        self.round_id = round_id
        self.status: VoteStatus | None = None
        self.result: VoteResult | None = None
        self.picked = 0

    def on_mount(self) -> None:
        self.refresh_votes()

    def refresh_votes(self) -> None:
        """Read the round again (who voted; the values only once revealed) and repaint."""
        self.status = vote_status(self.store, self.round_id)
        self.result = vote_result(self.store, self.round_id) if self.status.revealed else None
        self.picked = min(self.picked, max(len(self.room) - 1, 0))
        self.refresh(layout=True)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Reveal before the reveal, agree after it: the footer shows only the one that
        works now."""
        revealed = self.status is not None and self.status.revealed
        if action == "reveal":
            return not revealed
        if action == "agree":
            return revealed
        return True

    @property
    def room(self) -> list[Person]:
        """Everyone the facilitator can enter a vote for, in a steady order."""
        return [] if self.status is None else list(self.status.room)

    # -- keys -------------------------------------------------------------------------

    def action_reveal(self) -> None:
        if self.status is not None and not self.status.revealed:
            self.post_message(self.RevealRequested(self.round_id))

    def action_agree(self) -> None:
        if self.result is not None and self.result.suggested is not None:
            self._agree(self.result.suggested)

    def action_pick(self, step: int) -> None:
        if self.room:
            self.picked = (self.picked + step) % len(self.room)
            self.refresh()

    def action_number(self, confidence: int) -> None:
        if self.status is None or self.status.closed:
            return
        if self.status.revealed:
            self._agree(confidence)
        elif self.room:
            person = self.room[self.picked]
            self.post_message(self.VoteEntered(self.round_id, person.id, confidence))

    def _agree(self, confidence: int) -> None:
        if self.status is not None and not self.status.closed:
            self.post_message(self.Agreed(self.round_id, confidence))

    # -- drawing ----------------------------------------------------------------------

    def render(self) -> Content:
        status = self.status
        if status is None:
            return Content("")
        head = Content.assemble(
            ("Blind vote · ", "bold"),
            plain(status.kr.ref).stylize("bold $accent"),
            "  ",
            plain(status.kr.title),
        )
        if self.result is not None:
            body = self._revealed(self.result, status)
        else:
            body = self._waiting(status)
        return Content("\n").join([head, *body])

    def _waiting(self, status: VoteStatus) -> list[Content]:
        voted = len(status.voted)
        lines = [Content.styled(f"{voted} of {len(self.room)} have voted", "dim")]
        voted_ids = {p.id for p in status.voted}
        for index, person in enumerate(self.room):
            mark = ("✓ ", "bold $success") if person.id in voted_ids else ("· ", "dim")
            pointer = "▸ " if index == self.picked else "  "
            lines.append(Content.assemble(pointer, mark, plain(person.name)))
        lines.append(
            Content.styled("r reveal · ↑↓ pick · 0–9/t enter the picked person's vote", "dim")
        )
        return lines

    def _revealed(self, result: VoteResult, status: VoteStatus) -> list[Content]:
        if not result.votes:
            lines = [Content.styled("No votes were cast.", "dim")]
        else:
            values = [v.confidence for v in result.votes]
            low, high = min(values), max(values)
            most = max(result.distribution)
            unit = max(1, min(BAR_UNIT, BAR_WIDTH // most))
            lines = []
            for confidence in range(low, high + 1):
                count = result.distribution[confidence]
                lines.append(
                    Content.assemble(
                        f"{confidence:>2} ",
                        ("█" * (count * unit), "$accent"),
                        (f" {count}" if count else "", "dim"),
                    )
                )
            lines.append(
                Content.assemble(
                    ("median ", "dim"),
                    (f"{result.median:g}", "bold"),
                    ("  spread ", "dim"),
                    (f"{result.spread}", "bold"),
                    (f" ({low}–{high})  ·  {result.count} vote", "dim"),
                    ("s" if result.count != 1 else "", "dim"),
                )
            )
        if status.closed:
            agreed = result.round.agreed_confidence
            text = "Closed without agreement." if agreed is None else f"Agreed on {agreed}."
            lines.append(Content.styled(text, "bold $success"))
        elif result.suggested is not None:
            lines.append(
                Content.styled(
                    f"⏎ agree on {result.suggested} · 0–9/t agree on another value", "dim"
                )
            )
        else:
            lines.append(Content.styled("0–9/t agree on a value", "dim"))
        return lines

"""At the close of a cycle: which unfinished aspirational objectives roll over into the
next cycle. Space ticks, Ctrl+A ticks all or none, Enter or Ctrl+S copies, Escape skips.
Dismisses with the ids to copy (empty: none)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static
from textual.widgets.selection_list import Selection

from okrtui.tui.text import plain
from okrtui.tui.widgets.picker import TickList
from okrtui.views.rollover import RolloverOffer


class RolloverScreen(ModalScreen[list[int]]):
    DEFAULT_CSS = """
    RolloverScreen { align: center middle; }
    RolloverScreen > Vertical {
        width: 90; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    RolloverScreen TickList { height: auto; max-height: 16; border: none; }
    RolloverScreen .rollover-hint { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s,enter", "copy", "Roll over", priority=True, id="rollover.copy"),
        Binding("ctrl+a", "tick_all", "All/none", priority=True, id="rollover.all"),
        Binding("escape", "skip", "Skip", id="rollover.skip"),
    ]

    def __init__(self, offer: RolloverOffer) -> None:
        super().__init__()
        self.offer = offer

    def compose(self) -> ComposeResult:
        assert self.offer.target is not None
        with Vertical():
            yield Static(
                plain(
                    f"Roll unfinished aspirational objectives into {self.offer.target.name}?"
                ).stylize("bold")
            )
            yield Static(
                Content("Their key results are copied and reset; check-ins and grades stay."),
                classes="rollover-hint",
            )
            yield TickList(
                *(
                    Selection(
                        Content.assemble(
                            plain(c.objective.ref).stylize("bold"),
                            " ",
                            plain(c.objective.title),
                            (f"  {round(c.score * 100)}%", "$text-muted"),
                        ),
                        c.objective.id,
                        True,
                    )
                    for c in self.offer.candidates
                ),
                id="rollover-list",
            )
            yield Static(
                Content("Space ticks · Ctrl+A all/none · Enter rolls over · Esc skips"),
                classes="rollover-hint",
            )

    def on_mount(self) -> None:
        self.query_one(TickList).focus()

    def action_tick_all(self) -> None:
        self.query_one(TickList).tick_all_or_none()

    def action_copy(self) -> None:
        self.dismiss(list(self.query_one(TickList).selected))

    def action_skip(self) -> None:
        self.dismiss([])

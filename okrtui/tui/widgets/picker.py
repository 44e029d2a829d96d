"""A small modal list to pick one of a few choices (a team, an owner, a band)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Label, OptionList, SelectionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from okrtui.tui.text import plain


def _label(label: str | Content) -> Content:
    return label if isinstance(label, Content) else plain(label)


class PickerScreen(ModalScreen[str | None]):
    """Dismisses with the chosen key, or None when cancelled.

    A label is plain text (cleaned of control characters here), or `Content` built from
    `plain(...)` pieces by the caller."""

    DEFAULT_CSS = """
    PickerScreen { align: center middle; }
    PickerScreen > Vertical {
        width: 60; max-width: 90%; height: auto; max-height: 80%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    PickerScreen Label { color: $text-muted; }
    PickerScreen OptionList { height: auto; max-height: 20; border: none; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="picker.cancel"),
    ]

    def __init__(
        self, title: str, choices: Sequence[tuple[str, str | Content]], current: str = ""
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(plain(self.title_text))
            yield OptionList(
                *(Option(_label(label), id=key or "-all-") for key, label in self.choices)
            )

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        keys = [key for key, _ in self.choices]
        if self.current in keys:
            options.highlighted = keys.index(self.current)
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id or ""
        self.dismiss("" if key == "-all-" else key)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TickList(SelectionList[int]):
    """A `SelectionList` whose ticks are marks, `[x]` or `[ ]`, not a coloured button: ticked
    and unticked read apart without colour (a projector, a monochrome terminal)."""

    DEFAULT_CSS = """
    TickList > .selection-list--button-selected { text-style: bold; }
    """

    def _get_left_gutter_width(self) -> int:
        return len("[x] ")

    def render_line(self, y: int) -> Strip:
        line = OptionList.render_line(self, y)
        _, scroll_y = self.scroll_offset
        index = scroll_y + y
        try:
            selection = self.get_option_at_index(index)
        except OptionDoesNotExist:
            return line
        ticked = selection.value in self._selected
        underlying = next(iter(line)).style or self.rich_style
        mark_style = underlying + Style(bold=ticked, meta={"option": index})
        return Strip([Segment("[x] " if ticked else "[ ] ", style=mark_style), *line])

    def tick_all_or_none(self) -> bool:
        """Tick everyone, or untick everyone when all are ticked already; True if now all."""
        if len(self.selected) == self.option_count:
            self.deselect_all()
            return False
        self.select_all()
        return True

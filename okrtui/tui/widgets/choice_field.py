"""A form field that is a pick among a few words (metric / milestone, committed /
aspirational): every choice is on show with the current one marked, so the field names
its choices and is never empty.

Space, Left and Right move through the choices; typing picks the choice that starts with
what was typed ("a" aspirational, "mi" milestone, "done" by alias); Enter moves on, as in
the form's text fields.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget


class ChoiceField(Widget, can_focus=True):
    """One of `choices`, shown as `◉ metric  ○ milestone`."""

    DEFAULT_CSS = """
    ChoiceField { height: 1; width: 1fr; }
    ChoiceField:focus { background: $boost; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space,right", "step(1)", "Next choice", show=False),
        Binding("left", "step(-1)", "Previous choice", show=False),
        Binding("enter", "submit", "Next field", show=False),
    ]

    value: reactive[str] = reactive("")

    @dataclass
    class Changed(Message):
        field: ChoiceField
        value: str

        @property
        def control(self) -> ChoiceField:
            return self.field

    @dataclass
    class Submitted(Message):
        field: ChoiceField

        @property
        def control(self) -> ChoiceField:
            return self.field

    def __init__(
        self,
        choices: tuple[str, ...],
        value: str = "",
        *,
        aliases: Mapping[str, str] | None = None,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.choices = choices
        self.aliases = dict(aliases or {})
        self.typed = ""
        self.set_reactive(ChoiceField.value, self._known(value) or choices[0])

    def _known(self, text: str) -> str | None:
        word = text.strip().casefold()
        if word in self.choices:
            return word
        return self.aliases.get(word)

    def render(self) -> Content:
        parts: list[Content] = []
        for choice in self.choices:
            if choice == self.value:
                parts.append(Content.styled(f"◉ {choice}", "bold"))
            else:
                parts.append(Content.styled(f"○ {choice}", "$text-muted"))
        shown = Content("  ").join(parts)
        hint = Content.styled("  Space or a letter picks", "$text-muted italic")
        if self.has_focus and shown.cell_length + hint.cell_length <= self.size.width:
            return Content.assemble(shown, hint)
        return shown

    def watch_value(self, value: str) -> None:
        self.post_message(self.Changed(self, value))

    def on_focus(self) -> None:
        self.typed = ""
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def action_step(self, by: int) -> None:
        self.typed = ""
        self.value = self.choices[(self.choices.index(self.value) + by) % len(self.choices)]

    def action_submit(self) -> None:
        self.post_message(self.Submitted(self))

    def on_key(self, event: events.Key) -> None:
        char = event.character
        if char is None or not char.isprintable() or char == " " or len(char) != 1:
            return
        event.stop()
        event.prevent_default()
        picked = self._starting(self.typed + char.casefold()) or self._starting(char.casefold())
        if picked is None:
            self.typed = ""
            self.app.bell()
            return
        self.typed, self.value = picked

    def _starting(self, typed: str) -> tuple[str, str] | None:
        """The first choice (or alias) that starts with `typed`, and what was typed."""
        for word, choice in [*((c, c) for c in self.choices), *self.aliases.items()]:
            if word.startswith(typed):
                return typed, choice
        return None

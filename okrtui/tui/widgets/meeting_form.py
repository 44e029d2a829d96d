"""Small keyboard dialogs for the meeting: a form of one-line fields that checks what was
typed before closing, a yes/no question, and completion of people's names."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import DescendantFocus, Key
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.timer import Timer
from textual.widgets import Input, Label, Static

from okrtui.domain.models import Person
from okrtui.tui.widgets.meeting_parse import complete_person

DIALOG_CSS = """
{name} {{ align: center middle; background: $background 60%; }}
{name} > Vertical {{
    width: 72; max-width: 95%; height: auto; max-height: 95%;
    border: thick $accent; background: $surface; padding: 0 1;
}}
{name} .dialog-title {{ text-style: bold; padding-bottom: 1; width: 100%; }}
{name} .field-label {{ color: $text-muted; margin-top: 1; }}
{name} Input {{ background: $boost; }}
{name} .dialog-error {{ color: $text-error; text-style: bold; height: auto; }}
{name} .dialog-hint {{ color: $text-muted; padding-top: 1; }}
"""


class PeopleSuggester(Suggester):
    """Completes the last comma-separated name to a handle or a full name."""

    def __init__(self, people: Sequence[Person]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self.people = list(people)

    async def get_suggestion(self, value: str) -> str | None:
        return complete_person(value, self.people)


Parser = Callable[[str], object]


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    placeholder: str = ""
    value: str = ""
    parse: Parser | None = None
    """Turns the text into the value handed back; raises ValueError with a message."""
    suggester: Suggester | None = None


class FormInput(Input):
    """A field of a form. Enter moves the form on at once (not after the keys behind it),
    and a character that still reaches this field once the form has moved on goes to
    the field the form is at: typed fast, what follows an Enter is in the next field."""

    async def _on_key(self, event: Key) -> None:
        form = self.screen
        if not isinstance(form, FormModal):
            return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            form._enter_from(self)
            return
        current = form.current_field
        if event.is_printable and event.character and current is not None and current is not self:
            event.stop()
            event.prevent_default()
            current.insert_text_at_cursor(event.character)


class FormModal(ModalScreen[dict[str, object] | None]):
    """One line per field. Enter moves to the next field and saves from the last one; an
    entry that does not parse keeps the dialog open, names the field and keeps the text."""

    DEFAULT_CSS = DIALOG_CSS.format(name="FormModal")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "submit", "Save", id="form.save"),
    ]

    def __init__(self, title: str, fields: Sequence[FormField], *, hint: str = "") -> None:
        super().__init__()
        self.form_title = title
        self.fields = list(fields)
        self.hint = hint
        self._at = 0
        self._typed: dict[str, str] | None = None
        """The fields as last typed (kept here: the form may save them as it goes)."""
        self._dismissed = False
        """The field Enter last moved to: an Enter still on its way from an earlier field
        (typed before the focus moved) counts from here, so fast Enters never stall."""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.form_title), classes="dialog-title")
            for spec in self.fields:
                yield Label(Content(spec.label), classes="field-label")
                yield FormInput(
                    value=spec.value,
                    placeholder=spec.placeholder,
                    suggester=spec.suggester,
                    id=f"field-{spec.name}",
                    select_on_focus=True,  # a pre-filled value is replaced by typing
                    compact=True,
                )
            yield Static("", classes="dialog-error", id="form-error")
            hint = "Enter: next field, then save · → completes a name · Esc: cancel"
            yield Static(Content(self.hint or hint), classes="dialog-hint")

    def on_mount(self) -> None:
        # At once, not after a refresh: keys typed with the key that opened the form
        # come next, and belong in its first field.
        self.set_focus(self.query(Input).first())
        self._draft_timer: Timer | None = None
        self._keeper = next(
            (s for s in reversed(self.app.screen_stack) if hasattr(s, "keep_form_draft")), None
        )
        kept = self._keeper.form_draft(self.form_title) if self._keeper is not None else None
        if kept:
            for spec in self.fields:
                if spec.name in kept:
                    self.field_input(spec.name).value = kept[spec.name]
            self.show_error("Typed before and kept: Enter saves it, Esc drops it.")

    # -- the draft: what is typed is kept within a second (a crash, a hang-up) ---------

    def on_input_changed(self, event: Input.Changed) -> None:
        self._typed = {spec.name: self.field_input(spec.name).value for spec in self.fields}
        if self._keeper is not None and self._draft_timer is None:
            self._draft_timer = self.set_timer(0.5, self.flush_entries, name="form-draft")

    def flush_entries(self) -> None:
        """Keep the fields as typed so far (also on a hang-up)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self._keeper is not None and self._typed is not None:
            self._keeper.keep_form_draft(self.form_title, self._typed)

    def on_unmount(self) -> None:
        """Closed without Enter or Esc (quit, a hang-up): keep what was typed."""
        if not self._dismissed:
            self.flush_entries()

    def dismiss(self, result: dict[str, object] | None = None) -> AwaitComplete:
        self._dismissed = True
        if self._keeper is not None:
            if self._draft_timer is not None:
                self._draft_timer.stop()
                self._draft_timer = None
            self._keeper.keep_form_draft(self.form_title, None)
        return super().dismiss(result)

    @property
    def current_field(self) -> Input | None:
        inputs = list(self.query(Input))
        return inputs[min(self._at, len(inputs) - 1)] if inputs else None

    def on_key(self, event: Key) -> None:
        """A character or Enter that reached the form itself (typed before a field had
        the focus) goes to the field the form is at, in the order typed."""
        field = self.current_field
        if field is None:
            return
        if event.key == "enter":  # typed before the form opened: in order with the rest
            event.stop()
            event.prevent_default()
            self._enter_from(field)
        elif event.is_printable and event.character is not None:
            event.stop()
            event.prevent_default()
            field.insert_text_at_cursor(event.character)  # now, in order with Enter

    def _enter_from(self, field: Input) -> None:
        inputs = list(self.query(Input))
        index = max(inputs.index(field), self._at)
        if index + 1 < len(inputs):
            self._at = index + 1
            self.set_focus(inputs[index + 1])
        else:
            self.action_submit()

    def field_input(self, name: str) -> Input:
        return self.query_one(f"#field-{name}", Input)

    def on_descendant_focus(self, event: DescendantFocus) -> None:
        """The person moved to a field (Tab, a click): Enter counts from there."""
        if isinstance(event.widget, Input) and event.widget is self.focused:
            self._at = list(self.query(Input)).index(event.widget)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._enter_from(event.input)

    def action_submit(self) -> None:
        values: dict[str, object] = {}
        for spec in self.fields:
            field = self.field_input(spec.name)
            try:
                values[spec.name] = spec.parse(field.value) if spec.parse else field.value
            except ValueError as problem:
                self.show_error(f"{spec.label.rstrip(':')}: {problem}")
                self._at = self.fields.index(spec)
                self.set_focus(field)
                return
        self.dismiss(values)

    def show_error(self, message: str) -> None:
        self.query_one("#form-error", Static).update(Content(message))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmModal(ModalScreen[bool]):
    """A yes/no question: `y` or Enter for yes, `n` or Esc for no."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ConfirmModal")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "Yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "No", id="confirm.no"),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content(self.question), classes="dialog-title")
            if self.detail:
                yield Static(Content(self.detail))
            yield Static(Content("y / Enter: yes · n / Esc: no"), classes="dialog-hint")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

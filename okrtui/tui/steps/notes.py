"""Free text under the step's prompt, saved as you type: at most `SAVE_EVERY_SECONDS` after
a change even while typing goes on (not only after a pause), and at once when the step is
left, a dialog opens or closes, the terminal is resized, okrtui quits or hangs up, or the
panel goes for any other reason (the pending save is made, never dropped)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.timer import Timer
from textual.widgets import Static, TextArea

from okrtui.errors import UserError
from okrtui.text import clean_text
from okrtui.tui.steps.base import StepPanel

SAVE_EVERY_SECONDS = 0.5


class NotesPanel(StepPanel):
    KIND = "notes"
    can_focus = True

    DEFAULT_CSS = """
    NotesPanel { height: 1fr; }
    NotesPanel TextArea { height: 1fr; }
    NotesPanel #notes-hint { color: $text-muted; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e,i", "edit", "Write notes", id="notes.edit"),
    ]

    def compose(self) -> ComposeResult:
        self._timer: Timer | None = None
        self._saved = self.step.notes
        self._text = self.step.notes
        """What the text area holds (kept here, so the panel can save it while it goes)."""
        self._going = False
        yield TextArea(
            clean_text(self.step.notes), id="notes-text", soft_wrap=True, tab_behavior="focus"
        )
        yield Static(id="notes-hint")

    def on_mount(self) -> None:
        self._hint()

    def _hint(self, state: str = "") -> None:
        text = "Typing saves on its own. Esc leaves the notes; then ] for the next step."
        self.query_one("#notes-hint", Static).update(Content(f"{state}{text}"))

    def focus_first(self) -> None:
        """Focus the notes with the cursor after the last character, so coming back adds to
        the end rather than gluing new text in front."""
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def focus_target(self) -> TextArea:
        return self.query_one(TextArea)

    def action_edit(self) -> None:
        self.focus_first()

    def on_key(self, event: object) -> None:
        from textual.events import Key

        if isinstance(event, Key) and event.key == "escape":
            event.stop()
            self.flush()
            self.focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self._text = event.text_area.text
        if self._timer is None:
            # Not restarted by each key: continuous typing is saved every half second.
            self._timer = self.set_timer(SAVE_EVERY_SECONDS, self.flush)

    def flush(self) -> None:
        """Save now if the text changed since the last save."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        text = self._text
        if text == self._saved or self.session.ended:
            return
        try:
            self.session.save_notes(text, self.step.position)
        except UserError as error:
            if not self._going:
                self.app.notify(str(error), title="Notes not saved", severity="error", markup=False)
            return
        self._saved = text
        if not self._going:
            self._hint("Saved. ")
            self.post_message(StepPanel.Recorded("notes saved"))

    def refresh_data(self) -> None:
        """Another process may have saved notes; take them only if nothing is being typed."""
        stored = self.session.store.meeting_steps(self.session.meeting.id)[self.step.position]
        area = self.query_one(TextArea)
        if stored.notes != self._saved and area.text == self._saved:
            self._saved = self._text = stored.notes
            area.load_text(clean_text(stored.notes))

    def on_unmount(self) -> None:
        self._going = True  # the children are gone already: save without showing
        self.flush()

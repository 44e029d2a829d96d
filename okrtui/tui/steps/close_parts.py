"""Small pieces the grading, reflection and vote panels share: a one-line prompt that
asks for text under the panel, a line for feedback, and finding a person by what was typed.

User text is shown as plain `Content`, never as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from okrtui.domain.models import Person

Answer = Callable[[str], bool]
"""Called with the text typed; returns True when it was accepted (the prompt closes)."""


class PromptBar(Widget):
    """A question and an input, hidden until `ask` is called. Enter answers, Escape cancels."""

    DEFAULT_CSS = """
    PromptBar {
        height: auto;
        display: none;
        padding: 0 1;
    }
    PromptBar.-open {
        display: block;
    }
    PromptBar > Label {
        color: $text-accent;
        text-style: bold;
    }
    PromptBar > Input {
        margin: 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
    ]

    class Closed(Message):
        """The prompt closed (answered or cancelled): the panel takes the keyboard back."""

        def __init__(self, prompt: PromptBar, answered: bool) -> None:
            super().__init__()
            self.prompt = prompt
            self.answered = answered

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._answer: Answer | None = None

    def compose(self) -> ComposeResult:
        yield Label("", id="question")
        yield Input(id="answer", compact=True)

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    @property
    def input(self) -> Input:
        return self.query_one("#answer", Input)

    def ask(
        self,
        question: str,
        answer: Answer,
        *,
        value: str = "",
        placeholder: str = "",
        suggestions: Sequence[str] = (),
    ) -> None:
        self._answer = answer
        self.query_one("#question", Label).update(Content(question))
        field = self.input
        field.cursor_blink = False
        field.placeholder = placeholder
        field.suggester = SuggestFromList(suggestions, case_sensitive=False) if suggestions else None
        field.value = value
        field.cursor_position = len(value)
        self.add_class("-open")
        field.focus()

    def close(self, answered: bool = False) -> None:
        if not self.is_open:
            return
        self._answer = None
        self.remove_class("-open")
        self.post_message(self.Closed(self, answered))

    def action_cancel(self) -> None:
        self.close(answered=False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self._answer is not None and self._answer(event.value):
            self.close(answered=True)


class Feedback(Static):
    """One line telling the facilitator what was recorded, or what was wrong."""

    DEFAULT_CSS = """
    Feedback {
        height: auto;
        padding: 0 1;
        color: $text-muted;
    }
    Feedback.-error {
        color: $text-error;
        text-style: bold;
    }
    Feedback.-done {
        color: $text-success;
    }
    """

    def say(self, text: str, *, error: bool = False) -> None:
        self.set_class(error, "-error")
        self.set_class(not error, "-done")
        self.update(Content(text))

    def hint(self, text: str) -> None:
        self.remove_class("-error", "-done")
        self.update(Content(text))


def person_choices(people: Sequence[Person]) -> list[str]:
    """What the person prompt completes: handles first, then full names."""
    return [p.handle for p in people] + [p.name for p in people]


def find_person(people: Sequence[Person], typed: str) -> Person:
    """The person a typed handle or name means: an exact handle or name (any case), else the
    only one whose handle or name starts with it. Raises ValueError with a clear message."""
    text = typed.strip().lstrip("@").casefold()
    if not text:
        raise ValueError("name a person: type a handle or a name")
    for person in people:
        if text in (person.handle.casefold(), person.name.casefold()):
            return person
    matches = [
        p for p in people if p.handle.casefold().startswith(text) or p.name.casefold().startswith(text)
    ]
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(p.handle for p in matches[:5])
        raise ValueError(f"'{typed.strip()}' could be {names}: type more of the name")
    raise ValueError(f"no person called '{typed.strip()}': type a handle, e.g. {_example(people)}")


def _example(people: Sequence[Person]) -> str:
    return people[0].handle if people else "ana"

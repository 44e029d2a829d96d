"""What the grading, reflection and vote panels share: a line under the panel saying what
was recorded or what was wrong. Text is shown as plain `Content`, never as markup, and
cleaned of control characters (messages quote titles and names)."""

from __future__ import annotations

from textual.widgets import Static

from okrtui.tui.text import plain


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
        self.display = True
        self.set_class(error, "-error")
        self.set_class(not error, "-done")
        self.update(plain(text))

    def hint(self, text: str) -> None:
        """A quiet hint; an empty one hides the line."""
        self.remove_class("-error", "-done")
        self.display = bool(text)
        self.update(plain(text))

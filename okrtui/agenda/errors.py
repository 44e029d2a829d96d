"""The one error the agenda package raises, with a message fit to show a user."""

from __future__ import annotations

from collections.abc import Sequence

from okrtui.errors import UserError


class AgendaError(UserError, ValueError):
    """A template cannot be read or used. The message names the file, the step and the field.

    `problems` holds every problem found, one self-contained line each; the message is the
    first of them (with a count of the rest), so it fits on one line of stderr.
    """

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems: tuple[str, ...] = tuple(problems) or (message,)

    @classmethod
    def from_problems(cls, problems: Sequence[str]) -> AgendaError:
        first = problems[0]
        more = len(problems) - 1
        message = f"{first} (and {more} more problem{'s' if more > 1 else ''})" if more else first
        return cls(message, problems)

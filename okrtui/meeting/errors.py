"""The error the meeting package raises, with a message fit to show a user."""

from okrtui.errors import UserError


class MeetingError(UserError):
    """A meeting cannot do what was asked (bad input, an ended meeting, an empty scope)."""

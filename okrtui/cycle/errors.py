"""The error the cycle package raises, with a message fit to show a user."""

from okrtui.errors import UserError


class CycleError(UserError):
    """A cycle cannot do what was asked: bad dates, ungraded KRs, a closed cycle."""

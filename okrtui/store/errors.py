"""Errors the store raises, each with a message fit to show a user."""

from okrtui.errors import UserError


class StoreError(UserError):
    """The database cannot be used as asked; the message says why."""


class NotFound(StoreError):
    """A person, team, cycle, KR or other record does not exist."""


class Conflict(StoreError):
    """A write would break a rule: a duplicate reference, a locked milestone, a closed cycle."""


class LockedMilestone(Conflict):
    """The cycle is locked; changing a milestone date needs an override with a reason."""


class NotAllowed(StoreError):
    """The person may not do this (acknowledging a check-in on another team's KR)."""

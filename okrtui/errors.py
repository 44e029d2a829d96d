"""The base of every error whose message is meant for the user as it stands."""


class UserError(Exception):
    """Bad input or an unusable file: show the message, exit 2, change nothing."""

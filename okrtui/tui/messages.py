"""Messages the app sends down to its screens."""

from __future__ import annotations

from textual.message import Message


class StoreChanged(Message):
    """Another process committed to the database: show the new state."""

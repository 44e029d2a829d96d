"""How the app enters a meeting: straight in, or by offering to resume one left running."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from okrtui.tui.app import OkrApp


def open_meeting(app: OkrApp, meeting_id: int) -> None:
    """Show the meeting runner for `meeting_id` on top of the home screen."""


def offer_resume(app: OkrApp) -> None:
    """If a meeting was left running (killed, disconnected), offer to resume it."""

"""Text that stays still under the mouse."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static


class StillStatic(Static):
    """A Static that is not redrawn when the mouse passes over it.

    Textual re-renders a widget whenever the style under the mouse changes, to highlight
    links; these widgets have none to highlight, so over SSH a mouse moving across the
    dashboard would write a frame for nothing. Clicks still reach them.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.auto_links = False

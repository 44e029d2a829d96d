"""What screens, the palette and the meeting starter know of the app: `OkrHost`.

`OkrApp` (`okrtui.tui.app`) is the one implementation. Screens depend on this small base
instead of on the app module, which imports the screens: so the screens sit below the app
and nothing in `tui/` imports upward.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Literal

from textual.app import App
from textual.reactive import reactive

if TYPE_CHECKING:
    from concurrent.futures import Future

    from okrtui.clock import Clock
    from okrtui.config import Settings
    from okrtui.store import Store
    from okrtui.views.dashboard import DashboardData

ScreenName = Literal["dashboard", "timeline", "alignment"]


class OkrHost(App[None]):
    """The app as its screens see it: the store, clock and settings, and how to move."""

    store: Store
    clock: Clock
    settings: Settings
    me_id: int | None
    first_dashboard: Future[DashboardData] | None
    database_lost: str

    presenter: reactive[bool] = reactive(False)
    """The shared-screen layout: bolder, larger spacing, fewer columns, less chrome."""

    def today(self) -> date:
        raise NotImplementedError

    def become(self, person_id: int) -> None:
        """Act as this person from now on (a newcomer's app that started as nobody)."""
        raise NotImplementedError

    def go(self, name: ScreenName) -> None:
        """Show a main screen on top of the dashboard."""
        raise NotImplementedError

    def open_kr(self, kr_id: int) -> None:
        raise NotImplementedError

    def show_owner(self, person_id: int) -> None:
        raise NotImplementedError

    def show_team(self, team_id: int) -> None:
        raise NotImplementedError

    def show_objective(self, objective_id: int) -> None:
        raise NotImplementedError

    def action_help(self) -> None:
        raise NotImplementedError

    def action_toggle_presenter(self) -> None:
        self.presenter = not self.presenter

    def action_start_meeting(self) -> None:
        raise NotImplementedError

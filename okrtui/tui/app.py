"""The okrtui Textual app and the one factory the CLI and the tests build it with."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType

from okrtui.clock import Clock, local_today
from okrtui.config import Settings, save_setting
from okrtui.store import Store
from okrtui.store.watch import ChangeWatcher
from okrtui.tui.messages import StoreChanged

POLL_SECONDS = 0.5


class OkrApp(App[None]):
    """The app holds the store, clock and settings; screens read them from here."""

    TITLE = "okrtui"
    CSS_PATH = "styles/app.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help", key_display="?"),
    ]

    def __init__(
        self,
        store: Store,
        clock: Clock,
        settings: Settings,
        *,
        me_id: int | None = None,
        meeting_id: int | None = None,
        remember_settings: bool = True,
        live_refresh: bool = True,
    ) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.settings = settings
        self.me_id = me_id
        self.start_meeting_id = meeting_id
        self.remember_settings = remember_settings
        self.live_refresh = live_refresh
        self.theme = settings.theme if settings.theme in self.available_themes else "textual-dark"
        self._watcher: ChangeWatcher | None = None

    def today(self) -> date:
        return local_today(self.clock, self.store.timezone)

    def on_mount(self) -> None:
        from okrtui.tui.screens.home import HomeScreen

        self.push_screen(HomeScreen())
        self.call_after_refresh(self._open_meeting_or_offer_resume)
        if self.live_refresh:
            self._watcher = ChangeWatcher(self.store)
            self.set_interval(POLL_SECONDS, self._poll_store)

    def _poll_store(self) -> None:
        if self._watcher is not None and self._watcher.changed():
            self.screen.post_message(StoreChanged())

    def _open_meeting_or_offer_resume(self) -> None:
        from okrtui.tui.meeting_start import offer_resume, open_meeting

        if self.start_meeting_id is not None:
            open_meeting(self, self.start_meeting_id)
        else:
            offer_resume(self)

    def watch_theme(self, theme: str) -> None:
        if self.remember_settings and theme != self.settings.theme:
            save_setting("theme", theme)

    def action_help(self) -> None:
        self.action_show_help_panel()


def make_app(
    store: Store,
    clock: Clock,
    settings: Settings,
    *,
    me_id: int | None = None,
    meeting_id: int | None = None,
    remember_settings: bool = True,
    live_refresh: bool = True,
) -> OkrApp:
    return OkrApp(
        store,
        clock,
        settings,
        me_id=me_id,
        meeting_id=meeting_id,
        remember_settings=remember_settings,
        live_refresh=live_refresh,
    )

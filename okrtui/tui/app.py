"""The okrtui Textual app and the one factory the CLI and the tests build it with."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, ClassVar, Literal, overload

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.screen import Screen

from okrtui.clock import Clock, local_today
from okrtui.config import Settings, save_setting
from okrtui.startup import resume_gc
from okrtui.store import Store
from okrtui.store.watch import ChangeWatcher
from okrtui.tui.host import OkrHost, ScreenName
from okrtui.tui.messages import StoreChanged

if TYPE_CHECKING:
    from concurrent.futures import Future

    from okrtui.tui.checkin_app import CheckinApp
    from okrtui.tui.screens.dashboard import DashboardScreen
    from okrtui.views.dashboard import DashboardData

POLL_SECONDS = 0.5


def okr_commands() -> type[Provider]:
    """okrtui's palette entries, imported when the palette first opens, not at start."""
    from okrtui.tui.palette import OkrCommands

    return OkrCommands


class OkrApp(OkrHost):
    """The app holds the store, clock and settings; screens read them from here."""

    TITLE = "okrtui"
    CSS_PATH = "styles/app.tcss"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = App.COMMANDS | {
        okr_commands
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark,f1", "help", "Help", id="app.help", key_display="?"),
        Binding(
            "p",
            "toggle_presenter",
            "Presenter",
            id="app.presenter",
            tooltip="Presenter mode: bold, spaced, fewer columns, for a projector",
            show=False,
        ),
        Binding(
            "ctrl+t",
            "change_theme",
            "Theme",
            id="app.theme",
            tooltip="Pick a colour theme (remembered)",
            show=False,
        ),
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
        first_dashboard: Future[DashboardData] | None = None,
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
        self.set_reactive(OkrApp.presenter, settings.presenter)
        self._watcher: ChangeWatcher | None = None
        self.database_lost = ""
        """Why the database can no longer be written (said once, in a notification)."""
        self.first_dashboard = first_dashboard
        """The dashboard's data, already being read (`load_dashboard_soon`); its first
        frame takes it instead of reading the store again."""

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, and the band colours that read at 4.5:1 in it."""
        from okrtui.tui.contrast import band_variables

        variables = super().get_css_variables()
        return {**variables, **band_variables(variables)}

    def today(self) -> date:
        return local_today(self.clock, self.store.timezone)

    def get_default_screen(self) -> Screen[None]:
        """The dashboard is the screen under every other (not pushed over a blank one, so
        the first frame is the dashboard's)."""
        from okrtui.tui.screens.dashboard import DashboardScreen

        return DashboardScreen()

    def on_ready(self) -> None:
        resume_gc()

    def on_mount(self) -> None:
        self._save_on_hang_up()
        self.set_class(self.presenter, "-presenter")
        if self.start_meeting_id is not None:
            # Pushed before the first frame: the terminal gets the meeting, not the
            # dashboard drawn and then covered (every byte counts over SSH).
            self._open_meeting_or_offer_resume()
        else:
            self.call_after_refresh(self._open_meeting_or_offer_resume)
        if self.live_refresh:
            self._watcher = ChangeWatcher(self.store)
            self.set_interval(POLL_SECONDS, self._poll_store)

    def _save_on_hang_up(self) -> None:
        """On SIGHUP (the terminal or the SSH connection went away) save what is being
        typed on every screen, then quit; the default would end the process at once."""
        import asyncio
        import contextlib
        import signal

        if not hasattr(signal, "SIGHUP"):
            return
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(signal.SIGHUP, self.hang_up)

    def hang_up(self) -> None:
        for screen in reversed(self.screen_stack):
            flush = getattr(screen, "flush_entries", None)
            if callable(flush):
                flush()
        self.exit()

    def _poll_store(self) -> None:
        watcher = self._watcher
        if watcher is not None and not self.check_database(watcher) and watcher.changed():
            # Every screen in the stack, not only the top one: a screen under a dialog is
            # up to date when the dialog closes.
            for screen in self.screen_stack:
                screen.post_message(StoreChanged())

    def check_database(self, watcher: ChangeWatcher) -> str:
        """Say so, once and for as long as the app runs, when the database file or its log
        was removed or replaced under the app (every later write is refused)."""
        lost = watcher.lost()
        if lost and not self.database_lost:
            self.database_lost = lost
            self.sub_title = "NOT SAVING: the database file is gone"
            self.notify(lost, title="Database lost", severity="error", timeout=86400, markup=False)
        return lost

    def _open_meeting_or_offer_resume(self) -> None:
        from okrtui.tui.meeting_start import offer_resume, open_meeting

        if self.start_meeting_id is not None:
            open_meeting(self, self.start_meeting_id)
        else:
            offer_resume(self)

    def watch_theme(self, theme: str) -> None:
        if self.remember_settings and theme != self.settings.theme:
            save_setting("theme", theme)
            self.settings = self.settings.model_copy(update={"theme": theme})

    def become(self, person_id: int) -> None:
        """The audit names this person from now on, and (when settings are remembered) the
        settings file says so for the next start."""
        person = self.store.person(person_id)
        self.me_id = person.id
        self.store.actor = person.handle
        if self.remember_settings:
            save_setting("user", person.handle)
            self.settings = self.settings.model_copy(update={"user": person.handle})

    def watch_presenter(self, presenter: bool) -> None:
        self.set_class(presenter, "-presenter")

    # -- actions ------------------------------------------------------------------

    def action_help(self) -> None:
        from okrtui.tui.screens.base import OkrScreen
        from okrtui.tui.screens.help import HelpScreen, key_help

        screen = self.screen
        if screen.id == "help":
            self.pop_screen()
            return
        purpose = screen.PURPOSE if isinstance(screen, OkrScreen) else ""
        purpose = purpose or str(getattr(screen, "PURPOSE", ""))
        title = f"Help · {screen.sub_title or type(screen).__name__.removesuffix('Screen')}"
        self.push_screen(HelpScreen(title, purpose, key_help(screen, self)))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A main screen's own key is not offered on it (`l Timeline` on the timeline)."""
        return not (action == "go" and bool(parameters) and parameters[0] == self.screen.id)

    def action_go(self, name: ScreenName) -> None:
        self.go(name)

    # -- navigation (used by screens and the command palette) -----------------------

    def dashboard(self) -> DashboardScreen:
        """Back to the dashboard: every screen above it is closed."""
        from okrtui.tui.screens.dashboard import DashboardScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, DashboardScreen):
            self.pop_screen()
        screen = self.screen
        assert isinstance(screen, DashboardScreen)
        return screen

    def action_start_meeting(self) -> None:
        """Pick an agenda, a team and who is here, then run the meeting."""
        from okrtui.tui.meeting_start import start_meeting_from_agenda

        start_meeting_from_agenda(self)

    def go(self, name: ScreenName) -> None:
        """Show a main screen on top of the dashboard (the stack stays shallow)."""
        from okrtui.tui.screens.alignment import AlignmentScreen
        from okrtui.tui.screens.timeline import TimelineScreen

        if self.screen.id == name:
            return
        self.dashboard()
        if name == "timeline":
            self.push_screen(TimelineScreen(id="timeline"))
        elif name == "alignment":
            self.push_screen(AlignmentScreen(id="alignment"))

    def open_kr(self, kr_id: int) -> None:
        from okrtui.tui.screens.kr_detail import KRDetailScreen

        self.push_screen(KRDetailScreen(kr_id))

    def show_owner(self, person_id: int) -> None:
        self.dashboard().show_owner(person_id)

    def show_team(self, team_id: int) -> None:
        self.dashboard().show_team(team_id)

    def show_objective(self, objective_id: int) -> None:
        self.dashboard().show_objective(objective_id)


@overload
def make_app(
    store: Store,
    clock: Clock,
    settings: Settings,
    *,
    me_id: int,
    checkin: Literal[True],
    live_refresh: bool = True,
) -> CheckinApp: ...


@overload
def make_app(
    store: Store,
    clock: Clock,
    settings: Settings,
    *,
    me_id: int | None = None,
    checkin: Literal[False] = False,
    meeting_id: int | None = None,
    remember_settings: bool = True,
    live_refresh: bool = True,
    first_dashboard: Future[DashboardData] | None = None,
) -> OkrApp: ...


def make_app(
    store: Store,
    clock: Clock,
    settings: Settings,
    *,
    me_id: int | None = None,
    checkin: bool = False,
    meeting_id: int | None = None,
    remember_settings: bool = True,
    live_refresh: bool = True,
    first_dashboard: Future[DashboardData] | None = None,
) -> OkrApp | CheckinApp:
    """The one place an app is built, for the command line and the tests alike.

    `checkin=True` builds `okrtui checkin`'s screen of `me_id`'s KRs (a `UserError`, before
    any screen, when there is no open cycle or nothing of theirs in it); its module is
    imported only then, so neither app's start-up pays for the other.
    """
    if checkin:
        if me_id is None:
            raise TypeError("the check-in screen is someone's: pass me_id")
        from okrtui.tui.checkin_app import CheckinApp
        from okrtui.views.checkin import CheckinSession

        session = CheckinSession.load(store, clock, me_id)
        return CheckinApp(session, settings, live_refresh=live_refresh)
    return OkrApp(
        store,
        clock,
        settings,
        me_id=me_id,
        meeting_id=meeting_id,
        remember_settings=remember_settings,
        live_refresh=live_refresh,
        first_dashboard=first_dashboard,
    )

"""What every okrtui screen shares: the app's store and clock, navigation keys, and the
live refresh (reload in a worker, then show, keeping the selection)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from textual import work
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen

from okrtui.domain.bands import BandThresholds
from okrtui.tui.messages import StoreChanged

if TYPE_CHECKING:
    from okrtui.tui.host import OkrHost

T = TypeVar("T")


class Loaded(Message, Generic[T]):
    """A worker read the store; the screen shows `data`."""

    def __init__(self, data: T) -> None:
        super().__init__()
        self.data = data


def help_only(bindings: Iterable[BindingType], *ids: str) -> list[BindingType]:
    """`bindings` with those of `ids` (all of them when no id is given) kept out of the
    footer: they still work and are listed in ? help, so the footer fits, "? Help" last
    and whole, at 80 columns."""
    return [
        replace(b, show=False) if isinstance(b, Binding) and (not ids or b.id in ids) else b
        for b in bindings
    ]


class OkrScreen(Screen[None], Generic[T]):
    """A screen that shows one view model, loaded from the store.

    Subclasses implement `load` (no widgets touched: it may run in a thread) and `show`.
    The first load runs at once so the first frame has content; live refreshes run in a
    worker and post `Loaded`.
    """

    PURPOSE: ClassVar[str] = ""
    """One or two sentences for the help screen: what this screen is for."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "app.go('dashboard')", "Dashboard", id="nav.dashboard"),
        Binding("l", "app.go('timeline')", "Timeline", id="nav.timeline"),
        Binding("a", "app.go('alignment')", "Alignment", id="nav.alignment"),
        Binding("s", "app.start_meeting", "Start meeting", id="nav.start_meeting"),
    ]

    @property
    def okr(self) -> OkrHost:
        from okrtui.tui.host import OkrHost

        app = self.app
        assert isinstance(app, OkrHost)
        return app

    @property
    def thresholds(self) -> BandThresholds:
        return self.okr.settings.thresholds

    def load(self) -> T:
        raise NotImplementedError

    def show(self, data: T) -> None:
        raise NotImplementedError

    _suspended = False

    def on_mount(self) -> None:
        self.show(self.load())

    def on_store_changed(self, message: StoreChanged) -> None:
        self.reload()

    def on_screen_suspend(self) -> None:
        self._suspended = True

    def on_screen_resume(self) -> None:
        """Back from a screen on top (a meeting, a KR): what it wrote is shown."""
        if self._suspended:
            self._suspended = False
            self.reload()

    @work(thread=True, exclusive=True, group="reload")
    def reload(self) -> None:
        """Read the store again off the UI thread; `on_loaded` shows the result."""
        self.post_message(Loaded(self.load()))

    def on_loaded(self, message: Loaded[T]) -> None:
        message.stop()
        self.show(message.data)

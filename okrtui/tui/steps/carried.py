"""The list the wins, blockers and actions steps share: items carried from earlier meetings
with this meeting's own, a hint line above, the highlighted item's detail below, moved by the
panel's own keys, reloaded on live change, and entered where the room's entries end.

A step says what its items are (`load`), how one reads (`line`, `detail`), what the hint
says, and which items the room has still to decide on (`awaits_word`) or has entered in this
meeting (`entered_here`); the panel does the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar, Generic, Protocol, TypeVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.widgets import Static

from okrtui.domain.models import Person
from okrtui.meeting.scope import step_options
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.widgets.meeting_form import FormField, FormModal
from okrtui.tui.widgets.meeting_kit import PanelList, Scope, kr_refs, record


class Placed(Protocol):
    """What a step needs to know whose an item is: its team and its KR."""

    @property
    def team_id(self) -> int | None: ...

    @property
    def kr_id(self) -> int | None: ...


Item = TypeVar("Item", bound=Placed)

Entry = tuple[Callable[[], object], str]
"""A write through the session, and what it records (for the status line)."""


def moves(kind: str) -> list[Binding]:
    """j/k and the arrows, with the step's own binding ids."""
    return [
        Binding("j,down", "move(1)", "Down", show=False, id=f"{kind}.down"),
        Binding("k,up", "move(-1)", "Up", show=False, id=f"{kind}.up"),
    ]


class CarriedItemsPanel(StepPanel, Generic[Item]):
    """A step whose body is one list of items. The widgets keep the step's ids
    (`wins-hint`, `wins-list`, `wins-detail`) so each step is styled and found as before."""

    can_focus = True

    EMPTY: ClassVar[str] = ""
    """What the list says when it holds nothing."""

    DEFAULT_CSS = """
    CarriedItemsPanel { height: 1fr; }
    CarriedItemsPanel .carried-list { height: auto; max-height: 1fr; border: round $primary 50%; }
    CarriedItemsPanel .carried-hint { color: $text-muted; padding: 0 1; }
    """

    items: list[Item]

    # -- what a step says ---------------------------------------------------------

    def load(self) -> list[Item]:
        """The step's items in the order shown."""
        raise NotImplementedError

    def line(self, item: Item, people: dict[int, Person], refs: dict[int, str]) -> Content:
        raise NotImplementedError

    def detail(self, item: Item) -> str:
        """The whole item, shown under the list while it is highlighted."""
        raise NotImplementedError

    def hint(self) -> str:
        raise NotImplementedError

    def awaits_word(self, item: Item) -> bool:
        """Carried in, and nothing recorded on it in this meeting yet."""
        return False

    def entered_here(self, item: Item) -> bool:
        """An entry of this meeting the room can still act on."""
        return False

    # -- the list -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        self.items = []
        yield Static(id=f"{self.KIND}-hint", classes="carried-hint")
        yield PanelList(id=f"{self.KIND}-list", classes="carried-list")
        yield Static(id=f"{self.KIND}-detail", classes="item-detail")

    def on_mount(self) -> None:
        self.refresh_data()
        self.highlight(self.resume_row())

    @property
    def listing(self) -> PanelList:
        return self.query_one(PanelList)

    def scope(self) -> Scope:
        return Scope(self.session, step_options(self.step).get("scope") == "all")

    def in_scope(self, items: Iterable[Item]) -> list[Item]:
        """The items of the meeting's team (or of its KRs), or all when the step says so."""
        scope = self.scope()
        return [item for item in items if scope.holds(item.team_id, item.kr_id)]

    def refresh_data(self) -> None:
        """Reload, keeping the highlight on the same row."""
        self.items = self.load()
        people = self.session.store.people_by_id()
        refs = kr_refs(self.session)
        rows = [self.line(item, people, refs) for item in self.items]
        if not rows:
            rows = [Content.styled(self.EMPTY, "$text-muted")]
        self.listing.show_rows(rows)
        self.query_one(f"#{self.KIND}-hint", Static).update(Content(self.hint()))
        self._show_detail()

    def resume_row(self) -> int:
        """Where the room's entries end: the first item still waiting for this meeting's
        word; else the last item entered in this meeting (ready for the next entry); else
        the top. Entering the step again after a quit or a crash lands here, so the next
        key acts on the item the room was about to take."""
        waiting = next((i for i, item in enumerate(self.items) if self.awaits_word(item)), None)
        if waiting is not None:
            return waiting
        return max((i for i, item in enumerate(self.items) if self.entered_here(item)), default=0)

    def highlight(self, row: int) -> None:
        listing = self.listing
        if listing.option_count:
            listing.highlighted = min(max(row, 0), listing.option_count - 1)
        self._show_detail()

    @property
    def selected(self) -> Item | None:
        index = self.listing.index
        return self.items[index] if index is not None and index < len(self.items) else None

    def on_option_list_option_highlighted(self, event: PanelList.OptionHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        item = self.selected
        text = "" if item is None else self.detail(item)
        self.query_one(f"#{self.KIND}-detail", Static).update(Content(text))

    def action_move(self, delta: int) -> None:
        self.listing.move_by(delta)

    # -- writing ------------------------------------------------------------------

    def write(self, entry: Entry) -> bool:
        """Record `entry`, then show the list as it now is."""
        action, what = entry
        if record(self, action, what) is None:
            return False
        self.refresh_data()
        return True

    def ask(
        self,
        title: str,
        fields: Sequence[FormField],
        entry: Callable[[dict[str, object]], Entry],
        then: Callable[[], None] | None = None,
    ) -> None:
        """A form; once it is filled in, `entry(values)` is recorded (nothing if cancelled)
        and `then` runs after a successful write."""

        def done(values: dict[str, object] | None) -> None:
            if values is not None and self.write(entry(values)) and then is not None:
                then()

        self.app.push_screen(FormModal(title, fields), done)

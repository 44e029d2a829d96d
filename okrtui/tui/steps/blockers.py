"""Open blockers carried over (resolve with a resolution, or keep), and new ones."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from okrtui.domain.models import Blocker, KeyResult, Person
from okrtui.meeting.scope import step_options
from okrtui.text import clean_line
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.widgets.meeting_form import FormModal
from okrtui.tui.widgets.meeting_kit import (
    PanelList,
    Scope,
    kr_field,
    kr_refs,
    meeting_people,
    owner_field,
    person_handle,
    person_name,
    record,
    text_field,
    today_of,
)


class BlockersPanel(StepPanel):
    KIND = "blockers"
    can_focus = True

    DEFAULT_CSS = """
    BlockersPanel { height: 1fr; }
    BlockersPanel #blockers-list { height: auto; max-height: 1fr; border: round $primary 50%; }
    BlockersPanel #blockers-hint { color: $text-muted; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "resolve", "Resolve", id="blockers.resolve"),
        Binding("enter", "keep", "Keep", key_display="⏎", id="blockers.keep"),
        Binding("a", "add", "Raise new", id="blockers.add"),
        Binding("j,down", "move(1)", "Down", show=False, id="blockers.down"),
        Binding("k,up", "move(-1)", "Up", show=False, id="blockers.up"),
    ]

    blockers: list[Blocker]

    def compose(self) -> ComposeResult:
        self.blockers = []
        yield Static(id="blockers-hint")
        yield PanelList(id="blockers-list")
        yield Static(id="blockers-detail", classes="item-detail")

    def on_mount(self) -> None:
        self.refresh_data()

    def _scope(self) -> Scope:
        return Scope(self.session, step_options(self.step).get("scope") == "all")

    def refresh_data(self) -> None:
        store, meeting = self.session.store, self.session.meeting
        scope = self._scope()
        self.blockers = [
            b
            for b in store.blockers(meeting.cycle_id)
            if scope.holds(b.team_id, b.kr_id)
            and (b.is_open or b.resolved_meeting_id == meeting.id)
        ]
        self.blockers.sort(key=lambda b: (not b.is_open, b.raised_at, b.id))
        people = store.people_by_id()
        refs = kr_refs(self.session)
        rows = [self._line(b, people, refs) for b in self.blockers]
        if not rows:
            rows = [Content.styled("No open blockers.", "$text-muted")]
        self.query_one(PanelList).show_rows(rows)
        still_open = sum(b.is_open for b in self.blockers)
        self.query_one("#blockers-hint", Static).update(
            Content(f"{still_open} open · r resolve · ⏎ keep · a raise a new one")
        )
        self._show_detail()

    def _line(self, b: Blocker, people: dict[int, Person], refs: dict[int, str]) -> Content:
        age = (today_of(self.session) - b.raised_at.date()).days
        status = ("open    ", "$text-warning") if b.is_open else ("resolved", "$text-success")
        new = b.raised_meeting_id == self.session.meeting.id
        return Content.assemble(
            status,
            (f" {'new' if new else f'{age}d':>4} ", "$text-muted"),
            (f"{person_handle(people, b.owner_id)[:10]:<10} ", "bold"),
            (f"{refs.get(b.kr_id, '') if b.kr_id else '':<9} ", "$text-muted"),
            Content(clean_line(b.text)),
            (f"  → {clean_line(b.resolution)}" if b.resolution else "", "$text-success"),
        )

    def _detail(self, b: Blocker) -> str:
        people = self.session.store.people_by_id()
        where = f" · on {kr_refs(self.session).get(b.kr_id, '')}" if b.kr_id else ""
        text = f"{clean_line(b.text)}\nOwner {person_name(people, b.owner_id)}{where}"
        if b.resolution:
            text += f"\nResolved: {clean_line(b.resolution)}"
        return text

    @property
    def selected(self) -> Blocker | None:
        index = self.query_one(PanelList).index
        return self.blockers[index] if index is not None and self.blockers else None

    def on_option_list_option_highlighted(self, event: PanelList.OptionHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        index = self.query_one(PanelList).index
        items = self.blockers
        text = "" if index is None or index >= len(items) else self._detail(items[index])
        self.query_one("#blockers-detail", Static).update(Content(text))

    def action_move(self, delta: int) -> None:
        self.query_one(PanelList).move_by(delta)

    def action_keep(self) -> None:
        self.action_move(1)

    def action_resolve(self) -> None:
        blocker = self.selected
        if blocker is None or not blocker.is_open:
            self.app.notify("Pick an open blocker to resolve (j/k to move).", markup=False)
            return
        form = FormModal(
            f"Resolve: {clean_line(blocker.text)}",
            [text_field("resolution", "Resolution:", "how it was cleared")],
        )

        def done(values: dict[str, object] | None) -> None:
            if values is None:
                return
            resolution = values["resolution"]
            assert isinstance(resolution, str)
            if record(
                self,
                lambda: self.session.resolve_blocker(blocker.id, resolution),
                "blocker resolved",
            ):
                self.refresh_data()

        self.app.push_screen(form, done)

    def action_add(self) -> None:
        form = FormModal(
            "Raise a blocker",
            [
                text_field("text", "What is in the way?", "e.g. waiting for the staging DB"),
                owner_field(meeting_people(self.session), "", "Owner (who will unblock it):"),
                kr_field(self._scope().krs),
            ],
        )

        def done(values: dict[str, object] | None) -> None:
            if values is None:
                return
            text, owner, kr = values["text"], values["owner"], values["kr"]
            assert isinstance(text, str) and isinstance(owner, Person)
            kr_id = kr.id if isinstance(kr, KeyResult) else None
            if record(
                self,
                lambda: self.session.raise_blocker(text, owner.id, kr_id),
                f"blocker raised, owner {owner.handle}",
            ):
                self.refresh_data()

        self.app.push_screen(form, done)

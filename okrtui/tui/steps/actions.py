"""Open action items carried over (done, or keep; overdue ones marked), and new ones with an
owner and a due date."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from okrtui.domain.models import ActionItem, KeyResult, Person
from okrtui.meeting.scope import step_options
from okrtui.text import clean_line
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.widgets.meeting_form import FormModal
from okrtui.tui.widgets.meeting_kit import (
    PanelList,
    Scope,
    due_field,
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


class ActionsPanel(StepPanel):
    KIND = "actions"
    can_focus = True

    DEFAULT_CSS = """
    ActionsPanel { height: 1fr; }
    ActionsPanel #actions-list { height: auto; max-height: 1fr; border: round $primary 50%; }
    ActionsPanel #actions-hint { color: $text-muted; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "done", "Done", id="actions.done"),
        Binding("enter", "keep", "Keep", key_display="⏎", id="actions.keep"),
        Binding("a", "add", "Add action", id="actions.add"),
        Binding("j,down", "move(1)", "Down", show=False, id="actions.down"),
        Binding("k,up", "move(-1)", "Up", show=False, id="actions.up"),
    ]

    actions: list[ActionItem]

    def compose(self) -> ComposeResult:
        self.actions = []
        yield Static(id="actions-hint")
        yield PanelList(id="actions-list")
        yield Static(id="actions-detail", classes="item-detail")

    def on_mount(self) -> None:
        self.refresh_data()

    def _scope(self) -> Scope:
        return Scope(self.session, step_options(self.step).get("scope") == "all")

    def refresh_data(self) -> None:
        store, meeting = self.session.store, self.session.meeting
        scope = self._scope()
        self.actions = [
            a
            for a in store.actions(meeting.cycle_id)
            if scope.holds(a.team_id, a.kr_id) and (a.is_open or a.done_meeting_id == meeting.id)
        ]
        self.actions.sort(
            key=lambda a: (not a.is_open, a.meeting_id == meeting.id, a.created_at, a.id)
        )
        people = store.people_by_id()
        refs = kr_refs(self.session)
        rows = [self._line(a, people, refs) for a in self.actions]
        if not rows:
            rows = [Content.styled("No open action items.", "$text-muted")]
        self.query_one(PanelList).show_rows(rows)
        today = today_of(self.session)
        still_open = sum(a.is_open for a in self.actions)
        overdue = sum(a.is_overdue(today) for a in self.actions)
        self.query_one("#actions-hint", Static).update(
            Content(f"{still_open} open, {overdue} overdue · d done · ⏎ keep · a add")
        )
        self._show_detail()

    def _line(self, a: ActionItem, people: dict[int, Person], refs: dict[int, str]) -> Content:
        today = today_of(self.session)
        box = "[x]" if not a.is_open else "[ ]"
        if a.is_overdue(today):
            due = (f"{a.due:%d %b} OVERDUE", "bold $text-error")
        elif a.due is not None:
            due = (f"{a.due:%d %b}        ", "$text-muted")
        else:
            due = ("no due date   ", "$text-muted")
        new = " new" if a.meeting_id == self.session.meeting.id else ""
        return Content.assemble(
            (box, "$text-success" if not a.is_open else ""),
            " ",
            due,
            " ",
            (f"{person_handle(people, a.owner_id)[:10]:<10} ", "bold"),
            Content(clean_line(a.text)),
            (f"  [{refs[a.kr_id]}]" if a.kr_id in refs else "", "$text-muted"),
            (new, "$text-accent"),
        )

    def _detail(self, a: ActionItem) -> str:
        people = self.session.store.people_by_id()
        due = f"due {a.due:%a %d %b %Y}" if a.due is not None else "no due date"
        where = f" · on {kr_refs(self.session).get(a.kr_id, '')}" if a.kr_id else ""
        state = "done" if not a.is_open else "open"
        return f"{clean_line(a.text)}\n{person_name(people, a.owner_id)} · {due}{where} · {state}"

    @property
    def selected(self) -> ActionItem | None:
        index = self.query_one(PanelList).index
        return self.actions[index] if index is not None and self.actions else None

    def on_option_list_option_highlighted(self, event: PanelList.OptionHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        index = self.query_one(PanelList).index
        items = self.actions
        text = "" if index is None or index >= len(items) else self._detail(items[index])
        self.query_one("#actions-detail", Static).update(Content(text))

    def action_move(self, delta: int) -> None:
        self.query_one(PanelList).move_by(delta)

    def action_keep(self) -> None:
        self.action_move(1)

    def action_done(self) -> None:
        action = self.selected
        if action is None or not action.is_open:
            self.app.notify("Pick an open action item (j/k to move).", markup=False)
            return
        index = self.query_one(PanelList).index
        if record(self, lambda: self.session.complete_action(action.id), "action done"):
            self.refresh_data()
            listing = self.query_one(PanelList)
            if index is not None:
                listing.highlighted = min(index, listing.option_count - 1)

    def action_add(self) -> None:
        form = FormModal(
            "Add an action item",
            [
                text_field("text", "The action:", "what will be done"),
                owner_field(meeting_people(self.session)),
                due_field(today_of(self.session)),
                kr_field(self._scope().krs),
            ],
        )

        def done(values: dict[str, object] | None) -> None:
            if values is None:
                return
            text, owner, due, kr = values["text"], values["owner"], values["due"], values["kr"]
            assert isinstance(text, str) and isinstance(owner, Person)
            from datetime import date

            assert due is None or isinstance(due, date)
            kr_id = kr.id if isinstance(kr, KeyResult) else None
            if record(
                self,
                lambda: self.session.add_action(text, owner.id, due, kr_id),
                f"action added for {owner.handle}",
            ):
                self.refresh_data()

        self.app.push_screen(form, done)

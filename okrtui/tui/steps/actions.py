"""Open action items carried over (done, or keep; overdue ones marked), and new ones with an
owner and a due date."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.content import Content

from okrtui.domain.models import ActionItem, KeyResult, Person
from okrtui.text import clean_line
from okrtui.tui.steps.carried import CarriedItemsPanel, Entry, moves
from okrtui.tui.widgets.meeting_kit import (
    due_field,
    kr_field,
    kr_refs,
    meeting_people,
    owner_field,
    person_handle,
    person_name,
    text_field,
    today_of,
)


class ActionsPanel(CarriedItemsPanel[ActionItem]):
    """The step enters on the first carried action still open. Keeping one open records
    nothing, so after a crash the room is taken back to the first one it kept: ⏎ passes it
    again without a write. With none left, it enters after the last action added here."""

    KIND = "actions"
    EMPTY = "No open action items."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "done", "Done", id="actions.done"),
        Binding("enter", "keep", "Keep", key_display="⏎", id="actions.keep"),
        Binding("a", "add", "Add action", id="actions.add"),
        *moves("actions"),
    ]

    def load(self) -> list[ActionItem]:
        store, meeting = self.session.store, self.session.meeting
        actions = [
            a
            for a in self.in_scope(store.actions(meeting.cycle_id))
            if a.is_open or a.done_meeting_id == meeting.id
        ]
        actions.sort(key=lambda a: (not a.is_open, a.meeting_id == meeting.id, a.created_at, a.id))
        return actions

    def hint(self) -> str:
        today = today_of(self.session)
        still_open = sum(a.is_open for a in self.items)
        overdue = sum(a.is_overdue(today) for a in self.items)
        return f"{still_open} open, {overdue} overdue · d done · ⏎ keep · a add"

    def awaits_word(self, item: ActionItem) -> bool:
        return item.is_open and item.meeting_id != self.session.meeting.id

    def entered_here(self, item: ActionItem) -> bool:
        return item.is_open and item.meeting_id == self.session.meeting.id

    def line(self, a: ActionItem, people: dict[int, Person], refs: dict[int, str]) -> Content:
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

    def detail(self, a: ActionItem) -> str:
        people = self.session.store.people_by_id()
        due = f"due {a.due:%a %d %b %Y}" if a.due is not None else "no due date"
        where = f" · on {kr_refs(self.session).get(a.kr_id, '')}" if a.kr_id else ""
        state = "done" if not a.is_open else "open"
        return f"{clean_line(a.text)}\n{person_name(people, a.owner_id)} · {due}{where} · {state}"

    def action_keep(self) -> None:
        self.action_move(1)

    def action_done(self) -> None:
        action = self.selected
        if action is None or not action.is_open:
            self.app.notify("Pick an open action item (j/k to move).", markup=False)
            return
        self.write((lambda: self.session.complete_action(action.id), "action done"))

    def action_add(self) -> None:
        def entry(values: dict[str, object]) -> Entry:
            text, owner, due, kr = values["text"], values["owner"], values["due"], values["kr"]
            assert isinstance(text, str) and isinstance(owner, Person)
            assert due is None or isinstance(due, date)
            kr_id = kr.id if isinstance(kr, KeyResult) else None
            return (
                lambda: self.session.add_action(text, owner.id, due, kr_id),
                f"action added for {owner.handle}",
            )

        self.ask(
            "Add an action item",
            [
                text_field("text", "The action:", "what will be done"),
                owner_field(meeting_people(self.session)),
                due_field(today_of(self.session)),
                kr_field(self.scope().krs),
            ],
            entry,
        )

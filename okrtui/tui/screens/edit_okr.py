"""Writing OKRs in the app, keyboard first: the writing screen (the cycle, people, teams,
objectives and key results, with keys to add, edit, move, retire and read the history),
the forms (`okrtui.tui.widgets.okr_form`) that validate as you type with the coach beside
them, and the history.

What a form holds, how it is checked and what it writes are `okrtui.views.edit_okr`'s;
these screens show and forward. User text reaches widgets only as `plain(...)` content.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from okrtui.errors import UserError
from okrtui.tui.screens.base import OkrScreen, help_only
from okrtui.tui.text import plain
from okrtui.tui.widgets.meeting_form import ConfirmModal
from okrtui.tui.widgets.okr_form import (
    HistoryScreen,
    OkrFormScreen,
    ReasonScreen,
    coach_content,
)
from okrtui.views.edit_okr import (
    EditContext,
    EditRow,
    FormKind,
    edit_rows,
    load_context,
    load_history,
    lock_and_activate,
    lock_question,
    retire,
)

__all__ = ["HistoryScreen", "OkrFormScreen", "ReasonScreen", "WriteOkrsScreen", "coach_content"]


HEADING_KEYS = {
    0: "c adds a cycle · L locks it · A starts it",
    2: "p adds",
    3: "t adds",
    4: "o adds an objective, k a key result",
}
"""The keys of each heading (by `EditRow.id`) that the footer leaves out."""


def row_content(row: EditRow) -> Content:
    if row.kind == "heading":
        keys = HEADING_KEYS.get(row.id, "")
        return Content.assemble(
            plain(row.text).stylize("bold $text-accent"),
            ("  " + keys if keys else "", "$text-muted"),
        )
    style = "$text-muted strike" if row.retired else ""
    return Content.assemble(
        plain(row.text).stylize(style),
        "  ",
        plain(row.detail).stylize("$text-muted italic"),
    )


class WriteOkrsScreen(OkrScreen[EditContext]):
    """Everything that is written rather than checked in: the cycle and its milestones,
    people, teams, objectives and key results."""

    PURPOSE = (
        "Write the OKRs: the cycle and its milestones, people, teams, objectives and key "
        "results. c p t o k add; Enter or e edits (a team or objective moves by changing "
        "it); r retires; h shows the history; L locks the cycle, A makes it active."
    )
    DEFAULT_CSS = """
    WriteOkrsScreen #write-title { text-style: bold; padding: 0 1; }
    WriteOkrsScreen #write-list { height: 1fr; border: none; }
    """
    # The footer keeps the keys used most; the others are said on the heading they act on
    # (HEADING_KEYS) and all are listed in ? help.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "add('cycle')", "Cycle", id="write.cycle", tooltip="Add a cycle", show=False),
        Binding(
            "p", "add('person')", "Person", id="write.person", tooltip="Add a person", show=False
        ),
        Binding("t", "add('team')", "Team", id="write.team", tooltip="Add a team", show=False),
        Binding(
            "o", "add('objective')", "Objective", id="write.objective", tooltip="Add an objective"
        ),
        Binding("k", "add('kr')", "KR", id="write.kr", tooltip="Add a key result"),
        Binding("e", "edit", "Edit", id="write.edit", tooltip="Edit the row under the cursor"),
        Binding("r", "retire", "Retire", id="write.retire", tooltip="Retire an objective or KR"),
        Binding(
            "h", "history", "History", id="write.history", tooltip="Who changed what", show=False
        ),
        Binding(
            "L", "lock", "Lock", id="write.lock", tooltip="Lock the cycle's milestones", show=False
        ),
        Binding(
            "A",
            "activate",
            "Activate",
            id="write.activate",
            tooltip="Lock and start the cycle",
            show=False,
        ),
        Binding("escape", "back", "Back", id="write.back"),
        # The screens' own keys work here too; the footer keeps room for the writing keys.
        *help_only(OkrScreen.BINDINGS),
    ]

    def __init__(self, *, select: tuple[str, int] | None = None, edit: bool = False) -> None:
        super().__init__(id="write")
        self.ctx: EditContext | None = None
        self.rows: list[EditRow] = []
        self.select = select
        self.edit_at_start = edit

    def compose(self) -> ComposeResult:
        yield Static(
            Content.assemble(
                "Write OKRs", ("   h: who changed the row under the cursor", "not bold $text-muted")
            ),
            id="write-title",
        )
        yield OptionList(id="write-list")
        yield Footer()

    def load(self) -> EditContext:
        return load_context(self.okr.store)

    def show(self, data: EditContext) -> None:
        self.ctx = data
        keep = self.select or self._current_key()
        self.rows = edit_rows(data)
        options = self.query_one(OptionList)
        options.clear_options()
        options.add_options(
            [
                Option(row_content(r), id=f"{r.kind}:{r.id}", disabled=r.kind == "heading")
                for r in self.rows
            ]
        )
        self._move_to(keep)
        options.focus()
        if self.edit_at_start:
            self.edit_at_start = False
            self.call_after_refresh(self.action_edit)

    def _current_key(self) -> tuple[str, int] | None:
        row = self.current_row()
        return None if row is None else (row.kind, row.id)

    def _move_to(self, key: tuple[str, int] | None) -> None:
        options = self.query_one(OptionList)
        if key is not None:
            for i, row in enumerate(self.rows):
                if (row.kind, row.id) == key:
                    options.highlighted = i
                    self.select = None
                    return
        first = next((i for i, r in enumerate(self.rows) if r.kind != "heading"), None)
        options.highlighted = first

    def current_row(self) -> EditRow | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.rows):
            return None
        return self.rows[index]

    def _after(self, said: str | None) -> None:
        if said:
            self.notify(said, markup=False)
            self.show(self.load())

    def _form(
        self, kind: FormKind, *, editing: int | None = None, under: int | None = None
    ) -> None:
        assert self.ctx is not None
        fresh = load_context(self.okr.store)
        form = OkrFormScreen(kind, fresh, editing=editing, under=under)

        def after(said: str | None) -> None:
            if form.saved is not None:
                self.select = (form.saved.kind, form.saved.id)
            self._after(said)
            if form.saved is not None and form.saved.kind == "person" and editing is None:
                self._offer_identity(form.saved.id)

        self.app.push_screen(form, after)

    def _offer_identity(self, person_id: int) -> None:
        """An app started as nobody (no --me) asks whether the person just added is the
        one at the keyboard, so the audit names them instead of "okrtui"."""
        if self.okr.me_id is not None:
            return
        person = self.okr.store.person(person_id)

        def answer(yes: bool | None) -> None:
            if yes:
                self.okr.become(person.id)
                self.notify(f"You are {person.name} ({person.handle})", markup=False)

        self.app.push_screen(
            ConfirmModal(
                f"Is this you: {person.name} ({person.handle})?",
                "okrtui then records what you write as theirs, here and next time.",
            ),
            answer,
        )

    def action_add(self, kind: FormKind) -> None:
        row = self.current_row()
        under: int | None = None
        if kind == "kr" and row is not None:
            under = row.id if row.kind == "objective" else self._objective_of(row)
        if kind == "objective" and row is not None:
            under = self._team_of(row)
        if kind in {"objective", "kr"} and (self.ctx is None or self.ctx.cycle is None):
            self.notify("Add a cycle first (c)", severity="warning", markup=False)
            return
        self._form(kind, under=under)

    def _team_of(self, row: EditRow) -> int | None:
        """The team of the team, objective or key result under the cursor."""
        if row.kind == "team":
            return row.id
        objective_id = row.id if row.kind == "objective" else self._objective_of(row)
        if objective_id is None or self.ctx is None:
            return None
        return next((o.team_id for o in self.ctx.objectives if o.id == objective_id), None)

    def _objective_of(self, row: EditRow) -> int | None:
        if row.kind != "kr" or self.ctx is None:
            return None
        return next((k.objective_id for k in self.ctx.key_results if k.id == row.id), None)

    def action_edit(self) -> None:
        row = self.current_row()
        if row is None or row.kind == "heading":
            return
        self._form(row.kind, editing=row.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def action_retire(self) -> None:
        row = self.current_row()
        if row is None or row.kind not in {"objective", "kr"}:
            self.notify("Only objectives and key results are retired", markup=False)
            return
        if row.retired:
            self.notify("Retired already", markup=False)
            return
        what = "objective (and its key results)" if row.kind == "objective" else "key result"

        def done(reason: str | None) -> None:
            if reason is None:
                return
            try:
                self._after(retire(self.okr.store, row.kind, row.id, reason))
            except UserError as error:
                self.notify(str(error), severity="error", markup=False)

        self.app.push_screen(
            ReasonScreen(f"Retire this {what}? It stays in history and reports."), done
        )

    def action_history(self) -> None:
        row = self.current_row()
        if row is None or row.kind == "heading":
            return
        lines = load_history(self.okr.store, row.kind, row.id)
        self.app.push_screen(HistoryScreen(f"History of {row.text.strip()}", lines))

    def action_lock(self) -> None:
        self._lock(activate=False)

    def action_activate(self) -> None:
        self._lock(activate=True)

    def _lock(self, *, activate: bool) -> None:
        if self.ctx is None or self.ctx.cycle is None:
            self.notify("There is no cycle yet (c adds one)", severity="warning", markup=False)
            return
        cycle = self.ctx.cycle

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self._after(lock_and_activate(self.okr.store, cycle.id, activate=activate))
            except UserError as error:
                self.notify(str(error), severity="error", markup=False)

        self.app.push_screen(ConfirmModal(*lock_question(cycle, activate=activate)), answered)

    def action_back(self) -> None:
        self.app.pop_screen()

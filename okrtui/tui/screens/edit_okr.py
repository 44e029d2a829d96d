"""Writing OKRs in the app, keyboard first: the writing screen (the cycle, people, teams,
objectives and key results, with keys to add, edit, move, retire and read the history),
the forms that validate as you type with the coach beside them, and the history.

What a form holds, how it is checked and what it writes are `okrtui.views.edit_okr`'s;
these screens show and forward. User text reaches widgets only as `plain(...)` content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from okrtui.domain.health import HealthFinding
from okrtui.errors import UserError
from okrtui.tui.screens.base import OkrScreen
from okrtui.tui.text import plain

if TYPE_CHECKING:
    from okrtui.store import Store

from okrtui.views.edit_okr import (
    FIELDS,
    TITLES,
    Checked,
    EditContext,
    EditRow,
    FormKind,
    coach_for,
    edit_rows,
    initial_text,
    load_context,
    load_history,
    lock_and_activate,
    needs_reason,
    retire,
    save,
    validate,
)


def coach_content(findings: list[HealthFinding]) -> Content:
    """The coach's findings as a short list: warnings first (marked `!`), then notes."""
    if not findings:
        return Content.assemble(("Coach", "bold"), "\n", ("Nothing to point out.", "$text-success"))
    parts: list[Content] = [Content.styled("Coach", "bold")]
    ordered = sorted(findings, key=lambda f: f.severity != "warning")
    for f in ordered:
        mark = ("! ", "bold $text-warning") if f.severity == "warning" else ("i ", "$text-muted")
        parts.append(Content.assemble(mark, plain(f.message)))
    return Content("\n").join(parts)


class OkrFormScreen(ModalScreen[str | None]):
    """One form: a person, team, cycle, milestone, objective or key result; new or edited.

    Every field is checked as it is typed; a message under a field names it. Enter moves
    to the next field (and saves on the last), Ctrl+S saves, Escape cancels. Dismisses
    with what was saved, or None."""

    DEFAULT_CSS = """
    OkrFormScreen { align: center middle; }
    OkrFormScreen > #form-frame {
        width: 100%; max-width: 118; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    OkrFormScreen #form-title { text-style: bold; color: $text-accent; }
    OkrFormScreen #form-body { height: auto; }
    OkrFormScreen #form-fields { width: 1fr; height: auto; }
    OkrFormScreen #coach { width: 36; height: auto; padding: 0 0 0 1; border-left: vkey $primary; }
    OkrFormScreen .form-row { height: 1; }
    OkrFormScreen .form-label { width: 12; color: $text-muted; }
    OkrFormScreen .form-row Input { width: 1fr; height: 1; border: none; padding: 0; }
    OkrFormScreen .form-row Input:focus { background: $boost; }
    OkrFormScreen .form-error { color: $text-error; height: auto; padding: 0 0 0 12; }
    OkrFormScreen #form-error { color: $text-error; height: auto; }
    OkrFormScreen #form-keys { color: $text-muted; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]

    def __init__(
        self,
        kind: FormKind,
        ctx: EditContext,
        *,
        editing: int | None = None,
        under: int | None = None,
    ) -> None:
        super().__init__()
        self.kind: FormKind = kind
        self.ctx = ctx
        self.editing = editing
        self.start_text = initial_text(kind, ctx, editing, under=under)
        self.touched: set[str] = set()
        self.tried = False
        fields = FIELDS[kind]
        if editing is not None and kind == "cycle":
            fields = tuple(f for f in fields if f.name != "slug")
        if not self._asks_reason():
            fields = tuple(f for f in fields if f.name != "reason")
        self.fields = fields

    def _asks_reason(self) -> bool:
        locked = self.ctx.cycle is not None and self.ctx.cycle.locked
        return self.editing is not None and locked and self.kind in {"kr", "cycle", "milestone"}

    def compose(self) -> ComposeResult:
        verb = "Edit" if self.editing is not None else "New"
        with Vertical(id="form-frame"):
            yield Static(plain(f"{verb} {TITLES[self.kind]}"), id="form-title")
            with Horizontal(id="form-body"):
                with Vertical(id="form-fields"):
                    for spec in self.fields:
                        with Horizontal(classes="form-row"):
                            yield Label(
                                plain(spec.label + ("*" if spec.required else "")),
                                classes="form-label",
                            )
                            yield Input(
                                self.start_text.get(spec.name, ""),
                                placeholder=spec.placeholder,
                                id=f"f-{spec.name}",
                                compact=True,
                            )
                        error = Static("", id=f"e-{spec.name}", classes="form-error", markup=False)
                        error.display = False
                        yield error
                    yield Static("", id="form-error", markup=False)
                if self.kind in {"kr", "objective"}:
                    yield Static("", id="coach", markup=False)
            yield Static(
                Content("Enter next field · Ctrl+S save · Escape cancel · * required"),
                id="form-keys",
            )

    def on_mount(self) -> None:
        self._check()
        self.query_one(f"#f-{self.fields[0].name}", Input).focus()

    def text(self) -> dict[str, str]:
        return {spec.name: self.query_one(f"#f-{spec.name}", Input).value for spec in self.fields}

    def _check(self) -> Checked:
        text = self.text()
        checked = validate(self.kind, text, self.ctx, self.editing)
        if (
            self._asks_reason()
            and checked.ok
            and needs_reason(self.kind, checked.values, self.ctx, self.editing)
        ) and not checked.values.get("reason"):
            checked.errors["reason"] = (
                "Reason: the cycle is locked: this change needs a reason (it is audited)"
            )
        for spec in self.fields:
            error = self.query_one(f"#e-{spec.name}", Static)
            message = checked.errors.get(spec.name, "")
            shown = bool(message) and (self.tried or spec.name in self.touched)
            error.display = shown
            error.update(plain(message) if shown else "")
        if self.kind in {"kr", "objective"}:
            findings = coach_for(self.kind, text, self.ctx, self.editing)
            self.query_one("#coach", Static).update(coach_content(findings))
        return checked

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id and event.input.id.startswith("f-"):
            self.touched.add(event.input.id.removeprefix("f-"))
            self.query_one("#form-error", Static).update("")
            self._check()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        names = [spec.name for spec in self.fields]
        name = (event.input.id or "").removeprefix("f-")
        if name in names and names.index(name) < len(names) - 1:
            self.query_one(f"#f-{names[names.index(name) + 1]}", Input).focus()
        else:
            self.action_save()

    def action_save(self) -> None:
        self.tried = True
        checked = self._check()
        if not checked.ok:
            first = next(s.name for s in self.fields if s.name in checked.errors)
            self.query_one("#form-error", Static).update(
                plain(f"Not saved: {len(checked.errors)} field(s) to fix")
            )
            self.query_one(f"#f-{first}", Input).focus()
            return
        store = self._store()
        try:
            said = save(store, self.kind, checked.values, self.ctx, self.editing)
        except UserError as error:
            self.query_one("#form-error", Static).update(plain(f"Not saved: {error}"))
            return
        self.dismiss(said)

    def _store(self) -> Store:
        from okrtui.tui.host import OkrHost

        app = self.app
        assert isinstance(app, OkrHost)
        return app.store

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReasonScreen(ModalScreen[str | None]):
    """Ask for a reason (retiring keeps it in the audit); Enter confirms, Escape cancels."""

    DEFAULT_CSS = """
    ReasonScreen { align: center middle; }
    ReasonScreen > Vertical {
        width: 70; max-width: 95%; height: auto; border: round $warning;
        background: $surface; padding: 0 1;
    }
    ReasonScreen Input { border: none; height: 1; padding: 0; background: $boost; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="reason.cancel"),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.question))
            yield Input(placeholder="why (kept in the history)", id="reason", compact=True)
            yield Static(Content.styled("Enter confirms · Escape cancels", "$text-muted"))

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)


class HistoryScreen(ModalScreen[None]):
    """The audit of one record: who changed what, when, and why."""

    DEFAULT_CSS = """
    HistoryScreen { align: center middle; }
    HistoryScreen > Vertical {
        width: 100%; max-width: 110; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    HistoryScreen VerticalScroll { height: auto; max-height: 30; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,h,q", "close", "Close", id="history.close"),
    ]

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(plain(self.title_text).stylize("bold $text-accent"))
            with VerticalScroll():
                if not self.lines:
                    yield Static(Content("No changes recorded."))
                for line in self.lines:
                    yield Static(plain(line), classes="history-line")
            yield Static(Content.styled("Escape closes", "$text-muted"))

    def action_close(self) -> None:
        self.dismiss(None)


def row_content(row: EditRow) -> Content:
    if row.kind == "heading":
        return plain(row.text).stylize("bold $text-accent")
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
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "add('cycle')", "Cycle", id="write.cycle", tooltip="Add a cycle"),
        Binding("p", "add('person')", "Person", id="write.person", tooltip="Add a person"),
        Binding("t", "add('team')", "Team", id="write.team", tooltip="Add a team"),
        Binding(
            "o", "add('objective')", "Objective", id="write.objective", tooltip="Add an objective"
        ),
        Binding("k", "add('kr')", "Key result", id="write.kr", tooltip="Add a key result"),
        Binding("e", "edit", "Edit", id="write.edit", tooltip="Edit the row under the cursor"),
        Binding("r", "retire", "Retire", id="write.retire", tooltip="Retire an objective or KR"),
        Binding("h", "history", "History", id="write.history", tooltip="Who changed what"),
        Binding("L", "lock", "Lock", id="write.lock", tooltip="Lock the cycle's milestones"),
        Binding(
            "A", "activate", "Activate", id="write.activate", tooltip="Lock and start the cycle"
        ),
        Binding("escape", "back", "Back", id="write.back"),
        *OkrScreen.BINDINGS,
    ]

    def __init__(self, *, select: tuple[str, int] | None = None, edit: bool = False) -> None:
        super().__init__(id="write")
        self.ctx: EditContext | None = None
        self.rows: list[EditRow] = []
        self.select = select
        self.edit_at_start = edit

    def compose(self) -> ComposeResult:
        yield Static(Content("Write OKRs"), id="write-title")
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
        self.app.push_screen(OkrFormScreen(kind, fresh, editing=editing, under=under), self._after)

    def action_add(self, kind: FormKind) -> None:
        row = self.current_row()
        under: int | None = None
        if kind == "kr" and row is not None:
            under = row.id if row.kind == "objective" else self._objective_of(row)
        if kind == "objective" and row is not None and row.kind == "team":
            under = row.id
        if kind in {"objective", "kr"} and (self.ctx is None or self.ctx.cycle is None):
            self.notify("Add a cycle first (c)", severity="warning", markup=False)
            return
        self._form(kind, under=under)

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
        try:
            self._after(lock_and_activate(self.okr.store, self.ctx.cycle.id, activate=activate))
        except UserError as error:
            self.notify(str(error), severity="error", markup=False)

    def action_back(self) -> None:
        self.app.pop_screen()

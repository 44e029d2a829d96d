"""The forms for writing OKRs, as modal screens that stand alone (the writing screen and
the drafting step both open them): a form that validates as you type with the coach beside
it, a question for a reason, and a record's history.

What a form holds, how it is checked and what it writes are `okrtui.views.edit_okr`'s.
User text reaches widgets only as `plain(...)` content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, Static

from okrtui.domain.health import HealthFinding
from okrtui.errors import UserError
from okrtui.tui.text import plain
from okrtui.tui.widgets.choice_field import ChoiceField
from okrtui.views.edit_okr import (
    FIELDS,
    TITLES,
    Checked,
    EditContext,
    FieldSpec,
    FormKind,
    Saved,
    coach_for,
    initial_text,
    needs_reason,
    save_record,
    validate,
)

if TYPE_CHECKING:
    from okrtui.store import Store


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
    to the next field; on the last it saves if the form is valid, else it names the first
    problem and stays (so typing meant for a field never lands on the list behind). Ctrl+S
    saves, Escape cancels. A kind is a `ChoiceField`. Dismisses with what was saved, or
    None; `saved` then says which record it was."""

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
        self.under = under
        self.saved: Saved | None = None
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

    def _me(self) -> int | None:
        from okrtui.tui.host import OkrHost

        return self.app.me_id if isinstance(self.app, OkrHost) else None

    def _field(self, spec: FieldSpec, start: dict[str, str]) -> Widget:
        if spec.choices:
            return ChoiceField(
                spec.choices,
                start.get(spec.name, ""),
                aliases=dict(spec.aliases),
                id=f"f-{spec.name}",
            )
        return Input(
            start.get(spec.name, ""),
            placeholder=spec.placeholder,
            id=f"f-{spec.name}",
            compact=True,
        )

    def compose(self) -> ComposeResult:
        start = initial_text(self.kind, self.ctx, self.editing, under=self.under, me=self._me())
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
                            yield self._field(spec, start)
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
        self.query_one(f"#f-{self.fields[0].name}").focus()

    def text(self) -> dict[str, str]:
        return {spec.name: self._value(spec.name) for spec in self.fields}

    def _value(self, name: str) -> str:
        widget = self.query_one(f"#f-{name}")
        assert isinstance(widget, Input | ChoiceField)
        return widget.value

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

    def _changed(self, widget: Widget) -> None:
        if widget.id and widget.id.startswith("f-"):
            self.touched.add(widget.id.removeprefix("f-"))
            self.query_one("#form-error", Static).update("")
            self._check()

    def on_input_changed(self, event: Input.Changed) -> None:
        self._changed(event.input)

    def on_choice_field_changed(self, event: ChoiceField.Changed) -> None:
        event.stop()
        if self.is_mounted:
            self._changed(event.field)

    def _next(self, widget: Widget) -> None:
        names = [spec.name for spec in self.fields]
        name = (widget.id or "").removeprefix("f-")
        if name in names and names.index(name) < len(names) - 1:
            self.query_one(f"#f-{names[names.index(name) + 1]}").focus()
        else:
            self.action_save()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._next(event.input)

    def on_choice_field_submitted(self, event: ChoiceField.Submitted) -> None:
        event.stop()
        self._next(event.field)

    def action_save(self) -> None:
        self.tried = True
        checked = self._check()
        if not checked.ok:
            first = next(s for s in self.fields if s.name in checked.errors)
            more = len(checked.errors) - 1
            self.query_one("#form-error", Static).update(
                plain(f"Not saved: fix {first.label}" + (f" and {more} more" if more else ""))
            )
            self.query_one(f"#f-{first.name}").focus()
            return
        store = self._store()
        try:
            self.saved = save_record(store, self.kind, checked.values, self.ctx, self.editing)
        except UserError as error:
            self.query_one("#form-error", Static).update(plain(f"Not saved: {error}"))
            return
        self.dismiss(self.saved.said)

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

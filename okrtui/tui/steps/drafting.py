"""The drafting step: a team writes its OKRs with the coach (`mode = "draft"`), or the
alignment session goes through every team's drafts against what they align to, agrees them
one by one and locks the cycle (`mode = "align"`).

What is shown and written is `okrtui.views.drafting`'s; the forms are
`okrtui.tui.widgets.okr_form`'s. Each objective is listed with its key results under it.
Keys: o new objective (for the team under the cursor), k new key result (under the
objective under the cursor), e or Enter edits the objective or key result under the
cursor, y agrees the objective, h history, L locks the cycle after a confirmation
(alignment only). After a save the cursor goes to what was saved.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from okrtui.domain.health import HealthFinding
from okrtui.errors import UserError
from okrtui.meeting.scope import scope_name
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.text import plain
from okrtui.tui.widgets.meeting_form import ConfirmModal
from okrtui.tui.widgets.okr_form import HistoryScreen, OkrFormScreen
from okrtui.views.drafting import (
    DraftingView,
    DraftObjective,
    agree,
    load_drafting,
    lock_question,
    lock_refusal,
    lock_when_agreed,
    next_step,
)
from okrtui.views.edit_okr import FormKind, kr_measure, load_context, load_history

RowKey = tuple[str, int]
"""("team" | "objective" | "kr", id): what a row of the list stands for."""


def issues_content(
    view: DraftingView, chosen: tuple[HealthFinding, ...], what: str = "objective"
) -> Content:
    """Orphans, gaps and overlaps, then the coach on the objective or key result under
    the cursor."""
    parts: list[Content] = []
    for title, found in (
        ("Orphans", view.orphans),
        ("Gaps", view.gaps),
        ("Overlaps", view.overlaps),
    ):
        head = Content.styled(f"{title} ({len(found)})", "bold $text-warning" if found else "bold")
        parts.append(head)
        parts += [Content.assemble("  ", plain(f.message)) for f in found]
    if chosen:
        parts.append(Content.styled(f"Coach on this {what}", "bold"))
        parts += [Content.assemble("  ! ", plain(f.message)) for f in chosen]
    return Content("\n").join(parts)


def _warnings(findings: tuple[HealthFinding, ...]) -> str:
    n = sum(f.severity == "warning" for f in findings)
    return f"  {n} warning{'' if n == 1 else 's'}" if n else ""


_MARKS = {
    "agreed": ("agreed   ", "$text-success"),
    "in force": ("in force ", "$text-muted"),
    "draft": ("draft    ", "$text-warning"),
}


class DraftingPanel(StepPanel):
    KIND = "drafting"

    DEFAULT_CSS = """
    DraftingPanel { height: 1fr; }
    DraftingPanel #drafting-head { padding: 0 1; text-style: bold; }
    DraftingPanel #drafting-next { padding: 0 1; color: $text-success; text-style: bold; }
    DraftingPanel #drafting-list { height: 1fr; min-height: 5; border: none; }
    DraftingPanel #drafting-issues { height: auto; max-height: 14; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "agree", "Agree", id="drafting.agree"),
        Binding("o", "add('objective')", "Objective", id="drafting.objective"),
        Binding("k", "add('kr')", "Key result", id="drafting.kr"),
        # Enter edits too; these are in ? help, so the footer keeps Next, End, Quit and Help.
        Binding("e", "edit", "Edit", id="drafting.edit", show=False),
        Binding("h", "history", "History", id="drafting.history", show=False),
        Binding("L", "lock", "Lock cycle", id="drafting.lock", show=False),
    ]

    def init_state(self) -> None:
        self.align = self.options.get("mode") == "align"
        self.view: DraftingView | None = None
        self.keys: list[RowKey] = []
        self.select: RowKey | None = None
        """Where the cursor goes at the next refresh (what was just saved)."""

    @property
    def team_id(self) -> int | None:
        return None if self.all_teams else self.session.meeting.team_id

    def compose(self) -> ComposeResult:
        yield Static(id="drafting-head", markup=False)
        yield Static(id="drafting-next", markup=False)
        yield OptionList(id="drafting-list")
        with VerticalScroll(id="drafting-issues"):
            yield Static(id="drafting-issue-text", markup=False)

    def on_mount(self) -> None:
        self.refresh_data()

    def focus_first(self) -> None:
        self.query_one(OptionList).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.align if action == "lock" else True

    def refresh_data(self) -> None:
        store, meeting = self.session.store, self.session.meeting
        view = load_drafting(store, meeting.cycle_id, self.team_id)
        self.view = view
        keep = self.select or self._current()
        self.select = None
        rows: list[Option] = []
        self.keys = []
        for team in view.teams:
            rows.append(
                Option(
                    Content.assemble(
                        "  " * team.depth,
                        plain(team.team.code).stylize("bold $text-accent"),
                        " ",
                        plain(team.team.name).stylize("bold"),
                    ),
                    disabled=True,
                )
            )
            self.keys.append(("team", team.team.id))
            for d in team.objectives:
                rows.append(self._objective_row(d, team.depth))
                self.keys.append(("objective", d.objective.id))
                for kr in d.krs:
                    warned = tuple(f for f in d.findings if f.subject == kr.ref)
                    rows.append(
                        Option(
                            Content.assemble(
                                "  " * team.depth,
                                "         ",
                                plain(kr.ref).stylize("$text-muted"),
                                " ",
                                plain(kr.title),
                                (f"  {kr_measure(kr)}", "$text-muted"),
                                (_warnings(warned), "$text-warning"),
                            ),
                            id=f"kr:{kr.id}",
                        )
                    )
                    self.keys.append(("kr", kr.id))
        options = self.query_one(OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(rows)
        if keep in self.keys:
            options.highlighted = self.keys.index(keep)
        elif highlighted is not None and rows:
            options.highlighted = min(highlighted, len(rows) - 1)
        self._show_issues()
        left = view.drafts_left
        head = (
            f"{'Alignment' if self.align else 'Drafting'} · {view.cycle.name} · "
            f"{scope_name(store, self.team_id)} · {left} draft{'' if left == 1 else 's'} to agree"
            + (" · locked" if view.cycle.locked else "")
        )
        self.query_one("#drafting-head", Static).update(plain(head))
        said = next_step(view, align=self.align)
        follow = self.query_one("#drafting-next", Static)
        follow.display = bool(said)
        follow.update(plain(said))

    def _objective_row(self, d: DraftObjective, depth: int) -> Option:
        o = d.objective
        mark = _MARKS.get(d.status, _MARKS["draft"])
        parent = (
            Content.assemble(("  -> ", "$text-muted"), plain(d.parent.ref))
            if d.parent is not None
            else Content.styled("  -> nothing", "$text-muted")
        )
        return Option(
            Content.assemble(
                "  " * depth,
                mark,
                plain(o.ref).stylize("bold"),
                " ",
                plain(o.title),
                parent,
                (f"  {len(d.krs)} KRs", "$text-muted"),
                (_warnings(d.findings), "$text-warning"),
            ),
            id=f"objective:{o.id}",
        )

    def _current(self) -> RowKey | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.keys):
            return None
        return self.keys[index]

    def _draft(self) -> DraftObjective | None:
        """The objective under the cursor, or the one of the key result under it."""
        key = self._current()
        if key is None or self.view is None:
            return None
        for d in self.view.objectives:
            if (key[0] == "objective" and d.objective.id == key[1]) or (
                key[0] == "kr" and any(k.id == key[1] for k in d.krs)
            ):
                return d
        return None

    def _show_issues(self) -> None:
        if self.view is None:
            return
        key, d = self._current(), self._draft()
        found: tuple[HealthFinding, ...] = ()
        what = "objective"
        if d is not None and key is not None:
            found = tuple(f for f in d.findings if f.severity == "warning")
            if key[0] == "kr":
                what = "key result"
                ref = next(k.ref for k in d.krs if k.id == key[1])
                found = tuple(f for f in found if f.subject == ref)
        self.query_one("#drafting-issue-text", Static).update(
            issues_content(self.view, found, what)
        )

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_issues()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_edit()

    def _done(self, said: str | None) -> None:
        if said:
            self.notify(said, markup=False)
            self.refresh_data()
            self.post_message(StepPanel.Recorded(said))

    def _form(
        self, kind: FormKind, *, editing: int | None = None, under: int | None = None
    ) -> None:
        ctx = load_context(self.session.store, self.session.meeting.cycle_id)
        form = OkrFormScreen(kind, ctx, editing=editing, under=under)

        def saved(said: str | None) -> None:
            if form.saved is not None:
                self.select = (form.saved.kind, form.saved.id)
            self._done(said)

        self.app.push_screen(form, saved)

    def action_add(self, kind: FormKind) -> None:
        d = self._draft()
        if kind == "kr":
            if d is None:
                self.notify("Put the cursor on an objective first", markup=False)
                return
            self._form("kr", under=d.objective.id)
            return
        team = self.session.meeting.team_id
        self._form("objective", under=d.objective.team_id if d is not None else team)

    def action_edit(self) -> None:
        key = self._current()
        if key is not None and key[0] in {"objective", "kr"}:
            self._form("kr" if key[0] == "kr" else "objective", editing=key[1])

    def action_agree(self) -> None:
        d = self._draft()
        if d is None:
            return
        if d.agreed:
            self.notify(f"{d.objective.ref} is {d.status} already", markup=False)
            return
        try:
            self._done(agree(self.session.store, d.objective.id))
        except UserError as error:
            self.notify(str(error), severity="error", markup=False)

    def action_history(self) -> None:
        key = self._current()
        if key is None or key[0] not in {"objective", "kr"}:
            return
        what = "key result" if key[0] == "kr" else "objective"
        lines = load_history(self.session.store, "kr" if key[0] == "kr" else "objective", key[1])
        self.app.push_screen(HistoryScreen(f"History of this {what}", lines))

    def action_lock(self) -> None:
        """Lock the cycle, once every draft is agreed and the confirmation says yes."""
        view = self.view
        if view is None or not self.align:
            return
        refusal = lock_refusal(self.session.store, view)
        if refusal is not None:
            self.notify(refusal, severity="warning", markup=False)
            return
        question, detail = lock_question(view)

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self._done(lock_when_agreed(self.session.store, view))
            except UserError as error:
                self.notify(str(error), severity="error", markup=False)

        self.app.push_screen(ConfirmModal(question, detail), answered)

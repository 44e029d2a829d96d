"""The drafting step: a team writes its OKRs with the coach (`mode = "draft"`), or the
alignment session goes through every team's drafts against what they align to, agrees them
one by one and locks the cycle (`mode = "align"`).

What is shown and written is `okrtui.views.drafting`'s; the forms are
`okrtui.tui.widgets.okr_form`'s. Keys: o new objective, k new key result, e edit, y agree,
h history, L lock the cycle (alignment only).
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
from okrtui.tui.widgets.okr_form import HistoryScreen, OkrFormScreen
from okrtui.views.drafting import DraftingView, agree, load_drafting, lock_when_agreed
from okrtui.views.edit_okr import FormKind, load_context, load_history


def issues_content(view: DraftingView, chosen: tuple[HealthFinding, ...]) -> Content:
    """Orphans, gaps and overlaps, then the coach on the objective under the cursor."""
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
        parts.append(Content.styled("Coach on this objective", "bold"))
        parts += [Content.assemble("  ! ", plain(f.message)) for f in chosen]
    return Content("\n").join(parts)


def _warnings(findings: tuple[HealthFinding, ...]) -> str:
    n = sum(f.severity == "warning" for f in findings)
    return f"  {n} warning{'' if n == 1 else 's'}" if n else ""


class DraftingPanel(StepPanel):
    KIND = "drafting"

    DEFAULT_CSS = """
    DraftingPanel { height: 1fr; }
    DraftingPanel #drafting-head { padding: 0 1; text-style: bold; }
    DraftingPanel #drafting-list { height: 1fr; min-height: 5; border: none; }
    DraftingPanel #drafting-issues { height: auto; max-height: 14; padding: 0 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "agree", "Agree", id="drafting.agree"),
        Binding("o", "add('objective')", "Objective", id="drafting.objective"),
        Binding("k", "add('kr')", "Key result", id="drafting.kr"),
        Binding("e", "edit", "Edit", id="drafting.edit"),
        Binding("h", "history", "History", id="drafting.history"),
        Binding("L", "lock", "Lock cycle", id="drafting.lock"),
    ]

    def init_state(self) -> None:
        self.align = self.options.get("mode") == "align"
        self.view: DraftingView | None = None
        self.keys: list[tuple[str, int]] = []

    @property
    def team_id(self) -> int | None:
        return None if self.all_teams else self.session.meeting.team_id

    def compose(self) -> ComposeResult:
        yield Static(id="drafting-head", markup=False)
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
        keep = self._current()
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
                o = d.objective
                mark = ("agreed ", "$text-success") if d.agreed else ("draft  ", "$text-warning")
                parent = (
                    Content.assemble(("  -> ", "$text-muted"), plain(d.parent.ref))
                    if d.parent is not None
                    else Content.styled("  -> nothing", "$text-muted")
                )
                rows.append(
                    Option(
                        Content.assemble(
                            "  " * team.depth,
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
                )
                self.keys.append(("objective", o.id))
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

    def _current(self) -> tuple[str, int] | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.keys):
            return None
        return self.keys[index]

    def _objective_id(self) -> int | None:
        key = self._current()
        return key[1] if key is not None and key[0] == "objective" else None

    def _show_issues(self) -> None:
        if self.view is None:
            return
        chosen = self._objective_id()
        found: tuple[HealthFinding, ...] = ()
        for d in self.view.objectives:
            if d.objective.id == chosen:
                found = tuple(f for f in d.findings if f.severity == "warning")
        self.query_one("#drafting-issue-text", Static).update(issues_content(self.view, found))

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
        self.app.push_screen(OkrFormScreen(kind, ctx, editing=editing, under=under), self._done)

    def action_add(self, kind: FormKind) -> None:
        if kind == "kr":
            objective = self._objective_id()
            if objective is None:
                self.notify("Put the cursor on an objective first", markup=False)
                return
            self._form("kr", under=objective)
            return
        self._form("objective", under=self.session.meeting.team_id)

    def action_edit(self) -> None:
        objective = self._objective_id()
        if objective is not None:
            self._form("objective", editing=objective)

    def action_agree(self) -> None:
        objective = self._objective_id()
        if objective is None:
            return
        try:
            self._done(agree(self.session.store, objective))
        except UserError as error:
            self.notify(str(error), severity="error", markup=False)

    def action_history(self) -> None:
        objective = self._objective_id()
        if objective is None:
            return
        lines = load_history(self.session.store, "objective", objective)
        self.app.push_screen(HistoryScreen("History of this objective", lines))

    def action_lock(self) -> None:
        if self.view is None or not self.align:
            return
        try:
            said = lock_when_agreed(self.session.store, self.view)
        except UserError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        if said.startswith("Locked"):
            self._done(said)
        else:
            self.notify(said, severity="warning", markup=False)

"""The home screen: where the cycle stands, what is at risk, and every KR by team."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Footer, Input, Static

from okrtui.domain.bands import ConfidenceBand, format_grade, grade_band, objective_score
from okrtui.domain.kinds import CycleStatus
from okrtui.text import clean_line
from okrtui.tui.screens.base import OkrScreen
from okrtui.tui.text import plain
from okrtui.tui.widgets.between import DuePanel, InboxPanel
from okrtui.tui.widgets.okr_table import OkrTable
from okrtui.tui.widgets.parts import BAND_STYLE, confidence_badge
from okrtui.tui.widgets.picker import PickerScreen
from okrtui.tui.widgets.still import StillStatic
from okrtui.views.dashboard import (
    DashboardData,
    DashboardFilter,
    RiskSummary,
    TeamView,
    apply_filter,
    load_dashboard,
    summary_of,
    whole_cycle_summary,
)
from okrtui.views.format import in_days, short_date

if TYPE_CHECKING:
    from okrtui.store import Store
    from okrtui.views.inbox import Between


def cycle_line(data: DashboardData, width: int | None = None, grades: str = "") -> Content:
    """`Acme · Q4 2026 · week 7 of 13 · next: Mid-cycle review Fri Nov 20, in 2d`.

    When that does not fit in `width`, the organisation and the lock give way, so the
    week and the next milestone stay on one line.
    """
    full = _cycle_line(data, compact=False, grades=grades)
    if width is None or full.cell_length <= width:
        return full
    return _cycle_line(data, compact=True, grades=grades)


def graded_summary(store: Store, cycle_id: int) -> str:
    """A closed cycle's result: `graded 0.6 Yellow, 25 of 25 KRs`, the mean of its
    objectives' scores (each the mean of its KR grades)."""
    grades = store.latest_grades(cycle_id)
    by_objective: dict[int, list[float]] = {}
    krs = store.key_results(cycle_id)
    for kr in krs:
        grade = grades.get(kr.id)
        if grade is not None and grade.score is not None:
            by_objective.setdefault(kr.objective_id, []).append(grade.score)
    scores = [s for s in (objective_score(v) for v in by_objective.values()) if s is not None]
    overall = objective_score(scores)
    graded = sum(1 for kr in krs if kr.id in grades)
    if overall is None:
        return f"no grades ({graded} of {len(krs)} KRs)"
    band = grade_band(overall).label
    return f"graded {format_grade(overall)} {band}, {graded} of {len(krs)} KRs"


def _cycle_line(data: DashboardData, *, compact: bool, grades: str = "") -> Content:
    if data.cycle is None:
        return Content.styled(
            "No cycle yet: press + to write your OKRs, or run `okrtui demo` to look around", "bold"
        )
    parts: list[Content | tuple[str, str] | str] = []
    if data.organisation and not compact:
        parts += [plain(data.organisation).stylize("bold"), " · "]
    parts += [plain(data.cycle.name).stylize("bold $text-accent"), " · "]
    if data.cycle.status is CycleStatus.CLOSED:
        # a closed cycle: its result, not a week in progress or a milestone to come
        parts += [("closed", "bold $text-warning")]
        if grades:
            parts += [" · ", (grades, "bold")]
        return Content.assemble(*parts)
    parts += [(data.week, "bold")]
    if data.cycle.locked and not compact:
        parts += [" · ", ("locked", "$text-muted")]
    m = data.next_milestone
    if m is not None and data.days_to_next is not None:
        parts += [
            " · next: ",
            plain(m.title).stylize("bold $text-warning"),
            f" {short_date(m.on)}, ",
            (in_days(data.days_to_next), "bold"),
        ]
    else:
        parts += [" · ", ("no milestones ahead", "$text-muted")]
    return Content.assemble(*parts)


def team_summary(team: TeamView) -> RiskSummary:
    """The attention strip's counts and riskiest KRs of one team only."""
    return summary_of([kr for objective in team.objectives for kr in objective.krs], {})


def risk_lines(summary: RiskSummary, scope: str = "") -> Content:
    """The counts that need attention (in `scope`, a team's code, when filtered to one),
    then the riskiest KRs, one per line."""
    counts = Content.assemble(
        (f" {clean_line(scope)}:" if scope else "", "bold"),
        (f" {summary.off_track} off track ", BAND_STYLE[ConfidenceBand.OFF_TRACK] + " bold"),
        "·",
        (f" {summary.at_risk} at risk ", BAND_STYLE[ConfidenceBand.AT_RISK] + " bold"),
        "·",
        (f" {summary.stale} stale", "$text-warning" if summary.stale else "$text-muted"),
        (" (no check-in for 14+ days)", "$text-muted"),
    )
    if not summary.riskiest:
        return Content.assemble(counts, "\n", (" Nothing at risk.", "$text-success"))
    lines = [counts]
    for kr in summary.riskiest:
        lines.append(
            Content.assemble(
                (" ▸ ", "$text-muted"),
                confidence_badge(kr.confidence, kr.band, kr.change),
                " ",
                plain(kr.ref).stylize("$text-muted"),
                " ",
                plain(kr.title),
                (f" · {clean_line(kr.owner)}" if kr.owner else "", "$text-muted"),
            )
        )
    return Content("\n").join(lines)


class FilterChip(StillStatic):
    """One filter, clickable; the key in brackets does the same."""

    def __init__(self, action: str, *, id: str) -> None:
        super().__init__(id=id, markup=False)
        self.action_name = action

    async def on_click(self, event: events.Click) -> None:
        event.stop()
        await self.screen.run_action(self.action_name)


BETWEEN_DELAY = 0.5
"""Seconds after the first frame before the inbox and due panels are read."""


class DashboardScreen(OkrScreen[DashboardData]):
    PURPOSE = (
        "Where the cycle stands: the week, the next milestone, which KRs are off track or "
        "at risk, and every objective and KR by team. Filter with t / o / b / m and / "
        "(search); Enter opens a KR."
    )
    # The filter keys are shown by the filter chips (`t team all  o owner all ...`), not
    # again in the footer, which keeps room for the keys that leave the screen.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "slash",
            "search",
            "Search",
            id="dashboard.search",
            key_display="/",
            tooltip="Search KRs, objectives, people and teams as you type",
            show=False,
        ),
        Binding(
            "t",
            "pick_team",
            "Team",
            id="dashboard.team",
            tooltip="Show one team only",
            show=False,
        ),
        Binding(
            "o",
            "pick_owner",
            "Owner",
            id="dashboard.owner",
            tooltip="Show one person's KRs",
            show=False,
        ),
        Binding(
            "b",
            "pick_band",
            "Band",
            id="dashboard.band",
            tooltip="Show one confidence band (off track, at risk, on track)",
            show=False,
        ),
        Binding(
            "m",
            "toggle_mine",
            "Mine",
            id="dashboard.mine",
            tooltip="Show only my KRs",
            show=False,
        ),
        Binding(
            "escape",
            "clear_filters",
            "Clear filters",
            id="dashboard.clear",
            tooltip="Clear every filter and the search",
            show=False,
        ),
        Binding(
            "e",
            "write_okrs(True)",
            "Edit",
            id="dashboard.edit",
            tooltip="Edit the objective or KR under the cursor (its form, history, retire)",
            show=False,
        ),
        Binding(
            "plus",
            "write_okrs(False)",
            "Write OKRs",
            id="dashboard.write",
            key_display="+",
            tooltip="Write OKRs: add a cycle, people, teams, objectives and key results",
            show=False,
        ),
        *OkrScreen.BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__(id="dashboard")
        self.data: DashboardData | None = None
        self.grades = ""
        """A closed cycle's result, read with the data."""
        self.filter = DashboardFilter()
        self._between_on = False
        """Whether the inbox and due panels have been read once (then on every reload)."""

    def compose(self) -> ComposeResult:
        yield StillStatic(id="cycle-line", markup=False)
        yield InboxPanel(id="inbox")
        yield StillStatic(id="risk", markup=False)
        yield DuePanel(id="due")
        with Horizontal(id="filters"):
            yield FilterChip("pick_team", id="chip-team")
            yield FilterChip("pick_owner", id="chip-owner")
            yield FilterChip("pick_band", id="chip-band")
            yield FilterChip("toggle_mine", id="chip-mine")
            yield FilterChip("search", id="chip-search")
        yield OkrTable(id="table")
        yield Static(id="empty", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(OkrTable)
        table.presenter = self.okr.presenter
        self.watch(self.okr, "presenter", self._presenter_changed, init=False)
        table.focus()
        self.query_one(InboxPanel).display = False
        self.query_one(DuePanel).display = False
        if getattr(self.app, "live_refresh", False):
            self.set_timer(BETWEEN_DELAY, self.load_between)
        # OkrScreen.on_mount (which loads and shows the data) runs after this one: Textual
        # calls every class's handler in the MRO, so calling it here would load twice.

    def _presenter_changed(self, presenter: bool) -> None:
        self.query_one(OkrTable).presenter = presenter

    # -- data -----------------------------------------------------------------------

    def load(self) -> DashboardData:
        app = self.okr
        first, app.first_dashboard = app.first_dashboard, None
        data = (
            first.result()
            if first is not None
            else load_dashboard(app.store, app.today(), app.clock.now(), self.thresholds)
        )
        closed = data.cycle is not None and data.cycle.status is CycleStatus.CLOSED
        self.grades = graded_summary(app.store, data.cycle.id) if closed and data.cycle else ""
        return data

    def show(self, data: DashboardData) -> None:
        self.data = data
        if self._between_on:
            self.load_between()
        # The first frame has the first teams only: the rest is read once it is drawn (a
        # reader thread started now would slow the drawing down), after the strip if the
        # frame left that out (it takes a moment; the rest takes longer).
        if data.summary_pending:
            self.call_after_refresh(self.load_strip)
        elif not data.complete:
            self.call_after_refresh(self.reload)
        self.query_one("#cycle-line", Static).update(
            cycle_line(data, self.app.size.width - 2, self.grades)
        )
        self._apply()

    @work(thread=True, exclusive=True, group="strip")
    def load_strip(self) -> None:
        """The attention strip a very big cycle's first frame left out, from its aggregate;
        then the rest of the rows."""
        app = self.okr
        summary = whole_cycle_summary(app.store, app.today(), app.clock.now(), self.thresholds)
        self.app.call_from_thread(self.show_strip, summary)

    def show_strip(self, summary: RiskSummary) -> None:
        if self.data is None:
            return
        if self.data.summary_pending:
            self.data = self.data._replace(summary=summary, summary_pending=False)
            self._show_risk()
        if not self.data.complete:
            self.reload()

    @work(thread=True, exclusive=True, group="between")
    def load_between(self) -> None:
        """My inbox and who is due a check-in (issue 19), read after the first frame (they
        need the domain models the first frame does without) and again on each reload."""
        from okrtui.views.inbox import load_between

        app = self.okr
        found = load_between(app.store, app.me_id, app.clock.now())
        self.app.call_from_thread(self.show_between, found)
        self._between_on = True

    def show_between(self, found: Between) -> None:
        if found.inbox is not None:
            self.query_one(InboxPanel).show(found.inbox)
        due = self.query_one(DuePanel)
        due.display = found.due is not None and found.due.in_scope > 0
        if found.due is not None:
            due.show(found.due)

    def _apply(self) -> None:
        if self.data is None:
            return
        teams = apply_filter(self.data.teams, self.filter, self.okr.me_id)
        self.query_one(OkrTable).set_teams(teams)
        self._show_risk()
        self._show_chips()
        empty = self.query_one("#empty", Static)
        empty.display = not teams
        if not teams:
            empty.update(
                Content(
                    "No KRs match these filters (Escape clears them)."
                    if self.filter.active
                    else "This cycle has no objectives yet."
                )
            )

    def _show_risk(self) -> None:
        """The attention strip, for the whole organisation or for the team filtered to."""
        assert self.data is not None
        cycle = self.data.cycle
        if cycle is not None and cycle.status is CycleStatus.CLOSED:
            self.query_one("#risk", Static).update(
                Content.assemble(
                    (" Closed: ", "bold $text-warning"),
                    "confidence no longer moves; the grades are above, each KR's in its "
                    "detail, the whole story in ",
                    ("okrtui report", "bold"),
                )
            )
            return
        team = next((t for t in self.data.teams if t.id == self.filter.team_id), None)
        if team is None and self.data.summary_pending:
            self.query_one("#risk", Static).update(
                Content.styled(" Counting the KRs that need attention…", "$text-muted")
            )
            return
        if team is None:
            self.query_one("#risk", Static).update(risk_lines(self.data.summary))
            return
        self.query_one("#risk", Static).update(risk_lines(team_summary(team), team.code))

    def _show_chips(self) -> None:
        assert self.data is not None
        f = self.filter
        team = next((t for t in self.data.teams if t.id == f.team_id), None)
        owner = next((p for p in self.data.people if p.id == f.owner_id), None)

        def chip(key: str, label: str, value: str | None, unset: str = "all") -> Content:
            return Content.assemble(
                (key, "bold $text-accent"),
                f" {label} ",
                plain(value or unset).stylize("bold $text-warning" if value else "$text-muted"),
            )

        self.query_one("#chip-team", Static).update(chip("t", "team", team.code if team else None))
        self.query_one("#chip-owner", Static).update(
            chip("o", "owner", owner.name if owner else None)
        )
        self.query_one("#chip-band", Static).update(
            chip("b", "band", f.band.label if f.band else None)
        )
        self.query_one("#chip-mine", Static).update(
            chip("m", "mine", "on" if f.mine else None, "off")
        )
        self.query_one("#chip-search", Static).update(chip("/", "search", f.text or None, ""))
        search = self._search_box()
        self.query_one("#chip-search").display = search is None or not search.display

    def set_filter(self, **changes: Any) -> None:
        self.filter = self.filter._replace(**changes)
        self._apply()

    def show_owner(self, person_id: int) -> None:
        """Filter to one person's KRs (the palette's "person" entries)."""
        self.filter = DashboardFilter(owner_id=person_id)
        self._hide_search()
        self._apply()

    def show_team(self, team_id: int) -> None:
        self.filter = DashboardFilter(team_id=team_id)
        self._hide_search()
        self._apply()

    def show_objective(self, objective_id: int) -> None:
        """Clear the filters and put the cursor on an objective."""
        self.filter = DashboardFilter()
        self._hide_search()
        self._apply()
        self.query_one(OkrTable).move_to(("objective", objective_id))

    # -- actions --------------------------------------------------------------------

    def _search_box(self) -> Input | None:
        """The search box, once `/` has been pressed (it is mounted then, not at start)."""
        found = self.query("#search")
        return found.first(Input) if found else None

    async def action_search(self) -> None:
        search = self._search_box()
        if search is None:
            search = Input(placeholder="search KRs, objectives, people, teams", id="search")
            await self.query_one("#filters").mount(search)
        search.display = True
        search.value = self.filter.text
        search.focus()
        self._show_chips()

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "search":
            self.set_filter(text=event.value)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        """Keep the search, back to the list; the chip shows what is searched."""
        self._hide_search()
        self._show_chips()

    def _hide_search(self) -> None:
        search = self._search_box()
        if search is not None and search.display:
            search.display = False
            self.query_one(OkrTable).focus()

    def action_clear_filters(self) -> None:
        self.filter = DashboardFilter()
        self._hide_search()
        self._apply()

    def action_pick_team(self) -> None:
        if self.data is None:
            return
        choices: list[tuple[str, str | Content]] = [("", "All teams")] + [
            (str(t.id), Content.assemble(plain(t.code), "  ", plain(t.name)))
            for t in self.data.teams
        ]
        current = "" if self.filter.team_id is None else str(self.filter.team_id)

        def chosen(key: str | None) -> None:
            if key is not None:
                self.set_filter(team_id=int(key) if key else None)

        self.app.push_screen(PickerScreen("Show the team", choices, current), chosen)

    def action_pick_owner(self) -> None:
        if self.data is None:
            return
        owners = {kr.owner_id for t in self.data.teams for o in t.objectives for kr in o.krs}
        owners |= {o.owner_id for t in self.data.teams for o in t.objectives}
        choices: list[tuple[str, str | Content]] = [("", "Everyone")]
        choices += [(str(p.id), p.name) for p in self.data.people if p.id in owners]
        current = "" if self.filter.owner_id is None else str(self.filter.owner_id)

        def chosen(key: str | None) -> None:
            if key is not None:
                self.set_filter(owner_id=int(key) if key else None)

        self.app.push_screen(PickerScreen("Show the KRs owned by", choices, current), chosen)

    def action_pick_band(self) -> None:
        choices = [("", "Every band")] + [(b.value, b.label) for b in ConfidenceBand]
        current = "" if self.filter.band is None else self.filter.band.value

        def chosen(key: str | None) -> None:
            if key is not None:
                self.set_filter(band=ConfidenceBand(key) if key else None)

        self.app.push_screen(PickerScreen("Show the confidence band", choices, current), chosen)

    def action_toggle_mine(self) -> None:
        if self.okr.me_id is None and not self.filter.mine:
            self.notify(
                "okrtui does not know who you are: start it with --me HANDLE",
                severity="warning",
                markup=False,
            )
            return
        self.set_filter(mine=not self.filter.mine)

    def action_write_okrs(self, edit: bool) -> None:
        """The writing screen (issue 17); with `edit`, on the objective or KR under the
        cursor with its form open."""
        from okrtui.tui.screens.edit_okr import WriteOkrsScreen

        row = self.query_one(OkrTable).current_row
        key = row.key if row is not None and row.kind in ("objective", "kr") else None
        self.app.push_screen(WriteOkrsScreen(select=key, edit=edit and key is not None))

    def on_okr_table_kr_selected(self, message: OkrTable.KrSelected) -> None:
        self.okr.open_kr(message.kr_id)

    def on_key(self, event: events.Key) -> None:
        if event.key == "escape" and self.focused is not None and self.focused.id == "search":
            event.stop()
            event.prevent_default()
            self.set_filter(text="")
            self._hide_search()

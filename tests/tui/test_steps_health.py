"""The health-check step panel: findings for the meeting's scope, grouped, kept current."""

from __future__ import annotations

from textual.app import App, ComposeResult

from okrtui.agenda import AgendaTemplate, HealthStep
from okrtui.clock import FixedClock
from okrtui.cycle import grade_kr
from okrtui.domain.models import CheckIn, Objective, Team
from okrtui.meeting.session import MeetingSession
from okrtui.store import Store
from okrtui.tui.steps import panel_class
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.steps.health import HealthPanel


class PanelApp(App[None]):
    def __init__(self, panel: StepPanel) -> None:
        super().__init__()
        self.panel = panel

    def compose(self) -> ComposeResult:
        yield self.panel

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.panel.focus_first()


def health_app(
    store: Store, clock: FixedClock, ids: dict[str, int], *, scope: str = "team"
) -> PanelApp:
    template = AgendaTemplate(
        slug="mid",
        title="Mid-cycle review",
        kind="mid-cycle",
        minutes=10,
        steps=(HealthStep(title="Health check", minutes=10, scope=scope),),
    )
    session = MeetingSession.start(
        store,
        template,
        cycle=store.cycle(ids["cycle"]),
        team_id=ids["team"],
        facilitator_id=ids["ana"],
        clock=clock,
    )
    return PanelApp(HealthPanel(session, session.current))


def codes(panel: StepPanel) -> set[tuple[str, str]]:
    assert isinstance(panel, HealthPanel)
    return {(f.code, f.subject) for f in panel.findings}


def test_registry_points_at_the_health_panel() -> None:
    assert panel_class("health") is HealthPanel


async def test_findings_are_grouped_with_their_subjects(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = health_app(store, clock, small_org)
    async with app.run_test(size=(120, 40)) as pilot:
        assert ("stale-checkin", "ENG-1.1") in codes(app.panel)
        head = str(app.panel.query_one("#health-head").render())
        assert "team ENG (Engineering)" in head
        assert "4 warnings" in head
        await pilot.pause()
        headings = [str(w.render()) for w in app.panel.query(".health-heading")]
        assert headings == ["Warnings (4)"]
        rows = [
            (
                str(row.query_one(".health-subject").render()),
                str(row.query_one(".health-message").render()),
            )
            for row in app.panel.query(".health-finding")
        ]
        assert rows[-1] == (
            "▪ ENG-2.2",
            "Key result ENG-2.2 has had no check-in in the 44 days since the cycle started.",
        )


async def test_refresh_data_picks_up_new_check_ins_and_grades(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = health_app(store, clock, small_org)
    async with app.run_test(size=(120, 40)) as pilot:
        store.add_checkin(CheckIn(kr_id=small_org["ENG-1.1"], at=clock.now(), confidence=7))
        grade_kr(store, small_org["ENG-1.2"], "6")
        app.panel.refresh_data()
        await pilot.pause()
        found = codes(app.panel)
        assert ("stale-checkin", "ENG-1.1") not in found
        assert ("missing-post-mortem", "ENG-1.2") in found


async def test_team_scope_leaves_other_teams_out_and_all_scope_takes_them_in(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    ops = store.add_team(Team(code="OPS", name="Operations"))
    store.add_objective(
        Objective(
            cycle_id=small_org["cycle"], team_id=ops.id, number=1, ref="OPS-1", title="Quiet pagers"
        )
    )
    app = health_app(store, clock, small_org)
    async with app.run_test(size=(120, 40)):
        assert not any(subject.startswith("OPS") for _, subject in codes(app.panel))
    app.panel.session.end()  # one meeting per team at a time
    app = health_app(store, clock, small_org, scope="all")
    async with app.run_test(size=(120, 40)):
        assert ("too-few-key-results", "OPS-1") in codes(app.panel)


async def test_r_checks_again(store: Store, clock: FixedClock, small_org: dict[str, int]) -> None:
    app = health_app(store, clock, small_org)
    async with app.run_test(size=(120, 40)) as pilot:
        store.add_checkin(CheckIn(kr_id=small_org["ENG-2.1"], at=clock.now(), confidence=7))
        await pilot.press("r")
        assert ("stale-checkin", "ENG-2.1") not in codes(app.panel)

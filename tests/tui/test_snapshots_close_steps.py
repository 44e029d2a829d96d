"""Snapshots of the grading, reflection and health step panels on the demo organisation,
at 80×24 and 120×40, with a fixed clock, the textual-dark theme and no cursor blink."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.pilot import Pilot
from textual.widgets import Footer

from okrtui.agenda import AgendaTemplate, GradingStep, HealthStep, ReflectionStep
from okrtui.clock import FixedClock
from okrtui.domain.models import ReflectionKind
from okrtui.meeting.session import MeetingSession
from okrtui.store import Store
from okrtui.tui.contrast import band_variables
from okrtui.tui.steps import panel_class
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.steps.reflection import add_reflection

SnapCompare = Callable[..., bool]
SIZES = [(80, 24), (120, 40), (200, 50)]


class PanelApp(App[None]):
    def get_css_variables(self) -> dict[str, str]:
        """The band colours, as the okrtui apps define them."""
        variables = super().get_css_variables()
        return {**variables, **band_variables(variables)}

    CSS = "Screen { layout: vertical; }"

    def __init__(self, panel: StepPanel) -> None:
        super().__init__()
        self.panel = panel

    def compose(self) -> ComposeResult:
        yield self.panel
        yield Footer()

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.panel.focus_first()


def demo_session(store: Store, clock: FixedClock, me_id: int, step: Any) -> MeetingSession:
    template = AgendaTemplate(
        slug="close", title="Cycle close", kind="cycle-close", minutes=step.minutes, steps=(step,)
    )
    return MeetingSession.start(
        store,
        template,
        cycle=store.resolve_cycle(None),
        team_id=store.team_by_code("PLAT").id,
        facilitator_id=me_id,
        clock=clock,
    )


def panel_app(store: Store, clock: FixedClock, me_id: int, step: Any) -> PanelApp:
    session = demo_session(store, clock, me_id, step)
    return PanelApp(panel_class(session.current.kind)(session, session.current, me_id=me_id))


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def pressing(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_grading_step(
    snap_compare: SnapCompare,
    demo_store: Store,
    demo_clock: FixedClock,
    me_id: int,
    size: tuple[int, int],
) -> None:
    app = panel_app(demo_store, demo_clock, me_id, GradingStep(title="Grading", minutes=30))
    # 0.6, the suggestion, then 1.0; the fourth KR waits with the cursor on it
    assert snap_compare(app, terminal_size=size, run_before=pressing("6", "equals_sign", "t"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reflection_step(
    snap_compare: SnapCompare,
    demo_store: Store,
    demo_clock: FixedClock,
    me_id: int,
    size: tuple[int, int],
) -> None:
    app = panel_app(demo_store, demo_clock, me_id, ReflectionStep(title="Reflection", minutes=25))
    session = app.panel.session
    ben = demo_store.person_by_handle("ben").id
    add_reflection(session, ReflectionKind.WENT_WELL, "Pairing on the cache rollout", me_id)
    add_reflection(session, ReflectionKind.LEARNED, "Measure before we optimise", ben)
    add_reflection(session, ReflectionKind.LEARNED, "[b]Markup[/b] stays literal", ben)
    assert snap_compare(app, terminal_size=size, run_before=pressing("2"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_health_step(
    snap_compare: SnapCompare,
    demo_store: Store,
    demo_clock: FixedClock,
    me_id: int,
    size: tuple[int, int],
) -> None:
    app = panel_app(demo_store, demo_clock, me_id, HealthStep(title="Health check", minutes=10))
    assert snap_compare(app, terminal_size=size, run_before=pressing())

"""The reflection step panel: three lists, items stored with their author and meeting."""

from __future__ import annotations

from textual.app import App, ComposeResult

from okrtui.agenda import AgendaTemplate, ReflectionStep
from okrtui.clock import FixedClock
from okrtui.domain.models import ReflectionKind
from okrtui.meeting.session import MeetingSession
from okrtui.store import Store
from okrtui.tui.steps import panel_class
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.steps.reflection import ReflectionPanel
from okrtui.tui.widgets.meeting_form import FormModal


class PanelApp(App[None]):
    def __init__(self, panel: StepPanel) -> None:
        super().__init__()
        self.panel = panel
        self.recorded: list[str] = []

    def compose(self) -> ComposeResult:
        yield self.panel

    def on_mount(self) -> None:
        self.theme = "textual-dark"
        self.panel.focus_first()

    def on_step_panel_recorded(self, event: StepPanel.Recorded) -> None:
        self.recorded.append(event.what)


def start_session(store: Store, clock: FixedClock, ids: dict[str, int]) -> MeetingSession:
    template = AgendaTemplate(
        slug="close",
        title="Cycle close",
        kind="cycle-close",
        minutes=20,
        steps=(ReflectionStep(title="Reflection", minutes=20),),
    )
    return MeetingSession.start(
        store,
        template,
        cycle=store.cycle(ids["cycle"]),
        team_id=ids["team"],
        facilitator_id=ids["ana"],
        clock=clock,
    )


def reflection_app(store: Store, clock: FixedClock, ids: dict[str, int]) -> PanelApp:
    session = start_session(store, clock, ids)
    return PanelApp(ReflectionPanel(session, session.current))


def test_registry_points_at_the_reflection_panel() -> None:
    assert panel_class("reflection") is ReflectionPanel


async def test_items_are_stored_in_their_list_with_their_author(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = reflection_app(store, clock, small_org)
    async with app.run_test(size=(100, 30)) as pilot:
        # went well, by the facilitator (the default author): text, Enter, Enter
        await pilot.press("a", *"pairing on the cache", "enter", "enter")
        # learned, by Ben: the default author is replaced by what is typed
        await pilot.press("2", "a", *"measure first", "enter", "ctrl+u", *"ben", "enter")
        # change next cycle, reached with Tab, by Ben typed as a name prefix
        await pilot.press("tab", "a", *"fewer KRs", "enter", "ctrl+u", *"Ben O", "enter")
        await pilot.pause()
        assert len(app.recorded) == 3

    reflections = store.reflections(small_org["cycle"])
    got = [(r.kind, r.text, r.author_id) for r in reflections]
    assert got == [
        (ReflectionKind.WENT_WELL, "pairing on the cache", small_org["ana"]),
        (ReflectionKind.LEARNED, "measure first", small_org["ben"]),
        (ReflectionKind.CHANGE, "fewer KRs", small_org["ben"]),
    ]
    meeting_ids = {r.meeting_id for r in reflections}
    assert len(meeting_ids) == 1 and None not in meeting_ids
    assert {r.team_id for r in reflections} == {small_org["team"]}


async def test_unknown_author_keeps_the_form_open_and_stores_nothing(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = reflection_app(store, clock, small_org)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", *"good", "enter", "ctrl+u", *"zed", "enter")
        assert isinstance(app.screen, FormModal)
        assert "no person called 'zed'" in str(app.screen.query_one("#form-error").render())
        await pilot.press("escape")
    assert store.reflections(small_org["cycle"]) == []


async def test_empty_text_is_refused(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = reflection_app(store, clock, small_org)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a", "enter", "enter")
        assert isinstance(app.screen, FormModal)
        await pilot.press("escape")
    assert store.reflections(small_org["cycle"]) == []


async def test_lists_show_items_and_refresh_from_elsewhere(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    from okrtui.tui.steps.reflection import add_reflection

    app = reflection_app(store, clock, small_org)
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.panel
        assert isinstance(panel, ReflectionPanel)
        add_reflection(panel.session, ReflectionKind.LEARNED, "[b]not bold[/b]", small_org["ben"])
        panel.refresh_data()
        await pilot.pause()
        learned = panel.list_of(ReflectionKind.LEARNED)
        assert learned.border_title == "2 Learned (1)"
        line = str(learned.get_option_at_index(0).prompt)
        assert line == "[b]not bold[/b]  — Ben Okafor"

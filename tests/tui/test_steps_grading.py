"""The grading step panel, driven by keys in a minimal app over the small organisation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from textual.app import App, ComposeResult
from textual.coordinate import Coordinate
from textual.widgets import DataTable

from okrtui.agenda import AgendaTemplate, GradingStep
from okrtui.clock import FixedClock
from okrtui.domain.models import CheckIn, ObjectiveKind
from okrtui.meeting.session import MeetingSession
from okrtui.store import Store
from okrtui.tui.steps import panel_class
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.steps.grading import GradingPanel, TableLayout
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


def add_history(store: Store, clock: FixedClock, ids: dict[str, int]) -> None:
    at = clock.now() - timedelta(days=2)
    for ref, value, confidence in (
        ("ENG-1.1", 350.0, 6),
        ("ENG-1.2", 1.0, 9),
        ("ENG-2.1", 32.0, 4),
    ):
        store.add_checkin(CheckIn(kr_id=ids[ref], at=at, value=value, confidence=confidence))


def start_session(
    store: Store, clock: FixedClock, ids: dict[str, int], *, read_only: bool = False
) -> MeetingSession:
    template = AgendaTemplate(
        slug="close",
        title="Cycle close",
        kind="cycle-close",
        minutes=30,
        steps=(GradingStep(title="Grading", minutes=30, read_only=read_only),),
    )
    return MeetingSession.start(
        store,
        template,
        cycle=store.cycle(ids["cycle"]),
        team_id=ids["team"],
        facilitator_id=ids["ana"],
        clock=clock,
    )


def grading_app(
    store: Store, clock: FixedClock, ids: dict[str, int], *, read_only: bool = False
) -> PanelApp:
    add_history(store, clock, ids)
    session = start_session(store, clock, ids, read_only=read_only)
    return PanelApp(GradingPanel(session, session.current))


def test_registry_points_at_the_grading_panel() -> None:
    assert panel_class("grading") is GradingPanel


async def test_rows_show_suggestions_in_reference_order(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = grading_app(store, clock, small_org)
    async with app.run_test(size=(120, 40)):
        panel = app.panel
        assert isinstance(panel, GradingPanel)
        assert [r.kr.ref for r in panel.rows] == ["ENG-1.1", "ENG-1.2", "ENG-2.1", "ENG-2.2"]
        # 800 -> 350 of 800 -> 200 ms is 0.75 of the way: suggested 0.8 (half up)
        assert [r.suggested for r in panel.rows] == [0.8, 1.0, 0.6, 0.0]


async def test_keys_grade_note_and_leave_ungraded(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = grading_app(store, clock, small_org)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("7")  # ENG-1.1 -> 0.7, moves to ENG-1.2
        await pilot.press("escape")  # committed under 1.0: its post-mortem, later
        await pilot.press("equals_sign")  # ENG-1.2 takes its suggestion 1.0
        await pilot.press("full_stop", "6", "5")  # ENG-2.1 -> 0.65
        await pilot.press("u")
        await pilot.press(*"vendor dropped", "enter")  # ENG-2.2 left ungraded
        await pilot.press("k", "k", "k")
        await pilot.press("n")
        await pilot.press(*"cache came late", "enter")
        await pilot.pause()
        assert app.recorded[:4] == [
            "ENG-1.1 graded 0.7",
            "ENG-1.2 graded 1.0",
            "ENG-2.1 graded 0.65",
            "ENG-2.2 left ungraded",
        ]

    grades = store.latest_grades(small_org["cycle"])
    by_ref = {store.key_result(kr_id).ref: g for kr_id, g in grades.items()}
    assert by_ref["ENG-1.1"].score == 0.7
    assert by_ref["ENG-1.1"].note == "cache came late"
    assert by_ref["ENG-1.2"].score == 1.0
    assert by_ref["ENG-2.1"].score == 0.65
    assert by_ref["ENG-2.2"].score is None
    assert by_ref["ENG-2.2"].ungraded_reason == "vendor dropped"
    assert all(g.author_id == small_org["ana"] for g in grades.values())
    meeting_ids = {g.meeting_id for g in grades.values()}
    assert len(meeting_ids) == 1 and None not in meeting_ids


async def test_t_grades_one_and_regrade_keeps_the_note(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = grading_app(store, clock, small_org)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("4", *"tests slipped", "enter")  # the post-mortem opens by itself
        await pilot.press("k", "t")
        await pilot.pause()
    grade = store.latest_grades(small_org["cycle"])[small_org["ENG-1.1"]]
    assert grade.score == 1.0
    assert grade.note == "tests slipped"


async def test_post_mortem_flag_and_objective_scores(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = grading_app(store, clock, small_org)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6", "escape", "t", "7", "5")
        panel = app.panel
        assert isinstance(panel, GradingPanel)
        readings = [r.reading() for r in panel.rows]
        assert readings == ["missed: PM due", "met 1.0", "met 0.7", "under 0.7"]
        head = str(panel.query_one("#grading-head").render())
        assert "1 committed under 1.0, 1 post-mortem due" in head
        scores = {s.objective.ref: s.score for s in panel.objective_scores}
        assert scores == {"ENG-1": 0.8, "ENG-2": 0.6}


async def test_a_grade_of_1_3_is_refused_and_nothing_changes(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = grading_app(store, clock, small_org)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e", *"1.3", "enter")
        assert isinstance(app.screen, FormModal)  # still open: the text can be corrected
        error = str(app.screen.query_one("#form-error").render())
        assert "ENG-1.1: grade 1.3 is outside 0.0–1.0" in error
        assert "nothing was saved" in error
        await pilot.press("escape")
        assert not isinstance(app.screen, FormModal)
        assert app.panel.query_one(DataTable).has_focus
    assert store.latest_grades(small_org["cycle"]) == {}


async def test_a_typed_grade_is_saved(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = grading_app(store, clock, small_org)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", *"0.75", "enter")
        await pilot.pause()
    assert store.latest_grades(small_org["cycle"])[small_org["ENG-1.1"]].score == 0.75


async def test_note_needs_a_grade_first(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = grading_app(store, clock, small_org)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        assert not isinstance(app.screen, FormModal)
        assert "grade it first" in str(app.panel.query_one("#grading-feedback").render())
    assert store.latest_grades(small_org["cycle"]) == {}


async def test_read_only_shows_grades_and_ignores_grading_keys(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    from okrtui.cycle import grade_kr

    grade_kr(store, small_org["ENG-1.1"], "8")
    app = grading_app(store, clock, small_org, read_only=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("7", "t", "equals_sign", "u", "e", "enter")
        assert not isinstance(app.screen, FormModal)
        panel = app.panel
        assert isinstance(panel, GradingPanel)
        assert panel.rows[0].score == 0.8
    grades = store.latest_grades(small_org["cycle"])
    assert [g.score for g in grades.values()] == [0.8]


async def test_refresh_data_shows_grades_from_elsewhere_and_keeps_the_cursor(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    from okrtui.cycle import grade_kr

    app = grading_app(store, clock, small_org)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j")
        grade_kr(store, small_org["ENG-1.1"], "9")
        panel = app.panel
        assert isinstance(panel, GradingPanel)
        panel.refresh_data()
        await pilot.pause()
        assert panel.rows[0].score == 0.9
        assert panel.current_row is not None and panel.current_row.kr.ref == "ENG-2.1"


@pytest.mark.parametrize("title", ["[@click=app.quit]boom[/]", "[b]bold[/b] & [red]x"])
async def test_kr_titles_are_not_markup(
    store: Store, clock: FixedClock, small_org: dict[str, int], title: str
) -> None:
    store.update_key_result(small_org["ENG-1.1"], title=title)
    app = grading_app(store, clock, small_org)
    async with app.run_test(size=(160, 40)):
        table = app.panel.query_one(DataTable)
        assert str(table.get_cell_at(Coordinate(0, 1))) == title
        assert title in str(app.panel.query_one("#grading-detail").render())


@pytest.mark.parametrize(
    ("width", "columns", "post_mortem", "kind"),
    [
        (
            120,
            ("Ref", "Key result", "Kind", "Prog.", "Sugg.", "Grade", "Reading"),
            "missed: PM due",
            "committed",
        ),
        (
            90,
            ("Ref", "Key result", "Kind", "Prog.", "Sugg.", "Grade", "Reading"),
            "PM due",
            "commit.",
        ),
        (70, ("Ref", "Key result", "Kind", "Sugg.", "Grade", "Reading"), "PM due", "com."),
    ],
)
def test_narrow_panels_keep_the_kind_and_give_the_title_the_rest(
    width: int, columns: tuple[str, ...], post_mortem: str, kind: str
) -> None:
    layout = TableLayout(width)
    assert layout.columns == columns
    assert layout.reading("missed: PM due") == post_mortem
    assert layout.reading("met 0.7") == "met 0.7"
    assert layout.kind(ObjectiveKind.COMMITTED) == kind
    # the columns, their padding and the scrollbar fill the width exactly
    widths = [w for _, w in layout.column_widths]
    assert sum(widths) + 2 * len(widths) + 1 == width
    assert layout.title_width >= 20


async def test_a_committed_kr_under_1_opens_its_post_mortem(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = grading_app(store, clock, small_org)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("8")  # ENG-1.1 is committed: 0.8 misses it
        assert isinstance(app.screen, FormModal)
        assert "Post-mortem for ENG-1.1" in app.screen.form_title
        await pilot.press(*"load test came late", "enter")
        await pilot.pause()
        panel = app.panel
        assert isinstance(panel, GradingPanel)
        assert panel.rows[0].reading() == "missed: PM ✓"
        # ENG-1.2 at 1.0 meets its commitment: no dialog
        await pilot.press("t")
        assert not isinstance(app.screen, FormModal)
        # ENG-2.1 is aspirational: 0.5 asks for nothing
        await pilot.press("5")
        assert not isinstance(app.screen, FormModal)
    grade = store.latest_grades(small_org["cycle"])[small_org["ENG-1.1"]]
    assert (grade.score, grade.note) == (0.8, "load test came late")


async def test_a_committed_miss_explains_its_band(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = grading_app(store, clock, small_org)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("8", "escape", "k")
        detail = str(app.panel.query_one("#grading-detail").render())
        assert "Committed KRs expect 1.0: 0.8 is Green on the grade scale but short" in detail


async def test_typing_replaces_a_pre_filled_grade(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = grading_app(store, clock, small_org)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "t", "k", "k")  # ENG-1.2 graded 1.0, back on it... then up
        await pilot.press("j", "e")
        assert isinstance(app.screen, FormModal)
        assert app.screen.field_input("grade").value == "1.0"
        await pilot.press(*"0.9", "enter")  # replaces "1.0", does not append to it
        await pilot.pause()
    assert store.latest_grades(small_org["cycle"])[small_org["ENG-1.2"]].score == 0.9

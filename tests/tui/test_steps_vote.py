"""The vote step panel: open a blind vote, see who voted, reveal, agree on a check-in."""

from __future__ import annotations

from datetime import timedelta

from textual.app import App, ComposeResult

from okrtui.agenda import AgendaTemplate, VoteStep
from okrtui.clock import FixedClock
from okrtui.domain.krstate import state_after
from okrtui.domain.models import CheckIn
from okrtui.meeting import vote
from okrtui.meeting.session import MeetingSession
from okrtui.store import Store
from okrtui.tui.steps import panel_class
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.steps.vote import VoteStepPanel
from okrtui.tui.widgets.meeting_form import FormModal
from okrtui.tui.widgets.vote_panel import VotePanel


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
    # ENG-2.1 is the riskiest: the only KR below the starting confidence of 5
    store.add_checkin(
        CheckIn(kr_id=ids["ENG-2.1"], at=clock.now() - timedelta(days=1), value=25, confidence=3)
    )
    template = AgendaTemplate(
        slug="weekly",
        title="Weekly",
        kind="weekly",
        minutes=5,
        steps=(VoteStep(title="Blind vote", minutes=5),),
    )
    return MeetingSession.start(
        store,
        template,
        cycle=store.cycle(ids["cycle"]),
        team_id=ids["team"],
        facilitator_id=ids["ana"],
        attendee_ids=[ids["ana"], ids["ben"]],
        clock=clock,
    )


def vote_app(store: Store, clock: FixedClock, ids: dict[str, int]) -> PanelApp:
    session = start_session(store, clock, ids)
    return PanelApp(VoteStepPanel(session, session.current))


def test_registry_points_at_the_vote_step_panel() -> None:
    assert panel_class("vote") is VoteStepPanel


async def test_a_whole_vote_is_recorded_as_a_check_in_and_the_votes_are_kept(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = vote_app(store, clock, small_org)
    async with app.run_test(size=(100, 30)) as pilot:
        panel = app.panel
        assert isinstance(panel, VoteStepPanel)
        assert panel.rows[0].kr.ref == "ENG-2.1"
        await pilot.press("enter")
        await pilot.pause()
        assert panel.round_id is not None
        round_id = panel.round_id
        # Ben votes 8 from his own terminal; the facilitator sees that he voted, not what
        vote.cast_vote(store, round_id, small_org["ben"], 8)
        panel.refresh_data()
        await pilot.pause()
        shown = str(panel.query_one(VotePanel).render())
        assert "1 of 2 have voted" in shown and "8" not in shown
        # Ana has no terminal: pick her in the room and press her digit
        room = panel.query_one(VotePanel)
        moves = [p.id for p in room.room].index(small_org["ana"]) - room.picked
        await pilot.press(*(["down"] * moves if moves > 0 else ["up"] * -moves), "4")
        # Ben changes his mind in the room: `e` names anyone and their vote
        await pilot.press("e", *"ben", "enter", "6", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, FormModal)
        await pilot.press("r")
        await pilot.pause()
        shown = str(panel.query_one(VotePanel).render())
        assert "median 5" in shown and "spread 2" in shown
        await pilot.press("enter")  # agree on the median
        await pilot.pause()
        assert app.recorded[-1] == "ENG-2.1 confidence 5 agreed by vote"

    latest = store.latest_checkin(small_org["ENG-2.1"])
    assert latest is not None
    # The agreed confidence alone: the KR keeps its value, 25.
    assert latest.confidence == 5 and latest.value is None
    kr = store.key_result(small_org["ENG-2.1"])
    assert state_after(kr, store.checkins(kr.id)).value == 25
    assert latest.meeting_id is not None
    closed = store.vote_round(round_id)
    assert closed.agreed_confidence == 5 and closed.closed_at is not None
    kept = {v.person_id: v.confidence for v in store.votes(round_id)}
    assert kept == {small_org["ana"]: 4, small_org["ben"]: 6}


async def test_agreeing_on_another_value_with_a_digit(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = vote_app(store, clock, small_org)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "3", "r", "7")
        await pilot.pause()
    latest = store.latest_checkin(small_org["ENG-2.1"])
    assert latest is not None and latest.confidence == 7


async def test_a_bad_vote_in_the_form_is_refused(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    app = vote_app(store, clock, small_org)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter", "e", *"ben", "enter", *"11", "enter")
        assert isinstance(app.screen, FormModal)
        assert "from 0 to 10" in str(app.screen.query_one("#form-error").render())
        await pilot.press("escape")
        panel = app.panel
        assert isinstance(panel, VoteStepPanel) and panel.round_id is not None
        assert store.votes(panel.round_id) == []


async def test_an_open_vote_is_shown_again_after_a_restart(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = start_session(store, clock, small_org)
    opened = vote.open_vote(store, session.meeting.id, small_org["ENG-1.2"])
    app = PanelApp(VoteStepPanel(session, session.current))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        panel = app.panel
        assert isinstance(panel, VoteStepPanel)
        assert panel.round_id == opened.id
        assert panel.query_one(VotePanel).has_focus
        await pilot.press("c")  # choose another KR: the unagreed round is closed
        assert panel.round_id is None
    assert store.vote_round(opened.id).closed_at is not None
    assert store.vote_round(opened.id).agreed_confidence is None

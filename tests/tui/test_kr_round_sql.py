"""What one confidence key costs the database in the KR round: the writer's statements and
nothing else (it was 9 statements before the check-in had one writer)."""

from __future__ import annotations

from okrtui.agenda import AgendaLibrary
from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.meeting.session import MeetingSession
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store
from okrtui.tui.app import make_app
from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.steps.kr_round import KRRoundPanel


async def test_a_confidence_key_is_five_statements(
    demo_store: Store, demo_clock: FixedClock
) -> None:
    template = AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin")
    cycle = demo_store.current_cycle()
    assert cycle is not None
    session = MeetingSession.start(
        demo_store,
        template,
        cycle=cycle,
        team_id=demo_store.team_by_code("PLAT").id,
        facilitator_id=None,
    )
    app = make_app(
        demo_store,
        demo_clock,
        Settings.model_validate({"theme": "textual-dark"}),
        meeting_id=session.meeting.id,
        remember_settings=False,
        live_refresh=False,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, MeetingScreen) and app.screen.panel is not None):
            await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        panel = app.screen.query_one(KRRoundPanel)
        selected = panel.selected
        assert selected is not None
        statements: list[str] = []
        demo_store.db.conn.set_trace_callback(statements.append)
        try:
            await pilot.press("7")
            await pilot.pause()
        finally:
            demo_store.db.conn.set_trace_callback(None)
        # The runner's heartbeat reads its row on a timer of its own; it is not the key's.
        statements = [s for s in statements if "FROM meeting_runners" not in s]
        assert sum(s.lstrip().upper().startswith("INSERT") for s in statements) == 1
        assert len(statements) == 5, statements
        latest = demo_store.latest_checkin(selected.kr.id)
        assert latest is not None and latest.confidence == 7

"""The async-first KR round on screen: what changed first, the KRs already in listed last
and passed with one key (issue 19)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Static

from okrtui.agenda import AgendaLibrary
from okrtui.clock import FixedClock, local_today
from okrtui.config import Settings
from okrtui.io.demo import load_demo
from okrtui.meeting.session import MeetingSession
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store, open_db
from okrtui.tui.app import make_app
from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.steps.kr_round import KRRoundPanel

NOW = datetime(2026, 11, 18, 8, 0, tzinfo=UTC)


async def _round(pilot: Pilot[Any]) -> KRRoundPanel:
    while True:
        await pilot.pause()
        screen = pilot.app.screen
        panel = screen.panel if isinstance(screen, MeetingScreen) else None
        if isinstance(panel, KRRoundPanel) and panel.is_mounted and panel.rows:
            return panel


async def test_the_round_opens_with_what_changed_and_passes_the_ones_in_with_one_key(
    tmp_path: Path,
) -> None:
    clock = FixedClock(NOW)
    store = Store(open_db(tmp_path / "demo.db"), clock)
    load_demo(store, local_today(clock, "UTC"))
    team = store.team_by_code("PLAT")
    cycle = store.current_cycle()
    assert cycle is not None
    session = MeetingSession.start(
        store,
        AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin"),
        cycle=cycle,
        team_id=team.id,
        facilitator_id=store.person_by_handle("li").id,
        attendee_ids=team.member_ids,
    )
    app = make_app(
        store,
        clock,
        Settings(),
        meeting_id=session.meeting.id,
        remember_settings=False,
        live_refresh=False,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket")
        panel = await _round(pilot)
        opening = str(panel.query_one("#kr-opening", Static).render())
        assert opening.startswith("5 of 6 key results checked in before the meeting; 5 already in")
        assert "Changed: PLAT-1.1 6→7 ▲1." in opening
        assert "At risk: PLAT-3.1 4 (at risk)" in opening
        refs = [row.kr.ref for row in panel.rows]
        assert refs[0] == "PLAT-3.1"  # the one to discuss comes first
        assert set(refs[1:]) == {r.kr.ref for r in panel.rows if r.kr.id in panel.already_in}
        before = {row.kr.id: row.confidence for row in panel.rows}

        await pilot.press("i")
        await pilot.pause()
        recorded = store.meeting_checkins(session.meeting.id)
        assert {c.kr_id for c in recorded} == set(panel.already_in)
        assert all(c.confidence == before[c.kr_id] for c in recorded)
        assert panel.selected is not None and panel.selected.kr.ref == "PLAT-3.1"

        await pilot.press("3")
        await pilot.pause()
        assert len(store.meeting_checkins(session.meeting.id)) == 6
        await pilot.press("i")  # nothing left to pass: nothing written
        await pilot.pause()
        assert len(store.meeting_checkins(session.meeting.id)) == 6

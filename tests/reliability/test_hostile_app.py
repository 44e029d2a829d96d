"""The running app against hostile files: a deeply nested agenda file beside good ones, and
a database holding text that is not UTF-8. The app keeps working and shows the rest."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import OptionList

from okrtui.clock import FixedClock
from okrtui.commands.demo import write_demo
from okrtui.config import Settings
from okrtui.store import Store, open_db
from okrtui.tui.app import OkrApp, make_app

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
AGENDA = """\
slug = "retro"
title = "Team retro"
kind = "custom"
minutes = 10

[[steps]]
kind = "notes"
title = "Notes"
minutes = 10
"""


def build(path: Path, **settings: object) -> tuple[OkrApp, Store]:
    store = Store(open_db(path), FixedClock(NOW))
    app = make_app(
        store,
        store.clock,
        Settings.model_validate({"theme": "textual-dark", **settings}),
        remember_settings=False,
        live_refresh=False,
    )
    return app, store


async def test_a_deep_agenda_file_leaves_the_start_screen_and_palette_working(
    tmp_path: Path,
) -> None:
    from okrtui.tui.screens.start_meeting import StartMeetingScreen

    agendas = tmp_path / "agendas"
    agendas.mkdir()
    (agendas / "retro.toml").write_text(AGENDA)
    (agendas / "deep.toml").write_text("x = " + "[" * 900 + "]" * 900 + "\n")
    demo = write_demo(tmp_path / "demo.db", FixedClock(NOW))
    app, store = build(demo, agendas_dir=str(agendas))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StartMeetingScreen)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Team retro")
        hits = app.screen.query_one("CommandList", OptionList)
        for _ in range(100):
            await pilot.pause(0.02)
            if hits.option_count and "retro" in str(hits.get_option_at_index(0).prompt):
                break
        assert "Start meeting: Team retro" in str(hits.get_option_at_index(0).prompt)
    store.db.close()


async def test_text_that_is_not_utf8_in_the_database_does_not_kill_the_app(
    tmp_path: Path,
) -> None:
    demo = write_demo(tmp_path / "demo.db", FixedClock(NOW))
    conn = sqlite3.connect(demo)
    conn.execute(
        "UPDATE key_results SET title = CAST(X'4d5252206361666520e92e' AS TEXT) WHERE ref = ?",
        ["NW-1.1"],
    )
    conn.execute("UPDATE people SET name = CAST(X'416e61ff' AS TEXT) WHERE handle = 'amara'")
    conn.commit()
    conn.close()
    app, store = build(demo)
    async with app.run_test(size=(160, 50)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("escape")
        kr = store.kr_by_ref("NW-1.1")
        assert kr.title == "MRR cafe \ufffd."
        app.open_kr(kr.id)
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert app.return_code in (None, 0)
    store.db.close()

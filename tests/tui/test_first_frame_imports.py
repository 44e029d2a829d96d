"""The app's first frame is drawn without the costly imports: the dashboard reads light
rows, so pydantic, the domain models and sqlite-utils load only when a later screen or
write needs them (a share of the first-paint budget in bench/)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

HEAVY = ("pydantic", "okrtui.domain.models", "sqlite_utils", "okrtui.meeting.session")

SCRIPT = f"""
import asyncio, sys
from okrtui.clock import SystemClock
from okrtui.config import Settings
from okrtui.store import Store, open_db
from okrtui.tui.app import make_app
from okrtui.tui.widgets.okr_table import OkrTable

async def main() -> None:
    store = Store(open_db(sys.argv[1], create=False), SystemClock())
    app = make_app(store, SystemClock(), Settings(), live_refresh=False, remember_settings=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        print("SCREEN", app.screen.id)
        print("ROWS", len(app.screen.query_one(OkrTable).rows))
        print("HEAVY", [m for m in {HEAVY!r} if m in sys.modules])

asyncio.run(main())
"""


def test_the_dashboard_paints_without_models_or_sqlite_utils(demo_db: Path) -> None:
    env = {**os.environ, "OKRTUI_CONFIG": str(demo_db.with_name("none.toml"))}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(demo_db)],
        capture_output=True, text=True, env=env, check=True, timeout=120,
    )  # fmt: skip
    assert "SCREEN dashboard" in out.stdout, out.stderr
    rows = int(out.stdout.split("ROWS ")[1].split()[0])
    assert rows > 25  # every team, objective and KR of the demo
    assert "HEAVY []" in out.stdout, out.stdout

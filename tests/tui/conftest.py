"""Fixtures for the TUI tests: the demo organisation in a file, with a fixed clock, and
the app built through the same factory as the CLI, with a fixed theme and no live polling."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input

from okrtui.clock import FixedClock, local_today
from okrtui.config import Settings
from okrtui.store import Store, open_db
from okrtui.tui.app import OkrApp, make_app

DEMO_NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
DEMO_TIMEZONE = "Europe/Berlin"
SNAPSHOT_SIZES = [(80, 24), (120, 40)]


@pytest.fixture(scope="session")
def _demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo loaded once per run; each test gets its own copy."""
    from okrtui.io.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    clock = FixedClock(DEMO_NOW)
    db = open_db(path)
    store = Store(db, clock, actor="demo")
    store.set_setting("timezone", DEMO_TIMEZONE)
    load_demo(store, local_today(clock, DEMO_TIMEZONE))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def demo_clock() -> FixedClock:
    return FixedClock(DEMO_NOW)


@pytest.fixture
def demo_db(_demo_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(_demo_template, path)
    return path


@pytest.fixture
def demo_store(demo_db: Path, demo_clock: FixedClock) -> Iterator[Store]:
    db = open_db(demo_db)
    yield Store(db, demo_clock, actor="tester")
    db.close()


@pytest.fixture
def other_store(demo_db: Path, demo_clock: FixedClock) -> Iterator[Store]:
    """A second connection to the same file: another okrtui process, as far as SQLite knows."""
    db = open_db(demo_db)
    yield Store(db, demo_clock, actor="someone-else")
    db.close()


@pytest.fixture
def me_id(demo_store: Store) -> int:
    """Ben Carter, a contributor of the demo's Growth team, is "me"."""
    return demo_store.person_by_handle("ben").id


def build_app(store: Store, clock: FixedClock, me_id: int | None, **settings: object) -> OkrApp:
    app = make_app(
        store,
        clock,
        Settings.model_validate({"theme": "textual-dark", **settings}),
        me_id=me_id,
        remember_settings=False,
        live_refresh=False,
    )
    return app


@pytest.fixture
def app(demo_store: Store, demo_clock: FixedClock, me_id: int) -> OkrApp:
    return build_app(demo_store, demo_clock, me_id)


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Snapshots must not depend on when the cursor blinked."""
    original = Input.__init__

    def no_blink(self: Input, *args: object, **kwargs: object) -> None:
        original(self, *args, **kwargs)  # type: ignore[arg-type]
        self.cursor_blink = False

    monkeypatch.setattr(Input, "__init__", no_blink)


def screen_text(app: OkrApp) -> str:
    """The screen as the user sees it, as plain text (one line per terminal row)."""
    from rich.console import Console

    width = app.size.width
    console = Console(width=width, record=True, file=io.StringIO(), color_system=None)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


async def settle(app: OkrApp, pilot: Pilot[None]) -> None:
    """Wait until reload workers are done and what they posted is on screen."""
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()

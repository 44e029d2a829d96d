"""Lost data, second round: the demo never replaces someone's work without `force` (and
keeps a copy when forced), and a database file or write-ahead log removed or replaced
under a running okrtui stops every write with a clear message instead of "Saved"."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.clock import FixedClock
from okrtui.commands.demo import demo_changes, write_demo
from okrtui.config import Settings
from okrtui.domain.models import CheckIn
from okrtui.errors import UserError
from okrtui.store import Store, StoreError, open_db
from okrtui.store.watch import ChangeWatcher

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
KR = "NW-1.1"


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def rows(path: Path, table: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
    try:
        return conn.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()
    finally:
        conn.close()


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    return write_demo(tmp_path / "demo.db", FixedClock(NOW))


# -- okrtui demo over a file holding work -------------------------------------------------


def test_an_untouched_demo_is_replaced_without_a_word(demo: Path) -> None:
    assert demo_changes(demo) == ""
    code, _, err = run_cli("demo", "--db", str(demo), "--no-open")
    assert code == 0, err
    assert [p.name for p in demo.parent.iterdir() if ".bak" in p.name] == []


def test_demo_refuses_a_file_with_a_check_in_made_after_it(demo: Path) -> None:
    code, _, err = run_cli("checkin", KR, "-c", "3", "--me", "amara", "--db", str(demo))
    assert code == 0, err
    before = rows(demo, "checkins")
    code, _, err = run_cli("demo", "--db", str(demo), "--no-open")
    assert code == 2, err
    assert err.startswith("okrtui: ") and len(err.strip().splitlines()) == 1, err
    assert "checkins" in err and "--force" in err
    assert rows(demo, "checkins") == before


def test_demo_refuses_a_file_with_a_meeting_running_in_another_terminal(demo: Path) -> None:
    from okrtui.agenda import AgendaLibrary
    from okrtui.meeting.session import MeetingSession
    from okrtui.resources import builtin_agendas_dir

    store = Store(open_db(demo), FixedClock(NOW))
    try:
        cycle = store.current_cycle()
        assert cycle is not None
        template = AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin")
        before = len(store.meetings())
        MeetingSession.start(
            store, template, cycle=cycle, team_id=None, facilitator_id=None, clock=store.clock
        )
        # The meeting's process is still running (its connection is open) while demo runs.
        with pytest.raises(UserError, match="meetings"):
            write_demo(demo, FixedClock(NOW))
        assert len(store.meetings()) == before + 1
    finally:
        store.db.close()


def test_demo_refuses_an_okrtui_database_that_is_not_a_demo(tmp_path: Path) -> None:
    path = tmp_path / "work.db"
    Store(open_db(path)).db.close()
    with pytest.raises(UserError, match="not a demo database"):
        write_demo(path, FixedClock(NOW))


def test_demo_refuses_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("my notes\n")
    with pytest.raises(UserError, match="not an okrtui database"):
        write_demo(path, FixedClock(NOW))
    assert path.read_text() == "my notes\n"


def test_forced_demo_keeps_a_copy_holding_the_work(
    demo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_cli(
        "checkin", KR, "-c", "3", "-n", "mine", "--me", "amara", "--db", str(demo)
    )
    assert code == 0, err
    write_demo(demo, FixedClock(NOW), force=True)
    [copy] = [p for p in demo.parent.iterdir() if ".before-demo." in p.name]
    assert str(copy) in capsys.readouterr().err
    assert any("mine" in map(str, row) for row in rows(copy, "checkins"))
    assert not any("mine" in map(str, row) for row in rows(demo, "checkins"))
    assert demo_changes(demo) == ""
    assert copy.stat().st_mode & 0o077 == 0


def test_forced_demo_over_a_plain_file_keeps_it_byte_for_byte(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    path.write_bytes(b"not sqlite\x00\xff")
    write_demo(path, FixedClock(NOW), force=True)
    [copy] = [p for p in tmp_path.iterdir() if ".before-demo." in p.name]
    assert copy.read_bytes() == b"not sqlite\x00\xff"
    assert demo_changes(path) == ""


# -- the database removed or replaced under a running okrtui -----------------------------


@pytest.fixture
def store(demo: Path) -> Iterator[Store]:
    db = open_db(demo)
    store = Store(db, FixedClock(NOW), actor="tester")
    store.setting("timezone")  # a read, as every screen makes: the log exists
    yield store
    db.close()


def _checkin(store: Store, confidence: int = 4) -> None:
    store.add_checkin(
        CheckIn(kr_id=store.kr_by_ref(KR).id, at=NOW, value=None, confidence=confidence)
    )


def test_a_write_after_the_log_is_deleted_fails_loudly(demo: Path, store: Store) -> None:
    _checkin(store)
    wal = Path(f"{demo}-wal")
    assert wal.exists()
    watcher = ChangeWatcher(store)
    assert watcher.lost() == ""
    wal.unlink()
    assert "write-ahead log was removed" in watcher.lost()
    with pytest.raises(StoreError, match="write-ahead log was removed"):
        _checkin(store, 7)
    with pytest.raises(StoreError, match="write-ahead log"):
        store.set_setting("organisation", "x")


def test_a_write_after_the_file_is_deleted_fails_loudly(demo: Path, store: Store) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{demo}{suffix}").unlink(missing_ok=True)
    assert "was removed" in ChangeWatcher(store).lost()
    with pytest.raises(StoreError, match="database file was removed"):
        _checkin(store)


def test_a_write_after_the_file_is_replaced_fails_loudly(
    demo: Path, store: Store, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    shutil.copyfile(demo, other)
    os.replace(other, demo)
    assert "replaced" in ChangeWatcher(store).lost()
    with pytest.raises(StoreError, match="replaced by another file"):
        _checkin(store)


def test_a_forced_demo_under_a_running_app_is_noticed(demo: Path, store: Store) -> None:
    _checkin(store)
    write_demo(demo, FixedClock(NOW), force=True)
    with pytest.raises(StoreError, match="replaced"):
        _checkin(store)


async def test_the_app_says_the_database_is_gone_and_stops_saving(demo: Path, store: Store) -> None:
    from okrtui.tui.app import make_app

    app = make_app(
        store,
        store.clock,
        Settings.model_validate({"theme": "textual-dark"}),
        remember_settings=False,
        live_refresh=False,
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        watcher = ChangeWatcher(store)
        assert app.check_database(watcher) == ""
        assert app.database_lost == ""
        Path(f"{demo}-wal").unlink()
        app.check_database(watcher)
        app.check_database(watcher)  # said once, not on every poll
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert len([m for m in messages if "write-ahead log was removed" in m]) == 1
        assert "NOT SAVING" in app.sub_title
        with pytest.raises(StoreError):
            _checkin(store)


def test_text_that_is_not_utf8_in_the_database_reads_with_replacement(
    demo: Path, store: Store
) -> None:
    conn = sqlite3.connect(demo)
    conn.execute(
        "UPDATE key_results SET title = CAST(X'4d52520a636166e9' AS TEXT) WHERE ref = ?", [KR]
    )
    conn.commit()
    conn.close()
    assert store.kr_by_ref(KR).title == "MRR\ncaf\ufffd"


async def test_the_meeting_says_not_saved_once_the_log_is_deleted(demo: Path) -> None:
    """A confidence entered after the `-wal` vanished is refused on screen ("Not saved",
    naming the log), where SQLite alone would have written it to the deleted file."""
    from okrtui.agenda import AgendaLibrary
    from okrtui.meeting.session import MeetingSession
    from okrtui.resources import builtin_agendas_dir
    from okrtui.tui.app import make_app
    from okrtui.tui.screens.meeting import MeetingScreen
    from okrtui.tui.steps.kr_round import KRRoundPanel

    store = Store(open_db(demo), FixedClock(NOW))
    cycle = store.current_cycle()
    assert cycle is not None
    team = store.team_by_code("NW")
    session = MeetingSession.start(
        store,
        AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin"),
        cycle=cycle,
        team_id=team.id,
        facilitator_id=None,
        attendee_ids=team.member_ids,
        clock=store.clock,
    )
    app = make_app(
        store,
        store.clock,
        Settings.model_validate({"theme": "textual-dark"}),
        meeting_id=session.meeting.id,
        remember_settings=False,
        live_refresh=False,
    )
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(200):
            await pilot.pause()
            screen = app.screen
            if isinstance(screen, MeetingScreen) and screen.panel is not None:
                if isinstance(screen.panel, KRRoundPanel):
                    break
                await pilot.press("right_square_bracket")
        assert isinstance(app.screen, MeetingScreen)
        assert isinstance(app.screen.panel, KRRoundPanel)
        before = len(store.meeting_checkins(session.meeting.id))
        await pilot.press("3")
        await pilot.pause()
        assert len(store.meeting_checkins(session.meeting.id)) == before + 1
        Path(f"{demo}-wal").unlink()
        await pilot.press("7")
        await pilot.pause()
        refused = [n for n in app._notifications if n.title == "Not saved"]
        assert refused and "write-ahead log was removed" in refused[-1].message
        assert len(store.meeting_checkins(session.meeting.id)) == before + 1
    store.db.close()

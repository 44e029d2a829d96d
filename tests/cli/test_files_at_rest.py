"""One file at rest (every clean exit checkpoints the WAL), `okrtui backup`, and where
output goes: `-o -` is standard output, `-o FILE --force` writes through to the file."""

from __future__ import annotations

import os
import shutil
import socket
import sqlite3
import stat
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.cli_support import Env
from okrtui.store import Store, open_db
from tests.conftest import build_small_org


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def team_db(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    store = Store(open_db(path), actor="test")
    build_small_org(store)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.db.close()
    return path


def alone(path: Path, tmp_path: Path) -> Path:
    """A copy of the database file only, as someone copying it to another box would."""
    copy = tmp_path / "copied" / path.name
    copy.parent.mkdir(exist_ok=True)
    shutil.copyfile(path, copy)
    return copy


def _tables_and_rows(path: Path) -> tuple[list[str], int]:
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        cycles = conn.execute("SELECT count(*) FROM cycles").fetchone()[0] if tables else 0
        return tables, cycles
    finally:
        conn.close()


def test_init_leaves_one_file_that_holds_everything(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    code, _, err = run("init", "--db", str(path))
    assert code == 0, err
    wal = Path(f"{path}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    tables, _ = _tables_and_rows(alone(path, tmp_path))
    assert "cycles" in tables and "checkins" in tables


@pytest.mark.parametrize(
    "args",
    [
        ["cycle", "new", "2027-Q1", "--start", "2027-01-04", "--end", "2027-04-04"],
        ["cycle", "grade", "ENG-2.1", "0.5"],
        ["checkin", "ENG-1.1", "-c", "4", "--me", "ana"],
    ],
)
def test_a_command_that_writes_leaves_its_write_in_the_file_itself(
    team_db: Path, tmp_path: Path, args: list[str]
) -> None:
    before = team_db.read_bytes()
    code, _, err = run("--db", str(team_db), *args)
    assert code == 0, err
    wal = Path(f"{team_db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    assert team_db.read_bytes() != before  # the write reached the main file


def test_the_app_checkpoints_when_it_exits(
    team_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept: list[Store] = []  # as a process would, until it exits

    def run_app(env: Env, store: Store, meeting_id: int | None = None) -> None:
        store.set_setting("written-by-the-app", "1")
        kept.append(store)

    monkeypatch.setattr(Env, "run_app", run_app)
    code, _, err = run("--db", str(team_db))
    assert code == 0, err
    wal = Path(f"{team_db}-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    conn = sqlite3.connect(alone(team_db, tmp_path))
    assert conn.execute("SELECT count(*) FROM settings WHERE key='written-by-the-app'").fetchone()
    conn.close()


def test_backup_is_a_consistent_copy_while_another_process_writes(
    team_db: Path, tmp_path: Path
) -> None:
    writer = sqlite3.connect(team_db, check_same_thread=False, isolation_level=None)
    writer.execute("PRAGMA busy_timeout = 5000")
    stop = threading.Event()

    def keep_writing() -> None:
        n = 0
        while not stop.is_set():
            writer.execute("INSERT INTO settings (key, value) VALUES (?, ?)", [f"k{n}", "v"])
            n += 1

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        target = tmp_path / "copy.db"
        code, out, err = run("--db", str(team_db), "backup", str(target))
    finally:
        stop.set()
        thread.join()
        writer.close()
    assert code == 0, err
    assert out.strip() == f"backed up {team_db} to {target}"
    assert not Path(f"{target}-wal").exists()
    conn = sqlite3.connect(target)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM key_results").fetchone()[0] == 4
    conn.close()
    copy = Store(open_db(target, create=False))
    assert copy.kr_by_ref("ENG-1.1").title == "p95 latency"
    copy.db.close()


def test_backup_refuses_to_replace_a_file_or_the_database_itself(
    team_db: Path, tmp_path: Path
) -> None:
    existing = tmp_path / "there.db"
    existing.write_text("keep me")
    code, _, err = run("--db", str(team_db), "backup", str(existing))
    assert code == 2 and "already exists" in err
    assert existing.read_text() == "keep me"
    code, _, err = run("--db", str(team_db), "backup", str(team_db), "--force")
    assert code == 2 and "is the database itself" in err
    code, _, err = run("--db", str(team_db), "backup", "-")
    assert code == 2 and err.startswith("okrtui: ")


# -- -o -----------------------------------------------------------------------------

OUTPUTS = [["export"], ["report"], ["notes", "latest"]]


@pytest.fixture
def with_notes(team_db: Path) -> Path:
    from okrtui.agenda import AgendaLibrary
    from okrtui.meeting.session import MeetingSession
    from okrtui.resources import builtin_agendas_dir

    store = Store(open_db(team_db), actor="test")
    MeetingSession.start(
        store,
        AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin"),
        cycle=store.cycle_by_slug("2026-Q4"),
        team_id=None,
        facilitator_id=None,
    )
    store.db.close()
    return team_db


@pytest.mark.parametrize("command", OUTPUTS, ids=lambda c: c[0])
def test_dash_is_standard_output(
    with_notes: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = run("--db", str(with_notes), *command, "-o", "-")
    assert code == 0, err
    _, plain, _ = run("--db", str(with_notes), *command)
    assert out == plain and out
    assert not (tmp_path / "-").exists()


@pytest.mark.parametrize("command", OUTPUTS, ids=lambda c: c[0])
def test_force_writes_through_keeping_mode_and_links(
    with_notes: Path, tmp_path: Path, command: list[str]
) -> None:
    target = tmp_path / "private.md"
    target.write_text("old")
    target.chmod(0o600)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    inode = target.stat().st_ino
    code, _, err = run("--db", str(with_notes), *command, "-o", str(link), "--force")
    assert code == 0, err
    assert link.is_symlink() and link.resolve() == target
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.stat().st_ino == inode
    assert target.read_text() not in ("", "old")


@pytest.mark.parametrize("command", OUTPUTS, ids=lambda c: c[0])
def test_only_a_regular_file_or_a_new_one_is_written(
    with_notes: Path, tmp_path: Path, command: list[str]
) -> None:
    # A socket stands for /dev/full and other special files: a test must never risk a
    # real device node (as root, the old code renamed a file over /dev/full).
    special = tmp_path / "special"
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(special))
    for target, needle in (
        (str(special), "not a regular file"),
        (str(tmp_path), "is a directory"),
        (str(tmp_path / "missing" / "x.md"), "does not exist"),
    ):
        code, out, err = run("--db", str(with_notes), *command, "-o", target, "--force")
        assert code == 2 and needle in err, err
        assert len(err.splitlines()) == 1 and out == ""
    listener.close()
    assert stat.S_ISSOCK(special.lstat().st_mode)
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nowhere.md")
    code, _, err = run("--db", str(with_notes), *command, "-o", str(dangling), "--force")
    assert code == 2 and "missing file" in err
    assert not (tmp_path / "nowhere.md").exists()
    kept = tmp_path / "kept.md"
    kept.write_text("mine")
    code, _, err = run("--db", str(with_notes), *command, "-o", str(kept))
    assert code == 2 and "already exists" in err and kept.read_text() == "mine"


def test_a_new_output_file_is_made(with_notes: Path, tmp_path: Path) -> None:
    target = tmp_path / "new.toml"
    code, _, err = run("--db", str(with_notes), "export", "-o", str(target))
    assert code == 0 and err == f"wrote {target}\n"
    assert target.read_text().startswith(("#", "format", "["))
    assert os.access(target, os.R_OK)

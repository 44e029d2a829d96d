"""Upgrades: a database made by the first released schema opens in this version through
the migrations, with the pre-migration copy kept beside it.

`data/schema_0001.sql` is that database as SQL text (the demo organisation and a weekly
check-in left running at the KR round with two confidences recorded), made by
`data/make_schema_0001.py` while 0001 was the newest migration. While 0001 is still the
newest, the upgrade is simulated with a made-up 0002 (as tests/unit/test_store.py does);
as soon as a real 0002 exists, the same test runs the real migrations instead.
"""

from __future__ import annotations

import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from okrtui.meeting.resume import find_resumable
from okrtui.store import Store, open_db, schema, versions
from okrtui.store import db as db_module

FIRST = "0001_initial"


def load_fixture(data_dir: Path, path: Path) -> Path:
    connection = sqlite3.connect(path)
    try:
        connection.executescript((data_dir / "schema_0001.sql").read_text(encoding="utf-8"))
    finally:
        connection.close()
    path.chmod(0o600)
    return path


def snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """The rows of the tables that schema 0001 had (what an upgrade must keep)."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != '_sqlite_migrations' ORDER BY name"
            )
        ]
        return {
            t: connection.execute(f'SELECT * FROM "{t}" ORDER BY rowid').fetchall() for t in tables
        }
    finally:
        connection.close()


def schema_sql(connection: sqlite3.Connection) -> list[tuple[str, str]]:
    return sorted(
        (r[0], " ".join(str(r[1]).split()))
        for r in connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL "
            "AND name NOT LIKE 'sqlite_%' AND name != '_sqlite_migrations'"
        )
    )


@pytest.fixture
def old_file(data_dir: Path, tmp_path: Path) -> Path:
    return load_fixture(data_dir, tmp_path / "team.db")


@pytest.fixture
def upgrade_path(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The migrations to upgrade through: the real ones once there is more than 0001;
    until then 0001 and a simulated 0002 that changes the schema and the data."""
    names = schema.migration_names()
    if len(names) > 1:
        yield names
        return
    newer = Migrations(versions.MIGRATION_SET)
    newer(name=FIRST)(schema.initial)

    @newer(name="0002_simulated")
    def _simulated(db: Database) -> None:
        db.execute("ALTER TABLE teams ADD COLUMN colour TEXT")
        db.execute("UPDATE teams SET colour = 'teal'")

    simulated = [FIRST, "0002_simulated"]
    monkeypatch.setattr(schema, "migrations", newer)
    monkeypatch.setattr(db_module, "known_migration_names", lambda: simulated)
    yield simulated


def test_the_fixture_is_the_released_schema_0001(old_file: Path, tmp_path: Path) -> None:
    """Guards the rule "never edit a released migration": 0001 today builds exactly the
    schema the fixture was made with."""
    connection = sqlite3.connect(old_file)
    applied = [r[0] for r in connection.execute("SELECT name FROM _sqlite_migrations")]
    assert applied == [FIRST]
    fresh = Database(tmp_path / "fresh.db")
    only_first = Migrations(versions.MIGRATION_SET)
    only_first(name=FIRST)(schema.initial)
    only_first.apply(fresh)
    assert schema_sql(connection) == schema_sql(fresh.conn)
    connection.close()
    fresh.close()


def test_a_schema_0001_file_opens_through_the_migrations_with_a_copy_kept(
    old_file: Path, upgrade_path: list[str]
) -> None:
    before = snapshot(old_file)
    db = open_db(old_file)
    store = Store(db)
    applied = [r["name"] for r in db.query("SELECT name FROM _sqlite_migrations ORDER BY id")]
    assert applied == upgrade_path

    # Nothing lost: every row of every 0001 table is still there.
    after = snapshot(old_file)
    for table, rows in before.items():
        assert len(after[table]) == len(rows), table
    assert [r[:2] for r in after["checkins"]] == [r[:2] for r in before["checkins"]]

    # The meeting left running is still offered for resumption at the same step.
    running = find_resumable(store)
    assert len(running) == 1
    assert running[0].current_step == 1
    assert [c.confidence for c in store.meeting_checkins(running[0].id)] == [3, 8]
    assert store.kr_by_ref("PLAT-1.1").title
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    db.close()

    # The copy beside it is the file as it was before the migration, and private.
    backups = list(old_file.parent.glob(f"{old_file.name}.{FIRST}.*.bak"))
    assert len(backups) == 1
    backup = backups[0]
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert snapshot(backup) == before
    copy = sqlite3.connect(backup)
    assert [r[0] for r in copy.execute("SELECT name FROM _sqlite_migrations")] == [FIRST]
    copy.close()

    # Opening again migrates nothing and makes no second copy.
    open_db(old_file).close()
    assert len(list(old_file.parent.glob("*.bak"))) == 1


def test_a_read_only_schema_0001_file_is_refused_rather_than_half_upgraded(
    old_file: Path, upgrade_path: list[str]
) -> None:
    from okrtui.store import StoreError

    before = snapshot(old_file)
    old_file.chmod(0o444)
    try:
        with pytest.raises(StoreError, match="read-only"):
            open_db(old_file)
    finally:
        old_file.chmod(0o600)
    assert snapshot(old_file) == before
    assert not list(old_file.parent.glob("*.bak"))

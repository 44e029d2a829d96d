"""The one-line check-in's fast path writes what the Store would, and stands aside otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.clock import FixedClock
from okrtui.commands import quick_checkin
from okrtui.domain.models import CheckIn
from okrtui.store import Store, open_db
from okrtui.store.schema import migration_names
from okrtui.store.versions import MIGRATION_NAMES

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(clock: FixedClock, db_path: Path) -> Iterator[Store]:
    db = open_db(db_path)
    yield Store(db, clock, actor="tester")
    db.close()


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def last_row(store: Store) -> tuple[Any, ...]:
    row = store.db.execute(
        "SELECT kr_id, value, confidence, note, author_id, meeting_id FROM checkins "
        "ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return tuple(row)


def test_the_light_list_of_migrations_is_the_real_one() -> None:
    """Opening a file and the fast path read `versions.MIGRATION_NAMES`, not sqlite-utils'
    `Migrations`; a migration added to one and not the other fails here."""
    assert migration_names() == list(MIGRATION_NAMES)


@pytest.mark.parametrize(
    "args",
    [
        ("ENG-1.1", "-c", "7", "-v", "520", "-n", " cache warm "),
        ("eng-1.1", "-c", "3"),
        ("ENG-1.2", "-c", "9", "--done"),
        ("ENG-1.2", "-c", "2"),
    ],
)
def test_fast_and_full_paths_write_the_same_row_and_line(
    store: Store,
    small_org: dict[str, int],
    db_path: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
) -> None:
    store.add_checkin(CheckIn(kr_id=small_org["ENG-1.1"], at=clock.now(), value=640, confidence=5))
    taken: list[bool] = []
    real = quick_checkin.try_record

    def spy(*a: Any, **k: Any) -> Any:
        result = real(*a, **k)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(quick_checkin, "try_record", spy)
    code, fast_out, err = run("checkin", *args, "--db", str(db_path), "--me", "ana")
    assert code == 0, err
    assert taken == [True]
    fast_row = last_row(store)

    monkeypatch.setattr(quick_checkin, "try_record", lambda *a, **k: None)
    code, full_out, err = run("checkin", *args, "--db", str(db_path), "--me", "ana")
    assert code == 0, err
    # The second check-in starts from the first one's value: compare what each wrote.
    assert last_row(store) == fast_row
    assert full_out.split(":")[0] == fast_out.split(":")[0]


def test_a_read_only_file_goes_through_the_store(
    store: Store, small_org: dict[str, int], db_path: Path, clock: FixedClock
) -> None:
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db_path.chmod(0o400)
    try:
        found = quick_checkin.try_record(
            db_path, "ENG-1.1", me=lambda _h: small_org["ana"], decide=lambda _k: 1.0,
            confidence=5, note="", now=clock.now(),
        )  # fmt: skip
    finally:
        db_path.chmod(0o600)
    assert found is None


def test_an_unknown_migration_makes_the_fast_path_stand_aside(
    store: Store, small_org: dict[str, int], db_path: Path, clock: FixedClock
) -> None:
    store.db.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('okrtui', '9999_future', '2030-01-01')"
    )
    before = store.db.execute("SELECT COUNT(*) FROM checkins").fetchone()[0]
    found = quick_checkin.try_record(
        db_path, "ENG-1.1", me=lambda _h: small_org["ana"], decide=lambda _k: 1.0,
        confidence=5, note="", now=clock.now(),
    )  # fmt: skip
    assert found is None
    assert store.db.execute("SELECT COUNT(*) FROM checkins").fetchone()[0] == before


def test_the_one_line_checkin_imports_no_store_models_or_textual(
    store: Store, small_org: dict[str, int], db_path: Path, tmp_path: Path
) -> None:
    code = (
        "import sys\n"
        "from okrtui.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = [m for m in ('sqlite_utils', 'okrtui.domain.models', 'textual', 'pendulum')"
        " if m in sys.modules]\n"
        "print('HEAVY', heavy)\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "OKRTUI_CONFIG": str(tmp_path / "none.toml")}
    out = subprocess.run(
        [sys.executable, "-c", code, "--db", str(db_path), "--me", "ana", "checkin", "ENG-1.1",
         "-c", "6"],
        capture_output=True, text=True, cwd=REPO, env=env, check=True,
    )  # fmt: skip
    assert "confidence — → 6" in out.stdout, out.stderr
    assert "HEAVY []" in out.stdout

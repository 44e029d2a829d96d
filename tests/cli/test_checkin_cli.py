"""`okrtui checkin KR --confidence N`: one line, no screen, every bad input refused."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.clock import FixedClock
from okrtui.domain.models import CheckIn, CycleStatus
from okrtui.store import Store, open_db

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(clock: FixedClock, db_path: Path) -> Iterator[Store]:
    """The shared organisation, in a file the command line can open."""
    db = open_db(db_path)
    yield Store(db, clock, actor="tester")
    db.close()


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def count_checkins(store: Store) -> int:
    return int(store.db.execute("SELECT COUNT(*) FROM checkins").fetchone()[0])


def assert_refused(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    assert err.startswith("okrtui: ") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    for needle in needles:
        assert needle in err, err


def test_one_line_checkin_prints_before_and_after(
    store: Store, small_org: dict[str, int], db_path: Path, clock: FixedClock
) -> None:
    store.add_checkin(CheckIn(kr_id=small_org["ENG-1.1"], at=clock.now(), value=640, confidence=5))
    code, out, err = run(
        "checkin",
        "ENG-1.1",
        "--confidence",
        "7",
        "--value",
        "520",
        "--note",
        "cache warm",
        "--db",
        str(db_path),
        "--me",
        "ana",
    )
    assert code == 0, err
    assert out.strip() == "ENG-1.1 p95 latency: confidence 5 → 7, value 640 ms → 520 ms"
    latest = store.latest_checkin(small_org["ENG-1.1"])
    assert latest is not None
    assert (latest.confidence, latest.value, latest.note, latest.author_id) == (
        7,
        520,
        "cache warm",
        small_org["ana"],
    )


def test_a_milestone_can_be_marked_done(
    store: Store, small_org: dict[str, int], db_path: Path
) -> None:
    code, out, err = run(
        "checkin", "eng-1.2", "-c", "8", "--done", "--db", str(db_path), "--me", "ben"
    )
    assert code == 0, err
    assert "not done → done" in out
    latest = store.latest_checkin(small_org["ENG-1.2"])
    assert latest is not None and latest.value == 1.0


@pytest.mark.parametrize(
    ("args", "needles"),
    [
        (["ENG-9.9", "-c", "6"], ["no key result 'ENG-9.9'", "2026-Q4"]),
        (["ENG-1.1", "-c", "11"], ["confidence", "0 and 10", "11"]),
        (["ENG-1.1", "-c", "-1"], ["confidence", "0 and 10"]),
        (["ENG-1.2", "-c", "6", "--value", "3"], ["ENG-1.2", "milestone", "no value"]),
        (["ENG-1.1", "-c", "6", "--done"], ["ENG-1.1", "metric", "--value"]),
        (["ENG-1.1", "-c", "6", "--value", "fast"], ["--value", "number", "'fast'"]),
        (["ENG-1.1", "-c", "6", "--value", "nan"], ["--value", "finite"]),
        (["ENG-1.1"], ["--confidence is required", "ENG-1.1"]),
        (["-c", "6"], ["name the KR"]),
    ],
)
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    store: Store, small_org: dict[str, int], db_path: Path, args: list[str], needles: list[str]
) -> None:
    before = count_checkins(store)
    code, out, err = run("checkin", *args, "--db", str(db_path), "--me", "ana")
    assert_refused(code, err, *needles)
    assert out == ""
    assert count_checkins(store) == before


def test_no_identity_is_refused(store: Store, small_org: dict[str, int], db_path: Path) -> None:
    code, _, err = run("checkin", "ENG-1.1", "-c", "6", "--db", str(db_path))
    assert_refused(code, err, "who are you?", "--me")
    assert count_checkins(store) == 0


def test_an_unknown_identity_is_refused(
    store: Store, small_org: dict[str, int], db_path: Path
) -> None:
    code, _, err = run("checkin", "ENG-1.1", "-c", "6", "--db", str(db_path), "--me", "zed")
    assert_refused(code, err, "'zed'", "not a person")
    assert count_checkins(store) == 0


def test_a_closed_cycle_takes_no_checkins(
    store: Store, small_org: dict[str, int], db_path: Path
) -> None:
    store.set_cycle_status(small_org["cycle"], CycleStatus.CLOSED)
    code, _, err = run("checkin", "ENG-1.1", "-c", "6", "--db", str(db_path), "--me", "ana")
    assert_refused(code, err, "closed")
    assert count_checkins(store) == 0


def test_the_screen_refuses_someone_without_krs(
    store: Store, small_org: dict[str, int], db_path: Path
) -> None:
    store.db.execute("UPDATE key_results SET owner_id = ?", [small_org["ben"]])
    code, _, err = run("checkin", "--db", str(db_path), "--me", "ana")
    assert_refused(code, err, "ana owns no key results", "2026-Q4")


def test_the_one_line_form_never_imports_textual(
    store: Store, small_org: dict[str, int], db_path: Path
) -> None:
    args = ["checkin", "ENG-2.2", "--confidence", "6", "--db", str(db_path), "--me", "ana"]
    program = (
        "import runpy, sys\n"
        f"sys.argv = ['okrtui', *{args!r}]\n"
        "try:\n"
        "    runpy.run_module('okrtui', run_name='__main__')\n"
        "except SystemExit as stop:\n"
        "    assert not stop.code, stop.code\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program],
        cwd=REPO,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    written, modules = done.stdout.strip().splitlines()
    assert written.startswith("ENG-2.2 NPS: confidence — → 6")
    assert modules == "[]"
    latest = store.latest_checkin(small_org["ENG-2.2"])
    assert latest is not None and latest.confidence == 6

"""The one-line check-in writes and says a KR's state by the one rule, on both paths.

Each case failed before the KR's state and the check-in write had one owner.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.clock import FixedClock
from okrtui.commands import quick_checkin
from okrtui.domain.models import CheckIn
from okrtui.store import Store, open_db

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def store(clock: FixedClock, db_path: Path) -> Iterator[Store]:
    db = open_db(db_path)
    yield Store(db, clock, actor="tester")
    db.close()


@pytest.fixture(params=["fast", "full"])
def path_taken(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run each case through the fast path and through the Store."""
    if request.param == "full":
        monkeypatch.setattr(quick_checkin, "try_record", lambda *a, **k: None)
    return str(request.param)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def checkins(store: Store, kr_id: int) -> list[tuple[Any, ...]]:
    rows = store.db.execute(
        "SELECT value, confidence FROM checkins WHERE kr_id = ? ORDER BY at, id", [kr_id]
    ).fetchall()
    return [tuple(r) for r in rows]


def test_a_confidence_only_checkin_keeps_the_progress(
    store: Store, small_org: dict[str, int], db_path: Path, clock: FixedClock, path_taken: str
) -> None:
    """The PLAT-1.1 case: 800 ms at the start, 480 ms checked in, then a meeting's
    confidence-only check-in. `-c 5` must keep 480 ms, not go back to the start."""
    kr_id = small_org["ENG-1.1"]
    store.add_checkin(
        CheckIn(kr_id=kr_id, at=clock.now() - timedelta(days=8), value=480, confidence=6)
    )
    store.add_checkin(
        CheckIn(kr_id=kr_id, at=clock.now() - timedelta(days=1), value=None, confidence=4)
    )
    code, out, err = run("checkin", "ENG-1.1", "-c", "5", "--db", str(db_path), "--me", "ana")
    assert code == 0, err
    assert "confidence 4 → 5, value 480 ms (unchanged)" in out
    assert checkins(store, kr_id)[-1] == (None, 5)
    assert store.key_result(kr_id).start == 800
    from okrtui.domain.krstate import state_after

    assert state_after(store.key_result(kr_id), store.checkins(kr_id)).value == 480


def test_big_values_are_written_with_separators_not_exponents(
    store: Store, small_org: dict[str, int], db_path: Path, path_taken: str
) -> None:
    code, out, err = run(
        "checkin", "ENG-1.1", "-c", "6", "-v", "1234567", "--db", str(db_path), "--me", "ana"
    )
    assert code == 0, err
    assert "800 ms → 1,234,567 ms" in out
    assert "e+" not in out


@pytest.mark.parametrize("value", ["1,5", "0,5", "12,34"])
def test_a_decimal_comma_is_refused_not_misread(
    store: Store, small_org: dict[str, int], db_path: Path, value: str, path_taken: str
) -> None:
    code, _, err = run(
        "checkin", "ENG-1.1", "-c", "6", "-v", value, "--db", str(db_path), "--me", "ana"
    )
    assert code == 2
    assert "okrtui:" in err and "comma" in err
    assert checkins(store, small_org["ENG-1.1"]) == []


def test_thousands_separators_are_read(
    store: Store, small_org: dict[str, int], db_path: Path, path_taken: str
) -> None:
    code, _, err = run(
        "checkin", "ENG-1.1", "-c", "6", "-v", "1,200", "--db", str(db_path), "--me", "ana"
    )
    assert code == 0, err
    assert checkins(store, small_org["ENG-1.1"]) == [(1200.0, 6)]


def test_what_decides_the_write_is_read_inside_its_transaction(
    store: Store,
    small_org: dict[str, int],
    db_path: Path,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another process checks in while the command is deciding: the line and the row
    must start from that check-in, not from what was read before."""
    kr_id = small_org["ENG-1.1"]
    real: Callable[..., Any] = quick_checkin.try_record

    def racing(*args: Any, **kwargs: Any) -> Any:
        decide = kwargs["decide"]

        def decide_while_someone_writes(kr: Any) -> Any:
            other = sqlite3.connect(str(db_path), isolation_level=None)
            other.execute(
                "INSERT INTO checkins (kr_id, at, value, confidence, note) "
                "VALUES (?, '2026-11-18T09:00:00.000000Z', 700, 3, '')",
                [kr_id],
            )
            other.close()
            return decide(kr)

        kwargs["decide"] = decide_while_someone_writes
        return real(*args, **kwargs)

    monkeypatch.setattr(quick_checkin, "try_record", racing)
    code, out, err = run("checkin", "ENG-1.1", "-c", "5", "--db", str(db_path), "--me", "ana")
    assert code == 0, err
    assert "confidence 3 → 5, value 700 ms (unchanged)" in out


def test_a_clock_stepped_back_never_makes_the_newest_checkin_older(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    kr_id = small_org["ENG-1.1"]
    first = store.record_checkin(kr_id, confidence=4, at=clock.now())
    second = store.record_checkin(kr_id, confidence=7, at=clock.now() - timedelta(hours=1))
    assert second.at > first.at
    assert store.latest_checkin(kr_id) == second


def test_only_the_writer_inserts_checkins() -> None:
    """One function writes check-ins; nothing else in okrtui inserts into the table."""
    writers = []
    for path in sorted((REPO / "okrtui").rglob("*.py")):
        text = path.read_text(encoding="utf-8").casefold()
        compact = " ".join(text.split())
        if (
            "insert into checkins" in compact
            or 'insert("checkins"' in compact
            or "insert('checkins'" in compact
        ):
            writers.append(path.relative_to(REPO).as_posix())
    assert writers == ["okrtui/store/checkin_write.py"]


def test_a_title_that_is_not_utf8_in_the_file_does_not_stop_the_line(
    store: Store, small_org: dict[str, int], db_path: Path, path_taken: str
) -> None:
    store.db.execute(
        "UPDATE key_results SET title = CAST(? AS TEXT) WHERE id = ?",
        [b"caf\xe9 latency", small_org["ENG-1.1"]],
    )
    code, out, err = run("checkin", "ENG-1.1", "-c", "6", "--db", str(db_path), "--me", "ana")
    assert code == 0, err
    assert "ENG-1.1 caf\ufffd latency: confidence" in out


@pytest.mark.parametrize("what", ["kr", "objective"])
def test_a_retired_kr_takes_no_check_in(
    store: Store, small_org: dict[str, int], db_path: Path, path_taken: str, what: str
) -> None:
    kr = store.key_result(small_org["ENG-1.1"])
    if what == "kr":
        store.structure.retire_key_result(kr.id, "dropped at the alignment session")
    else:
        store.structure.retire_objective(kr.objective_id, "merged into ENG-2")
    code, _, err = run("checkin", "ENG-1.1", "-c", "6", "--db", str(db_path), "--me", "ana")
    assert code == 2
    assert err.startswith("okrtui: ") and "retired" in err
    assert checkins(store, kr.id) == []

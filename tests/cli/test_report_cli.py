"""`okrtui report`: the cycle report on standard output or in a file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.cli_support import Env
from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.store import Store, open_db


@pytest.fixture
def store(clock: FixedClock, db_path: Path) -> Iterator[Store]:
    db = open_db(db_path)
    yield Store(db, clock, actor="tester")
    db.close()


@pytest.fixture
def env(clock: FixedClock, db_path: Path) -> Env:
    return Env(Settings(), clock, db_flag=str(db_path), environ={})


def run(env: Env, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), obj=env)
    return result.exit_code, result.stdout, result.stderr


def assert_refused(result: tuple[int, str, str], *needles: str) -> None:
    code, _, err = result
    assert code == 2, err
    assert err.startswith("okrtui: ") and len(err.strip().splitlines()) == 1
    for needle in needles:
        assert needle in err


def test_the_report_goes_to_standard_output(env: Env, small_org: dict[str, int]) -> None:
    code, out, err = run(env, "report")
    assert code == 0, err
    assert out.startswith("# Cycle report: Q4 2026\n")
    assert "- **As of:** 2026-11-18" in out  # the injected clock, not the wall clock
    assert (
        "| ENG-1.1 | p95 latency | Ana Silva | 800 ms against 200 ms | 0.0 (suggested) | 🔴 Red |"
        in out
    )


def test_the_report_goes_to_a_file_and_is_not_overwritten_by_accident(
    env: Env, small_org: dict[str, int], tmp_path: Path
) -> None:
    target = tmp_path / "report.md"
    code, out, err = run(env, "report", "2026-Q4", "-o", str(target))
    assert (code, out) == (0, "")
    assert err.strip() == f"wrote {target}"
    assert target.read_text(encoding="utf-8").startswith("# Cycle report: Q4 2026")

    target.write_text("keep me", encoding="utf-8")
    assert_refused(run(env, "report", "-o", str(target)), "already exists", "--force")
    assert target.read_text(encoding="utf-8") == "keep me"

    assert run(env, "report", "-o", str(target), "--force")[0] == 0
    assert target.read_text(encoding="utf-8").startswith("# Cycle report")


def test_report_refuses_bad_input(env: Env, small_org: dict[str, int], tmp_path: Path) -> None:
    assert_refused(run(env, "report", "nope"), "no cycle called 'nope'")
    assert_refused(run(env, "report", "-o", str(tmp_path / "missing" / "r.md")), "does not exist")
    assert not (tmp_path / "missing").exists()


def test_the_report_file_is_the_report(
    env: Env, store: Store, small_org: dict[str, int], tmp_path: Path
) -> None:
    """Written a piece at a time, the file holds exactly the report."""
    from okrtui.meeting.report import render_report

    target = tmp_path / "report.md"
    assert run(env, "report", "-o", str(target))[0] == 0
    cycle = store.resolve_cycle(None)
    expected = render_report(store, cycle, today=env.today(store))
    assert target.read_text(encoding="utf-8") == expected

    target.write_text("an older and much longer report\n" * 1000, encoding="utf-8")
    assert run(env, "report", "-o", str(target), "--force")[0] == 0
    assert target.read_text(encoding="utf-8") == expected  # nothing of the old one left


def test_a_report_that_stops_half_way_leaves_no_new_file(
    env: Env, small_org: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def writes_then_stops(
        store: Store, cycle: object, write: Callable[[str], object], **_kw: object
    ) -> None:
        write("# Cycle report: half of it\n")
        raise RuntimeError("stopped half way")

    monkeypatch.setattr("okrtui.meeting.report.write_report", writes_then_stops)
    target = tmp_path / "report.md"
    code, out, _ = run(env, "report", "-o", str(target))
    assert code != 0
    assert not target.exists()
    assert out == ""

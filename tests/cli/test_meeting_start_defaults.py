"""`okrtui meeting start`: who is present and who facilitates by default, and a closed
cycle refused with one line and nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from okrtui.cli import cli
from okrtui.cli_support import Env
from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.domain.models import CycleStatus
from okrtui.store import Store, open_db


@pytest.fixture
def store(clock: FixedClock, db_path: Path) -> Iterator[Store]:
    db = open_db(db_path)
    yield Store(db, clock, actor="tester")
    db.close()


@pytest.fixture(autouse=True)
def _wired(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(cli.lazy, "meeting", "okrtui.commands.meeting:meeting")


@pytest.fixture
def apps(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    opened: list[int | None] = []

    def run_app(self: Env, store: Store, meeting_id: int | None = None) -> None:
        opened.append(meeting_id)

    monkeypatch.setattr(Env, "run_app", run_app)
    return opened


def invoke(clock: FixedClock, *args: str) -> Result:
    return CliRunner().invoke(cli, list(args), obj=Env(Settings(), clock, environ={}))


def test_an_organisation_wide_meeting_has_everyone_present_and_the_champion_facilitating(
    store: Store,
    clock: FixedClock,
    db_path: Path,
    small_org: dict[str, int],
    apps: list[int | None],
) -> None:
    result = invoke(clock, "meeting", "start", "cycle-close", "--db", str(db_path))
    assert result.exit_code == 0, result.output
    [meeting] = store.meetings()
    assert apps == [meeting.id]
    assert set(meeting.attendee_ids) == {p.id for p in store.people()}
    assert meeting.facilitator_id == small_org["ana"]  # the OKR champion


def test_a_closed_cycle_is_refused_and_nothing_is_written(
    store: Store,
    clock: FixedClock,
    db_path: Path,
    small_org: dict[str, int],
    apps: list[int | None],
) -> None:
    store.set_cycle_status(small_org["cycle"], CycleStatus.CLOSED)
    result = invoke(clock, "meeting", "start", "weekly-checkin", "--db", str(db_path))
    assert result.exit_code == 2
    assert result.stderr.startswith("okrtui: cycle ") and "is closed" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert store.meetings() == [] and apps == []

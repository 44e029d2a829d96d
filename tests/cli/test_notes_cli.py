"""`okrtui notes` and `okrtui meeting start | list` through click, bad input included."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from okrtui.agenda import AgendaLibrary
from okrtui.cli import cli
from okrtui.cli_support import Env
from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.domain.models import MeetingStatus, Team
from okrtui.meeting.session import MeetingSession
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store, open_db


@pytest.fixture
def store(clock: FixedClock, db_path: Path) -> Iterator[Store]:
    db = open_db(db_path)
    yield Store(db, clock, actor="tester")
    db.close()


@pytest.fixture(autouse=True)
def _wired(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(cli.lazy, "notes", "okrtui.commands.notes:notes")
    monkeypatch.setitem(cli.lazy, "meeting", "okrtui.commands.meeting:meeting")


@pytest.fixture
def apps(monkeypatch: pytest.MonkeyPatch) -> list[int | None]:
    """The meeting ids the app was asked to open (no app is started)."""
    opened: list[int | None] = []

    def run_app(self: Env, store: Store, meeting_id: int | None = None) -> None:
        opened.append(meeting_id)

    monkeypatch.setattr(Env, "run_app", run_app)
    return opened


def invoke(clock: FixedClock, *args: str) -> Result:
    env = Env(Settings(), clock, environ={})
    return CliRunner().invoke(cli, list(args), obj=env)


def held_meeting(store: Store, ids: dict[str, int]) -> int:
    session = MeetingSession.start(
        store,
        AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin"),
        cycle=store.cycle(ids["cycle"]),
        team_id=ids["team"],
        facilitator_id=ids["ana"],
    )
    session.record_confidence(ids["ENG-1.1"], 7)
    session.end()
    return session.meeting.id


def test_notes_latest_and_by_number(
    store: Store, clock: FixedClock, db_path: Path, small_org: dict[str, int]
) -> None:
    first = held_meeting(store, small_org)
    clock.advance(days=7)
    held_meeting(store, small_org)
    latest = invoke(clock, "notes", "--db", str(db_path))
    assert latest.exit_code == 0, latest.output
    assert latest.output.startswith("# Weekly check-in — Engineering (ENG)")
    assert "Wednesday 25 November 2026" in latest.output
    by_id = invoke(clock, "notes", str(first), "--db", str(db_path))
    assert by_id.exit_code == 0 and "Wednesday 18 November 2026" in by_id.output


def test_notes_to_a_file_refuses_to_overwrite_without_force(
    store: Store, clock: FixedClock, db_path: Path, tmp_path: Path, small_org: dict[str, int]
) -> None:
    held_meeting(store, small_org)
    out = tmp_path / "notes.md"
    assert invoke(clock, "notes", "-o", str(out), "--db", str(db_path)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("# Weekly check-in")
    out.write_text("mine")
    again = invoke(clock, "notes", "-o", str(out), "--db", str(db_path))
    assert again.exit_code == 2 and "already exists" in again.output
    assert out.read_text() == "mine"
    forced = invoke(clock, "notes", "latest", "-o", str(out), "--force", "--db", str(db_path))
    assert forced.exit_code == 0 and out.read_text() != "mine"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["notes", "42"], "no meeting with id 42"),
        (["notes", "yesterday"], "MEETING must be a meeting number or 'latest'"),
        (["notes"], "there are no meetings yet"),
    ],
)
def test_notes_bad_input(
    store: Store,
    clock: FixedClock,
    db_path: Path,
    small_org: dict[str, int],
    args: list[str],
    message: str,
) -> None:
    result = invoke(clock, *args, "--db", str(db_path))
    assert result.exit_code == 2
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_meeting_start_opens_the_app_on_the_new_meeting(
    store: Store,
    clock: FixedClock,
    db_path: Path,
    small_org: dict[str, int],
    apps: list[int | None],
) -> None:
    result = invoke(
        clock,
        "--me",
        "ana",
        "meeting",
        "start",
        "weekly-checkin",
        "--team",
        "eng",
        "--db",
        str(db_path),
    )
    assert result.exit_code == 0, result.output
    [meeting] = store.meetings()
    assert apps == [meeting.id]
    assert meeting.status is MeetingStatus.RUNNING
    assert meeting.team_id == small_org["team"]
    assert meeting.facilitator_id == small_org["ana"]
    assert meeting.attendee_ids == (small_org["ana"], small_org["ben"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["meeting", "start", "no-such-agenda"], "no agenda called 'no-such-agenda'"),
        (["meeting", "start", "weekly-checkin", "--team", "XYZ"], "no team with code 'XYZ'"),
        (
            ["meeting", "start", "weekly-checkin", "--team", "OPS"],
            "no key results in scope for team OPS",
        ),
        (["meeting", "start", "weekly-checkin", "--cycle", "1999"], "no cycle called '1999'"),
        (["--me", "zed", "meeting", "start", "weekly-checkin"], "'zed', who is not a person"),
    ],
)
def test_meeting_start_bad_input_writes_nothing(
    store: Store,
    clock: FixedClock,
    db_path: Path,
    small_org: dict[str, int],
    apps: list[int | None],
    args: list[str],
    message: str,
) -> None:
    store.add_team(Team(code="OPS", name="Operations"))
    result = invoke(clock, *args, "--db", str(db_path))
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert store.meetings() == [] and apps == []


def test_meeting_list(
    store: Store, clock: FixedClock, db_path: Path, small_org: dict[str, int]
) -> None:
    empty = invoke(clock, "meeting", "list", "--db", str(db_path))
    assert empty.exit_code == 0 and "no meetings yet" in empty.output
    mid = held_meeting(store, small_org)
    result = invoke(clock, "meeting", "list", "--db", str(db_path))
    assert result.output.splitlines() == [
        "ID  DATE              TEAM  STATUS  TITLE",
        f" {mid}  2026-11-18 09:30  ENG   ended   Weekly check-in",
    ]

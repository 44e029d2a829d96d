"""`okrtui vote`: a participant's blind vote; every bad input refused and nothing written."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.clock import FixedClock
from okrtui.domain.models import Meeting
from okrtui.meeting.vote import open_vote, reveal_vote
from okrtui.store import Store, open_db


@pytest.fixture
def store(clock: FixedClock, db_path: Path) -> Iterator[Store]:
    db = open_db(db_path)
    yield Store(db, clock, actor="tester")
    db.close()


def run(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=stdin)
    return result.exit_code, result.stdout, result.stderr


def count_votes(store: Store) -> int:
    return int(store.db.execute("SELECT COUNT(*) FROM votes").fetchone()[0])


def assert_refused(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    assert err.startswith("okrtui: ") and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    for needle in needles:
        assert needle in err, err


def start_meeting(store: Store, org: dict[str, int], clock: FixedClock) -> int:
    return store.create_meeting(
        Meeting(
            cycle_id=org["cycle"],
            team_id=org["team"],
            agenda_slug="weekly-checkin",
            title="Weekly check-in",
            agenda_snapshot="{}",
            facilitator_id=org["ana"],
            started_at=clock.now(),
            attendee_ids=(org["ana"], org["ben"]),
        ),
        [],
    ).id


@pytest.fixture
def open_round(store: Store, small_org: dict[str, int], clock: FixedClock) -> int:
    meeting = start_meeting(store, small_org, clock)
    return open_vote(store, meeting, small_org["ENG-2.1"]).id


def test_vote_with_the_value_as_argument(
    store: Store, small_org: dict[str, int], open_round: int, db_path: Path
) -> None:
    code, out, err = run("vote", "7", "--db", str(db_path), "--me", "ben")
    assert code == 0, err
    assert "ENG-2.1: your vote 7 is in (1 voted so far)" in out
    assert [(v.person_id, v.confidence) for v in store.votes(open_round)] == [(small_org["ben"], 7)]


def test_vote_asks_on_the_terminal_until_the_answer_is_0_to_10(
    store: Store, small_org: dict[str, int], open_round: int, db_path: Path
) -> None:
    code, out, err = run("vote", "--db", str(db_path), "--me", "ana", stdin="11\nseven\n4\n")
    assert code == 0, err
    assert "Blind vote on ENG-2.1: Activation rate" in out
    assert "hidden until the facilitator reveals" in out
    assert "your vote 4 is in" in out
    assert [v.confidence for v in store.votes(open_round)] == [4]


def test_a_participant_never_sees_the_other_votes(
    store: Store, small_org: dict[str, int], open_round: int, db_path: Path
) -> None:
    assert run("vote", "9", "--db", str(db_path), "--me", "ana")[0] == 0
    code, out, _ = run("vote", "2", "--db", str(db_path), "--me", "ben")
    assert code == 0
    assert "9" not in out
    assert "(2 voted so far)" in out


@pytest.mark.parametrize(
    ("value", "needles"),
    [("11", ["0 to 10", "got 11"]), ("-1", ["0 to 10"]), ("high", ["0 to 10", "'high'"])],
)
def test_a_bad_confidence_is_refused(
    store: Store,
    small_org: dict[str, int],
    open_round: int,
    db_path: Path,
    value: str,
    needles: list[str],
) -> None:
    code, out, err = run("vote", "--db", str(db_path), "--me", "ben", "--", value)
    assert_refused(code, err, *needles)
    assert out == ""
    assert count_votes(store) == 0


def test_no_meeting_running(store: Store, small_org: dict[str, int], db_path: Path) -> None:
    code, _, err = run("vote", "7", "--db", str(db_path), "--me", "ben")
    assert_refused(code, err, "no meeting is running")
    assert count_votes(store) == 0


def test_no_vote_open(
    store: Store, small_org: dict[str, int], clock: FixedClock, db_path: Path
) -> None:
    start_meeting(store, small_org, clock)
    code, _, err = run("vote", "7", "--db", str(db_path), "--me", "ben")
    assert_refused(code, err, "no vote is open")
    assert count_votes(store) == 0


def test_a_revealed_vote_takes_no_more_votes(
    store: Store, small_org: dict[str, int], open_round: int, db_path: Path
) -> None:
    reveal_vote(store, open_round)
    code, _, err = run("vote", "7", "--db", str(db_path), "--me", "ben")
    assert_refused(code, err, "ENG-2.1 has been revealed")
    assert count_votes(store) == 0


def test_no_identity(
    store: Store, small_org: dict[str, int], open_round: int, db_path: Path
) -> None:
    code, _, err = run("vote", "7", "--db", str(db_path))
    assert_refused(code, err, "who are you?")
    assert count_votes(store) == 0


def test_an_unknown_identity(
    store: Store, small_org: dict[str, int], open_round: int, db_path: Path
) -> None:
    code, _, err = run("vote", "7", "--db", str(db_path), "--me", "zed")
    assert_refused(code, err, "'zed'", "not a person")
    assert count_votes(store) == 0


def test_a_missing_database(tmp_path: Path) -> None:
    code, _, err = run("vote", "7", "--db", str(tmp_path / "none.db"), "--me", "ben")
    assert_refused(code, err, "no such database")
    assert not (tmp_path / "none.db").exists()

"""The blind confidence vote: hidden until the reveal, then distribution, median, spread."""

from __future__ import annotations

import dataclasses
import statistics
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.clock import FixedClock
from okrtui.domain.models import CheckIn, Meeting, Person
from okrtui.meeting.errors import MeetingError
from okrtui.meeting.vote import (
    VoteStatus,
    agree,
    cast_vote,
    current_vote,
    distribution,
    median,
    open_vote,
    parse_confidence,
    reveal_vote,
    spread,
    vote_result,
    vote_status,
)
from okrtui.store import Store

votes_lists = st.lists(st.integers(min_value=0, max_value=10), min_size=1, max_size=40)


@given(votes_lists)
def test_distribution_counts_every_vote_in_its_place(values: list[int]) -> None:
    counts = distribution(values)
    assert len(counts) == 11
    assert sum(counts) == len(values)
    for confidence, count in enumerate(counts):
        assert count == values.count(confidence)


@given(votes_lists)
def test_median_lies_within_the_spread(values: list[int]) -> None:
    mid, width = median(values), spread(values)
    assert mid is not None and width is not None
    assert min(values) <= mid <= max(values)
    assert width == max(values) - min(values) >= 0
    assert mid == statistics.median(values)


def test_no_votes_has_no_median_or_spread() -> None:
    assert (median([]), spread([]), distribution([])) == (None, None, (0,) * 11)


@given(st.integers(min_value=0, max_value=10))
def test_parse_confidence_takes_0_to_10(n: int) -> None:
    assert parse_confidence(f" {n} ") == n


@pytest.mark.parametrize("text", ["11", "-1", "7.5", "", "seven", "１", "10 0"])
def test_parse_confidence_refuses_anything_else(text: str) -> None:
    with pytest.raises(MeetingError, match="0 to 10"):
        parse_confidence(text)


def add_people(store: Store, *handles: str) -> dict[str, int]:
    return {h: store.add_person(Person(handle=h, name=h.title())).id for h in handles}


def start_meeting(
    store: Store, org: dict[str, int], clock: FixedClock, attendees: list[int]
) -> int:
    meeting = store.create_meeting(
        Meeting(
            cycle_id=org["cycle"],
            team_id=org["team"],
            agenda_slug="weekly-checkin",
            title="Weekly check-in",
            agenda_snapshot="{}",
            facilitator_id=org["ana"],
            started_at=clock.now(),
            attendee_ids=tuple(attendees),
        ),
        [],
    )
    return meeting.id


@pytest.fixture
def room(store: Store, small_org: dict[str, int], clock: FixedClock) -> dict[str, int]:
    """A running meeting with ana, ben, cy and dee in the room and a vote on ENG-1.1."""
    people = {**small_org, **add_people(store, "cy", "dee")}
    attendees = [people[h] for h in ("ana", "ben", "cy", "dee")]
    people["meeting"] = start_meeting(store, small_org, clock, attendees)
    people["round"] = open_vote(store, people["meeting"], small_org["ENG-1.1"]).id
    return people


def test_status_names_voters_and_never_carries_values(store: Store, room: dict[str, int]) -> None:
    cast_vote(store, room["round"], room["ben"], 3)
    cast_vote(store, room["round"], room["cy"], 9)
    status = vote_status(store, room["round"])
    assert [p.handle for p in status.voted] == ["ben", "cy"]
    assert [p.handle for p in status.waiting] == ["ana", "dee"]
    assert not status.revealed
    fields = {f.name for f in dataclasses.fields(VoteStatus)}
    assert fields == {"round", "kr", "room", "voted", "waiting"}
    assert [p.handle for p in status.room] == ["ana", "ben", "cy", "dee"]
    with pytest.raises(MeetingError, match="hidden until the reveal"):
        vote_result(store, room["round"])


def test_reveal_gives_distribution_median_and_spread(store: Store, room: dict[str, int]) -> None:
    for handle, confidence in (("ana", 4), ("ben", 7), ("cy", 7), ("dee", 8)):
        cast_vote(store, room["round"], room[handle], confidence)
    result = reveal_vote(store, room["round"])
    assert result.distribution == (0, 0, 0, 0, 1, 0, 0, 2, 1, 0, 0)
    assert (result.median, result.spread, result.count, result.suggested) == (7.0, 4, 4, 7)


def test_an_even_split_suggests_the_median_rounded_half_up(
    store: Store, room: dict[str, int]
) -> None:
    cast_vote(store, room["round"], room["ana"], 6)
    cast_vote(store, room["round"], room["ben"], 7)
    result = reveal_vote(store, room["round"])
    assert (result.median, result.suggested) == (6.5, 7)


def test_voting_again_before_the_reveal_changes_the_vote(
    store: Store, room: dict[str, int]
) -> None:
    cast_vote(store, room["round"], room["ben"], 2)
    cast_vote(store, room["round"], room["ben"], 6)
    assert [(v.person_id, v.confidence) for v in store.votes(room["round"])] == [(room["ben"], 6)]


def test_a_revote_is_a_new_row_and_the_latest_counts(store: Store, room: dict[str, int]) -> None:
    cast_vote(store, room["round"], room["ben"], 2)
    cast_vote(store, room["round"], room["cy"], 9)
    cast_vote(store, room["round"], room["ben"], 6)
    rows = store.db.execute(
        "SELECT person_id, confidence FROM votes WHERE round_id = ? ORDER BY id", [room["round"]]
    ).fetchall()
    assert [tuple(r) for r in rows] == [(room["ben"], 2), (room["cy"], 9), (room["ben"], 6)]
    result = reveal_vote(store, room["round"])
    assert sorted(v.confidence for v in result.votes) == [6, 9]
    assert [p.handle for p in vote_status(store, room["round"]).voted] == ["ben", "cy"]


def test_no_votes_after_the_reveal(store: Store, room: dict[str, int]) -> None:
    cast_vote(store, room["round"], room["ben"], 2)
    reveal_vote(store, room["round"])
    with pytest.raises(MeetingError, match="revealed"):
        cast_vote(store, room["round"], room["cy"], 9)
    assert len(store.votes(room["round"])) == 1


@pytest.mark.parametrize("confidence", [-1, 11, True])
def test_a_vote_outside_0_to_10_is_refused(
    store: Store, room: dict[str, int], confidence: int
) -> None:
    with pytest.raises(MeetingError, match="0 to 10"):
        cast_vote(store, room["round"], room["ben"], confidence)
    assert store.votes(room["round"]) == []


def test_agreeing_records_a_checkin_of_the_meeting_and_keeps_the_votes(
    store: Store, room: dict[str, int], clock: FixedClock
) -> None:
    kr = room["ENG-1.1"]
    store.add_checkin(CheckIn(kr_id=kr, at=clock.now(), value=640, confidence=5))
    clock.advance(minutes=5)
    cast_vote(store, room["round"], room["ben"], 6)
    cast_vote(store, room["round"], room["cy"], 8)
    reveal_vote(store, room["round"])
    checkin = agree(store, room["round"], 7, clock)
    latest = store.latest_checkin(kr)
    assert latest == checkin
    assert (latest.confidence, latest.value, latest.meeting_id, latest.author_id) == (
        7,
        None,
        room["meeting"],
        room["ana"],
    )
    assert "median 7" in latest.note and "spread 2" in latest.note
    closed = store.vote_round(room["round"])
    assert closed.closed_at is not None and closed.agreed_confidence == 7
    assert sorted(v.confidence for v in store.votes(room["round"])) == [6, 8]
    with pytest.raises(MeetingError, match="closed already"):
        agree(store, room["round"], 5, clock)
    assert len(store.checkins(kr)) == 2


def test_agreeing_before_the_reveal_is_refused(
    store: Store, room: dict[str, int], clock: FixedClock
) -> None:
    with pytest.raises(MeetingError, match="hidden"):
        agree(store, room["round"], 7, clock)
    assert store.checkins(room["ENG-1.1"]) == []


def test_current_vote_finds_the_open_round(store: Store, room: dict[str, int]) -> None:
    assert current_vote(store, room["ben"]).id == room["round"]


def test_opening_a_new_vote_closes_the_open_one(store: Store, room: dict[str, int]) -> None:
    second = open_vote(store, room["meeting"], room["ENG-2.1"])
    first = store.vote_round(room["round"])
    assert first.closed_at is not None and first.agreed_confidence is None
    assert current_vote(store).id == second.id


def test_current_vote_without_a_meeting(store: Store, small_org: dict[str, int]) -> None:
    with pytest.raises(MeetingError, match="no meeting is running"):
        current_vote(store)


def test_current_vote_without_an_open_round(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    start_meeting(store, small_org, clock, [])
    with pytest.raises(MeetingError, match="no vote is open"):
        current_vote(store)


def test_current_vote_after_the_reveal(store: Store, room: dict[str, int]) -> None:
    reveal_vote(store, room["round"])
    with pytest.raises(MeetingError, match="ENG-1.1 has been revealed"):
        current_vote(store)


def test_no_vote_in_an_ended_meeting(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    meeting = start_meeting(store, small_org, clock, [])
    store.end_meeting(meeting, clock.now())
    with pytest.raises(MeetingError, match="has ended"):
        open_vote(store, meeting, small_org["ENG-1.1"])


def test_a_vote_moved_to_another_kr_is_not_counted_and_names_the_new_kr(
    store: Store, room: dict[str, int]
) -> None:
    from okrtui.meeting.vote import VoteMoved

    moved_to = open_vote(store, room["meeting"], room["ENG-2.2"])  # the facilitator moves on
    with pytest.raises(VoteMoved) as raised:
        cast_vote(store, room["round"], room["ben"], 7)
    assert str(raised.value) == (
        "the facilitator moved the vote from ENG-1.1 to ENG-2.2 before your 7 was in: "
        "it was not counted"
    )
    assert raised.value.next_round is not None and raised.value.next_round.id == moved_to.id
    assert store.votes(room["round"]) == []


def test_a_vote_closed_without_a_reveal_says_so(store: Store, room: dict[str, int]) -> None:
    from okrtui.meeting.vote import VoteMoved

    store.close_vote(room["round"], None)
    with pytest.raises(VoteMoved, match="closed the vote on ENG-1.1 before your 4 was in"):
        cast_vote(store, room["round"], room["ben"], 4)


def test_at_the_prompt_a_moved_vote_is_told_and_asked_again_for_the_new_kr(
    store: Store, room: dict[str, int], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import click
    from click.testing import CliRunner

    from okrtui.cli import cli
    from okrtui.cli_support import Env

    answers = iter([7, 5])
    moved: list[int] = []

    def prompt(*args: object, **kwargs: object) -> int:
        if not moved:  # while ben thinks, the facilitator moves the vote to ENG-2.2
            moved.append(open_vote(store, room["meeting"], room["ENG-2.2"]).id)
        return next(answers)

    monkeypatch.setattr(click, "prompt", prompt)
    monkeypatch.setattr(Env, "open_store", lambda self, create=False: store)
    monkeypatch.setattr(Env, "close", lambda self: None)
    result = CliRunner().invoke(cli, ["vote", "--me", "ben", "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 0, result.output
    assert "moved the vote from ENG-1.1 to ENG-2.2 before your 7 was in" in result.output
    assert "Blind vote on ENG-2.2" in result.output
    assert "ENG-2.2: your vote 5 is in" in result.output
    assert [(v.person_id, v.confidence) for v in store.votes(moved[0])] == [(room["ben"], 5)]
    assert store.votes(room["round"]) == []

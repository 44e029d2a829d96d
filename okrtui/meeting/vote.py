"""The blind confidence vote: open, cast, see who has voted, reveal, agree.

Values stay hidden until the reveal: `vote_status` names the people who have voted and
never carries a value, and `vote_result` refuses a round that has not been revealed.
The agreed confidence becomes a check-in linked to the meeting; the votes are kept.
No Textual here: the `okrtui vote` command and the facilitator's panel both use it.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from okrtui.clock import Clock
from okrtui.domain.bands import round_half_up
from okrtui.domain.models import (
    CheckIn,
    KeyResult,
    Meeting,
    MeetingStatus,
    Person,
    Vote,
    VoteRound,
)
from okrtui.meeting.errors import MeetingError
from okrtui.store import Store


@dataclass(frozen=True, slots=True)
class VoteStatus:
    """Who has voted so far, and who of the room has not; never the values.

    `room` is the meeting's attendees in order, then anyone else who voted.
    """

    round: VoteRound
    kr: KeyResult
    room: tuple[Person, ...]
    voted: tuple[Person, ...]
    waiting: tuple[Person, ...]

    @property
    def revealed(self) -> bool:
        return self.round.revealed_at is not None

    @property
    def closed(self) -> bool:
        return self.round.closed_at is not None


@dataclass(frozen=True, slots=True)
class VoteResult:
    """A revealed round: how many voted each confidence 0–10, the median and the spread."""

    round: VoteRound
    kr: KeyResult
    votes: tuple[Vote, ...]
    distribution: tuple[int, ...]
    median: float | None
    spread: int | None

    @property
    def count(self) -> int:
        return len(self.votes)

    @property
    def suggested(self) -> int | None:
        """The median rounded half up: the confidence to agree on unless the room differs."""
        return None if self.median is None else int(round_half_up(self.median, 0))


def check_confidence(confidence: object) -> int:
    if isinstance(confidence, bool) or not isinstance(confidence, int):
        raise MeetingError(f"confidence must be a whole number from 0 to 10, got {confidence!r}")
    if not 0 <= confidence <= 10:
        raise MeetingError(f"confidence must be from 0 to 10, got {confidence}")
    return confidence


def parse_confidence(text: str) -> int:
    """A confidence typed by a person: a whole number from 0 to 10."""
    stripped = text.strip()
    if not (stripped.isascii() and stripped.isdigit()):
        raise MeetingError(f"confidence must be a whole number from 0 to 10, got {text!r}")
    return check_confidence(int(stripped))


def distribution(values: Sequence[int]) -> tuple[int, ...]:
    """How many of `values` are 0, 1, …, 10."""
    counts = [0] * 11
    for value in values:
        counts[check_confidence(value)] += 1
    return tuple(counts)


def median(values: Sequence[int]) -> float | None:
    return float(statistics.median(values)) if values else None


def spread(values: Sequence[int]) -> int | None:
    """Highest vote minus lowest: 0 when the room agrees."""
    return max(values) - min(values) if values else None


def open_vote(store: Store, meeting_id: int, kr_id: int) -> VoteRound:
    """Open a blind vote on a KR; a round still open in the meeting is closed unagreed."""
    meeting = _running(store, meeting_id)
    kr = store.key_result(kr_id)
    if store.kr_cycle_id(kr.id) != meeting.cycle_id:
        raise MeetingError(f"{kr.ref} is not in this meeting's cycle")
    with store.write():
        for earlier in store.open_vote_rounds():
            if earlier.meeting_id == meeting.id:
                store.close_vote(earlier.id, None)
        return store.open_vote(meeting.id, kr.id)


def current_vote(store: Store, person_id: int | None = None) -> VoteRound:
    """The vote a participant answers: the open round of the running meeting.

    With several meetings running, one that `person_id` attends (or whose team they are
    in) is preferred, then the most recently opened round.
    """
    running = store.running_meetings()
    if not running:
        raise MeetingError("no meeting is running: the facilitator starts one first")
    rounds = store.open_vote_rounds()
    if not rounds:
        raise MeetingError(
            "no vote is open in the running meeting: wait for the facilitator to open one"
        )
    if person_id is not None and len(rounds) > 1:
        mine = [r for r in rounds if _takes_part(store, store.meeting(r.meeting_id), person_id)]
        rounds = mine or rounds
    chosen = rounds[0]
    if chosen.revealed_at is not None:
        kr = store.key_result(chosen.kr_id)
        raise MeetingError(f"the vote on {kr.ref} has been revealed: voting is over")
    return chosen


class VoteMoved(MeetingError):
    """The round was closed without a reveal (the facilitator moved the vote to another
    KR, or stopped it): the vote was not counted. `next_round` is the round open now in
    the same meeting, if any, to ask again for."""

    def __init__(self, message: str, next_round: VoteRound | None) -> None:
        super().__init__(message)
        self.next_round = next_round


def cast_vote(store: Store, round_id: int, person_id: int, confidence: int) -> Vote:
    """Cast (or change, until the reveal) one person's vote, by themselves or for them.

    A vote is appended: a revote is a new row and the latest counts. A round closed
    without a reveal raises `VoteMoved`, naming the KR the vote moved to (if it did)."""
    check_confidence(confidence)
    with store.write():
        vote_round = store.vote_round(round_id)
        _running(store, vote_round.meeting_id)
        kr = store.key_result(vote_round.kr_id)
        if vote_round.revealed_at is not None:
            raise MeetingError(f"the vote on {kr.ref} has been revealed: voting is over")
        if vote_round.closed_at is not None:
            raise _moved(store, vote_round, kr, confidence)
        store.person(person_id)
        return store.cast_vote(round_id, person_id, confidence)


def _moved(store: Store, closed: VoteRound, kr: KeyResult, confidence: int) -> VoteMoved:
    following = [
        r
        for r in store.open_vote_rounds()
        if r.meeting_id == closed.meeting_id and r.id != closed.id
    ]
    if not following:
        return VoteMoved(
            f"the facilitator closed the vote on {kr.ref} before your {confidence} was in: "
            "it was not counted, and no vote is open now",
            None,
        )
    now_on = store.key_result(following[0].kr_id)
    return VoteMoved(
        f"the facilitator moved the vote from {kr.ref} to {now_on.ref} before your "
        f"{confidence} was in: it was not counted",
        following[0],
    )


def vote_status(store: Store, round_id: int) -> VoteStatus:
    vote_round = store.vote_round(round_id)
    people = store.people_by_id()
    voter_ids = [v.person_id for v in store.votes(round_id)]
    voted = tuple(people[pid] for pid in voter_ids if pid in people)
    meeting = store.meeting(vote_round.meeting_id)
    room_ids = list(dict.fromkeys([*meeting.attendee_ids, *voter_ids]))
    room = tuple(people[pid] for pid in room_ids if pid in people)
    waiting = tuple(p for p in room if p.id not in voter_ids)
    return VoteStatus(vote_round, store.key_result(vote_round.kr_id), room, voted, waiting)


def reveal_vote(store: Store, round_id: int) -> VoteResult:
    vote_round = store.vote_round(round_id)
    if vote_round.closed_at is not None and vote_round.revealed_at is None:
        raise MeetingError("this vote was closed without a reveal")
    store.reveal_vote(round_id)
    return vote_result(store, round_id)


def vote_result(store: Store, round_id: int) -> VoteResult:
    vote_round = store.vote_round(round_id)
    if vote_round.revealed_at is None:
        raise MeetingError("the votes stay hidden until the reveal")
    votes = tuple(store.votes(round_id))
    values = [v.confidence for v in votes]
    return VoteResult(
        round=vote_round,
        kr=store.key_result(vote_round.kr_id),
        votes=votes,
        distribution=distribution(values),
        median=median(values),
        spread=spread(values),
    )


def agree(
    store: Store,
    round_id: int,
    confidence: int,
    clock: Clock,
    *,
    author_id: int | None = None,
) -> CheckIn:
    """Record the agreed confidence as a check-in of the meeting and close the round.

    The KR keeps its last value; the votes stay in the database.
    """
    check_confidence(confidence)
    with store.write():
        result = vote_result(store, round_id)
        if result.round.closed_at is not None:
            raise MeetingError(f"the vote on {result.kr.ref} is closed already")
        meeting = _running(store, result.round.meeting_id)
        checkin = store.record_checkin(
            result.kr.id,
            confidence=confidence,
            note=_agreed_note(result),
            author_id=author_id if author_id is not None else meeting.facilitator_id,
            meeting_id=meeting.id,
            at=clock.now(),
        )
        store.close_vote(round_id, confidence)
    return checkin


def _agreed_note(result: VoteResult) -> str:
    if result.median is None:
        return "agreed without votes"
    return (
        f"agreed after a blind vote: {result.count} vote{'s' if result.count != 1 else ''}, "
        f"median {result.median:g}, spread {result.spread}"
    )


def _running(store: Store, meeting_id: int) -> Meeting:
    meeting = store.meeting(meeting_id)
    if meeting.status is not MeetingStatus.RUNNING:
        raise MeetingError(f"meeting '{meeting.title}' has ended")
    return meeting


def _takes_part(store: Store, meeting: Meeting, person_id: int) -> bool:
    if person_id in meeting.attendee_ids:
        return True
    return meeting.team_id is not None and person_id in store.team(meeting.team_id).member_ids

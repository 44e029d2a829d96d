"""The demo's story between the meetings (issue 19), so each part shows on the first run:
someone has not checked in since the last meeting (the demo's data already has Aisha's CI
pipeline KR untouched for weeks), a check-in waits for its manager's acknowledgement (the
latest check-ins after the last meeting wait by themselves), an earlier check-in was
acknowledged with a comment, and the latest meeting of Platform took a decision."""

from __future__ import annotations

from datetime import timedelta

from okrtui.domain.decision import Decision
from okrtui.domain.kinds import MeetingStatus
from okrtui.store import Store

DECISION_KR = "PLAT-3.1"
DECISION_TEXT = "Give the CI pipeline its own runners instead of sharing the data team's"
ACK_KR = "PLAT-1.1"
ACK_COMMENT = "Good progress; keep the rollout gradual for the large depots."


def add_between_story(store: Store, cycle_id: int) -> None:
    """The decision and the acknowledgement; quietly nothing where the demo's people or
    key results are not the ones this story names."""
    krs = {kr.ref: kr for kr in store.key_results(cycle_id)}
    teams = {t.code: t for t in store.teams()}
    people = {p.handle: p for p in store.people()}
    platform = teams.get("PLAT")
    if platform is None or DECISION_KR not in krs or ACK_KR not in krs:
        return
    meetings = [
        m
        for m in store.meetings(cycle_id)
        if m.status is MeetingStatus.ENDED and m.team_id == platform.id and m.ended_at
    ]
    last = meetings[-1] if meetings else None
    kr = krs[DECISION_KR]
    owners = tuple(p.id for h in ("aisha", "li") if (p := people.get(h)) is not None)
    at = (last.ended_at - timedelta(minutes=5)) if last and last.ended_at else None
    store.add_decision(
        Decision(
            text=DECISION_TEXT,
            at=at if at is not None else store.clock.now(),
            cycle_id=cycle_id,
            owner_ids=owners,
            kr_id=kr.id,
            team_id=platform.id,
            meeting_id=None if last is None else last.id,
            author_id=None if last is None else last.facilitator_id,
        )
    )
    manager = people.get("li")
    history = [
        c for c in store.checkins(krs[ACK_KR].id) if c.author_id != getattr(manager, "id", None)
    ]
    if manager is None or len(history) < 2:
        return
    earlier = history[-2]  # the latest stays waiting for Li
    store.acknowledge(earlier.id, manager.id, ACK_COMMENT, at=earlier.at + timedelta(hours=3))

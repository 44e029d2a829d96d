"""A cycle of many key results across many teams, from a fixed seed, for the report tests.

Built only through the Store's writes, with the check-ins a big organisation has and the
awkward ones it will have sooner or later: written out of time order, two at the same
instant, none for weeks, several in one week, some without a value, none at all. The
organisation's time zone has a daylight-saving change inside the cycle, so that week ends
are local midnights an hour apart in UTC.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from okrtui.clock import FixedClock
from okrtui.cycle import activate_cycle, grade_kr, leave_ungraded, new_cycle
from okrtui.domain.models import (
    CheckIn,
    KeyResult,
    KRKind,
    Objective,
    ObjectiveKind,
    Person,
    Team,
)
from okrtui.store import Store

START = date(2026, 10, 5)
END = date(2027, 1, 3)
REPORT_DAY = date(2026, 12, 9)
"""Week 10 of 13: the confidence lines stop there; DST ended in New York on 1 November."""
AFTER_END = date(2027, 1, 6)
"""After the cycle: its last week takes every check-in written after its end too."""
ZONE = "America/New_York"
TEAMS = 12


def build_many_teams(store: Store, clock: FixedClock, seed: int = 20) -> int:
    """The organisation; returns the cycle's id."""
    rng = random.Random(seed)
    store.set_setting("timezone", ZONE)
    store.set_setting("organisation", "Many Teams Ltd")
    people = [
        store.add_person(Person(handle=f"p{n}", name=f"Person {n:02d}")).id for n in range(30)
    ]
    clock.set(datetime(2026, 9, 20, 12, tzinfo=UTC))
    cycle = new_cycle(store, "2026-Q4", "Q4 2026", START, END)
    activate_cycle(store, cycle)
    kr_ids: list[int] = []
    for t in range(TEAMS):
        team = store.add_team(Team(code=f"T{t + 1}", name=f"Team {t + 1}", member_ids=()))
        for number in range(1, rng.randint(2, 4) + 1):
            kind = rng.choice([ObjectiveKind.COMMITTED, ObjectiveKind.ASPIRATIONAL])
            objective = store.add_objective(
                Objective(
                    cycle_id=cycle.id,
                    team_id=team.id,
                    number=number,
                    ref=f"{team.code}-{number}",
                    title=f"Objective {number} of {team.name}",
                    owner_id=rng.choice(people),
                    kind=kind,
                )
            )
            for k in range(1, rng.randint(1, 6) + 1):
                kr_ids.append(_key_result(store, rng, cycle.id, objective, k, people))
    for kr_id in kr_ids:
        _checkins(store, rng, store.key_result(kr_id), people)
    clock.set(datetime(2026, 12, 8, 15, tzinfo=UTC))
    for kr_id in kr_ids:
        roll = rng.random()
        if roll < 0.25:
            grade_kr(store, kr_id, rng.choice(["3", "5", "7", "10", "0.65"]), "", people[0])
        elif roll < 0.28:
            leave_ungraded(store, kr_id, "The team was dissolved", people[0])
    return cycle.id


def _key_result(
    store: Store, rng: random.Random, cycle_id: int, objective: Objective, k: int, people: list[int]
) -> int:
    milestone = rng.random() < 0.2
    start = float(rng.choice([0, 10, 99.5, 800, 1_200_000]))
    target = start + rng.choice([-1, 1]) * rng.choice([5, 12.5, 300, 0.25])
    kr = KeyResult(
        objective_id=objective.id,
        number=k,
        ref=f"{objective.ref}.{k}",
        title=rng.choice(["Latency", "Signups", "Uptime | SLO", "NPS *score*", "Ship it"]),
        owner_id=rng.choice([*people, None]),
        kind=KRKind.MILESTONE if milestone else KRKind.METRIC,
        start=None if milestone else start,
        target=None if milestone else target,
        unit="" if milestone else rng.choice(["ms", "%", "", "users"]),
    )
    return store.add_key_result(kr, cycle_id).id


def _checkins(store: Store, rng: random.Random, kr: KeyResult, people: list[int]) -> None:
    """Weekly check-ins for some KRs, then up to twenty more anywhere in the cycle and past
    the report's day, written in a shuffled order; now and then two at the same instant."""
    moments: list[datetime] = []
    if rng.random() < 0.4:  # every week from the first, as most teams do, for a while
        weeks = rng.randint(1, 14)
        moments += [
            datetime(2026, 10, 6, 14, tzinfo=UTC) + timedelta(weeks=w) for w in range(weeks)
        ]
    for _ in range(rng.choice([0, 1, 3, 9, 14, 20])):
        day = START + timedelta(days=rng.randint(-3, 95))
        moments.append(
            datetime(day.year, day.month, day.day, rng.choice([0, 3, 4, 5, 12, 23]), tzinfo=UTC)
        )
    if moments and rng.random() < 0.3:
        moments.append(moments[0])  # the same instant twice: the later write wins
    rng.shuffle(moments)
    for at in moments:
        if kr.kind is KRKind.MILESTONE:
            value = rng.choice([None, 0.0, 1.0])
        else:
            value = None if rng.random() < 0.2 else round(rng.uniform(-50, 1_300_000), 2)
        store.add_checkin(
            CheckIn(
                kr_id=kr.id,
                at=at,
                value=value,
                confidence=rng.randint(0, 10),
                author_id=rng.choice(people),
            ),
            as_recorded=True,  # as an import writes them: ids out of time order
        )

"""Big organisations for the benchmarks, written through the Store.

The big one (scale 1): 200 teams (20 divisions of 10 teams, the division's own team and 9
below it), 1,000 objectives, 4,000 key results with 13 weekly check-ins each (52,000 rows),
and 300 ended weekly meetings with blockers, wins and actions. Ten times that (scale 10):
2,000 teams, 40,000 key results, 520,000 check-ins, 3,000 meetings. Seeded, so every build
holds the same facts; the dates are placed so that today is in week 13 of the cycle (the
last week, every check-in already in).

Each file is cached in `bench/.cache/` per generator version, scale and week (the dates
move with today); `python -m bench.bigorg [SCALE]` builds it and prints its path.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from okrtui.agenda import AgendaLibrary, AgendaTemplate, template_to_toml
from okrtui.clock import FixedClock
from okrtui.domain.models import (
    ActionItem,
    Blocker,
    Cycle,
    CycleStatus,
    Direction,
    KeyResult,
    KRKind,
    Meeting,
    MeetingStatus,
    MeetingStep,
    Milestone,
    MilestoneKind,
    Objective,
    ObjectiveKind,
    Person,
    Role,
    StepStatus,
    Team,
    Win,
)
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store, open_db

VERSION = 3
SEED = 20260101
CACHE_DIR = Path(__file__).resolve().parent / ".cache"

DIVISIONS = 20
"""Divisions at scale 1."""
TEAMS_PER_DIVISION = 9
MEMBERS_PER_TEAM = 5
OBJECTIVES_PER_TEAM = 5
KRS_PER_OBJECTIVE = 4
WEEKS = 13
MEETING_TEAMS = 25
"""Teams that hold a weekly meeting at scale 1: 25 teams x 12 weeks = 300 meetings."""

ORGANISATION = "Bigco Industries"
ME = "p0001"
"""The handle the benchmarks run as (a member of the first team)."""

_FIRST = "Ada Ben Cleo Dev Ema Finn Gia Hugo Ines Jon Kai Lea Milo Nia Omar Pia Raj Sara Tom Uma"
_LAST = "Adler Berg Costa Diaz Eder Frey Gross Haas Ito Jung Kern Lund Moser Nagy Ortiz Park"
_VERBS = ("Cut", "Grow", "Ship", "Raise", "Halve", "Launch", "Reduce", "Automate", "Migrate")
_THINGS = (
    "onboarding time",
    "churn",
    "p95 latency",
    "deploy lead time",
    "support backlog",
    "signup conversion",
    "cloud spend",
    "test flakiness",
)


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def cache_path(today: date | None = None, scale: int = 1) -> Path:
    day = today or datetime.now(UTC).date()
    return CACHE_DIR / f"bigorg-v{VERSION}-x{scale}-{monday_of(day).isoformat()}.db"


def ensure_bigorg(today: date | None = None, *, scale: int = 1, quiet: bool = False) -> Path:
    """The cached organisation of this scale for this week; built when missing (a minute
    at scale 1, about ten at scale 10)."""
    path = cache_path(today, scale)
    if path.exists():
        return path
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    for old in CACHE_DIR.glob(f"bigorg-*-x{scale}-*.db"):
        old.unlink()
    for old in CACHE_DIR.glob("bigorg-v2-*.db"):
        old.unlink()
    tmp = path.with_name(f".{path.name}.building")
    _remove(tmp)
    started = time.perf_counter()
    if not quiet:
        print(f"building the big organisation in {path} ...", file=sys.stderr, flush=True)
    now = datetime.now(UTC).replace(microsecond=0)
    build(tmp, now, scale)
    os.replace(tmp, path)
    if not quiet:
        print(f"  built in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return path


def _remove(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def build(path: Path, now: datetime, scale: int = 1) -> None:
    """Write the whole organisation to a new file at `path` (the clock stands at `now`)."""
    db = open_db(path)
    store = Store(db, FixedClock(now), actor="bench")
    _Builder(store, now, random.Random(SEED), scale).run()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


class _Builder:
    def __init__(self, store: Store, now: datetime, rng: random.Random, scale: int) -> None:
        self.divisions = DIVISIONS * scale
        self.meeting_teams = MEETING_TEAMS * scale
        self.store = store
        self.now = now
        self.rng = rng
        self.start = monday_of(now.date()) - timedelta(weeks=WEEKS - 1)
        self.members: dict[int, list[int]] = {}
        self.krs: dict[int, list[KeyResult]] = {}
        self.meetings: dict[tuple[int, int], Meeting] = {}

    def run(self) -> None:
        with self.store.write():
            self.store.set_setting("organisation", ORGANISATION)
            self.store.set_setting("timezone", "UTC")
            self.cycle = self._cycle()
            teams = self._teams()
        for team in teams:
            with self.store.write():
                self._objectives(team)
        template = AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin")
        for team in teams[: self.meeting_teams]:
            with self.store.write():
                self._meetings(team, template)
        for team in teams:
            with self.store.write():
                self._checkins(team)

    def at(self, week: int, hours: float) -> datetime:
        """A moment in week `week` (0-based), never later than a minute ago."""
        moment = datetime.combine(self.start, datetime.min.time(), tzinfo=UTC) + timedelta(
            weeks=week, hours=hours
        )
        return min(moment, self.now - timedelta(minutes=1))

    def _cycle(self) -> Cycle:
        end = self.start + timedelta(days=7 * WEEKS - 1)
        slug = f"{self.start.year}-W{self.start.isocalendar().week:02d}"
        cycle = self.store.add_cycle(
            Cycle(slug=slug, name=f"Cycle {slug}", start=self.start, end=end)
        )
        plan = [
            (MilestoneKind.KICKOFF, "Kickoff", 0),
            (MilestoneKind.DRAFTING_DEADLINE, "Team drafts due", 4),
            (MilestoneKind.ALIGNMENT, "Alignment session", 9),
            (MilestoneKind.MID_CYCLE_REVIEW, "Mid-cycle review", 45),
            (MilestoneKind.GRADING_DEADLINE, "Grades due", 7 * WEEKS - 3),
            (MilestoneKind.TOWN_HALL, "Town hall", 7 * WEEKS - 1),
        ]
        for kind, title, offset in plan:
            on = self.start + timedelta(days=offset)
            held = on if on < self.now.date() else None
            self.store.add_milestone(
                Milestone(cycle_id=cycle.id, kind=kind, title=title, on=on, held_on=held)
            )
        self.store.set_cycle_status(cycle.id, CycleStatus.ACTIVE)
        return self.store.lock_cycle(cycle.id)

    def _teams(self) -> list[Team]:
        number = 0
        teams: list[Team] = []
        for d in range(1, self.divisions + 1):
            division_code = f"D{d:02d}"
            parent = self._team(division_code, f"Division {d}", None, number)
            number += MEMBERS_PER_TEAM
            teams.append(parent)
            for t in range(1, TEAMS_PER_DIVISION + 1):
                code = f"D{d:02d}T{t}"
                teams.append(self._team(code, f"Team {d}.{t}", parent.id, number))
                number += MEMBERS_PER_TEAM
        return teams

    def _team(self, code: str, name: str, parent_id: int | None, first_number: int) -> Team:
        first, last = _FIRST.split(), _LAST.split()
        ids = []
        for n in range(first_number + 1, first_number + MEMBERS_PER_TEAM + 1):
            roles: tuple[Role, ...] = (Role.INDIVIDUAL_CONTRIBUTOR,)
            if n % MEMBERS_PER_TEAM == 1:
                roles = (Role.TEAM_MANAGER, *roles)
            person = self.store.add_person(
                Person(
                    handle=f"p{n:04d}",
                    name=f"{self.rng.choice(first)} {self.rng.choice(last)} {n}",
                    roles=roles,
                )
            )
            ids.append(person.id)
        team = self.store.add_team(Team(code=code, name=name, parent_id=parent_id, member_ids=()))
        self.store.set_team_members(team.id, ids)
        self.members[team.id] = ids
        return team

    def _objectives(self, team: Team) -> None:
        members = self.members[team.id]
        self.krs[team.id] = []
        for o in range(1, OBJECTIVES_PER_TEAM + 1):
            objective = self.store.add_objective(
                Objective(
                    cycle_id=self.cycle.id,
                    team_id=team.id,
                    number=o,
                    ref=f"{team.code}-{o}",
                    title=f"{self.rng.choice(_VERBS)} {self.rng.choice(_THINGS)} for {team.name}",
                    owner_id=members[0],
                    kind=ObjectiveKind.ASPIRATIONAL if o % 3 == 0 else ObjectiveKind.COMMITTED,
                )
            )
            for k in range(1, KRS_PER_OBJECTIVE + 1):
                self.krs[team.id].append(
                    self.store.add_key_result(self._kr(objective, k), self.cycle.id)
                )

    def _kr(self, objective: Objective, k: int) -> KeyResult:
        owner = self.rng.choice(self.members[objective.team_id])
        title = f"{self.rng.choice(_VERBS)} {self.rng.choice(_THINGS)}"
        ref = f"{objective.ref}.{k}"
        if k == KRS_PER_OBJECTIVE:
            return KeyResult(
                objective_id=objective.id,
                number=k,
                ref=ref,
                title=f"{title} (milestone)",
                owner_id=owner,
                kind=KRKind.MILESTONE,
            )
        start = float(self.rng.randrange(10, 1000))
        up = self.rng.random() < 0.6
        target = start * (1.5 if up else 0.5)
        return KeyResult(
            objective_id=objective.id,
            number=k,
            ref=ref,
            title=title,
            owner_id=owner,
            kind=KRKind.METRIC,
            start=start,
            target=target,
            unit=self.rng.choice(["%", "ms", ""]),
            direction=Direction.INCREASING if up else Direction.DECREASING,
        )

    def _meetings(self, team: Team, template: AgendaTemplate) -> None:
        members = self.members[team.id]
        snapshot = template_to_toml(template)
        open_blockers: list[Blocker] = []
        open_actions: list[ActionItem] = []
        krs = self.krs[team.id]
        for week in range(1, WEEKS):
            started = self.at(week, 10)
            if started >= self.now - timedelta(hours=1):
                started = self.now - timedelta(hours=1)
            ended = started + timedelta(minutes=31)
            steps = [
                MeetingStep(
                    position=i,
                    kind=step.kind,
                    title=step.title,
                    prompt=step.prompt or "",
                    planned_minutes=step.minutes,
                    status=StepStatus.DONE,
                    elapsed_seconds=step.minutes * 60 * self.rng.uniform(0.7, 1.4),
                    options=_options_json(step),
                    notes="Agreed to pair on the migration." if step.kind == "notes" else "",
                )
                for i, step in enumerate(template.steps)
            ]
            meeting = self.store.create_meeting(
                Meeting(
                    cycle_id=self.cycle.id,
                    team_id=team.id,
                    agenda_slug=template.slug,
                    title=template.title,
                    agenda_snapshot=snapshot,
                    facilitator_id=members[0],
                    status=MeetingStatus.ENDED,
                    started_at=started,
                    ended_at=ended,
                    current_step=len(steps) - 1,
                    attendee_ids=tuple(members),
                ),
                steps,
            )
            self.meetings[(team.id, week)] = meeting
            during = started + timedelta(minutes=10)
            for blocker in list(open_blockers):
                if self.rng.random() < 0.5:
                    self.store.resolve_blocker(blocker.id, "unblocked", meeting.id)
                    open_blockers.remove(blocker)
            for action in list(open_actions):
                if self.rng.random() < 0.6:
                    self.store.complete_action(action.id, meeting.id)
                    open_actions.remove(action)
            for _ in range(self.rng.randint(1, 2)):
                kr = self.rng.choice(krs)
                open_blockers.append(
                    self.store.raise_blocker(
                        Blocker(
                            cycle_id=self.cycle.id,
                            text=f"Waiting on {self.rng.choice(_THINGS)}",
                            kr_id=kr.id,
                            team_id=team.id,
                            owner_id=self.rng.choice(members),
                            raised_at=during,
                            raised_by_id=members[0],
                            raised_meeting_id=meeting.id,
                        )
                    )
                )
            for _ in range(self.rng.randint(1, 2)):
                self.store.add_win(
                    Win(
                        cycle_id=self.cycle.id,
                        text=f"Shipped the {self.rng.choice(_THINGS)} fix",
                        kr_id=self.rng.choice(krs).id,
                        team_id=team.id,
                        at=during,
                        author_id=members[0],
                        meeting_id=meeting.id,
                        recognised_ids=tuple(self.rng.sample(members, 2)),
                    )
                )
            for _ in range(self.rng.randint(1, 2)):
                open_actions.append(
                    self.store.add_action(
                        ActionItem(
                            cycle_id=self.cycle.id,
                            text=f"Follow up on {self.rng.choice(_THINGS)}",
                            owner_id=self.rng.choice(members),
                            due=(ended + timedelta(days=7)).date(),
                            team_id=team.id,
                            created_at=during,
                            meeting_id=meeting.id,
                        )
                    )
                )

    def _checkins(self, team: Team) -> None:
        for kr in self.krs[team.id]:
            confidence = 5
            for week in range(WEEKS):
                confidence = max(0, min(10, confidence + self.rng.choice((-2, -1, 0, 0, 1, 2))))
                meeting = self.meetings.get((team.id, week))
                at = (
                    meeting.started_at + timedelta(minutes=15)
                    if meeting is not None
                    else self.at(week, 9 + self.rng.random() * 8)
                )
                self.store.write_checkin(
                    kr.id,
                    at=at,
                    value=self._value(kr, week),
                    confidence=confidence,
                    note="on track" if confidence >= 7 else "",
                    author_id=kr.owner_id,
                    meeting_id=None if meeting is None else meeting.id,
                    as_recorded=True,
                )

    def _value(self, kr: KeyResult, week: int) -> float:
        if kr.kind is KRKind.MILESTONE:
            return 1.0 if week >= WEEKS - 2 and self.rng.random() < 0.5 else 0.0
        assert kr.start is not None and kr.target is not None
        share = min(1.0, max(0.0, week / WEEKS + self.rng.uniform(-0.1, 0.1)))
        return round(kr.start + (kr.target - kr.start) * share, 1)


def _options_json(step: object) -> str:
    base = {"kind", "title", "minutes", "prompt"}
    fields = getattr(type(step), "model_fields", {})
    return json.dumps(
        {name: getattr(step, name) for name in fields if name not in base}, sort_keys=True
    )


if __name__ == "__main__":
    print(ensure_bigorg(scale=int(sys.argv[1]) if len(sys.argv) > 1 else 1))

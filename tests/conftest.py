"""Shared fixtures: a fixed clock, an empty store, and a small organisation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from okrtui.clock import FixedClock
from okrtui.domain.models import (
    Cycle,
    CycleStatus,
    KeyResult,
    KRKind,
    Milestone,
    MilestoneKind,
    Objective,
    ObjectiveKind,
    Person,
    Role,
    Team,
)
from okrtui.store import Store, open_db

# A Wednesday in week 7 of the small cycle below; the demo is placed relative to it.
NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep every test away from the real settings file, data directory and identity."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local/share"))
    for name in ("OKRTUI_DB", "OKRTUI_USER", "OKRTUI_CONFIG", "OKRTUI_AGENDAS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("USER", "nobody-in-particular")
    monkeypatch.setenv("LOGNAME", "nobody-in-particular")


@pytest.fixture(autouse=True)
def _a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process command tests (CliRunner) stand for a person at a terminal; the tests of
    `okrtui.terminal` and real subprocesses without one check the refusal."""
    monkeypatch.setattr("okrtui.terminal.has_terminal", lambda: True)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store(clock: FixedClock) -> Iterator[Store]:
    db = open_db(":memory:")
    yield Store(db, clock, actor="tester")
    db.close()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "okrtui.db"


def build_small_org(store: Store) -> dict[str, int]:
    """Two people, one team, one active cycle, two objectives and four KRs."""
    ana = store.add_person(Person(handle="ana", name="Ana Silva", roles=(Role.OKR_CHAMPION,)))
    ben = store.add_person(
        Person(handle="ben", name="Ben Okafor", roles=(Role.INDIVIDUAL_CONTRIBUTOR,))
    )
    team = store.add_team(Team(code="ENG", name="Engineering", member_ids=(ana.id, ben.id)))
    cycle = store.add_cycle(
        Cycle(
            slug="2026-Q4",
            name="Q4 2026",
            start=date(2026, 10, 5),
            end=date(2027, 1, 3),
            status=CycleStatus.ACTIVE,
        )
    )
    store.add_milestone(
        Milestone(
            cycle_id=cycle.id, kind=MilestoneKind.KICKOFF, title="Kickoff", on=date(2026, 10, 5)
        )
    )
    store.add_milestone(
        Milestone(
            cycle_id=cycle.id,
            kind=MilestoneKind.MID_CYCLE_REVIEW,
            title="Mid-cycle review",
            on=date(2026, 11, 16),
        )
    )
    o1 = store.add_objective(
        Objective(
            cycle_id=cycle.id,
            team_id=team.id,
            number=1,
            ref="ENG-1",
            title="Make the API fast",
            owner_id=ana.id,
            kind=ObjectiveKind.COMMITTED,
        )
    )
    o2 = store.add_objective(
        Objective(
            cycle_id=cycle.id,
            team_id=team.id,
            number=2,
            ref="ENG-2",
            title="Delight new users",
            owner_id=ben.id,
            kind=ObjectiveKind.ASPIRATIONAL,
        )
    )
    ids = {"ana": ana.id, "ben": ben.id, "team": team.id, "cycle": cycle.id}
    krs = [
        KeyResult(
            objective_id=o1.id,
            number=1,
            ref="ENG-1.1",
            title="p95 latency",
            owner_id=ana.id,
            start=800,
            target=200,
            unit="ms",
        ),
        KeyResult(
            objective_id=o1.id,
            number=2,
            ref="ENG-1.2",
            title="Ship the cache",
            owner_id=ben.id,
            kind=KRKind.MILESTONE,
        ),
        KeyResult(
            objective_id=o2.id,
            number=1,
            ref="ENG-2.1",
            title="Activation rate",
            owner_id=ben.id,
            start=20,
            target=40,
            unit="%",
        ),
        KeyResult(
            objective_id=o2.id,
            number=2,
            ref="ENG-2.2",
            title="NPS",
            owner_id=ana.id,
            start=10,
            target=30,
            unit="NPS",
        ),
    ]
    for kr in krs:
        ids[kr.ref] = store.add_key_result(kr, cycle.id).id
    return ids


@pytest.fixture
def small_org(store: Store) -> dict[str, int]:
    return build_small_org(store)

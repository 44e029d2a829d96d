"""`okrtui ack`: acknowledging a check-in, the waiting list, and every refusal (issue 19)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.cli_support import Env
from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.domain.kinds import Role
from okrtui.domain.models import Person
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


@pytest.fixture
def org(store: Store, small_org: dict[str, int], clock: FixedClock) -> dict[str, int]:
    """small_org with Mia, ENG's manager; Ben checked in on ENG-1.2 twice (yesterday and
    an hour ago) and on ENG-2.1 in a meeting-less hour."""
    ids = dict(small_org)
    mia = store.add_person(Person(handle="mia", name="Mia Manager", roles=(Role.TEAM_MANAGER,)))
    store.set_team_members(ids["team"], [ids["ana"], ids["ben"], mia.id])
    now = clock.now()
    clock.set(now - timedelta(days=1))
    ids["old"] = store.record_checkin(ids["ENG-1.2"], confidence=6, author_id=ids["ben"]).id
    clock.set(now - timedelta(hours=1))
    ids["new"] = store.record_checkin(
        ids["ENG-1.2"], confidence=4, note="vendor late @here", author_id=ids["ben"]
    ).id
    clock.set(now)
    ids["mia"] = mia.id
    return ids


def test_the_list_shows_each_krs_latest_checkin_waiting(env: Env, org: dict[str, int]) -> None:
    code, out, err = run(env, "ack", "--list", "--me", "mia")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("Q4 2026: 1 check-in waiting for your acknowledgement")
    assert lines[1:] == [
        f"  {org['new']}  ENG-1.2 Ship the cache: confidence 4, by Ben Okafor on "
        "Nov 18: vendor late @here"
    ]


def test_acknowledging_stores_it_and_empties_the_list(
    env: Env, store: Store, org: dict[str, int]
) -> None:
    code, out, err = run(
        env, "ack", str(org["new"]), "-m", "  Seen, ping the vendor ", "--me", "mia"
    )
    assert code == 0, err
    assert out == (
        f"acknowledged check-in {org['new']} on ENG-1.2 (confidence 4, by Ben Okafor), "
        "with your comment\n"
    )
    [ack] = store.acknowledgements(org["cycle"])[org["new"]]
    assert (ack.person_id, ack.comment) == (org["mia"], "Seen, ping the vendor")
    code, out, _ = run(env, "ack", "--list", "--me", "mia")
    assert (code, out) == (0, "Q4 2026: no check-ins waiting for your acknowledgement.\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--me", "ben"], "okrtui: give the id of a check-in"),
        (["NEW", "--me", "ben"], "okrtui: ben cannot acknowledge check-in"),  # own check-in
        (["NEW", "--me", "ana"], "okrtui: ana cannot acknowledge check-in"),  # not a manager
        (["999", "--me", "mia"], "okrtui: no check-in with id 999"),
        (["0", "--me", "mia"], "okrtui: invalid value for '[CHECKIN]'"),
        (["99999999999999999999999", "--me", "mia"], "okrtui: invalid value for '[CHECKIN]'"),
        (["NEW", "--list", "--me", "mia"], "okrtui: --list takes no check-in"),
        (["NEW", "-m", "x" * 2001, "--me", "mia"], "okrtui: -m: the comment is 2001"),
        (["NEW", "--me", "nobody"], "okrtui:"),
    ],
)
def test_refusals_are_one_line_exit_two_and_write_nothing(
    env: Env, store: Store, org: dict[str, int], args: list[str], message: str
) -> None:
    args = [str(org["new"]) if a == "NEW" else a for a in args]
    code, out, err = run(env, "ack", *args)
    assert (code, out) == (2, "")
    assert err.startswith(message) and err.count("\n") == 1
    assert store.acknowledgements(org["cycle"]) == {}


def test_acknowledging_twice_is_refused(env: Env, org: dict[str, int]) -> None:
    assert run(env, "ack", str(org["new"]), "--me", "mia")[0] == 0
    code, _, err = run(env, "ack", str(org["new"]), "--me", "mia")
    assert code == 2
    assert err == f"okrtui: mia has already acknowledged check-in {org['new']}\n"

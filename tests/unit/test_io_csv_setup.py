"""A CSV sheet brings its cycle, people and teams along: it imports into an empty database,
and export -> init -> import -> export gives the same sheet back."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.cli_support import Env
from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.domain.kinds import CycleStatus, KRKind
from okrtui.domain.models import CheckIn
from okrtui.io.csv_io import EXPORT_COLUMNS, export_csv, import_csv_text
from okrtui.io.okrset import OKRSetError
from okrtui.store import Store, open_db
from tests.conftest import build_small_org

SHEET = """\
cycle,cycle_name,cycle_start,cycle_end,team,team_name,team_parent,objective,objective_kind,\
objective_owner,objective_owner_name,aligned_to,ref,kr,kr_owner,kr_owner_name,kind,start,target,unit
2027-Q1,Q1 2027,2027-01-04,2027-04-04,ORG,Organisation,,Grow revenue,,ana,Ana Silva,,ORG-1.1,\
Revenue,ana,Ana Silva,,100,130,kEUR
2027-Q1,Q1 2027,2027-01-04,2027-04-04,ENG,Engineering,ORG,Fast checkout,aspirational,ben,Ben Ode,\
ORG-1,ENG-1.1,p95 latency,ben,Ben Ode,,900,300,ms
2027-Q1,Q1 2027,2027-01-04,2027-04-04,ENG,Engineering,ORG,Fast checkout,,,,,ENG-1.2,\
Checkout live in EU,cleo,Cleo Park,milestone,,,
"""


def row_counts(store: Store) -> dict[str, int]:
    return {name: store.db.count(name) for name in store.db.table_names()}


@pytest.fixture
def other(tmp_path: Path, clock: FixedClock) -> Iterator[Store]:
    db = open_db(tmp_path / "other.db")
    yield Store(db, clock, actor="importer")
    db.close()


def test_a_spreadsheet_imports_into_an_empty_database(store: Store) -> None:
    summary = import_csv_text(store, SHEET, "okrs.csv")
    assert (summary.cycle_slug, summary.objectives, summary.key_results) == ("2027-Q1", 2, 3)
    cycle = store.cycle_by_slug("2027-Q1")
    assert (cycle.name, cycle.start, cycle.end, cycle.status) == (
        "Q1 2027",
        date(2027, 1, 4),
        date(2027, 4, 4),
        CycleStatus.PLANNING,
    )
    assert len(store.milestones(cycle.id)) == 6
    assert {p.handle: p.name for p in store.people()} == {
        "ana": "Ana Silva",
        "ben": "Ben Ode",
        "cleo": "Cleo Park",
    }
    org, eng = store.team_by_code("ORG"), store.team_by_code("ENG")
    assert (org.name, eng.name, eng.parent_id) == ("Organisation", "Engineering", org.id)
    checkout = store.structure.objective_by_ref("ENG-1", cycle.id)
    assert checkout.parent_id == store.structure.objective_by_ref("ORG-1", cycle.id).id
    assert store.kr_by_ref("ENG-1.2", cycle.id).kind is KRKind.MILESTONE
    created = {(e.entity, e.action) for e in store.audit_log()}
    assert {("cycle", "create"), ("person", "create"), ("team", "create")} <= created


def test_export_init_import_export_is_lossless(store: Store, other: Store) -> None:
    ids = build_small_org(store)
    store.structure.create_team("OPS", "Operations")
    eng = store.team(ids["team"])
    store.structure.move_team(eng.id, store.team_by_code("OPS").id)
    o2 = store.kr_by_ref("ENG-2.1").objective_id
    store.structure.edit_objective(o2, {"parent_id": store.kr_by_ref("ENG-1.1").objective_id})
    store.add_checkin(CheckIn(kr_id=ids["ENG-1.1"], at=store.clock.now(), value=640, confidence=7))
    store.add_checkin(CheckIn(kr_id=ids["ENG-1.2"], at=store.clock.now(), value=1, confidence=9))
    store.add_checkin(CheckIn(kr_id=ids["ENG-2.2"], at=store.clock.now(), confidence=3))
    sheet = export_csv(store)
    assert tuple(csv.DictReader(io.StringIO(sheet)).fieldnames or ()) == EXPORT_COLUMNS
    import_csv_text(other, sheet, "sheet.csv")
    assert export_csv(other) == sheet
    assert len(other.checkins(other.kr_by_ref("ENG-1.1").id)) == 1


def test_the_round_trip_through_the_command_line(tmp_path: Path, clock: FixedClock) -> None:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    store = Store(open_db(first), clock, actor="t")
    build_small_org(store)
    store.db.close()

    def run(db: Path, *args: str) -> str:
        env = Env(Settings(), clock, db_flag=str(db), environ={})
        result = CliRunner().invoke(cli, list(args), obj=env)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    sheet = tmp_path / "okrs.csv"
    sheet.write_text(run(first, "export", "--format", "csv"), encoding="utf-8")
    run(second, "init")
    assert "imported" in run(second, "import", str(sheet))
    assert run(second, "export", "--format", "csv") == sheet.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("2027-01-04,2027-04-04,ORG", "2027-01-04,,ORG"), "row 2, column cycle_end: is needed"),
        (("2027-01-04,2027-04-04,ORG", "2027-13-04,2027-04-04,ORG"), "row 2, column cycle_start"),
        (
            (
                "2027-Q1,Q1 2027,2027-01-04,2027-04-04,ENG,Engineering,ORG,Fast checkout,,",
                "2027-Q2,Q1 2027,2027-01-04,2027-04-04,ENG,Engineering,ORG,Fast checkout,,",
            ),
            "row 4, column cycle: is '2027-Q2'",
        ),
        (
            ("ENG,Engineering,ORG", "eng-x,Engineering,ORG"),
            "column team: 'eng-x' is not a team code",
        ),
        (
            ("ben,Ben Ode,ORG-1", "ben,Ben Ode,ORG-9"),
            "row 3, column aligned_to: no objective 'ORG-9'",
        ),
        (
            ("ana,Ana Silva,,ORG-1.1", "a na,Ana Silva,,ORG-1.1"),
            "column objective_owner: 'a na' is not a handle",
        ),
        (("900,300,ms", "900,900,ms"), "row 3, column target: must differ from start"),
    ],
)
def test_a_bad_sheet_names_row_and_column_and_writes_nothing(
    store: Store, change: tuple[str, str], message: str
) -> None:
    before = row_counts(store)
    with pytest.raises(OKRSetError, match=message):
        import_csv_text(store, SHEET.replace(*change, 1), "okrs.csv")
    assert row_counts(store) == before


def test_an_explicit_cycle_wins_and_known_teams_are_never_renamed(
    store: Store, small_org: dict[str, int]
) -> None:
    sheet = "team,team_name,objective,kr,start,target\nENG,Renamed,New one,Users,1,2\n"
    import_csv_text(store, sheet, "okrs.csv", "2026-Q4")
    assert store.team_by_code("ENG").name == "Engineering"
    assert [c.slug for c in store.cycles()] == ["2026-Q4"]


def test_names_that_look_like_formulas_travel_safely(store: Store, other: Store) -> None:
    ids = build_small_org(store)
    store.structure.edit_person(ids["ana"], name='=HYPERLINK("x")')
    store.structure.rename_team(ids["team"], "+Engineering")
    sheet = export_csv(store)
    row = next(csv.DictReader(io.StringIO(sheet)))
    assert row["objective_owner_name"] == '\'=HYPERLINK("x")'
    assert row["team_name"] == "'+Engineering"
    import_csv_text(other, sheet, "sheet.csv")
    assert other.person_by_handle("ana").name == '=HYPERLINK("x")'
    assert other.team_by_code("ENG").name == "+Engineering"
    assert export_csv(other) == sheet

"""CSV import and export of objectives and key results."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from okrtui.domain.models import CheckIn, Cycle, KRKind, ObjectiveKind
from okrtui.io.csv_io import EXPORT_COLUMNS, export_csv, import_csv, import_csv_text
from okrtui.io.okrset import OKRSetError
from okrtui.store import Store


def row_counts(store: Store) -> dict[str, int]:
    return {name: store.db.count(name) for name in store.db.table_names()}


GOOD = """\
Team,Objective,Objective_Kind,Objective_Owner,KR,KR_Owner,Kind,Start,Target,Unit
ENG,Ship the mobile app,aspirational,ana,App store rating,ben,metric,0,4.5,stars
ENG,Ship the mobile app,,,Beta with 50 customers,ana,milestone,,,
ENG,Cut cloud costs,,ben,Monthly cloud bill,ben,,42,30,€k
"""


def test_import_groups_rows_into_objectives(store: Store, small_org: dict[str, int]) -> None:
    summary = import_csv_text(store, GOOD, "okrs.csv")
    assert (summary.objectives, summary.key_results) == (2, 3)
    cycle_id = small_org["cycle"]
    app = store.kr_by_ref("ENG-3.1", cycle_id)
    objective = store.objective(app.objective_id)
    assert objective.title == "Ship the mobile app"
    assert objective.kind is ObjectiveKind.ASPIRATIONAL
    assert objective.owner_id == small_org["ana"]
    assert (app.start, app.target, app.unit, app.owner_id) == (0.0, 4.5, "stars", small_org["ben"])
    assert store.kr_by_ref("ENG-3.2", cycle_id).kind is KRKind.MILESTONE
    cost = store.kr_by_ref("ENG-4.1", cycle_id)
    assert (
        cost.target == 30.0 and store.objective(cost.objective_id).kind is ObjectiveKind.COMMITTED
    )


def test_semicolons_and_a_byte_order_mark(
    store: Store, small_org: dict[str, int], tmp_path: Path
) -> None:
    path = tmp_path / "okrs.csv"
    path.write_text("\ufeffteam;objective;kr;start;target\nENG;Faster;p99;900;300\n", "utf-8")
    import_csv(store, path)
    assert store.kr_by_ref("ENG-3.1").target == 300.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("team,objective,kr,colour\n", "okrs.csv: row 1, column colour: unknown column"),
        ("team,objective\n", "okrs.csv: row 1, column kr: is missing"),
        ("", "okrs.csv: no header row"),
        ("team,objective,kr\n", "okrs.csv: no rows below the header"),
        (
            "team,objective,kr,start,target\nENG,A,a,1,2\nENG,A,b,3,4\nENG,A,c,5,5\n",
            "okrs.csv: row 4, column target: must differ from start",
        ),
        ("team,objective,kr\nOPS,A,a\n", "okrs.csv: row 2, column team: unknown team 'OPS'"),
        (
            "team,objective,kr,kr_owner,kind\nENG,A,a,zed,milestone\n",
            "okrs.csv: row 2, column kr_owner: unknown person 'zed'",
        ),
        (
            "team,objective,kr,start,target\nENG,A,a,x,2\n",
            "okrs.csv: row 2, column start: must be a number (got 'x')",
        ),
        (
            "team,objective,kr,kind,start\nENG,A,a,milestone,1\n",
            "okrs.csv: row 2, column start: a milestone key result has no start or target",
        ),
        (
            "team,objective,kr,kind\nENG,A,a,goal\n",
            "okrs.csv: row 2, column kind: must be one of metric, milestone (got 'goal')",
        ),
        (
            "team,objective,kr,start\nENG,A,a,1\n",
            "okrs.csv: row 2, column target: is required for a metric key result",
        ),
        (
            "team,objective,kr,kind\nENG,Make the API fast,a,milestone\n",
            "okrs.csv: row 2, column objective: team ENG already has this objective",
        ),
        (
            "team,objective,objective_kind,kr,kind\nENG,A,committed,a,milestone\n"
            "ENG,A,aspirational,b,milestone\n",
            "okrs.csv: row 3, column objective_kind: is aspirational, but row 2 says committed",
        ),
        (
            "team,objective,kr\nENG,,a\n",
            "okrs.csv: row 2, column objective: must not be empty",
        ),
    ],
)
def test_bad_rows_name_row_and_column_and_write_nothing(
    store: Store, small_org: dict[str, int], text: str, message: str
) -> None:
    before = row_counts(store)
    with pytest.raises(OKRSetError) as caught:
        import_csv_text(store, text, "okrs.csv")
    assert str(caught.value).startswith(message)
    assert row_counts(store) == before


def test_missing_file_and_unknown_cycle(
    store: Store, small_org: dict[str, int], tmp_path: Path
) -> None:
    with pytest.raises(OKRSetError, match=r"gone\.csv: no such file$"):
        import_csv(store, tmp_path / "gone.csv")
    before = row_counts(store)
    with pytest.raises(OKRSetError, match=r"^okrs\.csv: no cycle called '1999-Q1'"):
        import_csv_text(store, GOOD, "okrs.csv", "1999-Q1")
    assert row_counts(store) == before


def test_export_has_one_row_per_kr_with_latest_state(
    store: Store, small_org: dict[str, int]
) -> None:
    store.add_checkin(
        CheckIn(kr_id=small_org["ENG-1.1"], at=store.clock.now(), value=640.0, confidence=7)
    )
    rows = list(csv.DictReader(io.StringIO(export_csv(store))))
    assert tuple(rows[0]) == EXPORT_COLUMNS
    assert [r["ref"] for r in rows] == ["ENG-1.1", "ENG-1.2", "ENG-2.1", "ENG-2.2"]
    first = rows[0]
    assert (first["team"], first["objective"], first["kr"]) == (
        "ENG",
        "Make the API fast",
        "p95 latency",
    )
    assert (first["start"], first["target"], first["value"], first["confidence"]) == (
        "800.0",
        "200.0",
        "640.0",
        "7",
    )
    assert rows[1]["kind"] == "milestone" and rows[1]["start"] == "" and rows[1]["confidence"] == ""


def test_exported_sheet_seeds_a_new_cycle(store: Store, small_org: dict[str, int]) -> None:
    sheet = export_csv(store)
    store.add_cycle(
        Cycle(slug="2027-Q1", name="Q1 2027", start=date(2027, 1, 4), end=date(2027, 4, 4))
    )
    summary = import_csv_text(store, sheet, "sheet.csv", "2027-Q1")
    assert (summary.objectives, summary.key_results) == (2, 4)
    # The same sheet, but for the cycle it names (`okrtui.io.csv_setup`'s columns).
    q4, q1 = "2026-Q4,Q4 2026,2026-10-05,2027-01-03", "2027-Q1,Q1 2027,2027-01-04,2027-04-04"
    assert export_csv(store, "2027-Q1") == sheet.replace(q4, q1)

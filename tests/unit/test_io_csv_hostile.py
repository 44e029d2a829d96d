"""CSV, second round: oversized cells, NUL, a closed cycle, decimal commas, formulas, and
the write lock held only to write."""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.clock import FixedClock
from okrtui.domain.models import Cycle, CycleStatus
from okrtui.io import csv_io
from okrtui.io.csv_io import export_csv, import_csv_text, neutralised, unneutralised
from okrtui.io.okrset import OKRSetError
from okrtui.store import Store, open_db

HEADER = "team,objective,kr,start,target,unit\n"


@pytest.fixture
def store(tmp_path: Path, clock: FixedClock) -> Iterator[Store]:
    """A store in a file, so that a second connection (another process) can reach it."""
    db = open_db(tmp_path / "okr.db")
    yield Store(db, clock, actor="tester")
    db.close()


def row_counts(store: Store) -> dict[str, int]:
    return {name: store.db.count(name) for name in store.db.table_names()}


def test_a_cell_over_128_kib_is_a_clear_error(store: Store, small_org: dict[str, int]) -> None:
    before = row_counts(store)
    text = HEADER + f'ENG,"{"x" * (130 * 1024)}",kr,0,1,\n'
    with pytest.raises(OKRSetError, match=r"okrs\.csv: row 2: a cell is longer than 128 KiB"):
        import_csv_text(store, text, "okrs.csv")
    assert row_counts(store) == before


def test_a_long_title_is_refused_by_column(store: Store, small_org: dict[str, int]) -> None:
    text = HEADER + f"ENG,{'x' * 5000},kr,0,1,\n"
    with pytest.raises(
        OKRSetError, match="row 2, column objective: is 5000 characters long; at most 200"
    ):
        import_csv_text(store, text, "okrs.csv")


def test_nul_is_refused_as_toml_refuses_it(store: Store, small_org: dict[str, int]) -> None:
    before = row_counts(store)
    text = HEADER + "ENG,Faster\x00pages,p99,900,300,ms\n"
    with pytest.raises(OKRSetError, match="row 2, column objective: contains a NUL character"):
        import_csv_text(store, text, "okrs.csv")
    assert row_counts(store) == before


def test_import_into_a_closed_cycle_is_refused(store: Store, small_org: dict[str, int]) -> None:
    store.set_cycle_status(small_org["cycle"], CycleStatus.CLOSED)
    before = row_counts(store)
    with pytest.raises(OKRSetError, match="is closed"):
        import_csv_text(store, HEADER + "ENG,Faster,p99,900,300,ms\n", "okrs.csv")
    assert row_counts(store) == before


@pytest.mark.parametrize(
    ("start", "target", "expected"),
    [("0,5", "4,25", (0.5, 4.25)), ("-1,5", "10", (-1.5, 10.0)), ("0.5", "1", (0.5, 1.0))],
)
def test_decimal_commas_in_semicolon_files(
    store: Store, small_org: dict[str, int], start: str, target: str, expected: tuple[float, float]
) -> None:
    text = f"team;objective;kr;start;target\nENG;Faster;rating;{start};{target}\n"
    import_csv_text(store, text, "okrs.csv")
    kr = store.kr_by_ref("ENG-3.1")
    assert (kr.start, kr.target) == expected


def test_a_decimal_comma_in_a_comma_file_is_still_refused(
    store: Store, small_org: dict[str, int]
) -> None:
    text = 'team,objective,kr,start,target\nENG,Faster,rating,"0,5",4\n'
    with pytest.raises(OKRSetError, match="column start: must be a number"):
        import_csv_text(store, text, "okrs.csv")


FORMULAS = [
    '=HYPERLINK("https://evil.example","x")',
    "+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\tTab",
    "\rReturn",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_formula_cells_are_neutralised(text: str) -> None:
    assert neutralised(text) == "'" + text
    assert unneutralised(neutralised(text)) == text


@given(st.text())
def test_neutralising_round_trips_any_text(text: str) -> None:
    cell = neutralised(text)
    assert cell[:1] not in csv_io.FORMULA_STARTS
    assert unneutralised(cell) == text or text.startswith("'")


def test_export_neutralises_formulas_and_import_round_trips_them(
    store: Store, small_org: dict[str, int]
) -> None:
    sheet = io.StringIO()
    writer = csv.writer(sheet, lineterminator="\n")
    writer.writerow(["team", "objective", "kr", "start", "target", "unit"])
    writer.writerow(["ENG", FORMULAS[0], FORMULAS[1], "-5", "5", "@units"])
    writer.writerow(["ENG", FORMULAS[0], "=1+1", "0", "-2.5", ""])
    import_csv_text(store, sheet.getvalue(), "okrs.csv")
    exported = export_csv(store)
    rows = list(csv.DictReader(io.StringIO(exported)))
    mine = [r for r in rows if r["ref"].startswith("ENG-3.")]
    assert [r["objective"] for r in mine] == ["'" + FORMULAS[0]] * 2
    assert [r["kr"] for r in mine] == ["'" + FORMULAS[1], "'=1+1"]
    assert mine[0]["unit"] == "'@units"
    assert (mine[0]["start"], mine[1]["target"]) == ("-5.0", "-2.5")  # numbers stay numbers
    for row in rows:
        for cell in row.values():
            assert cell[:1] not in csv_io.FORMULA_STARTS or (cell[:1] == "-" and _number(cell))
    # The exported sheet imported into a new cycle: the titles come back as typed.
    store.add_cycle(Cycle(slug="next", name="Next", start=date(2027, 1, 4), end=date(2027, 3, 31)))
    import_csv_text(store, exported, "export.csv", "next")
    cycle = store.cycle_by_slug("next")
    assert {o.title for o in store.objectives(cycle.id)} >= {FORMULAS[0]}
    assert {k.title for k in store.key_results(cycle.id)} >= {FORMULAS[1], "=1+1"}
    assert {k.unit for k in store.key_results(cycle.id)} >= {"@units"}


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_the_write_lock_is_not_held_while_rows_are_validated(
    store: Store, small_org: dict[str, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """While the sheet is being validated, another process can write a check-in."""
    path = tmp_path / "okr.db"
    other = sqlite3.connect(path, isolation_level=None, timeout=0)
    other.execute("PRAGMA busy_timeout = 0")
    written: list[str] = []
    real_row = csv_io._Reader._row

    def row_then_write(self: csv_io._Reader, row: int, *args: object) -> None:
        real_row(self, row, *args)  # type: ignore[arg-type]
        if row == 2:
            other.execute("BEGIN IMMEDIATE")
            other.execute("UPDATE settings SET value = value WHERE key = 'timezone'")
            other.execute("COMMIT")
            written.append("other")

    monkeypatch.setattr(csv_io._Reader, "_row", row_then_write)
    import_csv_text(store, HEADER + "ENG,Faster,p99,900,300,ms\nENG,Faster,p50,90,30,ms\n", "o")
    other.close()
    assert written == ["other"]
    assert store.kr_by_ref("ENG-3.2").title == "p50"

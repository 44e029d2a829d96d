"""The console entry takes the one-line check-in without click (issue 20, item 5), and
says and stores exactly what the click command does; anything else it leaves to click."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrtui import fast_entry
from okrtui.cli import cli, main
from okrtui.cli_support import EXIT_BAD_INPUT, EXIT_INTERRUPTED
from okrtui.commands import checkin as checkin_command
from okrtui.store import Store, open_db
from tests.conftest import build_small_org

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("click", "pydantic", "textual", "sqlite_utils", "okrtui.cli_group", "okrtui.cli_support")


def make_org(path: Path) -> Path:
    store = Store(open_db(path), actor="test")
    build_small_org(store)
    store.db.close()
    return path


@pytest.fixture
def org(tmp_path: Path) -> Path:
    return make_org(tmp_path / "team.db")


@pytest.fixture
def twin(tmp_path: Path) -> Path:
    """The same organisation in a second file: one for each path being compared."""
    return make_org(tmp_path / "twin.db")


def rows(db: Path) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(
            "SELECT kr_id, value, confidence, note, author_id, meeting_id FROM checkins ORDER BY id"
        ).fetchall()
    finally:
        connection.close()


@pytest.fixture
def fast_answers(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int | None]]:
    """What `fast_entry.run` answered in each `main` call: an exit code, or None (declined)."""
    answers: list[int | None] = []
    real = fast_entry.run

    def spy(args: list[str]) -> int | None:
        answers.append(real(args))
        return answers[-1]

    monkeypatch.setattr(fast_entry, "run", spy)
    yield answers


def through_main(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exited:
        main(args)
    out, err = capsys.readouterr()
    code = exited.value.code
    return (code if isinstance(code, int) else 0), out, err


def through_click(args: list[str]) -> tuple[int, str, str]:
    """The command as click alone runs it: what the command line said before the fast entry."""
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stdout, result.stderr


def with_db(db: Path, template: list[str]) -> list[str]:
    """The template with its database file: DB in any argument."""
    return [arg.replace("DB", str(db)) for arg in template]


# -- what the one-line check-in imports ---------------------------------------------


def test_the_one_line_checkin_imports_neither_click_nor_pydantic_nor_textual(org: Path) -> None:
    code = (
        "import sys\n"
        "from okrtui.cli import main\n"
        "try:\n"
        "    main(sys.argv[1:])\n"
        "except SystemExit as done:\n"
        "    print('EXIT', done.code)\n"
        f"print('HEAVY', [m for m in {HEAVY!r} if m in sys.modules])\n"
    )
    forms = [
        ["--db", str(org), "--me", "ana", "checkin", "ENG-1.1", "-c", "6"],
        ["checkin", "--confidence=7", "ENG-1.1", "--db", str(org), "-n", "cache warm", "--me=ana"],
        ["--me", "ana", "checkin", "-c8", "-v", "500", "ENG-1.1", f"--db={org}"],
    ]
    for form in forms:
        done = subprocess.run(
            [sys.executable, "-c", code, *form], capture_output=True, text=True, cwd=REPO
        )
        assert "EXIT 0" in done.stdout, done.stderr
        assert "ENG-1.1 " in done.stdout and "HEAVY []" in done.stdout, done.stdout
    assert [row[2] for row in rows(org)] == [6, 7, 8]
    assert rows(org)[-1][1] == 500 and rows(org)[1][3] == "cache warm"


def test_the_installed_command_imports_no_click(org: Path) -> None:
    """The console script itself (`okrtui.cli:main`), as a shell runs it."""
    script = Path(sys.executable).with_name("okrtui")
    assert script.is_file(), "run `pip install -e '.[test]'`"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(script), "--db", str(org), "--me", "ana",
         "checkin", "ENG-1.1", "-c", "4"],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ENG-1.1 ")
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines()}
    assert "okrtui.store.checkin_write" in imported
    assert not imported & {"click", "pydantic", "textual", "sqlite_utils"}


# -- the same answer as click, for good input and bad -------------------------------

HANDLED, DECLINED = "handled", "declined"

# (arguments, what the fast entry does with them); DB is the database file.
BAD = [
    (["checkin", "ENG-1.1", "-c", "11", "--db", "DB", "--me", "ana"], HANDLED),
    (["checkin", "ENG-1.1", "-c", "-1", "--db", "DB", "--me", "ana"], HANDLED),
    (["checkin", "ENG-1.1", "-c", "x", "--db", "DB", "--me", "ana"], DECLINED),
    (["checkin", "ENG-1.1", "-c", "1.5", "--db", "DB", "--me", "ana"], DECLINED),
    (["checkin", "ENG-1.1", "--confidence=", "--db", "DB", "--me", "ana"], DECLINED),
    (["checkin", "ENG-1.1", "-c=5", "--db", "DB", "--me", "ana"], DECLINED),
    (["checkin", "ENG-1.1", "-c", "--db", "DB", "--me", "ana"], DECLINED),
    (["checkin", "ENG-1.1", "--db", "DB", "--me", "ana", "-c"], DECLINED),
    (["checkin", "ENG-1.1", "--db", "DB", "--me", "ana"], DECLINED),
    (["checkin", "-c", "5", "--db", "DB", "--me", "ana"], DECLINED),
    (["checkin", "ENG-1.1", "ENG-1.2", "-c", "5", "--db", "DB", "--me", "ana"], DECLINED),
    (["checkin", "--", "ENG-1.1", "-c", "5", "--db", "DB", "--me", "ana"], DECLINED),
    (["checkin", "ENG-1.1", "-c", "5", "-x", "--db", "DB", "--me", "ana"], DECLINED),
    (["checkin", "ENG-1.1", "-c", "5", "--confid", "5", "--db", "DB", "--me", "ana"], DECLINED),
    (["checkin", "ENG-1.1", "-c", "5", "--done=yes", "--db", "DB", "--me", "ana"], DECLINED),
    (["checkin", "NOPE-9.9", "-c", "5", "--db", "DB", "--me", "ana"], DECLINED),
    (["checkin", "ENG-1.1", "-c", "5", "--value", "1,5", "--db", "DB", "--me", "ana"], HANDLED),
    (["checkin", "ENG-1.1", "-c", "5", "--value", "lots", "--db", "DB", "--me", "ana"], HANDLED),
    (["checkin", "ENG-1.1", "-c", "5", "--done", "--db", "DB", "--me", "ana"], HANDLED),
    (["checkin", "ENG-1.2", "-c", "5", "-v", "3", "--db", "DB", "--me", "ana"], HANDLED),
    (["checkin", "ENG-1.1", "-c", "5", "--db", "", "--me", "ana"], HANDLED),
    (["--db", "", "checkin", "ENG-1.1", "-c", "5", "--me", "ana"], HANDLED),
    (["checkin", "ENG-1.1", "-c", "5", "--db", "DB", "--me", "nobody"], HANDLED),
    (["checkin", "ENG-1.1", "-c", "5", "--db", "DB", "-n", "a\x00b", "--me", "ana"], DECLINED),
    (["checkin", "ENG-1.1", "-c", "5", "--db", "DB", "--me", "ana", "-n", "caf\udce9"], DECLINED),
    (["checkin", "ENG-1.1", "-c", "5", "--db", "DB.missing", "--me", "ana"], DECLINED),
    (["--db", "DB", "-x", "checkin", "ENG-1.1", "-c", "5"], DECLINED),
    (["--db", "DB", "checkn", "ENG-1.1", "-c", "5"], DECLINED),
    (["checkin", "-", "-c", "4", "--db", "DB", "--me", "ana"], DECLINED),
]


@pytest.mark.parametrize(
    ("template", "fast"), BAD, ids=lambda v: " ".join(v) if isinstance(v, list) else v
)
def test_bad_input_is_the_line_click_gives_exit_2_and_nothing_written(
    org: Path,
    capsys: pytest.CaptureFixture[str],
    fast_answers: list[int | None],
    template: list[str],
    fast: str,
) -> None:
    args = with_db(org, template)
    expected = through_click(args)
    assert expected[0] == EXIT_BAD_INPUT and expected[1] == ""
    assert through_main(capsys, args) == expected
    assert fast_answers == [EXIT_BAD_INPUT if fast == HANDLED else None]
    assert rows(org) == []


GOOD = [
    (["checkin", "ENG-1.1", "-c", "7", "-v", "520", "-n", " warm ", "--db", "DB", "--me", "ana"]),
    (["--db", "DB", "--me", "ana", "checkin", "eng-1.1", "--confidence", "3"]),
    (["--db=DB", "--me=ben", "checkin", "--note=-n", "ENG-1.2", "--done", "-c", "9"]),
    (["--db", "elsewhere.db", "--me", "ben", "checkin", "ENG-1.1", "-c4", "--db", "DB", "--me",
      "ana"]),
    (["checkin", "ENG-1.1", "-c", " 10 ", "--db", "DB", "--me", "ana", "--value=-3"]),
    (["checkin", "ENG-1.1", "-n", "--db", "-c", "1", "--db", "DB", "--me", "ana"]),
]  # fmt: skip


@pytest.mark.parametrize("template", GOOD, ids=lambda v: " ".join(v))
def test_a_good_checkin_says_and_stores_what_click_does(
    org: Path,
    twin: Path,
    capsys: pytest.CaptureFixture[str],
    fast_answers: list[int | None],
    template: list[str],
) -> None:
    expected = through_click(with_db(twin, template))
    assert expected[0] == 0, expected
    assert through_main(capsys, with_db(org, template)) == expected
    assert fast_answers == [0]
    assert rows(org) == rows(twin) and len(rows(org)) == 1


LEFT_TO_CLICK = [
    ["--db", "DB", "--me", "ana", "--", "checkin", "ENG-1.1", "-c", "5"],
    ["checkin", "ENG-1.1", "-c", "5", "-c", "6", "--db", "DB", "--me", "ana"],
    ["checkin", "ENG-1.1", "-c", "5", "-n", "one", "--note", "two", "--db", "DB", "--me", "ana"],
    ["checkin", "ENG-1.2", "-c", "5", "--done", "--not-done", "--db", "DB", "--me", "ana"],
    ["--db", "DB", "--db", "DB", "checkin", "ENG-1.1", "-c", "5", "--me", "ana"],
]


@pytest.mark.parametrize("template", LEFT_TO_CLICK, ids=lambda v: " ".join(v))
def test_a_rare_form_is_left_to_click_which_records_it(
    org: Path,
    twin: Path,
    capsys: pytest.CaptureFixture[str],
    fast_answers: list[int | None],
    template: list[str],
) -> None:
    expected = through_click(with_db(twin, template))
    assert expected[0] == 0
    assert through_main(capsys, with_db(org, template)) == expected
    assert fast_answers == [None]
    assert rows(org) == rows(twin) and len(rows(org)) == 1


def test_a_closed_file_for_the_fast_path_goes_through_click_and_the_store(
    org: Path, twin: Path, capsys: pytest.CaptureFixture[str], fast_answers: list[int | None]
) -> None:
    """A file in rollback-journal mode is one the fast path leaves to the Store."""
    for db in (org, twin):
        connection = sqlite3.connect(db)
        connection.execute("PRAGMA journal_mode = DELETE")
        connection.close()
    template = ["--db", "DB", "--me", "ana", "checkin", "ENG-1.1", "-c", "5"]
    expected = through_click(with_db(twin, template))
    assert expected[0] == 0
    assert through_main(capsys, with_db(org, template)) == expected
    assert fast_answers == [None]
    assert rows(org) == rows(twin) and len(rows(org)) == 1


def test_a_broken_settings_file_is_said_as_click_says_it(
    org: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fast_answers: list[int | None],
) -> None:
    settings_file = tmp_path / "settings.toml"
    settings_file.write_text("at_risk_from = 9\non_track_from = 3\n", encoding="utf-8")
    monkeypatch.setenv("OKRTUI_CONFIG", str(settings_file))
    args = ["--db", str(org), "--me", "ana", "checkin", "ENG-1.1", "-c", "5"]
    expected = through_click(args)
    assert expected[0] == EXIT_BAD_INPUT and str(settings_file) in expected[2]
    assert through_main(capsys, args) == expected
    assert fast_answers == [EXIT_BAD_INPUT]
    assert rows(org) == []


def test_identity_and_database_come_from_the_environment_as_in_click(
    org: Path,
    twin: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fast_answers: list[int | None],
) -> None:
    monkeypatch.setenv("OKRTUI_USER", "ben")
    monkeypatch.setenv("OKRTUI_DB", str(twin))
    expected = through_click(["checkin", "ENG-1.1", "-c", "3"])
    monkeypatch.setenv("OKRTUI_DB", str(org))
    assert through_main(capsys, ["checkin", "ENG-1.1", "-c", "3"]) == expected
    assert fast_answers == [0]
    connection = sqlite3.connect(org)
    ben = connection.execute("SELECT id FROM people WHERE handle = 'ben'").fetchone()[0]
    connection.close()
    assert rows(org) == rows(twin) and rows(org)[0][4] == ben


@pytest.mark.parametrize(
    "args",
    [["--help"], ["checkin", "--help"], ["checkin", "ENG-1.1", "-c", "5", "--help"], ["--version"]],
    ids=lambda a: " ".join(a),
)
def test_help_and_version_are_left_to_click(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    fast_answers: list[int | None],
    args: list[str],
) -> None:
    expected = through_click(args)
    monkeypatch.setattr("click.formatting.FORCED_WIDTH", 80)  # as in CliRunner
    assert expected[0] == 0 and expected[1]
    assert through_main(capsys, args) == expected
    assert fast_answers == [None]


def test_shell_completion_is_left_to_click(monkeypatch: pytest.MonkeyPatch, org: Path) -> None:
    monkeypatch.setenv("_OKRTUI_COMPLETE", "bash_complete")
    assert fast_entry.run(["--db", str(org), "checkin", "ENG-1.1", "-c", "5"]) is None
    assert rows(org) == []


def test_an_ascii_terminal_is_left_to_click(org: Path) -> None:
    """click writes UTF-8 to a stream that says ASCII; the fast entry would not."""
    code = (
        "import sys\nfrom okrtui import fast_entry\nprint('ANSWER', fast_entry.run(sys.argv[1:]))\n"
    )
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    done = subprocess.run(
        [sys.executable, "-c", code, "--db", str(org), "--me", "ana", "checkin", "ENG-1.1",
         "-c", "5"],
        capture_output=True, text=True, cwd=REPO, env=env,
    )  # fmt: skip
    assert done.stdout.strip() == "ANSWER None", done.stderr
    assert rows(org) == []


def test_the_exit_codes_are_the_command_lines() -> None:
    from okrtui import cli_support, invocation

    assert (invocation.EXIT_BAD_INPUT, invocation.EXIT_INTERRUPTED) == (2, 130)
    assert (cli_support.EXIT_BAD_INPUT, cli_support.EXIT_INTERRUPTED) == (
        EXIT_BAD_INPUT,
        EXIT_INTERRUPTED,
    )


# -- the fast reading never differs from click's --------------------------------------

TRICKY = st.one_of(
    st.sampled_from(["10", " 7 ", "-1", "11", "1_0", "\u0663", "x", "", "=5", "--db", "-c",
                     "--", "-", "checkin", "ENG-1.1", "a=b", "--done", "-n", "\x00"]),
    st.text(alphabet="-=c0123456789 vn\u0663x", max_size=5),
)  # fmt: skip
VALUES = st.one_of(st.integers(0, 10).map(str), st.text(max_size=6), TRICKY)
NUMBERS = st.one_of(st.integers(-2, 12).map(str), st.integers(0, 10).map(lambda n: f"{n} "))
TAKE_VALUES = ["--db", "--me", "-c", "--confidence", "-v", "--value", "-n", "--note"]
FLAGS = ["--done", "--not-done"]
MISTAKES = ["--help", "--", "-x", "--confid", "-cv", "-", "--done=1", "--db=", "-c="]


@st.composite
def command_lines(draw: st.DrawFn) -> list[str]:
    """One-line check-ins in every spelling, in any order, often with a mistake mixed in:
    a repeated or unknown option, a stray word, a value that looks like an option."""
    group: list[str] = []
    for name in draw(st.lists(st.sampled_from(["--db", "--me"]), max_size=2, unique=True)):
        group += draw(_option(name))
    pieces = [["ENG-1.1"], draw(_option(draw(st.sampled_from(["-c", "--confidence"]))))]
    names = st.sampled_from(["--db", "--me", "-v", "--value", "-n", "--note", *FLAGS])
    for name in draw(st.lists(names, max_size=4, unique=True)):
        pieces.append(draw(_option(name)))
    if draw(st.booleans()):
        mistake = draw(st.sampled_from([*MISTAKES, *TAKE_VALUES, "group", "word"]))
        if mistake == "group":
            group += draw(_option(draw(st.sampled_from(["--db", "--me", "-x", "--"]))))
        elif mistake == "word":
            pieces.append([draw(VALUES)])
        else:
            pieces.append(draw(_option(mistake)))
    ordered = draw(st.permutations(pieces))
    return [*group, "checkin", *(arg for piece in ordered for arg in piece)]


def _option(name: str) -> st.SearchStrategy[list[str]]:
    if name not in TAKE_VALUES:
        return st.just([name])
    values = st.one_of(NUMBERS, VALUES) if name in ("-c", "--confidence") else VALUES
    # `--name V`, `--name=V`; `-x V`, `-xV` and `-x=V` (which click reads as "=V")
    joints = ["="] if name.startswith("--") else ["", "="]
    return st.one_of(
        values.map(lambda v: [name, v]),
        st.tuples(st.sampled_from(joints), values).map(lambda jv: [f"{name}{jv[0]}{jv[1]}"]),
    )


@settings(
    max_examples=500, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(args=command_lines())
def test_the_fast_reading_is_clicks_reading_or_none(args: list[str]) -> None:
    fast = fast_entry.parse(args)
    if fast is None:
        return
    read: list[tuple[Any, ...]] = []

    def record(env: Any, kr_ref: str, confidence: int, value: str | None, done: bool | None,
               note: str) -> str:  # fmt: skip
        read.append((kr_ref, confidence, value, done, note, env.db_flag, env.me_flag))
        return "recorded"

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(checkin_command, "record_one_line", record)
        patch.setattr(checkin_command, "_open_screen", lambda env: read.append(("screen",)))
        result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, (args, result.stderr)
    assert read == [fast.fields()], args


def test_a_reader_gone_away_is_exit_1_and_silent_as_in_click(org: Path) -> None:
    """`okrtui checkin … | head -c0`: the check-in is kept, nothing is said, exit 1."""

    def run_into_a_closed_pipe(*args: str) -> tuple[int, bytes]:
        read_end, write_end = os.pipe()
        os.close(read_end)
        try:
            done = subprocess.run(
                [sys.executable, "-m", "okrtui", "--db", str(org), "--me", "ana", *args],
                stdout=write_end, stderr=subprocess.PIPE, cwd=REPO,
            )  # fmt: skip
        finally:
            os.close(write_end)
        return done.returncode, done.stderr

    fast = run_into_a_closed_pipe("checkin", "ENG-1.1", "-c", "5")
    by_click = run_into_a_closed_pipe("checkin", "ENG-1.1", "-c", "6", "-c", "6")
    assert fast == by_click == (1, b"")
    assert [row[2] for row in rows(org)] == [5, 6]

"""Hostile input on the command line (issue 15): bytes that are not UTF-8 in any argument,
a terminal that is not UTF-8, empty and absurd values. One clear line, exit 2, nothing
written; never a traceback, and never a crash after a check-in was committed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrtui.cli import cli
from okrtui.cli_support import Env
from okrtui.store import Store, open_db
from tests.conftest import build_small_org

X = "\x00X\x00"  # where the hostile argument goes in each template
TEMPLATES = [
    ["checkin", "ENG-1.1", "-c", "5", "--me", "ana", "-n", X],
    ["checkin", X, "-c", "5", "--me", "ana"],
    ["cycle", "grade", X, "0.5"],
    ["cycle", "grade", "ENG-1.1", "0.5", "-n", X],
    ["cycle", "move-milestone", "kickoff", "2026-10-06", "--override", "--reason", X],
    ["meeting", "start", "weekly-checkin", "--team", X],
    ["report", X],
    ["timeline", X],
    ["export", "--cycle", X],
    ["health", "--team", X],
    ["cycle", "new", X, "--start", "2027-01-04", "--end", "2027-04-04"],
    ["cycle", "new", "2027-Q1", "--name", X, "--start", "2027-01-04", "--end", "2027-04-04"],
    ["notes", X],
]


@pytest.fixture(scope="module")
def module_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "team.db"
    store = Store(open_db(path), actor="test")
    build_small_org(store)
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.db.close()
    return path


def _not_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


# Argument bytes as a latin-1 terminal or SSH client sends them: anything but NUL, with at
# least one sequence that is not UTF-8; Python hands them over as lone surrogates.
hostile_bytes = st.builds(
    lambda head, bad, tail: head + bad + tail,
    st.binary(max_size=12).map(lambda b: b.replace(b"\x00", b"")),
    st.sampled_from([b"\xe9", b"\xff", b"\x80", b"\xc3", b"\xed\xa0\x80", b"\xf8\x88"]),
    st.binary(max_size=12).map(lambda b: b.replace(b"\x00", b"")),
).filter(_not_utf8)


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda t: " ".join(t[:2]))
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=hostile_bytes)
def test_bytes_that_are_not_utf8_are_one_line_and_write_nothing(
    module_db: Path, monkeypatch: pytest.MonkeyPatch, template: list[str], data: bytes
) -> None:
    monkeypatch.setattr(Env, "run_app", lambda *a, **k: pytest.fail("opened the app"))
    before = module_db.read_bytes()
    argument = data.decode("utf-8", "surrogateescape")
    args = [argument if a == X else a for a in template]
    result = CliRunner().invoke(cli, ["--db", str(module_db), *args])
    assert result.exit_code == 2, (result.stderr, result.exception)
    assert result.stderr.startswith("okrtui: an argument is not valid UTF-8: ")
    assert len(result.stderr.splitlines()) == 1 and result.stdout == ""
    assert "\udc80" not in result.stderr and not any(
        "\udc80" <= ch <= "\udcff" for ch in result.stderr
    )
    assert module_db.read_bytes() == before


def test_the_issues_example_through_a_real_process(module_db: Path) -> None:
    before = module_db.read_bytes()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "okrtui",
            "--db",
            str(module_db),
            "checkin",
            "ENG-1.1",
            "-c",
            "5",
            "--me",
            "ana",
            "-n",
            b"caf\xe9",
        ],
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr == (
        b"okrtui: an argument is not valid UTF-8: 'caf\\xe9' "
        b"(set your terminal or SSH client to UTF-8); nothing was written\n"
    )
    assert module_db.read_bytes() == before


# -- a terminal that is not UTF-8 ---------------------------------------------------


def _run_latin1(db: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "PYTHONIOENCODING": "latin-1", "LANG": "C", "LC_ALL": "C"}
    return subprocess.run(
        [sys.executable, "-m", "okrtui", "--db", str(db), *args],
        capture_output=True,
        env=env,
        timeout=60,
    )


@pytest.fixture
def unicode_db(tmp_path: Path) -> Path:
    """The small organisation with a KR title no latin-1 terminal can show."""
    path = tmp_path / "team.db"
    store = Store(open_db(path), actor="test")
    build_small_org(store)
    store.db.execute("UPDATE key_results SET title = 'p95 latency → 漢字 ✓' WHERE ref = 'ENG-1.1'")
    store.db.close()
    return path


def _checkin_count(path: Path) -> int:
    db = open_db(path, create=False)
    try:
        return db.count("checkins")
    finally:
        db.close()


def test_a_checkin_on_a_latin1_terminal_is_written_once_and_said(unicode_db: Path) -> None:
    before = _checkin_count(unicode_db)
    done = _run_latin1(unicode_db, "checkin", "ENG-1.1", "-c", "6", "--me", "ana")
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    assert done.stdout.startswith(b"ENG-1.1 p95 latency ? ?? ?: confidence")
    assert _checkin_count(unicode_db) == before + 1


@pytest.mark.parametrize(
    "args",
    [
        ["timeline"],
        ["report"],
        ["health"],
        ["export"],
        ["export", "--format", "csv"],
        ["cycle", "list"],
        ["cycle", "milestones"],
        ["agendas", "list"],
        ["meeting", "list"],
    ],
    ids=lambda a: " ".join(a),
)
def test_no_command_crashes_on_a_latin1_terminal(unicode_db: Path, args: list[str]) -> None:
    done = _run_latin1(unicode_db, *args)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr and done.stdout


# -- empty and absurd values --------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--db", "", "timeline"], "--db: the path is empty"),
        (["timeline", "--db", ""], "--db: the path is empty"),
        (["health", "--team", ""], "--team: the team code is empty"),
        (["health", "--team", "  "], "--team: the team code is empty"),
        (["meeting", "start", "weekly-checkin", "--team", ""], "--team: the team code is empty"),
        (["cycle", "move-milestone", "²", "2026-11-20"], "milestone '²' is neither an id nor"),
        (["cycle", "move-milestone", "99999999999999999999", "2026-11-20"], "no milestone"),
        (["notes", "99999999999999999999"], "there is no meeting 99999999999999999999"),
        (["notes", "²"], "MEETING must be a meeting number"),
        (["cycle", "grade", "ENG-1.1", "7"], "SCORE is 0.0 to 1.0, got 7"),
    ],
)
def test_empty_and_absurd_values_are_one_clear_line(
    module_db: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], needle: str
) -> None:
    monkeypatch.setattr(Env, "run_app", lambda *a, **k: pytest.fail("opened the app"))
    before = module_db.read_bytes()
    if "--db" not in args:
        args = ["--db", str(module_db), *args]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, (result.stderr, result.exception)
    assert result.stderr.startswith("okrtui: ") and needle in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert module_db.read_bytes() == before


# -- everything printed to a terminal is cleaned ------------------------------------

EVIL = "\x1b[2J\x1b]52;c;aGk=\x07\u202eevil\x9b31m"


@pytest.fixture
def evil_db(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    store = Store(open_db(path), actor="test")
    build_small_org(store)
    for table, column in (
        ("key_results", "title"),
        ("objectives", "title"),
        ("cycles", "name"),
        ("milestones", "title"),
        ("teams", "name"),
    ):
        store.db.execute(f"UPDATE {table} SET {column} = {column} || ?", [EVIL])
    store.db.close()
    return path


@pytest.mark.parametrize(
    "args",
    [
        ["timeline"],
        ["health"],
        ["report"],
        ["export"],
        ["export", "--format", "csv"],
        ["export", "--format", "json"],
        ["cycle", "list"],
        ["cycle", "milestones"],
        ["cycle", "grade", "ENG-2.1", "0.5"],
        ["checkin", "ENG-1.1", "-c", "5", "--me", "ana"],
        ["cycle", "move-milestone", "kickoff", "2026-10-06"],
    ],
    ids=lambda a: " ".join(a),
)
def test_nothing_printed_to_a_terminal_carries_control_sequences(
    evil_db: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]
) -> None:
    monkeypatch.setattr("okrtui.cli_support.is_terminal", lambda stream: True)
    result = CliRunner().invoke(cli, ["--db", str(evil_db), *args])
    assert result.exit_code == 0, result.stderr
    shown = result.stdout + result.stderr
    assert "evil" in shown
    for bad in ("\x1b", "\x07", "\u202e", "\x9b"):
        assert bad not in shown, (bad, shown)

"""Command-line conventions: one line for a usage error, every message prefixed
`okrtui:`, exit 2 for bad input, 130 for an interrupted question, help that reads well."""

from __future__ import annotations

import os
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.store import Store, open_db

OKRTUI = [sys.executable, "-m", "okrtui"]


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (["bogus"], "okrtui: no such command 'bogus'; see okrtui --help"),
        (
            ["checkin", "--frob"],
            "okrtui: no such option '--frob'. Did you mean '--db'? see okrtui checkin --help",
        ),
        (["cycle", "grade"], "okrtui: missing argument 'KR'; see okrtui cycle grade --help"),
        (
            ["export", "--format", "xml"],
            "okrtui: invalid value for '--format': 'xml' is not one of 'toml', 'csv', 'json'; "
            "see okrtui export --help",
        ),
        (
            ["checkin", "X-1.1", "-c", "high"],
            "okrtui: invalid value for '--confidence' / '-c': 'high' is not a valid integer; "
            "see okrtui checkin --help",
        ),
        (["agendas", "show"], "okrtui: missing argument 'SLUG'; see okrtui agendas show --help"),
        (
            ["serve", "--port", "0"],
            "okrtui: invalid value for '--port': 0 is not in the range 1<=x<=65535; "
            "see okrtui serve --help",
        ),
    ],
)
def test_a_usage_error_is_one_line_naming_the_help_to_read(args: list[str], line: str) -> None:
    code, out, err = run(*args)
    assert (code, out, err) == (2, "", line + "\n")


def test_every_message_is_prefixed(tmp_path: Path) -> None:
    code, _, err = run("agendas", "show", "nosuch")
    assert code == 2 and err.startswith("okrtui: no agenda called 'nosuch'")
    bad = tmp_path / "bad.toml"
    bad.write_text("slug = 'x'\n")
    code, _, err = run("agendas", "validate", str(bad))
    assert code == 2 and err and all(line.startswith("okrtui: ") for line in err.splitlines())


def test_the_db_help_says_where_the_default_is() -> None:
    code, out, _ = run("--help")
    assert code == 0
    text = " ".join(out.split())
    assert "see README" not in text
    assert "$OKRTUI_DB" in text and "~/.local/share/okrtui/okrtui.db" in text


def _every_command(group: click.Group, ctx: click.Context) -> list[list[str]]:
    found: list[list[str]] = [[]]
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        if isinstance(command, click.Group):
            sub = click.Context(command, info_name=name, parent=ctx)
            found += [[name, *rest] for rest in _every_command(command, sub)]
        else:
            found.append([name])
    return found


def test_no_help_text_breaks_a_word_at_its_hyphen() -> None:
    """`mid-cycle-review` must not come out as `mid-` / `cycle-review` at 80 columns."""
    for path in _every_command(cli, click.Context(cli, info_name="okrtui")):
        for width in (60, 70, 78, 80, 88, 100, 120):
            result = CliRunner().invoke(cli, [*path, "--help"], terminal_width=width)
            assert result.exit_code == 0, path
            lines = result.stdout.splitlines()
            broken = [line for line in lines if re.search(r"[a-z]-$", line)]
            assert broken == [], (path, width, broken)


# -- questions: a vote asked at the prompt ------------------------------------------


@pytest.fixture
def open_vote_db(tmp_path: Path, clock: object) -> Path:
    """A database with a running meeting and a blind vote open on ENG-1.1."""
    from okrtui.agenda import AgendaLibrary
    from okrtui.meeting.session import MeetingSession
    from okrtui.meeting.vote import open_vote
    from okrtui.resources import builtin_agendas_dir
    from tests.conftest import build_small_org

    path = tmp_path / "team.db"
    store = Store(open_db(path), actor="test")
    ids = build_small_org(store)
    session = MeetingSession.start(
        store,
        AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin"),
        cycle=store.cycle(ids["cycle"]),
        team_id=ids["team"],
        facilitator_id=ids["ana"],
        attendee_ids=[ids["ana"], ids["ben"]],
    )
    open_vote(store, session.meeting.id, ids["ENG-1.1"])
    store.db.close()
    return path


def _votes(path: Path) -> int:
    store = Store(open_db(path, create=False))
    try:
        return store.db.count("votes")
    finally:
        store.db.close()


def test_a_vote_question_whose_input_ends_says_so_in_one_line(open_vote_db: Path) -> None:
    done = subprocess.run(
        [*OKRTUI, "--db", str(open_vote_db), "vote", "--me", "ben"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1] == (
        "okrtui: no answer: standard input ended before one was given"
    )
    assert "Aborted" not in done.stderr and "Traceback" not in done.stderr
    assert _votes(open_vote_db) == 0


def _read_until(fd: int, done: bytes | None, deadline: float) -> bytes:
    """What the child writes to its terminal, until `done` appears, it closes the
    terminal, or the deadline passes (a guard against hanging, not a measured time)."""
    seen = b""
    while time.monotonic() < deadline and (done is None or done not in seen):
        ready, _, _ = select.select([fd], [], [], 0.5)
        if not ready:
            continue
        try:
            chunk = os.read(fd, 1024)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    return seen


def _wait_until_reading_its_terminal(pid: int) -> None:
    """Until the child sits in read(0, …), as it does when a person presses Ctrl-C.

    A SIGINT in the instant between Python's last signal check and the read() is only
    acted on at the next signal (a CPython race no person can hit); a test typing at
    once could."""
    syscall = Path(f"/proc/{pid}/syscall")
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if syscall.read_text().startswith("0 0x0 "):
                return
        except OSError:
            time.sleep(0.5)  # no /proc: give it a moment
            return
        time.sleep(0.02)


def test_ctrl_c_at_the_vote_question_exits_130_quietly(open_vote_db: Path) -> None:
    import pty
    import signal

    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        # A test run in the background inherits SIGINT ignored; a person's shell does not.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.execv(sys.executable, [*OKRTUI, "--db", str(open_vote_db), "vote", "--me", "ben"])
    status: int | None = None
    try:
        seen = _read_until(fd, b"Your confidence", time.monotonic() + 60)
        assert b"Your confidence" in seen, seen
        _wait_until_reading_its_terminal(pid)
        os.write(fd, b"\x03")
        rest = _read_until(fd, None, time.monotonic() + 60)
        deadline = time.monotonic() + 30
        while status is None and time.monotonic() < deadline:
            finished, code = os.waitpid(pid, os.WNOHANG)
            if finished == pid:
                status = code
            else:
                time.sleep(0.05)
    finally:
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    assert status is not None, f"okrtui vote did not stop on Ctrl-C: {seen + rest!r}"
    assert os.waitstatus_to_exitcode(status) == 130
    assert b"Aborted" not in rest and b"Traceback" not in rest and b"okrtui:" not in rest
    assert _votes(open_vote_db) == 0

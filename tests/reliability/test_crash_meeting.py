"""A meeting killed with SIGKILL in the middle of the KR round loses nothing that was saved.

Each run starts `okrtui meeting start weekly-checkin` on a real pseudo-terminal (80×24),
moves to the KR round and types confidence digits; at a point chosen by a seeded random
generator the process is killed with SIGKILL. "Completed" means: the check-in row was
visible in the database (through another connection) before the kill was sent. After the
kill, every completed entry is there, the rows are exactly a prefix of what was typed
(nothing invented, nothing out of order), the meeting is still running at the KR round and
is offered for resumption, and the file passes `PRAGMA integrity_check`.

Typing `1` then `0` at full speed is one check-in of 10; a `1` still waiting for its `0`
when the kill lands is the one keystroke that may be lost.

Text typed without a pause (the closing notes, a KR note being typed) is on disk within
a second: after a kill at a random moment the saved text is a prefix of what was typed
and holds everything typed more than a second before the kill.
"""

from __future__ import annotations

import fcntl
import os
import pty
import random
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from okrtui.cli import main
from okrtui.meeting.resume import find_resumable, resume_offers
from okrtui.store import Store, open_db

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

RUNS = 20
TIMEOUT = 60.0
KR_ROUND = 1  # the position of the KR round in the weekly check-in
FACILITATOR = "aisha"
TEAM = "PLAT"


class Terminal:
    """`okrtui ARGS` in a child process on a pseudo-terminal of 80×24.

    The child is forked from this process (`pty.fork`) with okrtui and Textual already
    imported, so a run costs the app's start-up and not the interpreter's; it then runs
    the real command line, exactly as `python -m okrtui ARGS` would. The child's output
    is drained in a thread.
    """

    def __init__(self, args: list[str]) -> None:
        pid, master = pty.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 1
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
                os.environ.update(TERM="xterm-256color", COLUMNS="80", LINES="24")
                os.environ.pop("TEXTUAL", None)
                sys.stdin, sys.stdout, sys.stderr = sys.__stdin__, sys.__stdout__, sys.__stderr__
                try:
                    main(args)
                    code = 0
                except SystemExit as exit_:
                    code = exit_.code if isinstance(exit_.code, int) else 1
            finally:
                os._exit(code)
        self.pid = pid
        self.master = master
        self.status: int | None = None
        self.output = bytearray()
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.master, 65536)
            except OSError:
                return
            if not chunk:
                return
            self.output.extend(chunk)

    def poll(self) -> int | None:
        if self.status is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = status
        return self.status

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def kill(self) -> None:
        if self.poll() is None:
            os.kill(self.pid, signal.SIGKILL)
            _, self.status = os.waitpid(self.pid, 0)
        self._reader.join(timeout=TIMEOUT)
        os.close(self.master)

    @property
    def killed(self) -> bool:
        return (
            self.status is not None
            and os.WIFSIGNALED(self.status)
            and os.WTERMSIG(self.status) == signal.SIGKILL
        )

    def tail(self) -> str:
        return bytes(self.output[-1500:]).decode(errors="replace")


def wait_for(condition: Callable[[], bool], what: str, terminal: Terminal) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if terminal.poll() is not None:
            raise AssertionError(f"okrtui exited while waiting for {what}: {terminal.tail()}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}: {terminal.tail()}")
        time.sleep(0.02)


def _read(db: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute(sql).fetchall()
    except sqlite3.OperationalError:
        return []
    finally:
        connection.close()


def stored_confidences(db: Path) -> list[int]:
    rows = _read(
        db,
        "SELECT confidence FROM checkins WHERE meeting_id IN "
        "(SELECT id FROM meetings WHERE status = 'running') ORDER BY id",
    )
    return [int(str(row[0])) for row in rows]


def current_step(db: Path) -> int | None:
    rows = _read(db, "SELECT current_step FROM meetings WHERE status = 'running'")
    return int(str(rows[0][0])) if rows else None


def saved(db: Path, count: int) -> Callable[[], bool]:
    return lambda: len(stored_confidences(db)) >= count


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`okrtui demo --no-open --db F`, once; every run works on its own copy."""
    folder = tmp_path_factory.mktemp("crash-demo")
    path = folder / "demo.db"
    subprocess.run(
        [sys.executable, "-m", "okrtui", "demo", "--no-open", "--db", str(path)],
        check=True,
        capture_output=True,
        cwd=folder,
    )
    return path


def _preload() -> None:
    """Import what the meeting runner needs, once, before the children are forked."""
    import okrtui.commands.meeting
    import okrtui.tui.app
    import okrtui.tui.meeting_start
    import okrtui.tui.screens.dashboard
    import okrtui.tui.screens.meeting
    import okrtui.tui.steps  # noqa: F401


@dataclass(frozen=True)
class Run:
    seed: int
    typed: str
    completed_before_kill: list[int]
    stored_after_kill: list[int]
    waited_each: bool = True


def entries(typed: str, *, full_speed: bool) -> list[int]:
    """The check-ins `typed` makes: at full speed `1` then `0` is one check-in of 10."""
    found: list[int] = []
    i = 0
    while i < len(typed):
        if full_speed and typed[i] == "1" and typed[i + 1 : i + 2] == "0":
            found.append(10)
            i += 2
        else:
            found.append(int(typed[i]))
            i += 1
    return found


def crash_once(seed: int, template: Path, folder: Path, kr_count: int) -> Run:
    rng = random.Random(seed)
    digits = "".join(rng.choice("0123456789") for _ in range(kr_count))
    kill_after = rng.randint(0, len(digits))  # keys sent before the kill
    kill_delay = rng.choice([0.0, 0.0, 0.002, 0.01, 0.03, 0.08])
    wait_each = rng.random() < 0.5  # type at full speed, or wait for each row
    db = folder / f"crash-{seed}.db"
    shutil.copy(template, db)
    terminal = Terminal(
        [
            "meeting",
            "start",
            "weekly-checkin",
            "--team",
            TEAM,
            "--db",
            str(db),
            "--me",
            FACILITATOR,
        ]
    )
    try:
        wait_for(lambda: b"Step 1 of 5" in terminal.output, "the first step", terminal)
        terminal.send("]")
        wait_for(lambda: current_step(db) == KR_ROUND, "the KR round to be saved", terminal)
        wait_for(lambda: b"Step 2 of 5" in terminal.output, "the KR round on screen", terminal)
        for key in digits[:kill_after]:
            n = len(stored_confidences(db)) + 1
            terminal.send(key)
            if wait_each:  # a lone `1` is saved once its moment for a `0` has passed
                wait_for(saved(db, n), f"entry {n}", terminal)
        if kill_delay:
            time.sleep(kill_delay)  # where the kill lands is the point of the test
        completed = stored_confidences(db)
    finally:
        terminal.kill()
    assert terminal.killed, terminal.tail()
    return Run(seed, digits[:kill_after], completed, stored_confidences(db), wait_each)


def check_after_crash(run: Run, db: Path) -> None:
    typed = entries(run.typed, full_speed=not run.waited_each)
    stored = run.stored_after_kill
    label = f"seed {run.seed}: typed {run.typed!r}"
    assert stored[: len(run.completed_before_kill)] == run.completed_before_kill, label
    assert stored == typed[: len(stored)], f"{label}: stored {stored} is not a prefix"

    connection = sqlite3.connect(db)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)], label
    finally:
        connection.close()

    store = Store(open_db(db))
    try:
        resumable = find_resumable(store)
        assert len(resumable) == 1, label
        meeting = resumable[0]
        assert meeting.current_step == KR_ROUND, label
        assert [c.confidence for c in store.meeting_checkins(meeting.id)] == stored, label
        offer = resume_offers(store)[0]
        assert offer.step.position == KR_ROUND and offer.step.kind == "krs", label
        assert offer.checkins == len(stored), label
    finally:
        store.db.close()


def test_sigkill_mid_meeting_loses_no_completed_entry(demo_file: Path, tmp_path: Path) -> None:
    store = Store(open_db(demo_file))
    try:
        team = store.team_by_code(TEAM)
        cycle = store.resolve_cycle(None)
        kr_count = sum(
            len(store.key_results(objective_id=o.id)) for o in store.objectives(cycle.id, team.id)
        )
    finally:
        store.db.close()
    assert kr_count >= 3

    _preload()
    runs = [crash_once(seed, demo_file, tmp_path, kr_count) for seed in range(RUNS)]
    for run in runs:
        check_after_crash(run, tmp_path / f"crash-{run.seed}.db")

    typed = sum(len(run.typed) for run in runs)
    kept = sum(len(run.stored_after_kill) for run in runs)
    completed = sum(len(run.completed_before_kill) for run in runs)
    print(f"{len(runs)} kills; {typed} keys typed, {completed} entries completed, {kept} kept")
    # The runs must have killed the process at different points, some with entries saved.
    assert len(runs) >= 20
    assert len({len(run.stored_after_kill) for run in runs}) >= 3
    assert any(run.stored_after_kill for run in runs)
    assert sum(len(run.stored_after_kill) for run in runs) > 0


TYPING = (
    "Li: pair on the flaky test before Friday; Sam owns the rollout plan and the "
    "runbook, and we check the queue times again next week."
)
KEY_GAP = 0.03  # a fast typist, without a pause
NOTES_STEP = 4  # the closing notes of the weekly check-in


def _text(db: Path, sql: str) -> str:
    rows = _read(db, sql)
    return str(rows[0][0]) if rows else ""


def closing_notes(db: Path) -> str:
    return _text(
        db,
        "SELECT s.notes FROM meeting_steps s JOIN meetings m ON m.id = s.meeting_id "
        f"WHERE m.status = 'running' AND s.position = {NOTES_STEP}",
    )


def kr_note_draft(db: Path) -> str:
    return _text(db, "SELECT text FROM meeting_drafts WHERE field LIKE 'kr-note:%'")


def type_then_kill(seed: int, template: Path, folder: Path, where: str) -> None:
    """Type `TYPING` key by key into the closing notes or a KR note, kill the process at a
    random moment, and check that at most the last second of typing is lost."""
    rng = random.Random(seed)
    db = folder / f"typing-{where}-{seed}.db"
    shutil.copy(template, db)
    terminal = Terminal(
        ["meeting", "start", "weekly-checkin", "--team", TEAM, "--db", str(db), "--me", FACILITATOR]
    )
    read = closing_notes if where == "notes" else kr_note_draft
    sent_at: list[float] = []
    try:
        wait_for(lambda: b"Step 1 of 5" in terminal.output, "the first step", terminal)
        if where == "notes":
            terminal.send("g5")
            wait_for(lambda: current_step(db) == NOTES_STEP, "the notes step", terminal)
            wait_for(lambda: b"Closing notes" in terminal.output, "the notes on screen", terminal)
        else:
            terminal.send("]")
            wait_for(lambda: current_step(db) == KR_ROUND, "the KR round", terminal)
            wait_for(lambda: b"Step 2 of 5" in terminal.output, "the KR round shown", terminal)
            terminal.send("n")
            wait_for(lambda: b"Note on" in terminal.output, "the note field", terminal)
        stop_after = rng.uniform(1.5, KEY_GAP * len(TYPING))
        started = time.monotonic()
        for ch in TYPING:
            if time.monotonic() - started > stop_after:
                break
            terminal.send(ch)
            sent_at.append(time.monotonic())
            time.sleep(KEY_GAP)
        killed_at = time.monotonic()
    finally:
        terminal.kill()
    assert terminal.killed, terminal.tail()
    typed = TYPING[: len(sent_at)]
    kept = read(db)
    label = f"{where}, seed {seed}: typed {len(typed)} keys, kept {len(kept)}"
    assert typed.startswith(kept), label
    older = sum(1 for at in sent_at if killed_at - at > 1.0)
    assert len(kept) >= older, f"{label}: {older} were typed more than a second before"


@pytest.mark.parametrize("where", ["notes", "kr-note"])
def test_sigkill_while_typing_loses_at_most_the_last_second(
    demo_file: Path, tmp_path: Path, where: str
) -> None:
    _preload()
    for seed in range(3):
        type_then_kill(seed, demo_file, tmp_path, where)

"""A meeting killed (SIGKILL, not closed) after three confidence entries is offered for
resumption at the same step, with all three entries kept."""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest

from okrtui.clock import FixedClock, SystemClock, local_today
from okrtui.config import Settings
from okrtui.io.demo import load_demo
from okrtui.store import Store, open_db
from okrtui.tui.app import make_app
from okrtui.tui.screens.meeting import MeetingScreen
from okrtui.tui.screens.resume import ResumeModal

TIMEOUT = 60.0

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")


class Terminal:
    """A child process on a pseudo-terminal; its output is drained in a thread."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "80", "LINES": "24"}
        self.process = subprocess.Popen(
            args,
            stdin=slave,
            stdout=slave,
            stderr=slave,
            cwd=cwd,
            env=env,
            start_new_session=True,
        )
        os.close(slave)
        self.master = master
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

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=TIMEOUT)
        os.close(self.master)


def wait_for(condition: Callable[[], bool], what: str, terminal: Terminal) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        if terminal.process.poll() is not None:
            tail = bytes(terminal.output[-2000:]).decode(errors="replace")
            raise AssertionError(f"okrtui exited while waiting for {what}: {tail}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.05)


def stored_count_is(db: Path, n: int) -> bool:
    return meeting_checkins(db) == n


def meeting_checkins(db: Path) -> int:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        rows = connection.execute(
            "SELECT count(*) FROM checkins WHERE meeting_id IN "
            "(SELECT id FROM meetings WHERE status = 'running')"
        ).fetchone()
    except sqlite3.OperationalError:
        return 0
    finally:
        connection.close()
    return int(rows[0])


async def test_killed_meeting_is_offered_for_resumption(tmp_path: Path) -> None:
    db = tmp_path / "kill.db"
    store = Store(open_db(db), SystemClock())
    load_demo(store, local_today(SystemClock(), "UTC"))
    store.db.close()

    terminal = Terminal(
        [
            sys.executable,
            "-m",
            "okrtui",
            "meeting",
            "start",
            "weekly-checkin",
            "--team",
            "PLAT",
            "--db",
            str(db),
            "--me",
            "aisha",
        ],
        tmp_path,
    )
    try:
        wait_for(lambda: b"Step 1 of 5" in terminal.output, "the first step", terminal)
        terminal.send("]")
        wait_for(lambda: b"Step 2 of 5" in terminal.output, "the KR round", terminal)
        for n, key in enumerate("346", start=1):
            terminal.send(key)
            wait_for(partial(stored_count_is, db, n), f"check-in {n}", terminal)
    finally:
        terminal.kill()
    assert terminal.process.returncode == -signal.SIGKILL

    store = Store(open_db(db), FixedClock(datetime.now(UTC)))
    meeting = store.running_meetings()[0]
    assert meeting.current_step == 1
    stored = store.meeting_checkins(meeting.id)
    assert [c.confidence for c in stored] == [3, 4, 6]

    app = make_app(store, store.clock, Settings(), remember_settings=False, live_refresh=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        modal = app.screen
        assert isinstance(modal, ResumeModal)
        assert modal.question.startswith("Resume 'Weekly check-in' (Platform) at step 2 of 5")
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MeetingScreen)
        assert screen.session.position == 1
        assert screen.session.current.title == "KR round"
        assert len(store.meeting_checkins(meeting.id)) == 3

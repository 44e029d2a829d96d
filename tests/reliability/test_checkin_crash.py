"""A crash of the check-in screen (`okrtui checkin`) exits non-zero and says where its log
is, as the main app does; the check-ins saved before it, and a `1` still waiting for its
`0`, are in the database.

The screen runs on a real pseudo-terminal (80×24) in a child forked from this process, with
the real command line; only the screen's `move` is made to raise, so ↓ crashes it.
"""

from __future__ import annotations

import fcntl
import os
import pty
import re
import signal
import sqlite3
import struct
import sys
import termios
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from okrtui.clock import FixedClock
from okrtui.config import Settings, data_home
from okrtui.store import Store, open_db
from tests.conftest import NOW, build_small_org

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

TIMEOUT = 60.0
BOOM = "boom in the check-in screen"


def crashing_checkin(db: Path) -> None:
    """In the child: `okrtui --db DB --me ana checkin`, on a fixed clock, ↓ raising."""
    import okrtui.tui.checkin_app as screen
    from okrtui.cli import cli
    from okrtui.cli_support import Env

    def move(self: object, step: int) -> None:
        raise RuntimeError(BOOM)

    screen.CheckinApp.move = move  # type: ignore[method-assign]
    env = Env(Settings(theme="textual-dark"), FixedClock(NOW), None, None)
    cli.main(args=["--db", str(db), "--me", "ana", "checkin"], prog_name="okrtui", obj=env)


class Terminal:
    """A forked child running `run` on a pseudo-terminal of 80×24; its output drained."""

    def __init__(self, run: Callable[[], None]) -> None:
        pid, master = pty.fork()
        if pid == 0:  # the child: never returns into pytest
            code = 1
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
                os.environ.update(TERM="xterm-256color", COLUMNS="80", LINES="24")
                os.environ.pop("TEXTUAL", None)
                sys.stdin, sys.stdout, sys.stderr = sys.__stdin__, sys.__stdout__, sys.__stderr__
                try:
                    run()
                    code = 0
                except SystemExit as exit_:
                    code = exit_.code if isinstance(exit_.code, int) else 1
            finally:
                os._exit(code)
        self.pid, self.master = pid, master
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

    def wait_for(self, condition: Callable[[], bool], what: str) -> None:
        deadline = time.monotonic() + TIMEOUT
        while not condition():
            if time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"timed out waiting for {what}: {self.text()[-1500:]}")
            time.sleep(0.02)

    def send(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def kill(self) -> None:
        if self.poll() is None:
            os.kill(self.pid, signal.SIGKILL)
            _, self.status = os.waitpid(self.pid, 0)

    def close(self) -> None:
        self._reader.join(timeout=TIMEOUT)
        os.close(self.master)

    def text(self) -> str:
        """What the child wrote, without escape sequences or line breaks."""
        raw = bytes(self.output).decode(errors="replace")
        plain = re.sub(
            r"\x1b(\[[0-9;?<>=]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|[@-Z\\-_])", "", raw
        )
        return re.sub(r"\s+", " ", plain)


def confidences(db: Path, after: int) -> dict[str, list[int]]:
    """The confidences of the check-ins with an id above `after`, KR by KR."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        rows = connection.execute(
            "SELECT k.ref, c.confidence FROM checkins c JOIN key_results k ON k.id = c.kr_id "
            "WHERE c.id > ? ORDER BY c.id",
            [after],
        ).fetchall()
    except sqlite3.OperationalError:
        return {}
    finally:
        connection.close()
    found: dict[str, list[int]] = {}
    for ref, confidence in rows:
        found.setdefault(str(ref), []).append(int(confidence))
    return found


@pytest.fixture
def team_db(db_path: Path) -> Path:
    db = open_db(db_path)
    build_small_org(Store(db, FixedClock(NOW), actor="test"))
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return db_path


def last_checkin_id(db: Path) -> int:
    connection = sqlite3.connect(db)
    try:
        return int(connection.execute("SELECT coalesce(max(id), 0) FROM checkins").fetchone()[0])
    finally:
        connection.close()


def test_a_crash_of_the_checkin_screen_exits_non_zero_says_where_its_log_is_and_loses_nothing(
    team_db: Path,
) -> None:
    import okrtui.cli
    import okrtui.tui.app
    import okrtui.tui.checkin_app  # noqa: F401  (imported once, before the fork)

    log = data_home() / "crash.log"
    before = last_checkin_id(team_db)
    terminal = Terminal(lambda: crashing_checkin(team_db))
    try:
        terminal.wait_for(lambda: "ENG-2.2" in terminal.text(), "the check-in screen")
        terminal.send("7")
        saved = {"ENG-1.1": [7]}
        terminal.wait_for(lambda: confidences(team_db, before) == saved, "ENG-1.1 at 7")
        terminal.send("\r1")  # ⏎ to ENG-2.2, then a `1` waiting for a possible `0`
        terminal.wait_for(lambda: "0 now makes it 10" in terminal.text(), "the waiting 1")
        terminal.send("\x1b[B")  # ↓: the crash
        terminal.wait_for(lambda: terminal.poll() is not None, "the crashed screen to exit")
    finally:
        terminal.kill()
        terminal.close()
    status = terminal.status
    assert status is not None and os.WIFEXITED(status), terminal.text()[-1500:]
    assert os.WEXITSTATUS(status) == 1
    said = f"okrtui: the app stopped on an unexpected error; details are in {log}"
    assert said in terminal.text()
    text = log.read_text()
    assert "Traceback" in text and f"RuntimeError: {BOOM}" in text
    assert confidences(team_db, before) == {"ENG-1.1": [7], "ENG-2.2": [1]}

"""Where the bug lives in the terminal: keys typed fast around a step change or a dialog,
and a hang-up, on the real program in a pseudo-terminal (80×24)."""

from __future__ import annotations

import os
import shutil
import signal
import sys
import time
from functools import partial
from pathlib import Path

import pytest

from tests.reliability.test_crash_meeting import (
    FACILITATOR,
    TEAM,
    Terminal,
    _preload,
    _read,
    current_step,
    demo_file,  # noqa: F401  (a fixture)
    stored_confidences,
    wait_for,
)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal")

NOTES_STEP = 4  # the closing notes of the weekly check-in


def notes_of(db: Path, position: int) -> str:
    rows = _read(
        db,
        "SELECT s.notes FROM meeting_steps s JOIN meetings m ON m.id = s.meeting_id "
        f"WHERE m.status = 'running' AND s.position = {position}",
    )
    return str(rows[0][0]) if rows else ""


def start(template: Path, folder: Path, name: str) -> tuple[Terminal, Path]:
    db = folder / f"{name}.db"
    shutil.copy(template, db)
    _preload()
    terminal = Terminal(
        ["meeting", "start", "weekly-checkin", "--team", TEAM, "--db", str(db), "--me", FACILITATOR]
    )
    wait_for(lambda: b"Step 1 of 5" in terminal.output, "the first step", terminal)
    return terminal, db


def go_to_step(terminal: Terminal, db: Path, position: int) -> None:
    for now in range(current_step(db) or 0, position):
        shown = f"Step {now + 2} of 5".encode()
        terminal.send("]")
        wait_for(partial(step_after, db, now), "the next step", terminal)
        wait_for(partial(shows, terminal, shown), "it shown", terminal)


def shows(terminal: Terminal, text: bytes) -> bool:
    return text in terminal.output


def step_after(db: Path, position: int) -> bool:
    return (current_step(db) or 0) > position


def test_keys_typed_with_the_step_change_reach_the_new_step(
    demo_file: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    terminal, db = start(demo_file, tmp_path, "fast")
    try:
        go_to_step(terminal, db, NOTES_STEP - 1)
        terminal.send("]Li: pair on the flaky test")
        wait_for(lambda: "test" in notes_of(db, NOTES_STEP), "the notes saved", terminal)
    finally:
        terminal.kill()
    assert notes_of(db, NOTES_STEP) == "Li: pair on the flaky test"


def test_a_hang_up_saves_the_notes_being_typed(
    demo_file: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    terminal, db = start(demo_file, tmp_path, "hangup")
    try:
        go_to_step(terminal, db, NOTES_STEP)
        wait_for(lambda: b"Closing notes" in terminal.output, "the notes step", terminal)
        terminal.send("We ship on Friday")
        wait_for(lambda: b"Friday" in terminal.output, "the text on screen", terminal)
        os.kill(terminal.pid, signal.SIGHUP)  # at once: within the half-second save
        deadline = time.monotonic() + 30
        while terminal.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        exited = terminal.poll() is not None
    finally:
        terminal.kill()
    assert notes_of(db, NOTES_STEP) == "We ship on Friday"
    assert exited and not terminal.killed


def wins_of(db: Path) -> list[str]:
    return [str(row[0]) for row in _read(db, "SELECT text FROM wins ORDER BY id")]


def test_three_fast_enters_save_a_form_and_close_it(
    demo_file: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    terminal, db = start(demo_file, tmp_path, "enters")
    before = wins_of(db)
    try:
        go_to_step(terminal, db, 1)  # the KR round: `w` opens the win form (3 fields)
        terminal.send("wShipped the cache\r\r\r")
        wait_for(lambda: "Shipped the cache" in wins_of(db), "the win saved", terminal)
        terminal.send("7")  # the form is closed: the digit reaches the KR round
        wait_for(lambda: stored_confidences(db) == [7], "the confidence", terminal)
    finally:
        terminal.kill()
    assert wins_of(db) == [*before, "Shipped the cache"]


def test_g_and_a_step_number_typed_together_jump(
    demo_file: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    terminal, db = start(demo_file, tmp_path, "jump")
    try:
        terminal.send("g5")
        wait_for(lambda: current_step(db) == NOTES_STEP, "the jump to step 5", terminal)
        terminal.send("done")
        wait_for(lambda: notes_of(db, NOTES_STEP) == "done", "the notes", terminal)
    finally:
        terminal.kill()

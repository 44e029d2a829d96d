"""Screen commands need a terminal; without one they say so in one line and exit 2, and
write nothing. The one-line commands work anywhere. Real processes, no terminal."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

import pytest

from okrtui.terminal import has_terminal

SCREEN_COMMANDS = [
    ([], "the app needs a terminal"),
    (["checkin", "--me", "amara"], "okrtui checkin (the screen, without a KR) needs a terminal"),
    (["meeting", "start", "weekly-checkin", "--team", "PLAT"], "okrtui meeting start needs"),
]


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "okrtui", *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tty")
    path = folder / "demo.db"
    done = run(["demo", "--no-open", "--db", str(path)], folder)
    assert done.returncode == 0, done.stderr
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(("args", "said"), SCREEN_COMMANDS)
def test_a_screen_command_without_a_terminal_says_so_and_writes_nothing(
    demo: Path, args: list[str], said: str
) -> None:
    before = digest(demo)
    done = run([*args, "--db", str(demo)] if args else ["--db", str(demo)], demo.parent)
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr.startswith("okrtui: ") and said in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert "\x1b" not in done.stderr
    assert digest(demo) == before


def test_the_demo_that_would_open_the_app_needs_a_terminal(tmp_path: Path) -> None:
    done = run(["demo", "--db", str(tmp_path / "d.db")], tmp_path)
    assert done.returncode == 2
    assert "okrtui demo (without --no-open) needs a terminal" in done.stderr
    assert not (tmp_path / "d.db").exists()


def test_the_one_line_commands_work_without_a_terminal(demo: Path) -> None:
    done = run(["checkin", "PLAT-1.1", "-c", "6", "--me", "amara", "--db", str(demo)], demo.parent)
    assert done.returncode == 0, done.stderr
    assert "PLAT-1.1" in done.stdout
    assert run(["timeline", "--db", str(demo)], demo.parent).returncode == 0


def test_has_terminal_reads_both_streams(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    monkeypatch.undo()  # the autouse stand-in for a terminal
    monkeypatch.setattr(sys, "stdin", io.StringIO())
    assert has_terminal() is False

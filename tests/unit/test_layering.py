"""Everything outside `okrtui/tui/` never imports Textual; the proof runs in a fresh
interpreter over every module found on disk, so a new module is covered without a list."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "okrtui"


def core_modules() -> list[str]:
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[1:2] == ("tui",) or parts[-1] == "__main__":
            continue
        if parts[-1] == "__init__":
            parts = parts[:-1]
        names.append(".".join(parts))
    return names


def test_the_walk_finds_the_core() -> None:
    modules = core_modules()
    for name in ("okrtui.domain.krstate", "okrtui.store.checkin_write", "okrtui.views.dashboard"):
        assert name in modules
    assert not [m for m in modules if m.startswith("okrtui.tui")]


def test_no_module_outside_tui_imports_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"

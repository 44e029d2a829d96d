"""The core packages never import Textual; the proof runs in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "okrtui.domain.models",
    "okrtui.domain.progress",
    "okrtui.domain.bands",
    "okrtui.domain.calendar",
    "okrtui.domain.health",
    "okrtui.domain.risk",
    "okrtui.store",
    "okrtui.store.watch",
    "okrtui.agenda",
    "okrtui.meeting.session",
    "okrtui.meeting.notes",
    "okrtui.io.toml_io",
    "okrtui.io.demo",
    "okrtui.config",
    "okrtui.cli",
]


def test_core_packages_do_not_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"

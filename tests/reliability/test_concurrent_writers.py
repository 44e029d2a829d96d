"""Four processes write 500 check-ins each while an app is open on the same file.

No row is lost or written twice, no "database is locked" reaches anyone (the workers exit 0
with nothing on stderr, the app shows no error), and the app, refreshing live, ends up
showing every KR's final confidence and value.
"""

from __future__ import annotations

import asyncio
import io
import re
import sys
import time
from pathlib import Path

import pytest
from rich.console import Console

from okrtui.clock import SystemClock
from okrtui.commands.demo import write_demo
from okrtui.config import Settings
from okrtui.store import Store, open_db
from okrtui.tui.app import OkrApp, make_app

WORKERS = 4
PER_WORKER = 500
REFS = ("NW-1.1", "CX-1.1", "GROW-2.1", "PLAT-2.2")
DEADLINE = 60.0

WORKER = """
import sys
from okrtui.clock import SystemClock
from okrtui.domain.models import CheckIn
from okrtui.store import Store, open_db

path, worker, kr_id, start, target, count = sys.argv[1:7]
worker, kr_id, count = int(worker), int(kr_id), int(count)
start, target = float(start), float(target)
store = Store(open_db(path, create=False), SystemClock(), actor=f"worker-{worker}")
for n in range(count):
    store.add_checkin(
        CheckIn(
            kr_id=kr_id,
            at=store.clock.now(),
            value=start + (target - start) * n / (count - 1),
            confidence=(n + 3 * worker) % 11,
            note=f"w{worker}-{n}",
        )
    )
store.db.close()
"""


def final_confidence(worker: int) -> int:
    return (PER_WORKER - 1 + 3 * worker) % 11


def screen_text(app: OkrApp) -> str:
    console = Console(width=app.size.width, record=True, file=io.StringIO(), color_system=None)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def shows_final(text: str, ref: str, confidence: int) -> bool:
    """The KR's row shows 100 % progress (the last value is the target) and the confidence
    (after the band's mark: ✓, ! or ✗)."""
    pattern = rf"{re.escape(ref)}\s.*\s100%\s+(?:[✓!✗]\s*)?{confidence}\s"
    return re.search(pattern, text) is not None


@pytest.fixture
def demo_file(tmp_path: Path) -> Path:
    return write_demo(tmp_path / "busy.db", SystemClock())


async def test_four_writers_and_a_live_app(demo_file: Path) -> None:
    store = Store(open_db(demo_file), SystemClock())
    krs = [store.kr_by_ref(ref) for ref in REFS]
    before = store.db.execute("SELECT count(*) FROM checkins").fetchone()[0]
    app = make_app(store, store.clock, Settings(theme="textual-dark"), remember_settings=False)
    assert app.live_refresh
    async with app.run_test(size=(160, 60)) as pilot:
        await pilot.pause()
        workers = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                WORKER,
                str(demo_file),
                str(w),
                str(kr.id),
                str(kr.start),
                str(kr.target),
                str(PER_WORKER),
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
            )
            for w, kr in enumerate(krs)
        ]
        results = [await worker.communicate() for worker in workers]
        for w, (worker, (out, err)) in enumerate(zip(workers, results, strict=True)):
            assert worker.returncode == 0, f"worker {w}: {err.decode(errors='replace')}"
            assert err == b"" and out == b"", f"worker {w} said: {(out + err)[-2000:]!r}"

        deadline = time.monotonic() + DEADLINE
        text = ""
        while time.monotonic() < deadline:
            await pilot.pause(0.1)
            text = screen_text(app)
            if all(shows_final(text, ref, final_confidence(w)) for w, ref in enumerate(REFS)):
                break
        else:
            missing = [
                r for w, r in enumerate(REFS) if not shows_final(text, r, final_confidence(w))
            ]
            raise AssertionError(f"the app never showed the final values of {missing}:\n{text}")
        assert app.is_running and app.return_code is None
        errors = [n for n in app._notifications if n.severity == "error"]
        assert not errors, [n.message for n in errors]
        assert "database is locked" not in text and "busy" not in text

    rows = store.db.execute(
        "SELECT note, count(*) FROM checkins WHERE note GLOB 'w[0-9]-*' GROUP BY note"
    ).fetchall()
    counts = dict(rows)
    expected = {f"w{w}-{n}" for w in range(WORKERS) for n in range(PER_WORKER)}
    assert set(counts) == expected, "rows lost"
    assert set(counts.values()) == {1}, "rows written twice"
    total = store.db.execute("SELECT count(*) FROM checkins").fetchone()[0]
    assert total == before + WORKERS * PER_WORKER
    for w, kr in enumerate(krs):
        latest = store.latest_checkin(kr.id)
        assert latest is not None and latest.note == f"w{w}-{PER_WORKER - 1}"
    assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.db.close()

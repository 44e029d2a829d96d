"""okrtui's performance budget, measured against baselines in the same run.

    python -m bench.run [--reps N] [--keys N] [--quick]

Prints one table: what, measured (median), baseline (median), ratio or figure, budget,
and whether it is met. Each figure and its baseline are measured interleaved, so load on
the machine hits both alike. Never part of the test run.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from bench.bigorg import ME as BIG_ME
from bench.bigorg import ensure_bigorg
from bench.pty_run import PtyRun, run_in_pty
from bench.quiet import measure_quiet

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PYTHON = str(BIN / "python") if (BIN / "python").exists() else sys.executable
OKRTUI = str(BIN / "okrtui")
DEMO_ME = "amara"
DEMO_TEAM = "PLAT"
BIG_TEAM = "D01T1"
MIB = 1024 * 1024


@dataclass(frozen=True)
class Row:
    what: str
    measured: str
    baseline: str
    figure: str
    budget: str
    ok: bool | None


def median_ms(values: Sequence[float]) -> str:
    return f"{statistics.median(values) * 1000:.0f} ms"


class Bench:
    def __init__(self, reps: int, keys: int) -> None:
        self.reps = reps
        self.keys = keys
        self.tmp = Path(tempfile.mkdtemp(prefix="okrtui-bench-"))
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.tmp),
            "XDG_CONFIG_HOME": str(self.tmp / "config"),
            "XDG_DATA_HOME": str(self.tmp / "data"),
            "OKRTUI_CONFIG": str(self.tmp / "no-settings.toml"),
            "TERM": "xterm-256color",
            "LANG": "C.UTF-8",
        }
        self.rows: list[Row] = []

    def close(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)

    # -- the organisations ----------------------------------------------------------

    def prepare(self) -> None:
        big_cached = ensure_bigorg()
        self.big = self.tmp / "big.db"
        shutil.copy(big_cached, self.big)
        self.huge = self.tmp / "huge.db"
        shutil.copy(ensure_bigorg(scale=10), self.huge)
        self.demo = self.tmp / "demo.db"
        subprocess.run(
            [OKRTUI, "demo", "--no-open", "--db", str(self.demo)],
            env=self.env,
            check=True,
            capture_output=True,
        )
        self.demo_marker = self._week_label(self.demo)
        self.big_marker = self._week_label(self.big)
        self.huge_marker = self._week_label(self.huge)

    def _week_label(self, db: Path) -> str:
        code = (
            "import sys;from okrtui.store import Store, open_db;"
            "from okrtui.clock import SystemClock, local_today;"
            "from okrtui.domain.calendar import week_label;"
            "s=Store(open_db(sys.argv[1]),SystemClock());c=s.resolve_cycle(None);"
            "print(week_label(c, local_today(s.clock, s.timezone)))"
        )
        out = subprocess.run(
            [PYTHON, "-c", code, str(db)],
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return out.stdout.strip()

    def copy_of(self, db: Path, name: str) -> Path:
        target = self.tmp / name
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copy(db, target)
        return target

    # -- first paint and memory ------------------------------------------------------

    def first_paint(self) -> None:
        runs: dict[str, list[PtyRun]] = {"bare": [], "demo": [], "big": [], "huge": []}
        bare = [PYTHON, str(ROOT / "bench" / "bare_app.py"), self.demo_marker]
        bare_big = [PYTHON, str(ROOT / "bench" / "bare_app.py"), self.big_marker]
        demo = [OKRTUI, "--db", str(self.demo), "--me", DEMO_ME]
        big = [OKRTUI, "--db", str(self.big), "--me", BIG_ME]
        huge = [OKRTUI, "--db", str(self.huge), "--me", BIG_ME]
        runs["bare-big"] = []
        plan: list[tuple[str, list[str], str]] = [
            ("bare", bare, self.demo_marker),
            ("demo", demo, self.demo_marker),
            ("bare-big", bare_big, self.big_marker),
            ("big", big, self.big_marker),
            ("huge", huge, self.huge_marker),
        ]
        run_in_pty(bare, self.env, self.demo_marker)  # warm the file cache once
        run_in_pty(big, self.env, self.big_marker)
        run_in_pty(huge, self.env, self.huge_marker)
        for rep in range(self.reps):
            order = plan[rep % 2 :] + plan[: rep % 2]
            for name, argv, marker in order:
                runs[name].append(run_in_pty(argv, self.env, marker, settle=0.3))
        for name, base, budget, org in (
            ("demo", "bare", 1.3, "demo org"),
            ("big", "bare-big", 1.6, "big org"),
            ("huge", "bare-big", 1.5, "10x org"),
        ):
            measured = [r.first_paint for r in runs[name]]
            baseline = [r.first_paint for r in runs[base]]
            ratio = statistics.median(measured) / statistics.median(baseline)
            self.rows.append(
                Row(
                    f"first paint, {org} (pty 120x40)",
                    median_ms(measured),
                    f"{median_ms(baseline)} bare Textual app",
                    f"{ratio:.2f}x",
                    f"<= {budget}x",
                    ratio <= budget,
                )
            )
        bare_rss = statistics.median(r.max_rss for r in runs["bare-big"]) / MIB
        for name, org, budget in (("big", "big org", 150), ("huge", "10x org", 100)):
            rss = statistics.median(r.max_rss for r in runs[name]) / MIB
            self.rows.append(
                Row(
                    f"peak memory, {org} (ru_maxrss)",
                    f"{rss:.0f} MiB",
                    f"{bare_rss:.0f} MiB bare Textual app",
                    f"{rss:.0f} MiB",
                    f"<= {budget} MiB",
                    rss <= budget,
                )
            )

    # -- bytes written to the terminal -----------------------------------------------

    def quiet(self) -> None:
        bare = measure_quiet(
            [PYTHON, str(ROOT / "bench" / "bare_app.py"), self.demo_marker],
            self.env,
            self.demo_marker,
            motion_rows=range(5, 20, 2),
        )
        db = self.copy_of(self.demo, "quiet-meeting.db")
        start = ["meeting", "start", "weekly-checkin", "--team", DEMO_TEAM]
        meeting = measure_quiet(
            [OKRTUI, "--db", str(db), "--me", DEMO_ME, *start],
            self.env,
            "Wins",
            idle=10.0,
            motion_rows=range(8, 30, 2),
        )
        dashboard = measure_quiet(
            [OKRTUI, "--db", str(self.copy_of(self.demo, "quiet-dash.db")), "--me", DEMO_ME],
            self.env,
            self.demo_marker,
            idle=10.0,
            motion_rows=range(12, 36, 2),
        )
        base = f"{bare.first_frame / 1024:.0f} KB bare app's first frame"
        for what, value, budget, ok in (
            (
                "meeting screen, first frame (pty 120x40)",
                f"{meeting.first_frame / 1024:.0f} KB",
                "<= 30 KB",
                meeting.first_frame <= 30 * 1024,
            ),
            (
                "meeting screen, idle (10 s)",
                f"{meeting.idle_per_second:.0f} B/s",
                "<= 100 B/s",
                meeting.idle_per_second <= 100,
            ),
            (
                "dashboard, first frame (pty 120x40)",
                f"{dashboard.first_frame / 1024:.0f} KB",
                "(none)",
                None,
            ),
            (
                "dashboard, idle (10 s)",
                f"{dashboard.idle_per_second:.0f} B/s",
                "0 B/s",
                dashboard.idle_per_second == 0,
            ),
            (
                "dashboard, mouse moved over 120 cells of rows that do not change",
                f"{dashboard.motion} B",
                "0 B",
                dashboard.motion == 0,
            ),
        ):
            self.rows.append(Row(what, value, base, value, budget, ok))

    # -- keystrokes -----------------------------------------------------------------

    def keystrokes(self) -> None:
        rounds = 4
        per_round = max(1, self.keys // rounds)
        got: dict[str, list[float]] = {"bare": [], "demo": [], "big": [], "huge": []}
        for r in range(rounds):
            got["bare"] += self._keys(["bare", str(per_round)])
            demo = self.copy_of(self.demo, f"keys-demo-{r}.db")
            got["demo"] += self._keys(["okrtui", str(demo), DEMO_ME, DEMO_TEAM, str(per_round)])
            big = self.copy_of(self.big, f"keys-big-{r}.db")
            got["big"] += self._keys(["okrtui", str(big), BIG_ME, BIG_TEAM, str(per_round)])
            huge = self.copy_of(self.huge, f"keys-huge-{r}.db")
            got["huge"] += self._keys(["okrtui", str(huge), BIG_ME, BIG_TEAM, str(per_round)])
        base = got["bare"]
        for name, org in (
            ("demo", "demo org"),
            ("big", "big org, team of 20 KRs"),
            ("huge", "10x org, team of 20 KRs"),
        ):
            values = got[name]
            median = statistics.median(values)
            p95 = statistics.quantiles(values, n=20)[-1]
            self.rows.append(
                Row(
                    f"KR round keystroke -> committed + drawn, {org} ({len(values)} keys)",
                    f"median {median:.1f} ms, p95 {p95:.1f} ms",
                    f"median {statistics.median(base):.1f} ms bare app key -> Static",
                    f"{median:.1f} ms",
                    "median <= 20 ms" + (", p95 <= 30 ms" if name == "huge" else ""),
                    median <= 20 and (name != "huge" or p95 <= 30),
                )
            )

    def _keys(self, args: list[str]) -> list[float]:
        out = subprocess.run(
            [PYTHON, "-m", "bench.keys", *args],
            env={**self.env, "PYTHONPATH": str(ROOT)},
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        )
        values: list[float] = json.loads(out.stdout.strip().splitlines()[-1])
        return values

    # -- one-line commands ----------------------------------------------------------

    def wall(self, argv: Sequence[str], env: dict[str, str] | None = None) -> float:
        started = time.perf_counter()
        subprocess.run(argv, env=env or self.env, check=True, capture_output=True)
        return time.perf_counter() - started

    def _wall_of(self, argv: Sequence[str], _i: int) -> float:
        return self.wall(argv)

    def peak_memory(self, argv: Sequence[str]) -> int:
        """The peak resident memory of one run of `argv`, in bytes."""
        child = subprocess.Popen(
            argv, env=self.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        _, status, rusage = os.wait4(child.pid, 0)
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode:
            raise subprocess.CalledProcessError(child.returncode, list(argv))
        return int(rusage.ru_maxrss) * 1024

    def quick_checkin(self) -> None:
        db = self.copy_of(self.demo, "checkin.db")
        command = [OKRTUI, "--db", str(db), "--me", DEMO_ME, "checkin", "PLAT-1.1", "-c"]
        empty = [PYTHON, "-c", "pass"]
        measured, baseline = self._interleaved(
            lambda i: self.wall([*command, str(i % 11)]), lambda i: self.wall(empty), 3 * self.reps
        )
        ratio = statistics.median(measured) / statistics.median(baseline)
        self.rows.append(
            Row(
                "okrtui checkin KR --confidence N (whole process)",
                median_ms(measured),
                f"{median_ms(baseline)} python -c pass",
                f"{ratio:.1f}x",
                "<= 5x",
                ratio <= 5,
            )
        )

    def markdown(self) -> None:
        db = self.copy_of(self.big, "markdown.db")
        huge = self.copy_of(self.huge, "markdown-huge.db")
        notes = [OKRTUI, "--db", str(db), "notes", "latest"]
        report = [OKRTUI, "--db", str(db), "report"]
        huge_report = [OKRTUI, "--db", str(huge), "report"]
        empty = [PYTHON, "-c", "pass"]
        for what, argv, budget in (
            ("okrtui notes latest, big org (whole process)", notes, None),
            ("okrtui report, big org (whole process)", report, 2.0),
            ("okrtui report, 10x org (whole process)", huge_report, 2.0),
        ):
            measured, baseline = self._interleaved(
                partial(self._wall_of, argv), partial(self._wall_of, empty), self.reps
            )
            median = statistics.median(measured)
            self.rows.append(
                Row(
                    what,
                    median_ms(measured),
                    f"{median_ms(baseline)} python -c pass",
                    f"{median:.2f} s",
                    "(none)" if budget is None else f"<= {budget:g} s",
                    None if budget is None else median <= budget,
                )
            )
        rss = statistics.median(self.peak_memory(huge_report) for _ in range(3)) / MIB
        bare = statistics.median(self.peak_memory(empty) for _ in range(3)) / MIB
        self.rows.append(
            Row(
                "okrtui report, 10x org: peak memory",
                f"{rss:.0f} MiB",
                f"{bare:.0f} MiB python -c pass",
                f"{rss:.0f} MiB",
                "<= 150 MiB",
                rss <= 150,
            )
        )

    @staticmethod
    def _interleaved(
        measure: Callable[[int], float], base: Callable[[int], float], n: int
    ) -> tuple[list[float], list[float]]:
        measured: list[float] = []
        baseline: list[float] = []
        base(0)
        measure(0)
        for i in range(n):
            if i % 2:
                measured.append(measure(i + 1))
                baseline.append(base(i + 1))
            else:
                baseline.append(base(i + 1))
                measured.append(measure(i + 1))
        return measured, baseline


STEPS = ("first_paint", "keystrokes", "quick_checkin", "markdown", "quiet")


def table(rows: Sequence[Row]) -> str:
    head = ("what", "measured", "baseline (same run)", "ratio / figure", "budget", "")
    cells = [
        (r.what, r.measured, r.baseline, r.figure, r.budget, "" if r.ok is None else "✓✗"[not r.ok])
        for r in rows
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(c) + " |" for c in cells]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__)
    parser.add_argument("--reps", type=int, default=7, help="repetitions per figure")
    parser.add_argument("--keys", type=int, default=200, help="keystrokes per KR round figure")
    parser.add_argument("--quick", action="store_true", help="3 repetitions, 40 keystrokes")
    parser.add_argument(
        "--only",
        metavar="STEP,...",
        help="measure only these steps: " + ", ".join(STEPS),
    )
    args = parser.parse_args(argv)
    only = STEPS if args.only is None else args.only.split(",")
    unknown = sorted(set(only) - set(STEPS))
    if unknown:
        parser.error(f"--only: no step called {', '.join(unknown)} (steps: {', '.join(STEPS)})")
    reps, keys = (3, 40) if args.quick else (args.reps, args.keys)
    bench = Bench(reps, keys)
    started = time.perf_counter()
    try:
        bench.prepare()
        for name in STEPS:
            if name in only:
                print(f"measuring: {name} ...", file=sys.stderr, flush=True)
                getattr(bench, name)()
    finally:
        bench.close()
    load = os.getloadavg()[0]
    print(table(bench.rows))
    print(
        f"\n{reps} repetitions, {keys} keystrokes per org; medians. "
        f"{os.cpu_count()} CPUs, load average {load:.1f}; "
        f"Python {sys.version.split()[0]}; took {time.perf_counter() - started:.0f} s."
    )
    return 0 if all(r.ok is not False for r in bench.rows) else 1


if __name__ == "__main__":
    sys.exit(main())

"""A one-line text sparkline, for Markdown reports and the TUI alike."""

from __future__ import annotations

import math
from collections.abc import Sequence

BARS = "▁▂▃▄▅▆▇█"


def text_sparkline(values: Sequence[float | int], lo: float = 0, hi: float = 10) -> str:
    """One bar per value on the scale `lo`..`hi` (values outside clamp to the ends).

    The defaults fit confidence 0–10: 0 is ▁, 5 is ▅, 10 is █.
    """
    if not hi > lo:
        raise ValueError(f"sparkline needs hi > lo, got lo={lo}, hi={hi}")
    top = len(BARS) - 1
    bars = []
    for v in values:
        if not math.isfinite(v):
            raise ValueError(f"sparkline value must be a finite number, got {v}")
        level = math.floor((v - lo) / (hi - lo) * top + 0.5)
        bars.append(BARS[min(max(level, 0), top)])
    return "".join(bars)

"""How progress rolls up: one rule for an objective, a team and the organisation.

An objective's progress is the mean of its key results' progress, each clamped to [0, 1];
a team's and the organisation's is the mean of their objectives'. Every screen and report
(the dashboard, the alignment tree, the cycle report, the roll-over) uses these.
"""

from __future__ import annotations

from collections.abc import Iterable

from okrtui.domain.krstate import clamp01


def mean_progress(progresses: Iterable[float]) -> float:
    """Mean of `progresses`, each clamped first; 0.0 when there are none."""
    parts = [clamp01(p) for p in progresses]
    return sum(parts) / len(parts) if parts else 0.0


def objective_progress(kr_progresses: Iterable[float]) -> float:
    """An objective's progress from its key results'."""
    return mean_progress(kr_progresses)


def group_progress(objective_progresses: Iterable[float]) -> float:
    """A team's or the organisation's progress from its objectives'."""
    return mean_progress(objective_progresses)

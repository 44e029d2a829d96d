"""The alignment tree: organisation → objectives (following aligned-parent links) → KRs.

Each objective shows its progress as the dashboard and the report do, and the organisation
the mean over its objectives: one roll-up rule, `okrtui.domain.rollup`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from okrtui.domain.risk import RefKey, ref_key
from okrtui.domain.rollup import group_progress
from okrtui.views.dashboard import DashboardData, KRView, ObjectiveView


@dataclass(frozen=True, slots=True)
class AlignedObjective:
    objective: ObjectiveView
    team_code: str
    krs: tuple[KRView, ...]
    children: tuple[AlignedObjective, ...]
    rolled_up: float


@dataclass(frozen=True, slots=True)
class AlignmentTree:
    organisation: str
    roots: tuple[AlignedObjective, ...]
    rolled_up: float
    expected: float
    """The pace the cycle expects by today."""


def build_alignment(data: DashboardData) -> AlignmentTree:
    """The tree of the dashboard's objectives by their aligned parents.

    A parent outside the cycle, or a link that would loop, makes the objective a root.
    """
    objectives: dict[int, tuple[ObjectiveView, str]] = {
        o.id: (o, t.code) for t in data.teams for o in t.objectives
    }
    team_place = {t.id: i for i, t in enumerate(data.teams)}

    def order(oid: int) -> tuple[int, RefKey]:
        """Teams in organisation order (the top team first), then by reference."""
        o = objectives[oid][0]
        return team_place.get(o.team_id, len(team_place)), ref_key(o.ref)

    parents = {oid: o.parent_id for oid, (o, _) in objectives.items()}
    children: dict[int | None, list[int]] = defaultdict(list)
    for oid in objectives:
        parent = parents.get(oid)
        if parent not in objectives or _loops(oid, parents):
            parent = None
        children[parent].append(oid)

    def build(oid: int) -> AlignedObjective:
        objective, code = objectives[oid]
        kids = tuple(build(c) for c in sorted(children.get(oid, ()), key=order))
        return AlignedObjective(
            objective=objective,
            team_code=code,
            krs=objective.krs,
            children=kids,
            rolled_up=objective.progress,
        )

    roots = tuple(build(oid) for oid in sorted(children.get(None, ()), key=order))
    return AlignmentTree(
        organisation=data.organisation or "Organisation",
        roots=roots,
        rolled_up=group_progress(o.progress for o, _ in objectives.values()),
        expected=data.expected,
    )


def _loops(oid: int, parents: dict[int, int | None]) -> bool:
    seen = {oid}
    current = parents.get(oid)
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = parents.get(current)
    return False

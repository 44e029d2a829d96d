"""The drafting step, without Textual: a team's drafts with the coach (`draft`), or every
team's drafts against the objectives they align to (`align`), with the orphans, gaps and
overlaps the alignment session settles, and what agreeing and locking write.

- An orphan is an objective aligned to nothing while its team sits under a parent team
  (the coach's `unaligned` check).
- A gap is an objective of a team with sub-teams that none of its sub-teams' objectives
  aligns to: nobody below serves it.
- An overlap is two objectives of a cycle with the same title (the coach's duplicate check).
Retired objectives are left out of all of it.
"""

from __future__ import annotations

from dataclasses import dataclass

from okrtui.domain.coach import (
    check_duplicate_titles,
    check_unaligned,
    coach_key_result,
    coach_objective,
)
from okrtui.domain.health import HealthFinding, ref_sort_key
from okrtui.domain.kinds import CycleStatus
from okrtui.domain.models import Cycle, KeyResult, Objective, Team
from okrtui.domain.team_tree import team_tree
from okrtui.store import Store
from okrtui.views.edit_okr import LOCKING_MEANS, ObjectiveStatus, objective_status


@dataclass(frozen=True, slots=True)
class DraftObjective:
    objective: Objective
    parent: Objective | None
    krs: tuple[KeyResult, ...]
    findings: tuple[HealthFinding, ...]
    status: ObjectiveStatus = "draft"

    @property
    def agreed(self) -> bool:
        """Nothing is left to agree: agreed in a session, or in force in a running cycle."""
        return self.status != "draft"


@dataclass(frozen=True, slots=True)
class DraftTeam:
    team: Team
    depth: int
    objectives: tuple[DraftObjective, ...]


@dataclass(frozen=True, slots=True)
class DraftingView:
    cycle: Cycle
    teams: tuple[DraftTeam, ...]
    orphans: tuple[HealthFinding, ...]
    gaps: tuple[HealthFinding, ...]
    overlaps: tuple[HealthFinding, ...]

    @property
    def drafts_left(self) -> int:
        return sum(not d.agreed for t in self.teams for d in t.objectives)

    @property
    def objectives(self) -> list[DraftObjective]:
        return [d for t in self.teams for d in t.objectives]


def _coach(
    cycle: Cycle,
    objective: Objective,
    teams: list[Team],
    objectives: list[Objective],
    krs: list[KeyResult],
    own: list[KeyResult],
) -> tuple[HealthFinding, ...]:
    """The coach on an objective and on each of its key results."""
    found = coach_objective(cycle, objective, teams=teams, objectives=objectives, key_results=krs)
    for kr in own:
        found += coach_key_result(kr, own)
    return tuple(found)


def load_drafting(store: Store, cycle_id: int, team_id: int | None) -> DraftingView:
    """The drafts of one team (with its parent team's objectives, which it aligns to), or
    of every team when `team_id` is None."""
    cycle = store.cycle(cycle_id)
    teams = store.teams()
    objectives = [o for o in store.objectives(cycle_id) if o.retired_at is None]
    krs = [k for k in store.key_results(cycle_id) if k.retired_at is None]
    by_id = {o.id: o for o in objectives}
    team_by_id = {t.id: t for t in teams}
    shown: set[int] = {t.id for t in teams}
    if team_id is not None:
        own = team_by_id.get(team_id)
        shown = {team_id} | ({own.parent_id} if own and own.parent_id else set())
    krs_of: dict[int, list[KeyResult]] = {}
    for k in krs:
        krs_of.setdefault(k.objective_id, []).append(k)
    drafted: list[DraftTeam] = []
    for team, depth in team_tree(teams):
        if team.id not in shown:
            continue
        own_objectives = sorted(
            (o for o in objectives if o.team_id == team.id), key=lambda o: o.number
        )
        drafted.append(
            DraftTeam(
                team,
                depth,
                tuple(
                    DraftObjective(
                        o,
                        by_id.get(o.parent_id) if o.parent_id is not None else None,
                        tuple(krs_of.get(o.id, [])),
                        _coach(cycle, o, teams, objectives, krs, krs_of.get(o.id, [])),
                        objective_status(o, cycle),
                    )
                    for o in own_objectives
                ),
            )
        )
    in_scope = [d.objective for t in drafted for d in t.objectives]
    orphans = [f for o in in_scope for f in check_unaligned(o, team_by_id.get(o.team_id))]
    served = {o.parent_id for o in objectives if o.parent_id is not None}
    parents_of_teams = {t.parent_id for t in teams if t.parent_id is not None}
    gaps = [
        HealthFinding(
            severity="warning",
            code="gap",
            subject=o.ref,
            message=f"{o.ref} {o.title}: no sub-team's objective serves it.",
        )
        for o in sorted(in_scope, key=lambda o: ref_sort_key(o.ref))
        if o.team_id in parents_of_teams and o.id not in served
    ]
    overlaps = [
        f
        for f in check_duplicate_titles(
            (o.ref, o.title) for o in sorted(objectives, key=lambda o: ref_sort_key(o.ref))
        )
        if f.subject in {o.ref for o in in_scope}
    ]
    return DraftingView(cycle, tuple(drafted), tuple(orphans), tuple(gaps), tuple(overlaps))


def agree(store: Store, objective_id: int) -> str:
    objective = store.structure.agree_objective(objective_id)
    return f"Agreed {objective.ref}"


def lock_refusal(store: Store, view: DraftingView) -> str | None:
    """Why the cycle cannot be locked now (drafts left, locked or closed already), or None."""
    left = view.drafts_left
    if left:
        return f"{left} draft{'' if left == 1 else 's'} still to agree (y agrees one): not locked"
    cycle = store.cycle(view.cycle.id)
    if cycle.locked:
        return f"Cycle {cycle.slug} is locked already"
    if cycle.status is CycleStatus.CLOSED:
        return f"Cycle {cycle.slug} is closed"
    return None


def lock_question(view: DraftingView) -> tuple[str, str]:
    """The confirmation asked before locking: the question naming the cycle, and what
    locking means (DESIGN: milestones set in stone, changed only with a reason)."""
    c = view.cycle
    agreed = len(view.objectives)
    return (
        f"Lock cycle {c.name} ({c.slug})?",
        f"All {agreed} objective{'' if agreed == 1 else 's'} are agreed. {LOCKING_MEANS}",
    )


def next_step(view: DraftingView, *, align: bool) -> str:
    """What the step says comes next: lock once every objective is agreed (alignment), or
    that the cycle is locked; empty while drafts are left."""
    if view.cycle.locked:
        return f"Cycle {view.cycle.name} is locked: its milestones and targets are fixed."
    n = len(view.objectives)
    if not align or view.drafts_left or not n:
        return ""
    every = "The objective is" if n == 1 else f"All {n} objectives are"
    return f"{every} agreed: L locks cycle {view.cycle.name}."


def lock_when_agreed(store: Store, view: DraftingView) -> str:
    """Lock the cycle once every draft is agreed; say what is left otherwise (nothing is
    written then)."""
    from okrtui.cycle import lock_cycle

    refusal = lock_refusal(store, view)
    if refusal is not None:
        return refusal
    cycle = lock_cycle(store, store.cycle(view.cycle.id))
    return f"Locked cycle {cycle.slug}: its milestones and targets are fixed"

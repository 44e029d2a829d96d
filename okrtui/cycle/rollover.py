"""Rolling unfinished aspirational objectives over into the next cycle.

Decisions:
- A candidate is an aspirational objective of the closing cycle whose score is under 1.0:
  the mean of its KR grades when any KR is graded, else the mean of its KRs' progress.
  Committed objectives are not offered (a committed miss gets a post-mortem, not a rerun),
  but `rollover` copies any objective of the cycle the caller names.
- The copy keeps team, title, owner, kind and description, and gets the next free number
  and reference of its team in the new cycle (`ENG-4`, KRs `ENG-4.1`…). Its alignment
  (`parent_id`) is dropped: the parent belongs to the old cycle.
- KRs are copied as defined (kind, start, target, unit, direction, owner), numbered 1..n,
  and reset: no check-ins and no grades are copied, and none are invented. A KR without
  check-ins reads everywhere as its start value at the starting confidence 5, which is what
  a fresh KR is; writing a check-in nobody made would also fool the "confidence never moved"
  health check. Teams re-baseline a metric KR's start when they plan the new cycle.
- An objective already copied (same team and title in the target cycle) is refused, so a
  repeated command does not duplicate it. Everything is one transaction, audited per copy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from okrtui.cycle.errors import CycleError
from okrtui.domain.bands import objective_score
from okrtui.domain.krstate import current_value, last_value
from okrtui.domain.krstate import progress as kr_progress
from okrtui.domain.models import (
    CheckIn,
    Cycle,
    CycleStatus,
    KeyResult,
    Objective,
    ObjectiveKind,
)
from okrtui.domain.risk import ref_key
from okrtui.domain.rollup import objective_progress
from okrtui.store import Store

_FINISHED = 1.0 - 1e-9


@dataclass(frozen=True, slots=True)
class RolloverCandidate:
    """An objective offered for rollover, with the score that makes it unfinished."""

    objective: Objective
    key_results: tuple[KeyResult, ...]
    score: float
    from_grades: bool


def rollover_candidates(store: Store, cycle: Cycle) -> list[RolloverCandidate]:
    """Unfinished aspirational objectives of `cycle`, in reference order."""
    krs_by_objective = _krs_by_objective(store.key_results(cycle.id))
    history = store.checkin_history(cycle.id)
    grades = store.latest_grades(cycle.id)
    found: list[RolloverCandidate] = []
    for objective in store.objectives(cycle.id):
        if objective.kind is not ObjectiveKind.ASPIRATIONAL:
            continue
        krs = krs_by_objective.get(objective.id, [])
        graded = [
            g.score for kr in krs if (g := grades.get(kr.id)) is not None and g.score is not None
        ]
        score = objective_score(graded)
        from_grades = score is not None
        if score is None:
            score = objective_progress([_progress(kr, history.get(kr.id, [])) for kr in krs])
        if score < _FINISHED:
            found.append(RolloverCandidate(objective, tuple(krs), score, from_grades))
    return sorted(found, key=lambda c: ref_key(c.objective.ref))


def rollover(
    store: Store, from_cycle: Cycle, to_cycle: Cycle, objective_ids: Sequence[int]
) -> list[Objective]:
    """Copy the chosen objectives of `from_cycle`, with their KRs reset, into `to_cycle`.

    All or nothing: one bad id or an objective already copied changes nothing.
    """
    if from_cycle.id == to_cycle.id:
        raise CycleError(f"cannot roll cycle {from_cycle.slug} over into itself")
    chosen = list(dict.fromkeys(objective_ids))
    with store.write():
        target = store.cycle(to_cycle.id)
        if target.status is CycleStatus.CLOSED:
            raise CycleError(f"cycle {target.slug} is closed: nothing can be rolled into it")
        source = {o.id: o for o in store.objectives(from_cycle.id)}
        unknown = [str(i) for i in chosen if i not in source]
        if unknown:
            raise CycleError(f"objective id {', '.join(unknown)} is not in cycle {from_cycle.slug}")
        codes = {t.id: t.code for t in store.teams()}
        existing = {(o.team_id, o.title.casefold()): o for o in store.objectives(target.id)}
        krs_by_objective = _krs_by_objective(store.key_results(from_cycle.id))
        copies: list[Objective] = []
        for oid in chosen:
            old = source[oid]
            twin = existing.get((old.team_id, old.title.casefold()))
            if twin is not None:
                raise CycleError(
                    f"{old.ref} is already in cycle {target.slug} as {twin.ref} "
                    f"({old.title!r}); nothing was copied"
                )
            copies.append(_copy(store, old, target, codes[old.team_id], krs_by_objective))
    return copies


def _copy(
    store: Store,
    old: Objective,
    target: Cycle,
    code: str,
    krs_by_objective: dict[int, list[KeyResult]],
) -> Objective:
    number = store.next_objective_number(target.id, old.team_id)
    new = store.add_objective(
        old.model_copy(
            update={
                "id": 0,
                "cycle_id": target.id,
                "number": number,
                "ref": f"{code}-{number}",
                "parent_id": None,
            }
        )
    )
    for position, kr in enumerate(krs_by_objective.get(old.id, []), start=1):
        store.add_key_result(
            kr.model_copy(
                update={
                    "id": 0,
                    "objective_id": new.id,
                    "number": position,
                    "ref": f"{new.ref}.{position}",
                }
            ),
            target.id,
        )
    store.audit("objective", new.id, "rollover", old, new)
    return new


def _krs_by_objective(krs: Sequence[KeyResult]) -> dict[int, list[KeyResult]]:
    grouped: defaultdict[int, list[KeyResult]] = defaultdict(list)
    for kr in sorted(krs, key=lambda k: (k.number, ref_key(k.ref))):
        grouped[kr.objective_id].append(kr)
    return grouped


def _progress(kr: KeyResult, history: Sequence[CheckIn]) -> float:
    return kr_progress(kr, current_value(kr, last_value(history)))

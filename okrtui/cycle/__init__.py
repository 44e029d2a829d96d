"""The life of a cycle: create, lock, activate, grade, close and roll over. No Textual."""

from okrtui.cycle.errors import CycleError
from okrtui.cycle.lifecycle import (
    activate_cycle,
    close_cycle,
    default_milestones,
    grade_kr,
    leave_ungraded,
    lock_cycle,
    move_milestone,
    new_cycle,
    require_closable,
    ungraded_krs,
)
from okrtui.cycle.rollover import RolloverCandidate, rollover, rollover_candidates

__all__ = [
    "CycleError",
    "RolloverCandidate",
    "activate_cycle",
    "close_cycle",
    "default_milestones",
    "grade_kr",
    "leave_ungraded",
    "lock_cycle",
    "move_milestone",
    "new_cycle",
    "require_closable",
    "rollover",
    "rollover_candidates",
    "ungraded_krs",
]

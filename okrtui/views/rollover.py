"""What the end of a cycle-close meeting offers: the unfinished aspirational objectives
(`okrtui.cycle.rollover_candidates`) to copy into the next cycle, and the copy itself.

The next cycle is the earliest cycle that starts after this one's start and is not closed.
Without one, the offer says how many objectives could roll over and how to make the cycle.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from okrtui.cycle import RolloverCandidate, rollover, rollover_candidates
from okrtui.domain.kinds import CycleStatus
from okrtui.domain.models import Cycle
from okrtui.store import Store


@dataclass(frozen=True, slots=True)
class RolloverOffer:
    cycle: Cycle
    target: Cycle | None
    candidates: tuple[RolloverCandidate, ...]

    @property
    def note(self) -> str:
        """One line for the summary when there is nothing to ask."""
        n = len(self.candidates)
        if not n:
            return "No unfinished aspirational objectives to roll over."
        what = f"{n} unfinished aspirational objective{'' if n == 1 else 's'}"
        if self.target is None:
            return (
                f"{what} could roll over, but there is no next cycle yet: add one "
                "(+ then c), then copy them with `okrtui cycle close --rollover`."
            )
        return f"{what} can roll over into {self.target.name}."


def next_cycle(store: Store, cycle: Cycle) -> Cycle | None:
    later = [
        c
        for c in store.cycles()
        if c.id != cycle.id and c.start > cycle.start and c.status is not CycleStatus.CLOSED
    ]
    return min(later, key=lambda c: (c.start, c.id), default=None)


def rollover_offer(store: Store, cycle: Cycle) -> RolloverOffer:
    return RolloverOffer(cycle, next_cycle(store, cycle), tuple(rollover_candidates(store, cycle)))


def roll(store: Store, offer: RolloverOffer, objective_ids: Sequence[int]) -> str:
    """Copy the chosen objectives (their KRs reset) into the offer's next cycle."""
    if offer.target is None or not objective_ids:
        return "Nothing rolled over."
    copies = rollover(store, offer.cycle, offer.target, objective_ids)
    refs = ", ".join(c.ref for c in copies)
    n = len(copies)
    return f"Rolled {n} objective{'' if n == 1 else 's'} into {offer.target.name}: {refs}"

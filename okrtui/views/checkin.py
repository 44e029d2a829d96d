"""The check-in screen's view model, as plain data: my KRs in the current cycle and the
check-ins I make on them. No Textual: `okrtui.tui.checkin_app` shows it.

Every check-in goes through `Store.record_checkin`, and so through the one check-in
writer; a KR's confidence and value are read with `state_after`, the one rule of a KR's
state.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from okrtui.clock import Clock
from okrtui.domain.krstate import KRState, parse_value, state_after, value_text
from okrtui.domain.models import CheckIn, Cycle, CycleStatus, KeyResult, Person
from okrtui.errors import UserError
from okrtui.store import Store


def show_value(kr: KeyResult, value: float | None) -> str:
    return value_text(kr, value) or "no value"


@dataclass
class KRLine:
    """One of my KRs as the screen shows it."""

    kr: KeyResult
    history: list[CheckIn]
    start_confidence: int
    saved: CheckIn | None = None
    pending_value: float | None = None
    pending_note: str = ""
    before_mine: KRState | None = None
    """The confidence and value just before my first check-in here (for the summary)."""

    @property
    def confidence(self) -> int:
        return state_after(self.kr, self.history).confidence

    @property
    def value(self) -> float:
        return state_after(self.kr, self.history).value

    @property
    def done(self) -> bool:
        return self.saved is not None

    @property
    def has_pending(self) -> bool:
        return self.pending_value is not None or bool(self.pending_note)


@dataclass
class CheckinSession:
    """My KRs in the current cycle and the check-ins I make on them."""

    store: Store
    clock: Clock
    me: Person
    cycle: Cycle
    lines: list[KRLine] = field(default_factory=list)

    @classmethod
    def load(cls, store: Store, clock: Clock, me_id: int) -> CheckinSession:
        me = store.person(me_id)
        cycle = store.current_cycle()
        if cycle is None:
            raise UserError("there is no cycle yet (import an OKR set or run `okrtui demo`)")
        if cycle.status is CycleStatus.CLOSED:
            raise UserError(f"cycle {cycle.slug} is closed: no more check-ins")
        mine = [kr for kr in store.key_results(cycle.id) if kr.owner_id == me_id]
        history = store.checkin_history(cycle.id, [kr.id for kr in mine])
        lines = []
        for kr in mine:
            checkins = history.get(kr.id, [])
            line = KRLine(kr, checkins, 0)
            line.start_confidence = line.confidence
            lines.append(line)
        if not lines:
            raise UserError(f"{me.handle} owns no key results in cycle {cycle.slug}")
        return cls(store, clock, me, cycle, lines)

    def reload(self) -> None:
        """Take in check-ins written elsewhere; what I staged here stays."""
        history = self.store.checkin_history(self.cycle.id, [line.kr.id for line in self.lines])
        for line in self.lines:
            line.history = history.get(line.kr.id, [])

    @property
    def all_done(self) -> bool:
        return all(line.done for line in self.lines)

    def save(self, index: int, confidence: int | None = None) -> CheckIn:
        """A check-in of this KR with what is staged; `None` keeps the confidence."""
        line = self.lines[index]
        before = state_after(line.kr, line.history)
        saved = self.store.record_checkin(
            line.kr.id,
            confidence=line.confidence if confidence is None else confidence,
            value=line.pending_value,
            note=line.pending_note.strip(),
            author_id=self.me.id,
            at=self.clock.now(),
        )
        line.history = [*line.history, saved]
        if line.saved is None:
            line.before_mine = before
        line.saved = saved
        line.pending_value = None
        line.pending_note = ""
        return saved

    def stage_value(self, index: int, text: str) -> None:
        line = self.lines[index]
        try:
            value = parse_value(text, line.kr.unit)
        except ValueError as problem:
            raise UserError(f"{line.kr.ref}: {problem}") from None
        line.pending_value = value

    def toggle_done(self, index: int) -> None:
        line = self.lines[index]
        current = line.pending_value if line.pending_value is not None else line.value
        line.pending_value = 0.0 if (current or 0.0) >= 1 else 1.0

    def stage_note(self, index: int, text: str) -> None:
        self.lines[index].pending_note = text.strip()

    def summary(self) -> str:
        """What my check-ins here changed, KR by KR: the confidence and the value (a
        milestone's done / not done), from just before my first check-in to my last one.
        What others wrote meanwhile is not mine and is not counted as my change."""
        done = [line for line in self.lines if line.saved is not None]
        parts = []
        for line in done:
            assert line.saved is not None and line.before_mine is not None
            confidence_before, value_before = line.before_mine.confidence, line.before_mine.value
            after = line.before_mine.then(line.saved)
            confidence_after, value_after = after.confidence, after.value
            changes = []
            if confidence_after != confidence_before:
                changes.append(f"{confidence_before} → {confidence_after}")
            if value_after != value_before:
                kr = line.kr
                shown_before = show_value(kr, value_before)
                changes.append(f"{shown_before} → {show_value(kr, value_after)}")
            parts.append(f"{line.kr.ref} {', '.join(changes) if changes else 'no change'}")
        head = f"Checked in {len(done)} of {len(self.lines)} key results"
        return f"{head}: {', '.join(parts)}." if parts else f"{head}."

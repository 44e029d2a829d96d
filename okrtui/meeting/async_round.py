"""The async-first KR round: the room spends its time on what changed (issue 19).

Key results checked in since their team's last meeting and before this one began, whose
confidence did not drop, are "already in": the round passes them together with one key.
The others are discussed one by one, riskiest first (the order `meeting.scope.kr_round`
gives). The round opens with what changed and what is at risk; the summary and the notes
say how many key results were checked in before the meeting. No Textual.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from okrtui.domain.bands import (
    DEFAULT_THRESHOLDS,
    BandThresholds,
    ConfidenceBand,
    confidence_band,
)
from okrtui.domain.krstate import change_mark, state_after
from okrtui.domain.models import Meeting
from okrtui.meeting.scope import KRRoundRow, before_meeting
from okrtui.store import Store


@dataclass(frozen=True, slots=True)
class RoundEntry:
    """A KR round row with what was known when the meeting began."""

    row: KRRoundRow
    confidence_at_start: int
    checked_in_before: bool
    """Checked in since the team's last meeting, before this one began."""

    @property
    def change_at_start(self) -> int:
        return self.confidence_at_start - self.row.confidence_before

    @property
    def already_in(self) -> bool:
        return self.checked_in_before and self.change_at_start >= 0


@dataclass(frozen=True, slots=True)
class AsyncRound:
    discuss: tuple[RoundEntry, ...]
    """One by one, riskiest first."""
    already_in: tuple[RoundEntry, ...]
    """Passed together with one key, after the ones to discuss."""
    at_risk_band: tuple[RoundEntry, ...]
    """At risk or off track when the meeting began, riskiest first."""
    thresholds: BandThresholds = DEFAULT_THRESHOLDS

    @property
    def ordered(self) -> tuple[RoundEntry, ...]:
        return self.discuss + self.already_in

    @property
    def changed(self) -> tuple[RoundEntry, ...]:
        """KRs whose confidence moved between the last meeting and this one's start."""
        return tuple(e for e in self.ordered if e.change_at_start != 0)

    @property
    def checked_in_before(self) -> int:
        """How many key results were checked in before the meeting (since the last one)."""
        return sum(1 for e in self.ordered if e.checked_in_before)

    @property
    def keys_plain(self) -> int:
        """Keys a plain round takes: one confidence per key result."""
        return len(self.ordered)

    @property
    def keys_async(self) -> int:
        """Keys this round takes: one per key result discussed, one for all already in."""
        return len(self.discuss) + (1 if self.already_in else 0)

    def opening(self) -> list[str]:
        """What the round opens with: how many are in, what changed, what is at risk."""
        total = len(self.ordered)
        lines = [
            f"{self.checked_in_before} of {total} key results checked in before the meeting; "
            f"{len(self.already_in)} already in (confidence held or rose), "
            f"{len(self.discuss)} to discuss."
        ]
        missing = [e for e in self.ordered if not e.checked_in_before]
        if missing:
            names = ", ".join(
                f"{e.row.kr.ref} ({e.row.owner.name if e.row.owner else 'no owner'})"
                for e in missing
            )
            lines.append(f"Not checked in since the last meeting: {names}.")
        if self.changed:
            moves = ", ".join(
                f"{e.row.kr.ref} {e.row.confidence_before}→{e.confidence_at_start} "
                f"{change_mark(e.change_at_start)}"
                for e in self.changed
            )
            lines.append(f"Changed: {moves}.")
        else:
            lines.append("Changed: no confidence moved since the last meeting.")
        if self.at_risk_band:
            risky = ", ".join(
                f"{e.row.kr.ref} {e.confidence_at_start} "
                f"({confidence_band(e.confidence_at_start, self.thresholds).label.lower()})"
                for e in self.at_risk_band
            )
            lines.append(f"At risk: {risky}.")
        else:
            lines.append("At risk: nothing below on track.")
        return lines

    def closing(self) -> str:
        """For the summary and the notes."""
        return (
            f"{self.checked_in_before} of {len(self.ordered)} key results were checked in "
            f"before the meeting; the KR round took {self.keys_async} "
            f"key{'s' if self.keys_async != 1 else ''} against {self.keys_plain} for a plain "
            "round."
        )


def async_round(
    store: Store,
    meeting: Meeting,
    rows: Sequence[KRRoundRow],
    thresholds: BandThresholds = DEFAULT_THRESHOLDS,
) -> AsyncRound:
    """Group the KR round's rows (riskiest first, from `kr_round`) into those to discuss
    and those already in, keeping their order within each group."""
    history = store.checkin_history(meeting.cycle_id, [row.kr.id for row in rows])
    entries: list[RoundEntry] = []
    for row in rows:
        earlier = before_meeting(history.get(row.kr.id, []), meeting)
        at_start = state_after(row.kr, earlier).confidence
        since = [c for c in earlier if c.at > row.baseline.at]
        entries.append(RoundEntry(row, at_start, bool(since)))
    risky = [
        e
        for e in entries
        if confidence_band(e.confidence_at_start, thresholds) is not ConfidenceBand.ON_TRACK
    ]
    return AsyncRound(
        discuss=tuple(e for e in entries if not e.already_in),
        already_in=tuple(e for e in entries if e.already_in),
        at_risk_band=tuple(risky),
        thresholds=thresholds,
    )


def round_closing(
    store: Store, meeting: Meeting, thresholds: BandThresholds = DEFAULT_THRESHOLDS
) -> str | None:
    """The closing line of the meeting's first KR round (`AsyncRound.closing`), for the
    summary; None for a meeting without a KR round or with no KRs in it."""
    from okrtui.meeting.scope import kr_round, step_options

    step = next((s for s in store.meeting_steps(meeting.id) if s.kind == "krs"), None)
    if step is None:
        return None
    options = step_options(step)
    rows = kr_round(
        store,
        meeting,
        all_teams=options.get("scope") == "all",
        only_stale=options.get("only_stale") is True,
        thresholds=thresholds,
    )
    return async_round(store, meeting, rows, thresholds).closing() if rows else None

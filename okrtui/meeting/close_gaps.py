"""What a cycle's close would leave behind, for the cycle-close meeting's summary."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from okrtui.clock import local_today
from okrtui.domain.bands import needs_post_mortem
from okrtui.domain.calendar import cycle_weeks, week_of
from okrtui.domain.health import ref_sort_key
from okrtui.domain.models import Cycle, MilestoneKind
from okrtui.meeting.report_text import count_text
from okrtui.store import Store


@dataclass(frozen=True, slots=True)
class CloseGaps:
    """What a cycle's close would leave behind: KRs with no grade, committed KRs under 1.0
    without a post-mortem note, and a close before the grading deadline (week of how many)."""

    ungraded: tuple[str, ...]
    missing_post_mortems: tuple[str, ...]
    grading_deadline: date | None
    week: int
    weeks: int
    early: bool

    @property
    def anything(self) -> bool:
        return bool(self.ungraded or self.missing_post_mortems or self.early)

    def lines(self) -> list[str]:
        """One sentence per gap, every KR named (never "…and N more")."""
        out: list[str] = []
        if self.ungraded:
            ungraded = ", ".join(self.ungraded)
            out.append(f"{count_text(len(self.ungraded), 'KR')} without a grade: {ungraded}")
        if self.missing_post_mortems:
            out.append(
                f"{count_text(len(self.missing_post_mortems), 'committed KR')} under 1.0 without "
                f"a post-mortem note: {', '.join(self.missing_post_mortems)}"
            )
        if self.early:
            deadline = (
                f", before the grading deadline of {self.grading_deadline.isoformat()}"
                if self.grading_deadline is not None
                else ""
            )
            out.append(f"closing in week {self.week} of {self.weeks}{deadline}")
        return out


def close_gaps(store: Store, cycle: Cycle, on: date | None = None) -> CloseGaps:
    """What is missing if `cycle` closes on `on` (default: today in the store's zone)."""
    today = on if on is not None else local_today(store.clock, store.timezone)
    grades = store.latest_grades(cycle.id)
    objectives = {o.id: o for o in store.objectives(cycle.id)}
    krs = sorted(store.key_results(cycle.id), key=lambda k: ref_sort_key(k.ref))
    ungraded = tuple(kr.ref for kr in krs if kr.id not in grades)
    missing: list[str] = []
    for kr in krs:
        grade = grades.get(kr.id)
        objective = objectives.get(kr.objective_id)
        if grade is None or grade.score is None or objective is None:
            continue
        if needs_post_mortem(objective.kind, grade.score) and not grade.note.strip():
            missing.append(kr.ref)
    deadline = next(
        (m.on for m in store.milestones(cycle.id) if m.kind is MilestoneKind.GRADING_DEADLINE),
        None,
    )
    early = today < deadline if deadline is not None else today < cycle.end
    clamped = min(max(today, cycle.start), cycle.end)
    return CloseGaps(
        ungraded=ungraded,
        missing_post_mortems=tuple(missing),
        grading_deadline=deadline,
        week=week_of(cycle, clamped),
        weeks=cycle_weeks(cycle),
        early=early,
    )

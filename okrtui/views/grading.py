"""The grading step's rows: each KR in a meeting's scope with its current value, suggested
grade and latest grade, and each objective's score that follows from its KR grades.

No Textual here: the grading step draws these rows, and tests read them directly.
"""

from __future__ import annotations

from dataclasses import dataclass

from okrtui.domain.bands import (
    meets_expectation,
    needs_post_mortem,
    objective_score,
    suggested_grade,
)
from okrtui.domain.krstate import current_value, last_value
from okrtui.domain.krstate import progress as kr_progress
from okrtui.domain.models import Grade, KeyResult, Meeting, Objective, ObjectiveKind
from okrtui.domain.risk import ref_key
from okrtui.meeting.scope import scope_krs
from okrtui.store import Store


@dataclass(frozen=True, slots=True)
class GradingRow:
    kr: KeyResult
    objective: Objective
    team_code: str
    value: float | None
    progress: float
    suggested: float
    grade: Grade | None

    @property
    def kind(self) -> ObjectiveKind:
        return self.objective.kind

    @property
    def score(self) -> float | None:
        return None if self.grade is None else self.grade.score

    @property
    def left_ungraded(self) -> bool:
        return self.grade is not None and self.grade.score is None

    @property
    def note(self) -> str:
        return "" if self.grade is None else self.grade.note

    @property
    def post_mortem(self) -> bool:
        """A committed KR graded under 1.0."""
        return self.score is not None and needs_post_mortem(self.kind, self.score)

    def reading(self) -> str:
        """How the grade reads against what the kind expects."""
        if self.left_ungraded:
            return "left ungraded"
        if self.score is None:
            return ""
        if self.kind is ObjectiveKind.COMMITTED:
            if self.post_mortem:
                return "missed: PM ✓" if self.note.strip() else "missed: PM due"
            return "met 1.0"
        return "met 0.7" if meets_expectation(self.kind, self.score) else "under 0.7"


@dataclass(frozen=True, slots=True)
class ObjectiveScore:
    objective: Objective
    team_code: str
    score: float | None
    graded: int
    total: int


def load_grading(
    store: Store, meeting: Meeting, *, all_teams: bool = False
) -> tuple[list[GradingRow], list[ObjectiveScore]]:
    """The KRs in the meeting's scope in reference order, and each objective's score."""
    cycle_id = meeting.cycle_id
    scoped = scope_krs(store, cycle_id, None if all_teams else meeting.team_id)
    history = store.checkin_history(cycle_id)
    grades = store.latest_grades(cycle_id)
    teams = {t.id: t.code for t in store.teams()}
    rows: list[GradingRow] = []
    for item in sorted(scoped, key=lambda s: (ref_key(s.objective.ref), ref_key(s.kr.ref))):
        value = current_value(item.kr, last_value(history.get(item.kr.id, [])))
        rows.append(
            GradingRow(
                kr=item.kr,
                objective=item.objective,
                team_code=teams.get(item.objective.team_id, ""),
                value=value,
                progress=kr_progress(item.kr, value),
                suggested=suggested_grade(item.kr, value),
                grade=grades.get(item.kr.id),
            )
        )
    scores: list[ObjectiveScore] = []
    for objective_id in dict.fromkeys(r.objective.id for r in rows):
        mine = [r for r in rows if r.objective.id == objective_id]
        graded = [r.score for r in mine if r.score is not None]
        scores.append(
            ObjectiveScore(
                objective=mine[0].objective,
                team_code=mine[0].team_code,
                score=objective_score(graded),
                graded=len(graded),
                total=len(mine),
            )
        )
    return rows, scores

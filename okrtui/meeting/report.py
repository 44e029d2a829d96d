"""The cycle report: Markdown for GitHub, GitLab or a wiki.

The key results come from one query with their check-ins summed up by SQLite
(`okrtui.store.report_reads`), never a model per KR or check-in, and the report is written
section by section as it goes (`write_report`), so an organisation of 40,000 KRs and half a
million check-ins reports in about a second without holding the whole text. All user text
goes through `md_cell`, one line each.

Decisions:
- A KR with no grade yet shows the grade its progress suggests, marked "(suggested)";
  objective and team scores that include a suggestion are marked the same way. A KR left
  ungraded with a reason counts in no score.
- Objective score is the mean of its KR grades; a team's score is the mean of its
  objectives' scores; bands are the grade bands (red / yellow / green), always with a word.
- Confidence over the cycle is one bar per week: the latest confidence at the end of that
  week, 5 (the starting confidence) before the first check-in, up to the report's date.
- A milestone counts as held on its `held_on` date, else on the date of a meeting whose
  agenda has the milestone's name (a `mid-cycle-review` or `town-hall` meeting).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from operator import itemgetter
from typing import NamedTuple
from zoneinfo import ZoneInfo

from okrtui.clock import local_today
from okrtui.domain.bands import needs_post_mortem, objective_score, suggested_grade
from okrtui.domain.calendar import cycle_weeks, week_of
from okrtui.domain.health import HealthFinding, health_check
from okrtui.domain.krstate import (
    STARTING_CONFIDENCE,
    current_value,
    is_milestone,
    value_text,
    with_unit,
)
from okrtui.domain.models import Cycle, CycleStatus, Milestone, MilestoneKind, ReflectionKind
from okrtui.domain.models import ObjectiveKind as Kind
from okrtui.domain.risk import ref_key
from okrtui.meeting.close_gaps import CloseGaps as CloseGaps
from okrtui.meeting.close_gaps import close_gaps as close_gaps
from okrtui.meeting.health_report import finding_items
from okrtui.meeting.markdown import md_cell as _md_cell
from okrtui.meeting.report_text import (
    DASH,
    Score,
    against_text,
    band_text,
    confidence_line,
    count_text,
    grade_text,
    mean_score,
    minutes_text,
)
from okrtui.store import Store
from okrtui.store.report_reads import (
    LETTER_A,
    NO_CHECKIN,
    CheckinFolds,
    MeetingFacts,
    ObjectiveFacts,
    ReportKR,
    StepFacts,
    action_count,
    blocker_facts,
    kr_facts,
    latest_grade_facts,
    meeting_facts,
    objective_facts,
    person_names,
    win_facts,
)
from okrtui.views.calibration import cycle_calibration, week_ends

_STARTING = chr(LETTER_A + STARTING_CONFIDENCE)
md_cell = lru_cache(maxsize=4096)(_md_cell)
"""`md_cell` remembered: names, codes and titles repeat many times in a big report.
A pure function of its text, so sharing it between reports is safe."""

_OVERRUN_WORTH_NAMING = 60.0
"""A health check with more findings than this is one item naming every subject."""


class KRScore(NamedTuple):
    """A KR's place in the report: its grade (entered or suggested) and its confidences."""

    kr: ReportKR
    objective: ObjectiveFacts
    score: float | None
    suggested: bool
    note: str
    ungraded_reason: str


def render_report(store: Store, cycle: Cycle, *, today: date | None = None) -> str:
    """The cycle report as Markdown; `today` (default: the store clock's local date)
    bounds the confidence lines, the milestone states and the health check."""
    parts: list[str] = []
    write_report(store, cycle, parts.append, today=today)
    return "".join(parts)


def write_report(
    store: Store, cycle: Cycle, write: Callable[[str], object], *, today: date | None = None
) -> None:
    """`render_report`, handed to `write` a piece at a time: everything is read first
    (nothing is written when a read fails), then the sections one after the other."""
    on = today if today is not None else local_today(store.clock, store.timezone)
    _Report(store, cycle, min(max(on, cycle.start), cycle.end), today=on).write(write)


class _Report:
    def __init__(self, store: Store, cycle: Cycle, on: date, *, today: date) -> None:
        self.store = store
        self.cycle = cycle
        self.on = on
        self.today = today
        """The report's day, not clamped to the cycle (an early close is said from it)."""
        self.zone = ZoneInfo(store.timezone)
        self.closed = cycle.status is CycleStatus.CLOSED
        report_ends = self._week_ends()
        calibration_ends = week_ends(cycle, on, store.timezone)
        instants = sorted({*(e for e in report_ends if e is not None), *calibration_ends})
        week_marks = [len(instants) if e is None else instants.index(e) for e in report_ends]
        self._weekly = _picker(week_marks)
        self.calibration_marks = [instants.index(e) for e in calibration_ends]
        folds = CheckinFolds(store, cycle, instants)  # SQLite folds while the rest is read
        self.person_names = person_names(store)
        self._names: dict[int | None, str] = {None: DASH}
        self.teams = sorted(store.team_rows(), key=lambda t: t.code)
        self.team_code_by_id = {t.id: t.code for t in self.teams}
        objectives = objective_facts(store, cycle.id)
        self.objectives = sorted(objectives, key=lambda o: ref_key(o.ref))
        self.objective_by_id = {o.id: o for o in self.objectives}
        self.kr_rows = kr_facts(store, cycle.id)
        self.krs = sorted(self.kr_rows, key=lambda k: ref_key(k.ref))
        self.kr_ref_by_id = {k.id: k.ref for k in self.krs}
        self.grades = latest_grade_facts(store, cycle.id)
        self.milestones = store.milestones(cycle.id)
        self.meetings = meeting_facts(store, cycle.id)
        self.wins = win_facts(store, cycle.id)
        self.reflections = store.reflections(cycle.id)
        self.blocker_list = blocker_facts(store, cycle.id)
        self.open_actions = store.actions(cycle.id, open_only=True)
        self.actions_raised = action_count(store, cycle.id)
        self.decided = store.decisions(cycle.id)
        self.people = store.people_by_id() if self.decided else {}
        self.organisation = store.organisation
        self.scores = [
            self._kr_score(kr, self.objective_by_id[kr.objective_id])
            for kr in self.krs
            if kr.objective_id in self.objective_by_id
        ]
        self.by_objective: dict[int, list[KRScore]] = {o.id: [] for o in self.objectives}
        for s in self.scores:
            self.by_objective[s.objective.id].append(s)
        self.objective_scores = {o.id: _score_of(self.by_objective[o.id]) for o in self.objectives}
        self.by_team: dict[int, list[ObjectiveFacts]] = {}
        for o in self.objectives:
            self.by_team.setdefault(o.team_id, []).append(o)
        self._landed: dict[int, str] = {}
        self.early_close = self._early_close() if self.closed else ""
        self.folds = folds.result()

    # -- facts --------------------------------------------------------------------

    def _kr_score(self, kr: ReportKR, objective: ObjectiveFacts) -> KRScore:
        grade = self.grades.get(kr.id)
        score: float | None
        if grade is None:
            value = current_value(kr, kr.latest_value)
            score, suggested, note, reason = suggested_grade(kr, value), True, "", ""
        else:
            score, suggested = grade.score, False
            note, reason = grade.note, grade.ungraded_reason
        return KRScore(kr, objective, score, suggested, note, reason)

    def weekly_confidence(self, kr: ReportKR) -> str:
        """The confidence at the end of each week shown, as letters; "" without any
        check-in. Weeks before the first check-in hold the starting confidence."""
        fold = self.folds.get(kr.id)
        if fold is None:
            return ""
        return self._weekly(fold.confidence_before).replace(NO_CHECKIN, _STARTING)

    def _week_ends(self) -> list[datetime | None]:
        """The instant each week shown ends (local midnight after its last day); None for
        the cycle's last week, which takes every later check-in too (the closing round)."""
        shown = week_of(self.cycle, self.on)
        ends: list[datetime | None] = []
        for week in range(1, shown + 1):
            if week == cycle_weeks(self.cycle):
                ends.append(None)
            else:
                day = self.cycle.start + timedelta(days=7 * week)
                ends.append(datetime.combine(day, time(), tzinfo=self.zone))
        return ends

    def _local(self, at: datetime) -> date:
        return at.astimezone(self.zone).date()

    def name(self, person_id: int | None) -> str:
        shown = self._names.get(person_id)
        if shown is None:
            name = self.person_names.get(person_id) if person_id is not None else None
            shown = self._names[person_id] = DASH if name is None else md_cell(name)
        return shown

    def names(self, person_ids: Iterable[int]) -> str:
        return ", ".join(self.name(pid) for pid in person_ids) or DASH

    def team_code(self, team_id: int | None) -> str:
        code = self.team_code_by_id.get(team_id) if team_id is not None else None
        return md_cell(code) if code is not None else "all teams"

    def kr_ref(self, kr_id: int | None) -> str:
        ref = self.kr_ref_by_id.get(kr_id) if kr_id is not None else None
        return md_cell(ref) if ref is not None else DASH

    def landed(self, kr: ReportKR) -> str:
        """Where the KR stands (at the close: where it landed) against its target:
        `880 ms against 600 ms`, or `done` / `not done`."""
        shown = self._landed.get(kr.id)
        if shown is None:
            value = current_value(kr, kr.latest_value)
            if is_milestone(kr):
                shown = value_text(kr, value)
            elif kr.target is None:
                shown = md_cell(value_text(kr, value))
            else:
                target = _target_text(kr.target, kr.unit)
                shown = _md_cell(f"{value_text(kr, value)} against {target}")
            self._landed[kr.id] = shown
        return shown

    # -- sections -----------------------------------------------------------------

    def write(self, write: Callable[[str], object]) -> None:
        """Each section's pieces in turn, a blank line between sections."""
        sections: list[Callable[[], Iterator[str]]] = [
            self.header,
            self.headline,
            self.team_scores,
            self.objectives_section,
            self.committed_misses,
            self.at_risk_of_missing,
            self.blockers,
            self.wins_section,
            self.reflections_section,
            self.decisions,
            self.actions,
            self.milestones_section,
            self.meetings_section,
            self.calibration,
        ]
        for section in sections:
            for piece in section():
                write(piece)
            write("\n")
        write(self.health().rstrip("\n") + "\n")

    def header(self) -> Iterator[str]:
        c = self.cycle
        status = c.status.value + (", locked" if c.locked else "")
        lines = [
            f"# Cycle report: {md_cell(c.name)}",
            "",
            f"- **Cycle:** {md_cell(c.slug)}",
            f"- **Dates:** {c.start.isoformat()} to {c.end.isoformat()} ({cycle_weeks(c)} weeks)",
            f"- **Status:** {status}",
        ]
        if self.organisation:
            lines.append(f"- **Organisation:** {md_cell(self.organisation)}")
        lines.append(f"- **As of:** {self.on.isoformat()}")
        if self.early_close:
            lines.append(f"- **Closed early:** {self.early_close}")
        if any(s.suggested for s in self.scores):
            lines += [
                "",
                "Grades marked *(suggested)* have not been entered yet: they come from each "
                "key result's progress.",
            ]
        yield "\n".join([*lines, ""])

    def _early_close(self) -> str:
        """`in week 6 of 13, before the grading deadline of 2027-01-06`, or "" when the
        cycle closed at or after its grading deadline (or its end, without one)."""
        deadline = next(
            (m.on for m in self.milestones if m.kind is MilestoneKind.GRADING_DEADLINE), None
        )
        closed_on = self._closed_on()
        limit = deadline or self.cycle.end
        if closed_on >= limit:
            return ""
        week = week_of(self.cycle, min(max(closed_on, self.cycle.start), self.cycle.end))
        before = (
            f"before the grading deadline of {deadline.isoformat()}"
            if deadline is not None
            else f"before its end on {self.cycle.end.isoformat()}"
        )
        return f"in week {week} of {cycle_weeks(self.cycle)}, {before}"

    def _closed_on(self) -> date:
        """The day the cycle was closed, from the audit trail of its status; else its
        latest grade's day (grades come before the close); else the report's day."""
        closes = [
            e
            for e in self.store.audit_log("cycle", self.cycle.id)
            if e.action == "status" and CycleStatus.CLOSED.value in e.after
        ]
        if closes:
            return self._local(closes[-1].at)
        days = [self._local(g.at) for g in self.grades.values()]
        return max(days) if days else self.today

    def headline(self) -> Iterator[str]:
        """One screen for the town hall: the overall score, the committed hit rate, the
        aspirational average, the best and the weakest objective, the wins, the lessons."""
        lines = ["## Headline", ""]
        if not self.scores:
            yield "\n".join([*lines, "No key results in this cycle.", ""])
            return
        overall = mean_score(self.objective_scores[o.id] for o in self.objectives)
        lines.append(f"- **Overall score:** {overall.show()} · {overall.band()}")
        committed = [
            s for s in self.scores if s.objective.kind is Kind.COMMITTED and s.score is not None
        ]
        graded = [s for s in committed if not s.suggested]
        if graded:
            hit = sum(1 for s in graded if s.score is not None and s.score >= 1.0)
            lines.append(
                f"- **Committed hit rate:** {hit} of {len(graded)} graded committed key "
                f"results landed at 1.0 ({round(100 * hit / len(graded))}%)"
            )
        elif committed:
            lines.append("- **Committed hit rate:** not graded yet")
        aspirational = [
            s for s in self.scores if s.objective.kind is Kind.ASPIRATIONAL and s.score is not None
        ]
        if aspirational:
            average = mean_score(Score(s.score, s.suggested) for s in aspirational)
            lines.append(
                f"- **Aspirational average:** {average.show()} · {average.band()}; 0.7 is a success"
            )
        scored = [(self.objective_scores[o.id], o) for o in self.objectives]
        scored = [(sc, o) for sc, o in scored if sc.value is not None]
        if scored:
            best = max(scored, key=lambda pair: (pair[0].value or 0.0, -pair[1].id))
            worst = min(scored, key=lambda pair: (pair[0].value or 0.0, pair[1].id))
            lines.append(f"- **Best objective:** {self._objective_line(*best)}")
            if worst[1].id != best[1].id:
                lines.append(f"- **Weakest objective:** {self._objective_line(*worst)}")
        lines += ["", f"**Wins ({len(self.wins)})**", ""]
        lines += [f"- {md_cell(w.text)}{self._thanks(w.recognised_ids)}" for w in self.wins] or [
            "No wins recorded."
        ]
        lessons = [r for r in self.reflections if r.kind is ReflectionKind.LEARNED]
        lines += ["", f"**Lessons ({len(lessons)})**", ""]
        lines += [f"- {md_cell(r.text)}" for r in lessons] or ["No lessons recorded yet."]
        yield "\n".join([*lines, ""])

    def _objective_line(self, score: Score, o: ObjectiveFacts) -> str:
        return (
            f"{md_cell(o.ref)} {md_cell(o.title)} ({self.team_code(o.team_id)}), "
            f"{score.show()} · {score.band()}"
        )

    def _thanks(self, person_ids: Sequence[int]) -> str:
        return f" — thanks to {self.names(person_ids)}" if person_ids else ""

    def team_scores(self) -> Iterator[str]:
        lines = [
            "## Scores by team",
            "",
            "| Team | Objectives | Key results | Graded | Score | Band |",
            "|---|---:|---:|---:|---|---|",
        ]
        all_scores: list[Score] = []
        for team in self.teams:
            objectives = self.by_team.get(team.id)
            if not objectives:
                continue
            scores = [self.objective_scores[o.id] for o in objectives]
            all_scores += scores
            krs = [s for o in objectives for s in self.by_objective[o.id]]
            score = mean_score(scores)
            lines.append(
                f"| {md_cell(team.code)} {md_cell(team.name)} | {len(objectives)} | {len(krs)} "
                f"| {_graded(krs)} of {len(krs)} | {score.show()} | {score.band()} |"
            )
        if not all_scores:
            yield "\n".join([*lines[:2], "No objectives in this cycle.", ""])
            return
        overall = mean_score(all_scores)
        lines.append(
            f"| **All teams** | {len(self.objectives)} | {len(self.scores)} "
            f"| {_graded(self.scores)} of {len(self.scores)} | {overall.show()} "
            f"| {overall.band()} |"
        )
        yield "\n".join([*lines, ""])

    def objectives_section(self) -> Iterator[str]:
        yield "## Objectives and key results\n"
        written = False
        for team in self.teams:
            objectives = self.by_team.get(team.id)
            if not objectives:
                continue
            written = True
            lines = ["", f"### {md_cell(team.code)}: {md_cell(team.name)}", ""]
            for o in objectives:
                lines += self._objective(o)
            yield "\n".join(lines)
        if not written:
            yield "\nNo objectives in this cycle.\n"

    def _objective(self, o: ObjectiveFacts) -> list[str]:
        score = self.objective_scores[o.id]
        expected = "expected 1.0" if o.kind is Kind.COMMITTED else "read against 0.7"
        lines = [
            f"#### {md_cell(o.ref)} {md_cell(o.title)}",
            "",
            f"{o.kind.value.capitalize()} ({expected}) · owner {self.name(o.owner_id)} · "
            f"score **{score.show()}** · {score.band()}",
            "",
        ]
        krs = self.by_objective[o.id]
        if not krs:
            return [*lines, "No key results.", ""]
        lines += [
            "| KR | Key result | Owner | Landed | Grade | Band | Confidence by week | Note |",
            "|---|---|---|---|---|---|---|---|",
        ]
        name, landed, weekly = self.name, self.landed, self.weekly_confidence
        for s in krs:
            kr = s.kr
            if s.score is None:
                grade, note = _UNGRADED, f"Left ungraded: {s.ungraded_reason}"
            else:
                grade, note = _grade_cells(s.score, s.suggested), s.note
            lines.append(
                f"| {_md_cell(kr.ref)} | {md_cell(kr.title)} | {name(kr.owner_id)} "
                f"| {landed(kr)} | {grade} | {confidence_line(weekly(kr))} "
                f"| {md_cell(note) or DASH} |"
            )
        return [*lines, ""]

    def committed_misses(self) -> Iterator[str]:
        """Committed KRs graded under 1.0. A suggestion is no miss yet: those are listed as
        at risk of missing, while the cycle is open."""
        lines = ["## Committed misses", ""]
        misses = [
            s
            for s in self.scores
            if s.score is not None
            and not s.suggested
            and needs_post_mortem(s.objective.kind, s.score)
        ]
        if not misses:
            graded = any(not s.suggested for s in self.scores if s.objective.kind is Kind.COMMITTED)
            none = (
                "None: every graded committed key result landed."
                if graded
                else "None yet: no committed key result is graded."
            )
            yield "\n".join([*lines, none, ""])
            return
        lines += [
            "Committed key results are expected to score 1.0; each of these deserves a "
            "post-mortem.",
            "",
        ]
        for s in misses:
            score = s.score or 0.0
            given = f"graded {grade_text(score)}, landed {self.landed(s.kr)}"
            note = (
                f"post-mortem note: {md_cell(s.note)}"
                if s.note.strip()
                else "no post-mortem note yet"
            )
            lines.append(
                f"- **{md_cell(s.kr.ref)}** {md_cell(s.kr.title)} "
                f"({md_cell(s.objective.ref)}, owner {self.name(s.kr.owner_id)}): "
                f"{given}, {band_text(score)}; {note}"
            )
        yield "\n".join([*lines, ""])

    def at_risk_of_missing(self) -> Iterator[str]:
        """While the cycle is open: committed KRs not graded yet whose progress suggests
        less than 1.0."""
        if self.closed:
            return
        risky = [
            s
            for s in self.scores
            if s.suggested and s.score is not None and needs_post_mortem(s.objective.kind, s.score)
        ]
        lines = ["## Committed key results at risk of missing", ""]
        if not risky:
            yield "\n".join([*lines, "None: every ungraded committed key result is on 1.0.", ""])
            return
        lines += [
            "Not graded yet; their progress so far suggests less than the 1.0 they committed to.",
            "",
        ]
        for s in risky:
            lines.append(
                f"- **{md_cell(s.kr.ref)}** {md_cell(s.kr.title)} ({md_cell(s.objective.ref)}, "
                f"owner {self.name(s.kr.owner_id)}): {self.landed(s.kr)}, progress suggests "
                f"{grade_text(s.score or 0.0)}"
            )
        yield "\n".join([*lines, ""])

    def blockers(self) -> Iterator[str]:
        blockers = self.blocker_list
        resolved = [b for b in blockers if b.resolved_at is not None]
        lines = [
            "## Blockers",
            "",
            f"{len(blockers)} raised, {len(resolved)} resolved, "
            f"{len(blockers) - len(resolved)} still open.",
            "",
        ]
        if not blockers:
            yield "\n".join(lines)
            return
        lines += [
            "| Blocker | Team | KR | Owner | Raised | Resolved | Resolution |",
            "|---|---|---|---|---|---|---|",
        ]
        for b in blockers:
            done = "open" if b.resolved_at is None else self._local(b.resolved_at).isoformat()
            lines.append(
                f"| {md_cell(b.text)} | {self.team_code(b.team_id)} | {self.kr_ref(b.kr_id)} "
                f"| {self.name(b.owner_id)} | {self._local(b.raised_at).isoformat()} "
                f"| {done} | {md_cell(b.resolution) or DASH} |"
            )
        yield "\n".join([*lines, ""])

    def wins_section(self) -> Iterator[str]:
        wins = self.wins
        lines = ["## Wins and recognition", ""]
        if not wins:
            yield "\n".join([*lines, "No wins recorded.", ""])
            return
        recognised = {pid for w in wins for pid in w.recognised_ids}
        lines += [
            f"{count_text(len(wins), 'win')}, "
            f"{len(recognised)} {'person' if len(recognised) == 1 else 'people'} recognised.",
            "",
        ]
        for w in wins:
            where = [self.team_code(w.team_id)] if w.team_id is not None else []
            where += [self.kr_ref(w.kr_id)] if w.kr_id is not None else []
            context = f" ({', '.join(where)})" if where else ""
            thanks = f"; recognised: {self.names(w.recognised_ids)}" if w.recognised_ids else ""
            lines.append(f"- {self._local(w.at).isoformat()}{context}: {md_cell(w.text)}{thanks}")
        yield "\n".join([*lines, ""])

    def reflections_section(self) -> Iterator[str]:
        reflections = self.reflections
        lines = ["## Reflections", ""]
        if not reflections:
            yield "\n".join([*lines, "No reflections recorded.", ""])
            return
        for kind in ReflectionKind:
            chosen = [r for r in reflections if r.kind is kind]
            lines += [f"### {kind.label}", ""]
            if not chosen:
                lines += ["Nothing recorded.", ""]
                continue
            for r in chosen:
                team = f", {self.team_code(r.team_id)}" if r.team_id is not None else ""
                lines.append(f"- {md_cell(r.text)} ({self.name(r.author_id)}{team})")
            lines.append("")
        yield "\n".join(lines)

    def decisions(self) -> Iterator[str]:
        """Decisions taken in the cycle (issue 19), with owners and key result."""
        from okrtui.meeting.between import decision_line

        lines = ["## Decisions", ""]
        lines += [decision_line(d, self.people, self.kr_ref_by_id) for d in self.decided]
        if not self.decided:
            lines.append("No decisions recorded.")
        yield "\n".join([*lines, ""])

    def calibration(self) -> Iterator[str]:
        """How well weekly confidence predicted the grades (issue 19)."""
        from okrtui.meeting.between import calibration_section

        calibration = cycle_calibration(
            self.kr_rows,
            self.folds,
            self.calibration_marks,
            self.grades,
            self.objective_by_id,
            self.person_names,
            self.team_code_by_id,
        )
        yield calibration_section(calibration)

    def actions(self) -> Iterator[str]:
        still_open = self.open_actions
        raised = self.actions_raised
        lines = [
            "## Action items",
            "",
            f"{raised} raised, {raised - len(still_open)} done, {len(still_open)} still open.",
            "",
        ]
        for a in still_open:
            due = f", due {a.due.isoformat()}" if a.due is not None else ""
            overdue = ", overdue" if a.is_overdue(self.on) else ""
            lines.append(f"- {md_cell(a.text)} ({self.name(a.owner_id)}{due}{overdue})")
        yield "\n".join([*lines, ""] if still_open else lines)

    def milestones_section(self) -> Iterator[str]:
        lines = ["## Milestones: planned and held", ""]
        if not self.milestones:
            yield "\n".join([*lines, "No milestones.", ""])
            return
        lines += ["| Milestone | Planned | Held | |", "|---|---|---|---|"]
        for m in self.milestones:
            held = m.held_on or self._held_by_meeting(m)
            lines.append(
                f"| {md_cell(m.title)} | {m.on.isoformat()} "
                f"| {held.isoformat() if held else DASH} | {self._held_state(m, held)} |"
            )
        yield "\n".join([*lines, ""])

    def _held_by_meeting(self, m: Milestone) -> date | None:
        days = [self._local(x.started_at) for x in self.meetings if x.agenda_slug == m.kind.value]
        return min(days, key=lambda d: abs((d - m.on).days)) if days else None

    def _held_state(self, m: Milestone, held: date | None) -> str:
        if held is None:
            if self.closed:
                return "not held (the cycle is closed)"
            return "upcoming" if m.on >= self.on else "not recorded as held"
        late = (held - m.on).days
        if late == 0:
            return "on time"
        return f"{count_text(abs(late), 'day')} {'late' if late > 0 else 'early'}"

    def meetings_section(self) -> Iterator[str]:
        lines = ["## Meetings", ""]
        if not self.meetings:
            yield "\n".join([*lines, "No meetings held.", ""])
            return
        lines += [
            "| Date | Meeting | Team | Facilitator | Steps | Planned | Actual | Against plan "
            "| Longest overrun |",
            "|---|---|---|---|---:|---:|---:|---:|---|",
        ]
        planned_total = actual_total = 0.0
        for m in self.meetings:
            planned = sum(s.planned_minutes for s in m.steps) * 60
            actual = sum(s.elapsed_seconds for s in m.steps)
            planned_total += planned
            actual_total += actual
            lines.append(
                f"| {self._local(m.started_at).isoformat()} | {_meeting_title(m)} "
                f"| {self.team_code(m.team_id)} | {self.name(m.facilitator_id)} | {len(m.steps)} "
                f"| {minutes_text(planned)} | {minutes_text(actual)} "
                f"| {against_text(actual - planned)} | {_worst_step(m.steps)} |"
            )
        lines += [
            "",
            f"{count_text(len(self.meetings), 'meeting')}: {minutes_text(planned_total)} "
            f"planned, {minutes_text(actual_total)} spent "
            f"({against_text(actual_total - planned_total)}).",
        ]
        yield "\n".join([*lines, ""])

    def health(self) -> str:
        findings = health_check(
            cycle=self.cycle,
            teams=self.teams,
            objectives=self.objectives,
            key_results=self.krs,
            milestones=self.milestones,
            checkins={kr_id: fold.health for kr_id, fold in self.folds.items()},
            grades=self.grades,
            on=self.on,
            in_ref_order=True,
        )
        return _health_markdown(findings)


def _picker(marks: Sequence[int]) -> Callable[[str], str]:
    """The letters at `marks` of a text: a slice when they are the first ones (and the
    last one), as a report's weeks are."""
    head = list(range(len(marks)))
    if marks == head:
        return lambda letters: letters[: len(marks)]
    if marks[:-1] == head[:-1] and marks[-1] == max(marks):
        cut, last = len(marks) - 1, marks[-1]
        return lambda letters: letters[:cut] + letters[last]
    pick = itemgetter(*marks)
    return lambda letters: "".join(pick(letters))


_UNGRADED = f"ungraded | {DASH}"
_target_text = lru_cache(maxsize=4096)(with_unit)
"""A metric KR's target as `value_text` writes it: targets repeat across a big organisation."""


@lru_cache(maxsize=512)
def _grade_cells(score: float, suggested: bool) -> str:
    """A KR's Grade and Band cells: grades repeat (a tenth each, when suggested)."""
    grade = Score(score, suggested)
    return f"{grade.show()} | {grade.band()}"


def _score_of(krs: Sequence[KRScore]) -> Score:
    """`mean_score` of the KRs' grades, without a `Score` for each."""
    counted = [s.score for s in krs if s.score is not None]
    return Score(objective_score(counted), any(s.suggested for s in krs if s.score is not None))


def _graded(scores: Sequence[KRScore]) -> int:
    """KRs with a grade entered (not suggested, not left ungraded)."""
    return sum(1 for s in scores if not s.suggested and s.score is not None)


def _meeting_title(m: MeetingFacts) -> str:
    return md_cell(m.title) + (" (running)" if m.running else "")


def _worst_step(steps: Sequence[StepFacts]) -> str:
    overruns = [(s.elapsed_seconds - s.planned_minutes * 60, s) for s in steps]
    worst = max(overruns, key=lambda pair: pair[0], default=None)
    if worst is None or worst[0] < _OVERRUN_WORTH_NAMING:
        return DASH
    return f"{md_cell(worst[1].title)} ({against_text(worst[0])})"


def _health_markdown(findings: Sequence[HealthFinding]) -> str:
    """The health check for the report: every finding's subject named, never "…and N
    more"; a check with many findings is one item listing all its subjects."""
    lines = ["## OKR health check", ""]
    if not findings:
        return "\n".join([*lines, "No findings: this OKR set looks healthy.", ""])
    warnings = sum(1 for f in findings if f.severity == "warning")
    notes = len(findings) - warnings
    lines += [f"{count_text(warnings, 'warning')}, {count_text(notes, 'note')}.", ""]
    lines += finding_items(findings, name_every_subject=True)
    return "\n".join([*lines, ""])


__all__ = ["CloseGaps", "close_gaps", "render_report", "write_report"]

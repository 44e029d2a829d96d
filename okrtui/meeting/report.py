"""The cycle report: Markdown for GitHub, GitLab or a wiki.

Every table of the cycle is read once with the store's bulk methods and the report is
built in memory, so a big organisation (thousands of KRs, tens of thousands of check-ins)
renders in about a second. All user text goes through `md_cell`, one line each.

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

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from okrtui.clock import local_today
from okrtui.domain.bands import (
    GradeBand,
    format_grade,
    grade_band,
    needs_post_mortem,
    objective_score,
    suggested_grade,
)
from okrtui.domain.calendar import cycle_weeks, week_of
from okrtui.domain.health import HealthFinding, ref_sort_key
from okrtui.domain.krstate import current_value, is_milestone, value_text
from okrtui.domain.models import (
    Cycle,
    CycleStatus,
    KeyResult,
    MeetingStatus,
    MeetingStep,
    Milestone,
    MilestoneKind,
    Objective,
    ObjectiveKind,
    Person,
    ReflectionKind,
)
from okrtui.domain.sparkline import text_sparkline
from okrtui.meeting.health_report import HealthData, findings_from
from okrtui.meeting.markdown import md_cell as _md_cell
from okrtui.meeting.markdown import md_text
from okrtui.store import Store
from okrtui.store.health_reads import kr_checkins
from okrtui.text import clean_line

md_cell = lru_cache(maxsize=4096)(_md_cell)
"""`md_cell` remembered: names, codes and titles repeat many times in a big report.
A pure function of its text, so sharing it between reports is safe."""

_BAND_MARK = {GradeBand.RED: "🔴", GradeBand.YELLOW: "🟡", GradeBand.GREEN: "🟢"}
_DASH = "—"
_OVERRUN_WORTH_NAMING = 60.0
_HEALTH_GROUP_ABOVE = 5
"""A health check with more findings than this is one item naming every subject."""


@dataclass(frozen=True, slots=True)
class KRScore:
    """A KR's place in the report: its grade (entered or suggested) and its confidences."""

    kr: KeyResult
    objective: Objective
    score: float | None
    suggested: bool
    note: str
    ungraded_reason: str
    weekly_confidence: tuple[int, ...]
    checkins: int


@dataclass(frozen=True, slots=True)
class Score:
    value: float | None
    suggested: bool

    def show(self) -> str:
        if self.value is None:
            return _DASH
        return format_grade(self.value) + (" (suggested)" if self.suggested else "")

    def band(self) -> str:
        return _DASH if self.value is None else band_text(self.value)


def band_text(score: float) -> str:
    band = grade_band(score)
    return f"{_BAND_MARK[band]} {band.label}"


def mean_score(scores: Iterable[Score]) -> Score:
    counted = [s for s in scores if s.value is not None]
    value = objective_score([s.value for s in counted if s.value is not None])
    return Score(value, any(s.suggested for s in counted))


def render_report(store: Store, cycle: Cycle, *, today: date | None = None) -> str:
    """The cycle report as Markdown; `today` (default: the store clock's local date)
    bounds the confidence lines, the milestone states and the health check."""
    on = today if today is not None else local_today(store.clock, store.timezone)
    return _Report(store, cycle, min(max(on, cycle.start), cycle.end), today=on).render()


class _Report:
    def __init__(self, store: Store, cycle: Cycle, on: date, *, today: date | None = None) -> None:
        self.store = store
        self.cycle = cycle
        self.on = on
        self.today = today if today is not None else on
        """The report's day, not clamped to the cycle (an early close is said from it)."""
        self.zone = ZoneInfo(store.timezone)
        self.week_ends = self._week_ends()
        self.people = store.people_by_id()
        self.teams = store.teams()
        self.team_by_id = {t.id: t for t in self.teams}
        self.objectives = sorted(store.objectives(cycle.id), key=lambda o: ref_sort_key(o.ref))
        self.krs = sorted(store.key_results(cycle.id), key=lambda k: ref_sort_key(k.ref))
        self.kr_by_id = {k.id: k for k in self.krs}
        self.summaries = store.checkin_summaries(cycle.id, self.week_ends)
        self.grades = store.latest_grades(cycle.id)
        self.milestones = store.milestones(cycle.id)
        self.meetings = store.meetings(cycle.id)
        self.steps = {m.id: store.meeting_steps(m.id) for m in self.meetings}
        objective_by_id = {o.id: o for o in self.objectives}
        self.scores = [
            self._kr_score(kr, objective_by_id[kr.objective_id])
            for kr in self.krs
            if kr.objective_id in objective_by_id
        ]
        self.by_objective: defaultdict[int, list[KRScore]] = defaultdict(list)
        for s in self.scores:
            self.by_objective[s.objective.id].append(s)

    # -- facts --------------------------------------------------------------------

    def _kr_score(self, kr: KeyResult, objective: Objective) -> KRScore:
        summary = self.summaries.get(kr.id)
        grade = self.grades.get(kr.id)
        score: float | None
        if grade is None:
            value = current_value(kr, summary.latest_value if summary is not None else None)
            score, suggested, note, reason = suggested_grade(kr, value), True, "", ""
        else:
            score, suggested = grade.score, False
            note, reason = grade.note, grade.ungraded_reason
        if summary is None:
            return KRScore(kr, objective, score, suggested, note, reason, (), 0)
        return KRScore(
            kr,
            objective,
            score,
            suggested,
            note,
            reason,
            summary.weekly_confidence,
            summary.count,
        )

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

    def objective_score(self, objective: Objective) -> Score:
        return mean_score(Score(s.score, s.suggested) for s in self.by_objective[objective.id])

    def name(self, person_id: int | None) -> str:
        person: Person | None = self.people.get(person_id) if person_id is not None else None
        return md_cell(person.name) if person is not None else _DASH

    def names(self, person_ids: Iterable[int]) -> str:
        return ", ".join(self.name(pid) for pid in person_ids) or _DASH

    def team_code(self, team_id: int | None) -> str:
        team = self.team_by_id.get(team_id) if team_id is not None else None
        return md_cell(team.code) if team is not None else "all teams"

    def kr_ref(self, kr_id: int | None) -> str:
        kr = self.kr_by_id.get(kr_id) if kr_id is not None else None
        return md_cell(kr.ref) if kr is not None else _DASH

    # -- sections -----------------------------------------------------------------

    def render(self) -> str:
        sections = [
            self.header(),
            self.headline(),
            self.team_scores(),
            self.objectives_section(),
            self.committed_misses(),
            self.at_risk_of_missing(),
            self.blockers(),
            self.wins(),
            self.reflections(),
            self.decisions(),
            self.actions(),
            self.milestones_section(),
            self.meetings_section(),
            self.calibration(),
            self.health(),
        ]
        return "\n".join(sections).rstrip("\n") + "\n"

    def header(self) -> str:
        c = self.cycle
        status = c.status.value + (", locked" if c.locked else "")
        lines = [
            f"# Cycle report: {md_cell(c.name)}",
            "",
            f"- **Cycle:** {md_cell(c.slug)}",
            f"- **Dates:** {c.start.isoformat()} to {c.end.isoformat()} ({cycle_weeks(c)} weeks)",
            f"- **Status:** {status}",
        ]
        if self.store.organisation:
            lines.append(f"- **Organisation:** {md_cell(self.store.organisation)}")
        lines.append(f"- **As of:** {self.on.isoformat()}")
        if c.status is CycleStatus.CLOSED:
            early = self._early_close()
            if early:
                lines.append(f"- **Closed early:** {early}")
        if any(s.suggested for s in self.scores):
            lines += [
                "",
                "Grades marked *(suggested)* have not been entered yet: they come from each "
                "key result's progress.",
            ]
        return "\n".join([*lines, ""])

    @property
    def closed(self) -> bool:
        return self.cycle.status is CycleStatus.CLOSED

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

    def headline(self) -> str:
        """One screen for the town hall: the overall score, the committed hit rate, the
        aspirational average, the best and the weakest objective, the wins, the lessons."""
        lines = ["## Headline", ""]
        if not self.scores:
            return "\n".join([*lines, "No key results in this cycle.", ""])
        overall = mean_score(self.objective_score(o) for o in self.objectives)
        lines.append(f"- **Overall score:** {overall.show()} · {overall.band()}")
        committed = [
            s
            for s in self.scores
            if s.objective.kind is ObjectiveKind.COMMITTED and s.score is not None
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
            s
            for s in self.scores
            if s.objective.kind is ObjectiveKind.ASPIRATIONAL and s.score is not None
        ]
        if aspirational:
            average = mean_score(Score(s.score, s.suggested) for s in aspirational)
            lines.append(
                f"- **Aspirational average:** {average.show()} · {average.band()}; 0.7 is a success"
            )
        scored = [(self.objective_score(o), o) for o in self.objectives]
        scored = [(sc, o) for sc, o in scored if sc.value is not None]
        if scored:
            best = max(scored, key=lambda pair: (pair[0].value or 0.0, -pair[1].id))
            worst = min(scored, key=lambda pair: (pair[0].value or 0.0, pair[1].id))
            lines.append(f"- **Best objective:** {self._objective_line(*best)}")
            if worst[1].id != best[1].id:
                lines.append(f"- **Weakest objective:** {self._objective_line(*worst)}")
        wins = self.store.wins(self.cycle.id)
        lines += ["", f"**Wins ({len(wins)})**", ""]
        lines += [f"- {md_cell(w.text)}{self._thanks(w.recognised_ids)}" for w in wins] or [
            "No wins recorded."
        ]
        lessons = [
            r for r in self.store.reflections(self.cycle.id) if r.kind is ReflectionKind.LEARNED
        ]
        lines += ["", f"**Lessons ({len(lessons)})**", ""]
        lines += [f"- {md_cell(r.text)}" for r in lessons] or ["No lessons recorded yet."]
        return "\n".join([*lines, ""])

    def _objective_line(self, score: Score, o: Objective) -> str:
        return (
            f"{md_cell(o.ref)} {md_cell(o.title)} ({self.team_code(o.team_id)}), "
            f"{score.show()} · {score.band()}"
        )

    def _thanks(self, person_ids: Sequence[int]) -> str:
        return f" — thanks to {self.names(person_ids)}" if person_ids else ""

    def team_scores(self) -> str:
        lines = [
            "## Scores by team",
            "",
            "| Team | Objectives | Key results | Graded | Score | Band |",
            "|---|---:|---:|---:|---|---|",
        ]
        by_team: defaultdict[int, list[Objective]] = defaultdict(list)
        for o in self.objectives:
            by_team[o.team_id].append(o)
        all_scores: list[Score] = []
        for team in sorted(self.teams, key=lambda t: t.code):
            objectives = by_team.get(team.id)
            if not objectives:
                continue
            scores = [self.objective_score(o) for o in objectives]
            all_scores += scores
            krs = [s for o in objectives for s in self.by_objective[o.id]]
            score = mean_score(scores)
            lines.append(
                f"| {md_cell(team.code)} {md_cell(team.name)} | {len(objectives)} | {len(krs)} "
                f"| {_graded(krs)} of {len(krs)} | {score.show()} | {score.band()} |"
            )
        if not all_scores:
            return "\n".join([*lines[:2], "No objectives in this cycle.", ""])
        overall = mean_score(all_scores)
        lines.append(
            f"| **All teams** | {len(self.objectives)} | {len(self.scores)} "
            f"| {_graded(self.scores)} of {len(self.scores)} | {overall.show()} "
            f"| {overall.band()} |"
        )
        return "\n".join([*lines, ""])

    def objectives_section(self) -> str:
        lines = ["## Objectives and key results", ""]
        by_team: defaultdict[int, list[Objective]] = defaultdict(list)
        for o in self.objectives:
            by_team[o.team_id].append(o)
        for team in sorted(self.teams, key=lambda t: t.code):
            objectives = by_team.get(team.id)
            if not objectives:
                continue
            lines += [f"### {md_cell(team.code)}: {md_cell(team.name)}", ""]
            for o in objectives:
                lines += self._objective(o)
        if len(lines) == 2:
            lines += ["No objectives in this cycle.", ""]
        return "\n".join(lines)

    def _objective(self, o: Objective) -> list[str]:
        score = self.objective_score(o)
        expected = "expected 1.0" if o.kind is ObjectiveKind.COMMITTED else "read against 0.7"
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
        for s in krs:
            grade = Score(s.score, s.suggested)
            if s.score is None:
                shown, band, note = "ungraded", _DASH, f"Left ungraded: {s.ungraded_reason}"
            else:
                shown, band, note = grade.show(), grade.band(), s.note
            lines.append(
                f"| {md_cell(s.kr.ref)} | {md_cell(s.kr.title)} | {self.name(s.kr.owner_id)} "
                f"| {self._landed(s.kr)} | {shown} | {band} | {_confidence(s)} "
                f"| {md_cell(note) or _DASH} |"
            )
        return [*lines, ""]

    def _landed(self, kr: KeyResult) -> str:
        """Where the KR stands (at the close: where it landed) against its target:
        `880 ms against 600 ms`, or `done` / `not done`."""
        summary = self.summaries.get(kr.id)
        value = current_value(kr, summary.latest_value if summary is not None else None)
        if is_milestone(kr):
            return value_text(kr, value)
        if kr.target is None:
            return md_cell(value_text(kr, value))
        return md_cell(f"{value_text(kr, value)} against {value_text(kr, kr.target)}")

    def committed_misses(self) -> str:
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
            graded = any(
                not s.suggested for s in self.scores if s.objective.kind is ObjectiveKind.COMMITTED
            )
            none = (
                "None: every graded committed key result landed."
                if graded
                else "None yet: no committed key result is graded."
            )
            return "\n".join([*lines, none, ""])
        lines += [
            "Committed key results are expected to score 1.0; each of these deserves a "
            "post-mortem.",
            "",
        ]
        for s in misses:
            score = s.score or 0.0
            given = f"graded {format_grade(score)}, landed {self._landed(s.kr)}"
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
        return "\n".join([*lines, ""])

    def at_risk_of_missing(self) -> str:
        """While the cycle is open: committed KRs not graded yet whose progress suggests
        less than 1.0."""
        if self.closed:
            return ""
        risky = [
            s
            for s in self.scores
            if s.suggested and s.score is not None and needs_post_mortem(s.objective.kind, s.score)
        ]
        lines = ["## Committed key results at risk of missing", ""]
        if not risky:
            return "\n".join([*lines, "None: every ungraded committed key result is on 1.0.", ""])
        lines += [
            "Not graded yet; their progress so far suggests less than the 1.0 they committed to.",
            "",
        ]
        for s in risky:
            lines.append(
                f"- **{md_cell(s.kr.ref)}** {md_cell(s.kr.title)} ({md_cell(s.objective.ref)}, "
                f"owner {self.name(s.kr.owner_id)}): {self._landed(s.kr)}, progress suggests "
                f"{format_grade(s.score or 0.0)}"
            )
        return "\n".join([*lines, ""])

    def blockers(self) -> str:
        blockers = self.store.blockers(self.cycle.id)
        resolved = [b for b in blockers if not b.is_open]
        lines = [
            "## Blockers",
            "",
            f"{len(blockers)} raised, {len(resolved)} resolved, "
            f"{len(blockers) - len(resolved)} still open.",
            "",
        ]
        if not blockers:
            return "\n".join(lines)
        lines += [
            "| Blocker | Team | KR | Owner | Raised | Resolved | Resolution |",
            "|---|---|---|---|---|---|---|",
        ]
        for b in blockers:
            done = "open" if b.resolved_at is None else self._local(b.resolved_at).isoformat()
            lines.append(
                f"| {md_cell(b.text)} | {self.team_code(b.team_id)} | {self.kr_ref(b.kr_id)} "
                f"| {self.name(b.owner_id)} | {self._local(b.raised_at).isoformat()} "
                f"| {done} | {md_cell(b.resolution) or _DASH} |"
            )
        return "\n".join([*lines, ""])

    def wins(self) -> str:
        wins = self.store.wins(self.cycle.id)
        lines = ["## Wins and recognition", ""]
        if not wins:
            return "\n".join([*lines, "No wins recorded.", ""])
        recognised = {pid for w in wins for pid in w.recognised_ids}
        lines += [
            f"{_count(len(wins), 'win')}, "
            f"{len(recognised)} {'person' if len(recognised) == 1 else 'people'} recognised.",
            "",
        ]
        for w in wins:
            where = [self.team_code(w.team_id)] if w.team_id is not None else []
            where += [self.kr_ref(w.kr_id)] if w.kr_id is not None else []
            context = f" ({', '.join(where)})" if where else ""
            thanks = f"; recognised: {self.names(w.recognised_ids)}" if w.recognised_ids else ""
            lines.append(f"- {self._local(w.at).isoformat()}{context}: {md_cell(w.text)}{thanks}")
        return "\n".join([*lines, ""])

    def reflections(self) -> str:
        reflections = self.store.reflections(self.cycle.id)
        lines = ["## Reflections", ""]
        if not reflections:
            return "\n".join([*lines, "No reflections recorded.", ""])
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
        return "\n".join(lines)

    def decisions(self) -> str:
        """Decisions taken in the cycle (issue 19), with owners and key result."""
        from okrtui.meeting.between import decision_line

        decided = self.store.decisions(self.cycle.id)
        refs = {k.id: k.ref for k in self.krs}
        lines = ["## Decisions", ""]
        lines += [decision_line(d, self.people, refs) for d in decided]
        if not decided:
            lines.append("No decisions recorded.")
        return "\n".join([*lines, ""])

    def calibration(self) -> str:
        """How well weekly confidence predicted the grades (issue 19)."""
        from okrtui.meeting.between import calibration_section
        from okrtui.views.calibration import load_calibration

        return calibration_section(load_calibration(self.store, self.cycle, self.on))

    def actions(self) -> str:
        actions = self.store.actions(self.cycle.id)
        still_open = [a for a in actions if a.is_open]
        lines = [
            "## Action items",
            "",
            f"{len(actions)} raised, {len(actions) - len(still_open)} done, "
            f"{len(still_open)} still open.",
            "",
        ]
        for a in still_open:
            due = f", due {a.due.isoformat()}" if a.due is not None else ""
            overdue = ", overdue" if a.is_overdue(self.on) else ""
            lines.append(f"- {md_cell(a.text)} ({self.name(a.owner_id)}{due}{overdue})")
        return "\n".join([*lines, ""] if still_open else lines)

    def milestones_section(self) -> str:
        lines = ["## Milestones: planned and held", ""]
        if not self.milestones:
            return "\n".join([*lines, "No milestones.", ""])
        lines += ["| Milestone | Planned | Held | |", "|---|---|---|---|"]
        for m in self.milestones:
            held = m.held_on or self._held_by_meeting(m)
            lines.append(
                f"| {md_cell(m.title)} | {m.on.isoformat()} "
                f"| {held.isoformat() if held else _DASH} | {self._held_state(m, held)} |"
            )
        return "\n".join([*lines, ""])

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
        return f"{_count(abs(late), 'day')} {'late' if late > 0 else 'early'}"

    def meetings_section(self) -> str:
        lines = ["## Meetings", ""]
        if not self.meetings:
            return "\n".join([*lines, "No meetings held.", ""])
        lines += [
            "| Date | Meeting | Team | Facilitator | Steps | Planned | Actual | Against plan "
            "| Longest overrun |",
            "|---|---|---|---|---:|---:|---:|---:|---|",
        ]
        planned_total = actual_total = 0.0
        for m in self.meetings:
            steps = self.steps.get(m.id, [])
            planned = sum(s.planned_minutes for s in steps) * 60
            actual = sum(s.elapsed_seconds for s in steps)
            planned_total += planned
            actual_total += actual
            title = md_cell(m.title) + (" (running)" if m.status is MeetingStatus.RUNNING else "")
            lines.append(
                f"| {self._local(m.started_at).isoformat()} | {title} "
                f"| {self.team_code(m.team_id)} | {self.name(m.facilitator_id)} | {len(steps)} "
                f"| {_minutes(planned)} | {_minutes(actual)} | {_against(actual - planned)} "
                f"| {_worst_step(steps)} |"
            )
        lines += [
            "",
            f"{_count(len(self.meetings), 'meeting')}: {_minutes(planned_total)} planned, "
            f"{_minutes(actual_total)} spent ({_against(actual_total - planned_total)}).",
        ]
        return "\n".join([*lines, ""])

    def health(self) -> str:
        data = HealthData(
            teams=self.teams,
            objectives=self.objectives,
            key_results=self.krs,
            checkins=kr_checkins(self.store, self.cycle),
            grades=self.grades,
        )
        findings = findings_from(self.store, self.cycle, data, today=self.on)
        return _health_markdown(findings)


def _graded(scores: Sequence[KRScore]) -> int:
    """KRs with a grade entered (not suggested, not left ungraded)."""
    return sum(1 for s in scores if not s.suggested and s.score is not None)


def _confidence(s: KRScore) -> str:
    if not s.weekly_confidence:
        return "no check-ins"
    first, last = s.weekly_confidence[0], s.weekly_confidence[-1]
    return f"{''.join(map(_bar, s.weekly_confidence))} {first} → {last}"


@lru_cache(maxsize=64)
def _bar(confidence: int) -> str:
    """One confidence's sparkline bar: a sparkline is its values' bars side by side, and a
    big report draws thousands from eleven confidences."""
    return text_sparkline((confidence,))


def _count(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _minutes(seconds: float) -> str:
    return f"{round(seconds / 60)} min"


def _against(delta_seconds: float) -> str:
    minutes = round(delta_seconds / 60)
    if minutes == 0:
        return "on time"
    return f"+{minutes} min" if minutes > 0 else f"−{-minutes} min"


def _worst_step(steps: Sequence[MeetingStep]) -> str:
    overruns = [(s.elapsed_seconds - s.planned_minutes * 60, s) for s in steps]
    worst = max(overruns, key=lambda pair: pair[0], default=None)
    if worst is None or worst[0] < _OVERRUN_WORTH_NAMING:
        return _DASH
    return f"{md_cell(worst[1].title)} ({_against(worst[0])})"


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
            out.append(
                f"{_count(len(self.ungraded), 'KR')} without a grade: {', '.join(self.ungraded)}"
            )
        if self.missing_post_mortems:
            out.append(
                f"{_count(len(self.missing_post_mortems), 'committed KR')} under 1.0 without "
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
    from okrtui.domain.models import MilestoneKind

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


def _health_markdown(findings: Sequence[HealthFinding]) -> str:
    """The health check for the report: every finding's subject named, never "…and N
    more"; a check with many findings is one item listing all its subjects."""
    lines = ["## OKR health check", ""]
    if not findings:
        return "\n".join([*lines, "No findings: this OKR set looks healthy.", ""])
    warnings = sum(1 for f in findings if f.severity == "warning")
    notes = len(findings) - warnings
    lines += [f"{_count(warnings, 'warning')}, {_count(notes, 'note')}.", ""]
    groups: dict[tuple[str, str], list[HealthFinding]] = {}
    for f in findings:
        groups.setdefault((f.severity, f.code), []).append(f)
    for severity, label in (("warning", "Warning"), ("info", "Note")):
        for (sev, code), group in groups.items():
            if sev != severity:
                continue
            if len(group) <= _HEALTH_GROUP_ABOVE:
                lines += [
                    f"- **{label}** ({md_text(code)}): {md_text(clean_line(f.message))}"
                    for f in group
                ]
                continue
            subjects = ", ".join(md_text(clean_line(f.subject)) for f in group)
            lines.append(
                f"- **{label}** ({md_text(code)}): {len(group)} findings, for {subjects}; "
                f"the first says: {md_text(clean_line(group[0].message))}"
            )
    return "\n".join([*lines, ""])

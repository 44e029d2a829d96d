"""A meeting as Markdown notes, to paste into GitHub, GitLab or a wiki.

The notes describe the meeting as it was: "before" is each KR's state when the meeting
began, "after" its state when it ended, so later check-ins do not change old notes.
Records belong to the meeting, not to a step: every win, blocker and action of the meeting
is shown under the first step of its kind, or under "Also recorded" when the agenda has no
such step. All user text goes through `md_text` / `md_cell` / `md_block`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from okrtui.domain.bands import (
    DEFAULT_THRESHOLDS,
    BandThresholds,
    confidence_band,
    format_grade,
    grade_band,
    needs_post_mortem,
    objective_score,
    suggested_grade,
)
from okrtui.domain.calendar import milestone_state, next_milestone, week_label
from okrtui.domain.krstate import KRState, current_value, last_value, state_after, value_text
from okrtui.domain.models import (
    ActionItem,
    AuditEntry,
    Blocker,
    Cycle,
    CycleStatus,
    KeyResult,
    Meeting,
    MeetingStep,
    Person,
    ReflectionKind,
    StepStatus,
    Team,
    Win,
)
from okrtui.domain.risk import ref_key
from okrtui.meeting.markdown import md_block, md_cell, md_text
from okrtui.meeting.scope import KRRoundRow, kr_round, scope_krs, step_options
from okrtui.meeting.session import MeetingSession
from okrtui.meeting.timeline_text import relative_days
from okrtui.store import Store
from okrtui.store.rows import KRLabel

_RECORD_KINDS = ("wins", "krs", "blockers", "actions")


@dataclass(frozen=True)
class _Context:
    store: Store
    meeting: Meeting
    cycle: Cycle
    team: Team | None
    people: Mapping[int, Person]
    krs: Mapping[int, KRLabel]
    end: datetime
    zone: ZoneInfo
    thresholds: BandThresholds
    scope_kr_ids: frozenset[int]

    @property
    def meeting_date(self) -> date:
        return self.meeting.started_at.astimezone(self.zone).date()

    def name(self, person_id: int | None) -> str:
        person = self.people.get(person_id) if person_id is not None else None
        return person.name if person is not None else "nobody"

    def handle(self, person_id: int | None) -> str:
        person = self.people.get(person_id) if person_id is not None else None
        if person is None:
            return "no owner"
        return f"owner: {person.name} ({person.handle})"  # no bare @: it would ping someone

    def kr_ref(self, kr_id: int | None) -> str:
        kr = self.krs.get(kr_id) if kr_id is not None else None
        return kr.ref if kr is not None else ""

    def in_scope(self, team_id: int | None, kr_id: int | None) -> bool:
        if self.meeting.team_id is None:
            return True
        if team_id == self.meeting.team_id:
            return True
        return kr_id is not None and kr_id in self.scope_kr_ids


def render_notes(
    store: Store, meeting_id: int, *, thresholds: BandThresholds = DEFAULT_THRESHOLDS
) -> str:
    session = MeetingSession.load(store, meeting_id)
    meeting = session.meeting
    ctx = _Context(
        store=store,
        meeting=meeting,
        cycle=store.cycle(meeting.cycle_id),
        team=store.team(meeting.team_id) if meeting.team_id is not None else None,
        people=store.people_by_id(),
        krs={kr.id: kr for kr in store.kr_labels(meeting.cycle_id)},
        end=meeting.ended_at or store.clock.now(),
        zone=ZoneInfo(store.timezone),
        thresholds=thresholds,
        scope_kr_ids=frozenset(
            s.kr.id for s in scope_krs(store, meeting.cycle_id, meeting.team_id)
        ),
    )
    blocks = [_header(ctx, session)]
    shown: set[str] = set()
    for step in session.steps:
        blocks.append(_step(ctx, step, first_of_kind=step.kind not in shown))
        shown.add(step.kind)
    extras = [
        block
        for kind in _RECORD_KINDS
        if kind not in shown and kind != "krs"
        for block in [_RENDERERS[kind](ctx, None)]
        if not block.startswith("_No ")
    ]
    if extras:
        blocks.append("## Also recorded\n\n" + "\n\n".join(extras))
    blocks.extend(_between(ctx))
    blocks.append(_timing(session))
    return "\n\n".join(blocks) + "\n"


# -- header -------------------------------------------------------------------------


def _header(ctx: _Context, session: MeetingSession) -> str:
    m = ctx.meeting
    start = m.started_at.astimezone(ctx.zone)
    scope = f"{ctx.team.name} ({ctx.team.code})" if ctx.team else "Whole organisation"
    title = f"# {md_text(m.title)} — {md_text(scope)}"
    when = f"{start:%A} {start.day} {start:%B %Y}, {start:%H:%M}"
    if m.ended_at is not None:
        end = m.ended_at.astimezone(ctx.zone)
        when += f"–{end:%H:%M}"
    when += f" ({md_text(ctx.store.timezone)})"
    attendees = ", ".join(md_text(ctx.name(pid)) for pid in m.attendee_ids) or "not recorded"
    lines = [
        title,
        "",
        f"- **Date:** {when}",
        f"- **Cycle:** {md_text(ctx.cycle.name)} ({md_text(ctx.cycle.slug)}), "
        f"{week_label(ctx.cycle, ctx.meeting_date)}",
        f"- **Team:** {md_text(scope)}",
        f"- **Facilitator:** {md_text(ctx.name(m.facilitator_id))}",
        f"- **Attendance ({len(m.attendee_ids)}):** {attendees}",
        f"- **Agenda:** {md_text(m.agenda_slug)}, {_duration(session.planned_seconds)} planned, "
        f"{_duration(session.meeting_elapsed())} taken",
    ]
    if m.ended_at is None:
        lines.append("- **Status:** still running; these notes are what was recorded so far")
    if ctx.cycle.status is CycleStatus.CLOSED:
        lines.append(f"- **Cycle status:** closed; {md_text(ctx.cycle.name)}'s grades are final")
    return "\n".join(lines)


# -- steps --------------------------------------------------------------------------


def _step(ctx: _Context, step: MeetingStep, *, first_of_kind: bool) -> str:
    heading = f"## {step.position + 1}. {md_text(step.title)}"
    if step.status is StepStatus.SKIPPED:
        heading += " _(skipped)_"
    elif step.status is StepStatus.PENDING and step.elapsed_seconds == 0:
        heading += " _(not reached)_"
    parts = [heading]
    renderer = _RENDERERS.get(step.kind)
    if renderer is not None and first_of_kind:
        parts.append(renderer(ctx, step))
    if step.notes.strip():
        parts.append(md_block(step.notes))
    elif step.kind == "notes":
        parts.append("_No notes._")
    return "\n\n".join(parts)


def _wins(ctx: _Context, _step: MeetingStep | None) -> str:
    wins = [w for w in ctx.store.wins(ctx.cycle.id) if w.meeting_id == ctx.meeting.id]
    if not wins:
        return "_No wins recorded._"
    return "**Wins**\n\n" + "\n".join(_win_line(ctx, w) for w in wins)


def _win_line(ctx: _Context, win: Win) -> str:
    line = f"- {md_text(win.text)}"
    if win.recognised_ids:
        names = ", ".join(md_text(ctx.name(pid)) for pid in win.recognised_ids)
        line += f" — recognising {names}"
    if win.kr_id is not None:
        line += f" ({md_text(ctx.kr_ref(win.kr_id))})"
    return line


def _krs(ctx: _Context, step: MeetingStep | None) -> str:
    options = step_options(step) if step is not None else {}
    rows = kr_round(
        ctx.store,
        ctx.meeting,
        all_teams=options.get("scope") == "all",
        only_stale=options.get("only_stale") is True,
        thresholds=ctx.thresholds,
    )
    if not rows:
        return "_No key results in scope._"
    histories = ctx.store.checkin_history(ctx.cycle.id, [row.kr.id for row in rows])
    lines = [
        "| | KR | Owner | Value | Confidence | Band | Note |",
        "|:-:|---|---|---|:-:|---|---|",
    ]
    for row in rows:
        history = histories.get(row.kr.id, [])
        before = KRState(row.value_before, row.confidence_before)
        during = [c for c in history if c.meeting_id == ctx.meeting.id and c.at <= ctx.end]
        after = state_after(row.kr, [c for c in history if c.at <= ctx.end])
        mark = ""
        if after.confidence > before.confidence:
            mark = "▲"
        elif after.confidence < before.confidence:
            mark = "▼"
        elif after.value != before.value:
            mark = "●"
        elif during:
            mark = "✓"
        value = _arrow(_value(row.kr, before.value), _value(row.kr, after.value))
        confidence = _arrow(str(before.confidence), str(after.confidence))
        band = confidence_band(after.confidence, ctx.thresholds).label
        note = "; ".join(c.note for c in during if c.note.strip())
        if not during:
            note = note or "not checked in"
        kr_cell = f"**{md_cell(row.kr.ref)}** {md_cell(row.kr.title)}"
        cells = [
            mark,
            kr_cell,
            md_cell(ctx.name(row.kr.owner_id)),
            md_cell(value),
            confidence,
            band,
            md_cell(note),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    since = "; ".join(dict.fromkeys(row.baseline.label for row in rows))
    lines.append(
        f"Changes are {since}. "
        "▲ confidence up · ▼ confidence down · ● value changed · ✓ checked in, no change"
    )
    lines += ["", _checked_in_before(ctx, rows)]
    return "\n".join(lines)


def _checked_in_before(ctx: _Context, rows: Sequence[KRRoundRow]) -> str:
    """How many key results were in before the meeting, and what the async-first round
    made of it (issue 19)."""
    from okrtui.meeting.async_round import async_round

    return async_round(ctx.store, ctx.meeting, rows, ctx.thresholds).closing()


def _between(ctx: _Context) -> list[str]:
    """The meeting's decisions and the acknowledgements since the last meeting."""
    from okrtui.meeting.between import meeting_blocks
    from okrtui.meeting.scope import baseline_cutoff

    return meeting_blocks(
        ctx.store, ctx.meeting, baseline_cutoff(ctx.store, ctx.meeting, ctx.cycle)
    )


def _arrow(before: str, after: str) -> str:
    return after if before == after else f"{before} → {after}"


def _value(kr: KeyResult, value: float | None) -> str:
    return value_text(kr, value) or "—"


def _blockers(ctx: _Context, _step: MeetingStep | None) -> str:
    mid = ctx.meeting.id
    blockers = ctx.store.blockers(ctx.cycle.id)
    raised = [b for b in blockers if b.raised_meeting_id == mid]
    resolved = [b for b in blockers if b.resolved_meeting_id == mid]
    still_open = [
        b
        for b in blockers
        if b.raised_meeting_id != mid
        and b.raised_at <= ctx.end
        and (b.resolved_at is None or b.resolved_at > ctx.end)
        and ctx.in_scope(b.team_id, b.kr_id)
    ]
    sections = [
        ("Raised", raised, lambda b: _blocker_line(ctx, b)),
        ("Resolved", resolved, lambda b: _resolved_line(ctx, b)),
        ("Still open", still_open, lambda b: _open_line(ctx, b)),
    ]
    return _sections(sections, "_No blockers._")


def _blocker_line(ctx: _Context, b: Blocker) -> str:
    line = f"- {md_text(b.text)} — owner {md_text(ctx.name(b.owner_id))}"
    return line + (f" ({md_text(ctx.kr_ref(b.kr_id))})" if b.kr_id is not None else "")


def _resolved_line(ctx: _Context, b: Blocker) -> str:
    line = _blocker_line(ctx, b)
    return line + (f": {md_text(b.resolution)}" if b.resolution.strip() else "")


def _open_line(ctx: _Context, b: Blocker) -> str:
    raised = b.raised_at.astimezone(ctx.zone).date()
    age = (ctx.meeting_date - raised).days
    return _blocker_line(ctx, b) + f", raised {raised.isoformat()} ({age} days ago)"


def _actions(ctx: _Context, _step: MeetingStep | None) -> str:
    mid = ctx.meeting.id
    actions = ctx.store.actions(ctx.cycle.id)
    done = [a for a in actions if a.done_meeting_id == mid]
    added = [a for a in actions if a.meeting_id == mid and a.done_meeting_id != mid]
    carried = [
        a
        for a in actions
        if a.meeting_id != mid
        and a.done_meeting_id != mid
        and a.created_at <= ctx.end
        and (a.done_at is None or a.done_at > ctx.end)
        and ctx.in_scope(a.team_id, a.kr_id)
    ]
    sections = [
        ("Done", done, lambda a: _task(ctx, a, done=True)),
        ("New", added, lambda a: _task(ctx, a, done=False)),
        ("Carried over", carried, lambda a: _task(ctx, a, done=False)),
    ]
    return _sections(sections, "_No action items._")


def _task(ctx: _Context, a: ActionItem, *, done: bool) -> str:
    line = f"- [{'x' if done else ' '}] {md_text(a.text)} — {md_text(ctx.handle(a.owner_id))}"
    if a.due is not None:
        line += f", due {a.due.isoformat()}"
        if not done and a.due < ctx.meeting_date:
            line += " **(overdue)**"
    if a.kr_id is not None:
        line += f" ({md_text(ctx.kr_ref(a.kr_id))})"
    return line


def _timeline(ctx: _Context, _step: MeetingStep | None) -> str:
    milestones = ctx.store.milestones(ctx.cycle.id)
    if not milestones:
        return "_No milestones._"
    on = ctx.meeting_date
    upcoming = next_milestone(milestones, on)
    next_id = upcoming.id if upcoming is not None else None
    return "\n".join(
        f"- **{m.on.isoformat()}** {md_text(m.title)} — {milestone_state(m, on, next_id)}, "
        f"{relative_days(m.on, on)}"
        for m in milestones
    )


def _grading(ctx: _Context, _step: MeetingStep | None) -> str:
    grades = {
        kr_id: g
        for kr_id, g in ctx.store.latest_grades(ctx.cycle.id).items()
        if g.meeting_id == ctx.meeting.id
    }
    if not grades:
        return "_No grades recorded._"
    krs = {kr.id: kr for kr in ctx.store.key_results(ctx.cycle.id)}
    objectives = {o.id: o for o in ctx.store.objectives(ctx.cycle.id)}
    history = ctx.store.checkin_history(ctx.cycle.id)
    lines = ["| KR | Kind | Suggested | Given | Note |", "|---|---|:-:|:-:|---|"]
    missing: list[str] = []
    for kr_id, grade in sorted(grades.items(), key=lambda item: ctx.kr_ref(item[0])):
        shown = format_grade(grade.score) if grade.score is not None else "ungraded"
        note = grade.note if grade.score is not None else grade.ungraded_reason
        label = ctx.krs[kr_id]
        kr = krs.get(kr_id)
        objective = objectives.get(kr.objective_id) if kr is not None else None
        kind = objective.kind.value if objective is not None else ""
        suggested = ""
        if kr is not None:
            value = current_value(kr, last_value(history.get(kr_id, [])))
            suggested = format_grade(suggested_grade(kr, value))
        if (
            objective is not None
            and grade.score is not None
            and needs_post_mortem(objective.kind, grade.score)
        ):
            if not grade.note.strip():
                missing.append(f"**{md_cell(label.ref)}** {md_cell(label.title)} ({shown})")
                note = "post-mortem missing"
            else:
                note = f"post-mortem: {grade.note}"
        lines.append(
            f"| **{md_cell(label.ref)}** {md_cell(label.title)} | {kind} | {suggested} "
            f"| {shown} | {md_cell(note)} |"
        )
    lines += ["", "**Objective scores**", ""]
    for objective in sorted(objectives.values(), key=lambda o: ref_key(o.ref)):
        mine = [krs[k] for k in krs if krs[k].objective_id == objective.id]
        given = [
            g.score
            for g in (ctx.store.latest_grades(ctx.cycle.id).get(kr.id) for kr in mine)
            if g is not None and g.score is not None
        ]
        if not any(kr.id in grades for kr in mine):
            continue
        score = objective_score(given)
        shown = "—" if score is None else f"{format_grade(score)} {grade_band(score).label}"
        lines.append(
            f"- **{md_text(objective.ref)}** {md_text(objective.title)} "
            f"({objective.kind.value}): {shown}, {len(given)} of {len(mine)} graded"
        )
    lines += ["", f"**Missing post-mortems ({len(missing)})**", ""]
    lines += [f"- {item}" for item in missing] or ["None: every committed miss has its note."]
    return "\n".join(lines)


def _reflection(ctx: _Context, _step: MeetingStep | None) -> str:
    items = [r for r in ctx.store.reflections(ctx.cycle.id) if r.meeting_id == ctx.meeting.id]
    sections = [
        (
            kind.label,
            [r for r in items if r.kind is kind],
            lambda r: f"- {md_text(r.text)} — {md_text(ctx.name(r.author_id))}",
        )
        for kind in ReflectionKind
    ]
    return _sections(sections, "_No reflections recorded._")


def _sections(
    sections: Sequence[tuple[str, Sequence[Any], Callable[[Any], str]]],
    empty: str,
) -> str:
    parts = [
        f"**{label}**\n\n" + "\n".join(render(item) for item in items)
        for label, items, render in sections
        if items
    ]
    return "\n\n".join(parts) if parts else empty


_STRUCTURE_EDITS = {
    "create": "written",
    "edit": "edited",
    "move": "moved",
    "retire": "retired",
    "override": "changed with an override",
}
"""The audit's structural actions on objectives and key results, as the notes say them."""


def agreed_in_meeting(store: Store, meeting: Meeting) -> list[AuditEntry]:
    """The objectives of the meeting's cycle agreed while it ran (the audit's `agree` rows
    from its start to its end), oldest first. Agreeing is not a decision in the domain (a
    decision is a recorded choice with owners), so it is counted on its own."""
    end = meeting.ended_at or store.clock.now()
    ids = {o.id for o in store.objectives(meeting.cycle_id)}
    return [
        e
        for e in store.audit_log("objective")
        if e.action == "agree" and e.entity_id in ids and meeting.started_at <= e.at <= end
    ]


def agreed_summary(store: Store, meeting: Meeting) -> str | None:
    """ "3 objectives agreed", for a meeting's summary; None when it agreed none."""
    n = len(agreed_in_meeting(store, meeting))
    return f"{n} objective{'' if n == 1 else 's'} agreed" if n else None


def _drafting(ctx: _Context, step: MeetingStep | None) -> str:
    """What the drafting or alignment step did: the objectives agreed (who, when), what was
    written or edited while the meeting ran, and whether the cycle is locked."""
    from okrtui.views.edit_okr import audit_changes

    store, start = ctx.store, ctx.meeting.started_at
    objectives = {o.id: o for o in store.objectives(ctx.cycle.id)}
    krs = {k.id: k for k in store.key_results(ctx.cycle.id)}
    by_handle = {p.handle.casefold(): p for p in ctx.people.values()}

    def who(actor: str) -> str:
        person = by_handle.get(actor.casefold())
        return md_text(person.name if person is not None else actor)

    def at(when: datetime) -> str:
        return f"{when.astimezone(ctx.zone):%H:%M}"

    def during(entry: AuditEntry) -> bool:
        return start <= entry.at <= ctx.end

    agreed = [
        f"- **{md_text(objectives[e.entity_id].ref)}** {md_text(objectives[e.entity_id].title)}"
        f" — agreed by {who(e.who)} at {at(e.at)}"
        for e in agreed_in_meeting(store, ctx.meeting)
        if e.at <= ctx.end
    ]
    edited: list[tuple[int, str]] = []
    for entity, records in (("objective", objectives), ("key_result", krs)):
        for e in store.audit_log(entity):
            record = records.get(e.entity_id)
            if record is None or e.action not in _STRUCTURE_EDITS or not during(e):
                continue
            changes = [c for c in audit_changes(e.before, e.after) if not c.startswith("created")]
            what = "; ".join(changes) if e.action in {"edit", "override"} else ""
            what = what.replace(" -> ", " → ")
            line = f"- **{md_text(record.ref)}** {md_text(record.title)} — "
            line += f"{_STRUCTURE_EDITS[e.action]} by {who(e.who)} at {at(e.at)}"
            line += f": {md_text(what)}" if what else ""
            line += f" (reason: {md_text(e.reason)})" if e.reason.strip() else ""
            edited.append((e.id, line))
    locks = [e for e in store.audit_log("cycle", ctx.cycle.id) if e.action == "lock"]
    locked_now = [e for e in locks if during(e)]
    drafts = sum(o.agreed_at is None and o.retired_at is None for o in objectives.values())
    if locked_now:
        lock = f"locked in the meeting by {who(locked_now[-1].who)} at {at(locked_now[-1].at)}"
    elif any(e.at < start for e in locks) or (ctx.cycle.locked and not locks):
        lock = "locked before the meeting"
    elif drafts:
        lock = f"not locked: {drafts} draft{'' if drafts == 1 else 's'} still to agree"
    else:
        lock = "not locked: every objective is agreed"
    parts = [
        f"**Agreed ({len(agreed)})**\n\n" + "\n".join(agreed) if agreed else "_Nothing agreed._",
        f"**Written or edited in the meeting ({len(edited)})**\n\n"
        + "\n".join(line for _, line in sorted(edited))
        if edited
        else "_Nothing written or edited in the meeting._",
        f"**Cycle:** {md_text(ctx.cycle.name)} {lock}.",
    ]
    return "\n\n".join(parts)


_RENDERERS: dict[str, Callable[[_Context, MeetingStep | None], str]] = {
    "drafting": _drafting,
    "wins": _wins,
    "krs": _krs,
    "blockers": _blockers,
    "actions": _actions,
    "timeline": _timeline,
    "grading": _grading,
    "reflection": _reflection,
}


# -- timing -------------------------------------------------------------------------


def _timing(session: MeetingSession) -> str:
    lines = [
        "## Timing",
        "",
        "| Step | Status | Planned | Actual | Over |",
        "|---|---|--:|--:|--:|",
    ]
    for t in session.timings():
        over = f"+{_duration(t.overrun_seconds)}" if t.overrun_seconds >= 1 else ""
        lines.append(
            f"| {t.position + 1}. {md_cell(t.title)} | {t.status.value} | "
            f"{_duration(t.planned_seconds)} | {_duration(t.actual_seconds)} | {over} |"
        )
    total_over = session.meeting_overrun()
    over = f"**+{_duration(total_over)}**" if total_over >= 1 else ""
    lines.append(
        f"| **Overall** | | **{_duration(session.planned_seconds)}** | "
        f"**{_duration(session.meeting_elapsed())}** | {over} |"
    )
    return "\n".join(lines)


def _duration(seconds: float) -> str:
    """`4:05` (minutes:seconds), `1:02:03` from an hour up."""
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"

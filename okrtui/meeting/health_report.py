"""The OKR health check for a scope: gather once from the store, then render.

Scope is one team (its own objectives, as in a team's meeting, plus what is said about
the cycle as a whole) or the whole cycle.
The rules live in `okrtui.domain.health`; this module only feeds and shows them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from okrtui.clock import local_today
from okrtui.domain.coach import CoachKR, coach_set
from okrtui.domain.health import HealthFinding, HealthKR, KRCheckins, health_check
from okrtui.domain.models import Cycle, Grade, Objective, Team
from okrtui.meeting.markdown import md_text
from okrtui.store import Store
from okrtui.store.health_reads import health_key_results, kr_checkins
from okrtui.text import clean_line

_GROUP_ABOVE = 5


@dataclass(frozen=True, slots=True)
class HealthData:
    """Everything the health check reads for one cycle, read from the store once.

    `checkins` is each KR's check-ins summed up (`okrtui.store.health_reads.kr_checkins`),
    not the check-ins themselves: a big organisation has tens of thousands."""

    teams: Sequence[Team]
    objectives: Sequence[Objective]
    key_results: Sequence[HealthKR]
    checkins: Mapping[int, KRCheckins]
    grades: Mapping[int, Grade]
    coach_krs: Sequence[CoachKR] | None = None
    """The key results as the coach reads them (`okrtui.domain.coach`): with them, the
    coach's checks (owners, alignment, titles, activities) join the findings."""


def health_findings(
    store: Store,
    cycle: Cycle,
    team_id: int | None = None,
    today: date | None = None,
    *,
    coach: bool = False,
) -> list[HealthFinding]:
    """The findings for `cycle`, or for one team's own objectives in it, on `today`
    (default: the store clock's date in the organisation's timezone); with `coach`, the
    coach's checks too. Retired objectives and key results are left out."""
    key_results = health_key_results(store, cycle.id)
    if coach:
        live = {k.id for k in key_results}
        coach_krs = [k for k in store.key_results(cycle.id) if k.id in live]
    data = HealthData(
        teams=store.teams(),
        objectives=[o for o in store.objectives(cycle.id) if o.retired_at is None],
        key_results=key_results,
        checkins=kr_checkins(store, cycle),
        grades=store.latest_grades(cycle.id),
        coach_krs=coach_krs if coach else None,
    )
    on = today if today is not None else local_today(store.clock, store.timezone)
    return findings_from(store, cycle, data, team_id, today=on)


def findings_from(
    store: Store, cycle: Cycle, data: HealthData, team_id: int | None = None, *, today: date
) -> list[HealthFinding]:
    """`health_findings` on data already read (the cycle report reads it anyway).

    The check always runs on the whole cycle, so that a parent team and the cycle's mix of
    committed and aspirational objectives are judged as they are; for one team, only the
    findings about the cycle itself, the team, and its own objectives and KRs are kept.
    """
    findings = health_check(
        cycle=cycle,
        teams=data.teams,
        objectives=data.objectives,
        key_results=data.key_results,
        milestones=store.milestones(cycle.id),
        checkins=data.checkins,
        grades=data.grades,
        on=today,
    )
    if data.coach_krs is not None:
        findings += coach_set(
            teams=data.teams, objectives=data.objectives, key_results=data.coach_krs
        )
    if team_id is None:
        return findings
    objectives = {o.id: o.ref for o in data.objectives if o.team_id == team_id}
    subjects = {cycle.slug, *objectives.values()}
    subjects |= {t.code for t in data.teams if t.id == team_id}
    subjects |= {kr.ref for kr in data.key_results if kr.objective_id in objectives}
    return [f for f in findings if f.subject in subjects]


def _counts(findings: Sequence[HealthFinding]) -> str:
    warnings = sum(f.severity == "warning" for f in findings)
    notes = len(findings) - warnings
    return (
        f"{warnings} warning{'' if warnings == 1 else 's'}, {notes} note{'' if notes == 1 else 's'}"
    )


def render_health_text(
    findings: Sequence[HealthFinding], cycle: Cycle, *, scope: str = "all teams"
) -> str:
    """Plain text for a terminal: warnings first, then notes, one finding per line.

    Subjects and messages carry references typed by users, so every line is cleaned of
    escape sequences and control characters.
    """
    lines = [clean_line(f"OKR health check: {cycle.name} ({cycle.slug}), {scope}")]
    if not findings:
        lines.append("No findings: this OKR set looks healthy.")
        return "\n".join(lines) + "\n"
    lines.append(_counts(findings))
    width = max(len(clean_line(f.subject)) for f in findings)
    for severity, heading in (("warning", "Warnings"), ("info", "Notes")):
        chosen = [f for f in findings if f.severity == severity]
        if not chosen:
            continue
        lines += ["", heading]
        lines += [f"  {clean_line(f.subject):<{width}}  {clean_line(f.message)}" for f in chosen]
    return "\n".join(lines) + "\n"


def render_health_markdown(findings: Sequence[HealthFinding], *, heading: str = "##") -> str:
    """A Markdown section: a count, then warnings and notes as a list. A check that found
    more than a handful is one item naming the first few subjects, so a big organisation's
    report stays readable."""
    lines = [f"{heading} OKR health check", ""]
    if not findings:
        return "\n".join([*lines, "No findings: this OKR set looks healthy.", ""])
    lines += [_counts(findings).capitalize() + ".", ""]
    lines += finding_items(findings, name_every_subject=False)
    return "\n".join([*lines, ""])


def finding_items(findings: Sequence[HealthFinding], *, name_every_subject: bool) -> list[str]:
    """Warnings, then notes, as Markdown list items. A check that found more than a
    handful is one item: naming its first few subjects ("and N more"), or, for the cycle
    report, every one of them."""
    groups: dict[tuple[str, str], list[HealthFinding]] = {}
    for f in findings:
        groups.setdefault((f.severity, f.code), []).append(f)
    items: list[str] = []
    for severity, label in (("warning", "Warning"), ("info", "Note")):
        for (sev, code), group in groups.items():
            if sev != severity:
                continue
            head = f"- **{label}** ({md_text(code)}): "
            if len(group) <= _GROUP_ABOVE:
                items += [head + md_text(clean_line(f.message)) for f in group]
                continue
            named = group if name_every_subject else group[:_GROUP_ABOVE]
            subjects = ", ".join(md_text(clean_line(f.subject)) for f in named)
            more = "" if name_every_subject else f" and {len(group) - _GROUP_ABOVE} more"
            items.append(
                f"{head}{len(group)} findings, for {subjects}{more}; the first says: "
                f"{md_text(clean_line(group[0].message))}"
            )
    return items

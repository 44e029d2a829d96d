"""Between the meetings, in Markdown (issue 19): decisions and acknowledgements in a
meeting's notes, how many key results were in before it, and the cycle report's confidence
calibration. All user text goes through `md_text` / `md_cell`; people are named
"Name (handle)", never with a bare @."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from okrtui.domain.acknowledgement import Acknowledgement
from okrtui.domain.decision import Decision
from okrtui.domain.models import Meeting, Person
from okrtui.meeting.markdown import md_cell, md_text
from okrtui.store import Store
from okrtui.views.calibration import CycleCalibration


def person_text(people: Mapping[int, Person], person_id: int | None) -> str:
    person = people.get(person_id) if person_id is not None else None
    return "nobody" if person is None else f"{person.name} ({person.handle})"


def decision_line(decision: Decision, people: Mapping[int, Person], refs: Mapping[int, str]) -> str:
    """`- Freeze the API (owners: Ben Okafor (ben); key result ENG-1.1)`."""
    extra: list[str] = []
    if decision.owner_ids:
        owners = ", ".join(person_text(people, pid) for pid in decision.owner_ids)
        extra.append(f"owner{'s' if len(decision.owner_ids) > 1 else ''}: {owners}")
    if decision.kr_id is not None and decision.kr_id in refs:
        extra.append(f"key result {refs[decision.kr_id]}")
    tail = f" ({md_text('; '.join(extra))})" if extra else ""
    return f"- {md_text(decision.text)}{tail}"


def decisions_block(
    decisions: Sequence[Decision], people: Mapping[int, Person], refs: Mapping[int, str]
) -> str:
    if not decisions:
        return ""
    return "\n".join(["## Decisions", "", *(decision_line(d, people, refs) for d in decisions)])


def acknowledgement_line(
    ack: Acknowledgement,
    checkin_ref: str,
    checkin_author: str,
    people: Mapping[int, Person],
) -> str:
    """`- ENG-1.2 (Ben Okafor's check-in) acknowledged by Mia Manager (mia): "Seen"`."""
    comment = f": {ack.comment}" if ack.comment else ""
    return "- " + md_text(
        f"{checkin_ref} ({checkin_author}'s check-in) acknowledged by "
        f"{person_text(people, ack.person_id)}{comment}"
    )


def meeting_blocks(store: Store, meeting: Meeting, since: datetime | None) -> list[str]:
    """The notes' blocks for one meeting: its decisions, and the acknowledgements made
    between `since` (the team's previous meeting) and the meeting's end, on check-ins of
    key results its team owns (all teams' for an organisation-wide meeting)."""
    people = store.people_by_id()
    labels = store.kr_labels(meeting.cycle_id)
    refs = {kr.id: kr.ref for kr in labels}
    blocks: list[str] = []
    decided = decisions_block(
        store.decisions(meeting.cycle_id, meeting_id=meeting.id), people, refs
    )
    if decided:
        blocks.append(decided)
    end = meeting.ended_at or store.clock.now()
    in_team = _team_kr_ids(store, meeting)
    lines: list[str] = []
    for checkin_id, acks in store.acknowledgements(meeting.cycle_id).items():
        checkin = store.checkin(checkin_id)
        if in_team is not None and checkin.kr_id not in in_team:
            continue
        for ack in acks:
            if ack.at > end or (since is not None and ack.at <= since):
                continue
            author = people.get(checkin.author_id) if checkin.author_id is not None else None
            lines.append(
                acknowledgement_line(
                    ack,
                    refs.get(checkin.kr_id, "?"),
                    "someone" if author is None else author.name,
                    people,
                )
            )
    if lines:
        blocks.append("\n".join(["## Check-ins acknowledged since the last meeting", "", *lines]))
    return blocks


def _team_kr_ids(store: Store, meeting: Meeting) -> set[int] | None:
    if meeting.team_id is None:
        return None
    return {kr.id for kr in store.key_results(meeting.cycle_id, team_id=meeting.team_id)}


def _count(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _score(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _week(value: float | None) -> str:
    if value is None:
        return "–"
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def calibration_section(calibration: CycleCalibration) -> str:
    """The cycle report's "Confidence calibration" section."""
    lines = [
        "## Confidence calibration",
        "",
        "How well each week's confidence predicted the grade: the Brier score of "
        'confidence/10 against "graded 0.7 or more" (0 is a perfect forecast, 0.25 is '
        "always saying 5, lower is better), and the week from which the forecast stayed "
        "right (above 5 for a key result that made 0.7, below 5 for one that did not).",
        "",
    ]
    if not calibration.krs:
        lines.append("_No graded key results yet: calibration needs grades._")
        return "\n".join([*lines, ""])
    overall = calibration.overall
    lines += [
        f"Overall: Brier {_score(overall.brier)} over {overall.forecast_count} weekly "
        f"forecasts of {_count(len(overall.krs), 'graded key result')}; the forecast "
        f"settled by week {_week(overall.median_settled_week)} (median), and "
        f"{overall.never_settled} never settled.",
        "",
    ]
    for title, groups in (("Team", calibration.teams), ("Person", calibration.people)):
        lines += [
            f"| {title} | Key results | Brier | Settled by week (median) | Never settled |",
            "|---|---:|---:|---:|---:|",
        ]
        for g in groups:
            lines.append(
                f"| {md_cell(g.label)} | {len(g.krs)} | {_score(g.brier)} | "
                f"{_week(g.median_settled_week)} | {g.never_settled} |"
            )
        lines.append("")
    lines += [
        "| Key result | Weekly confidence | Grade | Made 0.7 | Brier | Settled from week |",
        "|---|---|---:|---|---:|---:|",
    ]
    for kr in calibration.krs:
        weekly = " ".join("·" if c is None else str(c) for c in kr.weekly)
        lines.append(
            f"| {md_cell(kr.ref)} | {weekly} | {kr.grade:.1f} | "
            f"{'yes' if kr.achieved else 'no'} | {_score(kr.brier)} | "
            f"{_week(kr.settled_week)} |"
        )
    if calibration.ungraded:
        lines += ["", f"{_count(calibration.ungraded, 'key result')} without a score left out."]
    return "\n".join([*lines, ""])


def calibration_lines(calibration: CycleCalibration) -> list[str]:
    """Calibration in two plain lines, for the cycle-close meeting's summary."""
    overall = calibration.overall
    if not calibration.krs:
        return ["Calibration: no graded key results yet."]
    teams = " · ".join(f"{g.label} {_score(g.brier)}" for g in calibration.teams)
    return [
        f"Calibration: Brier {_score(overall.brier)} over {overall.forecast_count} weekly "
        f"forecasts (0 is perfect, 0.25 always says 5); settled by week "
        f"{_week(overall.median_settled_week)} (median), {overall.never_settled} never.",
        f"By team: {teams}",
    ]

"""The demo organisation, placed so that today is always in week 6 of its cycle.

Each team held its weekly check-in on the Mondays of weeks 1–5 (`hold_past_meetings`), so
the notes, the timeline's meeting marks and "since the last meeting" work from the start.

`data/demo.toml` holds one 13-week cycle starting on a Monday with six weeks of history.
Every date and datetime in it is moved by the same whole number of weeks, which keeps
weekdays (check-ins on Mondays) and the story intact; the cycle's slug and name are then
derived from the moved dates.
"""

from __future__ import annotations

import tomllib
from datetime import UTC, date, datetime, timedelta
from typing import Any

from okrtui.io.demo_between import add_between_story
from okrtui.io.importer import ImportSummary, import_okrset
from okrtui.io.okrset import parse_document
from okrtui.io.toml_io import read_text
from okrtui.resources import demo_file
from okrtui.store.store import Store

DEMO_WEEK = 6


def load_demo(store: Store, today: date) -> ImportSummary:
    """Import the demo organisation with `today` in week 6 of its cycle."""
    path = demo_file()
    data = tomllib.loads(read_text(path))
    start = data["cycle"]["start"]
    assert isinstance(start, date)
    shifted = _shift(data, timedelta(weeks=weeks_to_shift(start, today)))
    cycle = shifted["cycle"]
    cycle["slug"], cycle["name"] = cycle_names(cycle["start"], cycle["end"])
    summary = import_okrset(store, parse_document(shifted, str(path)))
    demo_cycle = store.cycle_by_slug(cycle["slug"])
    hold_past_meetings(store, demo_cycle.id)
    add_between_story(store, demo_cycle.id)
    return summary


def weeks_to_shift(start: date, today: date) -> int:
    """Whole weeks to move a cycle starting on `start` so that `today` is in week 6."""
    return ((today - start).days - 7 * (DEMO_WEEK - 1)) // 7


def cycle_names(start: date, end: date) -> tuple[str, str]:
    """A slug and a name after the quarter holding the middle of the cycle: `2026-Q4`."""
    middle = start + (end - start) / 2
    quarter = (middle.month - 1) // 3 + 1
    return f"{middle.year}-Q{quarter}", f"Q{quarter} {middle.year}"


def _shift(value: Any, delta: timedelta) -> Any:
    if isinstance(value, dict):
        return {k: _shift(v, delta) for k, v in value.items()}
    if isinstance(value, list):
        return [_shift(v, delta) for v in value]
    if isinstance(value, date):  # datetimes too
        return value + delta
    return value


PAST_MEETING_WEEKS = range(1, DEMO_WEEK)
"""Weeks 1–5 had their weekly check-in; week 6's is the one about to start."""


def hold_past_meetings(store: Store, cycle_id: int) -> int:
    """The weekly check-in each team held on the Mondays of weeks 1–5, as meetings run
    through the meeting session: every step timed, attendance, the facilitator, closing
    notes. The check-ins, wins, blockers and actions the demo dated inside a meeting's
    time are marked as made in it. Returns how many meetings were held."""
    from okrtui.agenda import AgendaLibrary
    from okrtui.clock import FixedClock
    from okrtui.domain.models import Role
    from okrtui.meeting.session import MeetingSession
    from okrtui.resources import builtin_agendas_dir

    template = AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin")
    cycle = store.cycle(cycle_id)
    people = store.people_by_id()
    champion = next((p.id for p in people.values() if Role.OKR_CHAMPION in p.roles), None)
    history = store.checkin_history(cycle_id)
    krs_by_objective: dict[int, list[int]] = {}
    for kr in store.key_results(cycle_id):
        krs_by_objective.setdefault(kr.objective_id, []).append(kr.id)
    held = 0
    for team in store.teams():
        kr_ids = [
            kr_id
            for objective in store.objectives(cycle_id)
            if objective.team_id == team.id
            for kr_id in krs_by_objective.get(objective.id, [])
        ]
        manager = next(
            (
                pid
                for pid in team.member_ids
                if pid in people and Role.TEAM_MANAGER in people[pid].roles
            ),
            champion,
        )
        for week in PAST_MEETING_WEEKS:
            monday = cycle.start + timedelta(weeks=week - 1)
            times = [
                c.at
                for kr_id in kr_ids
                for c in history.get(kr_id, [])
                if c.at.astimezone(UTC).date() == monday
            ]
            if not times:
                continue
            start = min(times) - timedelta(minutes=5)
            end = max(max(times) + timedelta(minutes=10), start + timedelta(minutes=28))
            clock = FixedClock(start)
            session = MeetingSession.start(
                store,
                template,
                cycle=cycle,
                team_id=team.id,
                facilitator_id=manager,
                attendee_ids=team.member_ids,
                clock=clock,
            )
            _walk_the_agenda(session, clock, end, _closing_notes(store, kr_ids, history, monday))
            _mark_made_in(store, session.meeting.id, team.id, kr_ids, start, end)
            held += 1
    return held


def _walk_the_agenda(session: Any, clock: Any, end: datetime, notes: str) -> None:
    """Each step in turn, the meeting's time shared out as the agenda planned it; the
    closing step gets `notes`."""
    start = clock.now()
    planned = sum(step.planned_minutes for step in session.steps) or 1
    share = (end - start) / planned
    for step in session.steps:
        if step.kind == "notes":
            session.save_notes(notes)
        clock.advance(seconds=(share * step.planned_minutes).total_seconds())
        if not session.is_last:
            session.next()
    session.end()


def _closing_notes(
    store: Store, kr_ids: list[int], history: dict[int, list[Any]], monday: date
) -> str:
    """What the team agreed to watch: its lowest confidence that week, in its owner's words."""
    made = [
        (c.confidence, c.kr_id, c.note)
        for kr_id in kr_ids
        for c in history.get(kr_id, [])
        if c.at.astimezone(UTC).date() == monday
    ]
    confidence, kr_id, note = min(made, key=lambda m: (m[0], m[1]))
    kr = store.key_result(kr_id)
    said = f": {note}" if note else ""
    return f"Watch {kr.ref} ({kr.title}) at {confidence}/10{said}"


def _mark_made_in(
    store: Store, meeting_id: int, team_id: int, kr_ids: list[int], start: datetime, end: datetime
) -> None:
    """Mark what the demo dated inside the meeting's time as made in the meeting."""
    from okrtui.store.convert import to_text

    low, high = to_text(start), to_text(end)
    marks = ",".join("?" * len(kr_ids))
    with store.write() as db:
        db.execute(
            f"UPDATE checkins SET meeting_id = ? WHERE meeting_id IS NULL "
            f"AND kr_id IN ({marks}) AND at BETWEEN ? AND ?",
            [meeting_id, *kr_ids, low, high],
        )
        db.execute(
            "UPDATE wins SET meeting_id = ? WHERE meeting_id IS NULL AND team_id = ? "
            "AND at BETWEEN ? AND ?",
            [meeting_id, team_id, low, high],
        )
        db.execute(
            "UPDATE blockers SET raised_meeting_id = ? WHERE raised_meeting_id IS NULL "
            "AND team_id = ? AND raised_at BETWEEN ? AND ?",
            [meeting_id, team_id, low, high],
        )
        db.execute(
            "UPDATE actions SET meeting_id = ? WHERE meeting_id IS NULL AND team_id = ? "
            "AND created_at BETWEEN ? AND ?",
            [meeting_id, team_id, low, high],
        )

"""Who is due a check-in: the key results nobody has checked in on since their team's last
meeting (or in the last N days), grouped by the person who owns them. No Textual.

`okrtui due` prints it (text, Markdown for chat, JSON for scripts); the dashboard's panel,
the inbox and the KR round read the same list.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from okrtui.domain.baseline import Baseline
from okrtui.domain.models import Cycle
from okrtui.meeting.markdown import md_text
from okrtui.store import Store
from okrtui.store.between_reads import due_rows
from okrtui.store.first_frame import person_rows_of

NO_OWNER = "(no owner)"


@dataclass(frozen=True, slots=True)
class DueKR:
    kr_id: int
    ref: str
    title: str
    team_code: str
    since: datetime
    """A check-in after this moment would have counted."""
    last_at: datetime | None
    """The KR's latest check-in, if it has one."""
    age_days: int | None
    """Days from the latest check-in's local date to today; None: never checked in."""

    @property
    def age_text(self) -> str:
        """`last check-in 9 days ago`, `last check-in today`, `never checked in`."""
        return (
            "never checked in" if self.age_days is None else f"last check-in {age(self.age_days)}"
        )


@dataclass(frozen=True, slots=True)
class DuePerson:
    person_id: int | None
    handle: str
    """"" for key results without an owner."""
    name: str
    krs: tuple[DueKR, ...]

    @property
    def label(self) -> str:
        return self.name if not self.handle else f"{self.name} ({self.handle})"


@dataclass(frozen=True, slots=True)
class DueList:
    cycle_slug: str
    cycle_name: str
    as_of: datetime
    days: int | None
    """None: since each team's last meeting; N: in the last N days."""
    team_code: str | None
    baselines: tuple[tuple[str, Baseline], ...]
    """(team code, baseline) for the teams in scope, when measured from meetings."""
    people: tuple[DuePerson, ...]
    in_scope: int
    """How many key results were looked at."""
    starts_on: date | None = None
    """The cycle's first day while it has not started: no check-in is due before it."""

    @property
    def due_count(self) -> int:
        return sum(len(person.krs) for person in self.people)

    @property
    def everyone_in(self) -> bool:
        return not self.people

    @property
    def waiting(self) -> str:
        """Before the cycle starts, what to say instead of who is due ("" once started)."""
        if self.starts_on is None:
            return ""
        return f"check-ins are due from {self.starts_on:%a %d %b %Y}, when the cycle starts"

    @property
    def measure(self) -> str:
        """What "in" is measured from, in words."""
        if self.days is not None:
            return f"in the last {self.days} day{'s' if self.days != 1 else ''}"
        return "since their team's last meeting"

    def kr_ids(self) -> set[int]:
        return {kr.kr_id for person in self.people for kr in person.krs}

    def for_person(self, person_id: int) -> tuple[DueKR, ...]:
        for person in self.people:
            if person.person_id == person_id:
                return person.krs
        return ()


def age(days: int) -> str:
    if days <= 0:
        return "today"
    return "1 day ago" if days == 1 else f"{days} days ago"


def due_list(
    store: Store,
    cycle: Cycle,
    now: datetime,
    *,
    team_id: int | None = None,
    days: int | None = None,
    excluding_meeting: int | None = None,
) -> DueList:
    """The key results of `cycle` (of one team's objectives with `team_id`) with no check-in
    since their team's last meeting (`Store.team_baselines`), or, with `days`, in the last
    `days` days; retired key results are left out. Each KR belongs to its owner, else to
    its objective's owner."""
    zone = ZoneInfo(store.timezone)
    today = now.astimezone(zone).date()
    starts_on = cycle.start if today < cycle.start else None
    teams = {team.id: team for team in store.team_rows()}
    baselines = store.team_baselines(cycle.id, now, excluding=excluding_meeting)
    window = None if days is None else now - timedelta(days=days)
    found = due_rows(
        store,
        cycle.id,
        since={t: b.at for t, b in baselines.items()},
        window=window,
        team_id=team_id,
    )
    due: dict[int | None, list[DueKR]] = {}
    for kr in found.rows if starts_on is None else ():  # live KRs only
        team = teams.get(kr.team_id)
        due.setdefault(kr.owner_id, []).append(
            DueKR(
                kr_id=kr.id,
                ref=kr.ref,
                title=kr.title,
                team_code=team.code if team is not None else "",
                since=window if window is not None else baselines[kr.team_id].at,
                last_at=kr.last_at,
                age_days=None
                if kr.last_at is None
                else (today - kr.last_at.astimezone(zone).date()).days,
            )
        )
    people = {p.id: p for p in person_rows_of(store, [o for o in due if o is not None])}
    grouped = [
        DuePerson(
            person_id=owner,
            handle=people[owner].handle if owner in people else "",
            name=people[owner].name if owner in people else NO_OWNER,
            krs=tuple(krs),
        )
        for owner, krs in due.items()
    ]
    grouped.sort(key=lambda p: (p.person_id not in people, p.name.casefold(), p.handle))
    return DueList(
        cycle_slug=cycle.slug,
        cycle_name=cycle.name,
        as_of=now,
        days=days,
        team_code=None if team_id is None else teams[team_id].code,
        baselines=tuple((teams[t].code, baselines[t]) for t in found.in_scope if days is None),
        people=tuple(grouped),
        in_scope=sum(found.in_scope.values()),
        starts_on=starts_on,
    )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


def _scope(due: DueList) -> str:
    return due.cycle_name if due.team_code is None else f"{due.cycle_name}, team {due.team_code}"


def _baseline_lines(due: DueList) -> Iterable[str]:
    for code, baseline in due.baselines:
        yield f"{code} {baseline.label}"


def due_text(due: DueList) -> str:
    """For a terminal: a headline, what "in" is measured from, then each person's KRs."""
    if due.in_scope == 0:
        return f"{_scope(due)}: no key results to check in on.\n"
    if due.waiting:
        return f"{_scope(due)}: {due.waiting}.\n"
    if due.everyone_in:
        return (
            f"{_scope(due)}: everyone is in: all {_plural(due.in_scope, 'key result')} "
            f"checked in {due.measure}.\n"
        )
    lines = [
        f"{_scope(due)}: {_plural(due.due_count, 'key result')} of {due.in_scope} due a "
        f"check-in, from {_people(len(due.people))} "
        f"(no check-in {due.measure})",
    ]
    if due.baselines:
        lines.append("Measured " + "; ".join(_baseline_lines(due)) + ".")
    width = max(len(kr.ref) for person in due.people for kr in person.krs)
    for person in due.people:
        lines.append("")
        lines.append(f"{person.label}: {len(person.krs)} due")
        for kr in person.krs:
            lines.append(f"  {kr.ref:<{width}}  {kr.title} ({kr.age_text})")
    return "\n".join(lines) + "\n"


def due_markdown(due: DueList) -> str:
    """For chat: no bare @-mentions (names and handles go through `md_text`), no tables."""
    if due.in_scope == 0:
        return f"**Check-ins** ({md_text(_scope(due))}): no key results to check in on.\n"
    if due.waiting:
        return f"**Check-ins** ({md_text(_scope(due))}): {due.waiting}.\n"
    if due.everyone_in:
        return (
            f"**Everyone is in** ({md_text(_scope(due))}): all "
            f"{_plural(due.in_scope, 'key result')} checked in {due.measure}.\n"
        )
    people = len(due.people)
    lines = [
        f"**Due for a check-in** ({md_text(_scope(due))}): "
        f"{_plural(due.due_count, 'key result')} of {due.in_scope}, "
        f"{_people(people)}, no check-in {due.measure}",
    ]
    if due.baselines:
        lines.append("")
        lines.append("Measured " + md_text("; ".join(_baseline_lines(due))) + ".")
    lines.append("")
    for person in due.people:
        lines.append(
            f"- **{md_text(person.name)}**"
            + (f" ({md_text(person.handle)})" if person.handle else "")
        )
        for kr in person.krs:
            lines.append(f"  - {md_text(kr.ref)} {md_text(kr.title)}: {kr.age_text}")
    return "\n".join(lines) + "\n"


def due_json(due: DueList) -> str:
    """For scripts: every fact, times as UTC ISO-8601."""

    def when(moment: datetime | None) -> str | None:
        return None if moment is None else moment.isoformat()

    data = {
        "cycle": due.cycle_slug,
        "team": due.team_code,
        "as_of": when(due.as_of),
        "measured": "last-meeting" if due.days is None else "days",
        "days": due.days,
        "in_scope": due.in_scope,
        "due_count": due.due_count,
        "everyone_in": due.everyone_in,
        "starts_on": None if due.starts_on is None else due.starts_on.isoformat(),
        "people": [
            {
                "handle": person.handle or None,
                "name": person.name if person.person_id is not None else None,
                "key_results": [
                    {
                        "ref": kr.ref,
                        "title": kr.title,
                        "team": kr.team_code,
                        "since": when(kr.since),
                        "last_checkin_at": when(kr.last_at),
                        "age_days": kr.age_days,
                    }
                    for kr in person.krs
                ],
            }
            for person in due.people
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"

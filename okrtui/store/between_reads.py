"""What "between the meetings" reads (`views.due`, `views.inbox`): light rows, no models.

An organisation of 40,000 KRs has 40,000 latest check-ins; who is due and my inbox show a
few of them. SQLite picks those out (times compare as the store's text, whose order is
time order: `convert.to_text`), so only the rows shown reach Python. The connection's
lock is held while SQLite reads, never while Python builds the rows. They read a few
teams at a time, each team's KRs through its objectives (the objectives' index on cycle
and team; `+k.cycle_id` keeps SQLite from walking every KR of the cycle instead).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Iterator, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, NamedTuple

from okrtui.domain.kinds import KRKind, Role
from okrtui.store.convert import from_text, to_text

if TYPE_CHECKING:
    from okrtui.store.store import Store

_KR_KINDS = {kind.value: kind for kind in KRKind}


def _moments(by_team: Mapping[int, datetime]) -> str:
    texts: dict[datetime, str] = {}  # most teams share a baseline: each converted once
    return json.dumps(
        {
            str(team): texts.get(at) or texts.setdefault(at, to_text(at))
            for team, at in by_team.items()
        }
    )


class DueRow(NamedTuple):
    """A live KR with no check-in since the moment that counts for it."""

    id: int
    ref: str
    title: str
    team_id: int
    owner_id: int | None
    """The KR's owner, else its objective's."""
    last_at: datetime | None


class DueRows(NamedTuple):
    rows: list[DueRow]
    """In the order of `Store.key_results`."""
    in_scope: dict[int, int]
    """How many live KRs each team in scope has, by team id ascending."""


_DUE_SQL = """
    WITH since(team_id, at) AS (SELECT CAST(key AS INTEGER), value FROM json_each(?1)),
    live AS MATERIALIZED (
        SELECT k.id, k.ref, k.title, k.number, o.number AS objective_number, o.team_id,
            COALESCE(k.owner_id, o.owner_id) AS owner_id,
            (SELECT max(c.at) FROM checkins c WHERE c.kr_id = k.id) AS last_at
        FROM objectives o JOIN key_results k ON k.objective_id = o.id
        WHERE o.cycle_id = ?2 AND o.team_id IN (SELECT value FROM json_each(?3))
            AND +k.cycle_id = ?2 AND k.retired_at IS NULL AND o.retired_at IS NULL
    )
    SELECT l.id, l.ref, l.title, l.team_id, l.owner_id, l.last_at
    FROM live l LEFT JOIN since s ON s.team_id = l.team_id
    WHERE l.last_at IS NULL OR l.last_at <= coalesce(?4, s.at)
    ORDER BY l.team_id, l.objective_number, l.number, l.id
"""

_IN_SCOPE_SQL = """
    SELECT o.team_id, count(*) FROM key_results k JOIN objectives o ON o.id = k.objective_id
    WHERE k.cycle_id = ?1 AND k.retired_at IS NULL AND o.retired_at IS NULL
        AND (?2 IS NULL OR o.team_id = ?2)
    GROUP BY o.team_id ORDER BY o.team_id
"""


TEAMS_PER_READ = 100
"""Teams read at a time: a big organisation's read lets a check-in be written between
its parts (one connection runs one statement at a time)."""


def _batches(team_ids: Iterable[int]) -> Iterator[list[int]]:
    ordered = sorted(team_ids)
    for start in range(0, len(ordered), TEAMS_PER_READ):
        yield ordered[start : start + TEAMS_PER_READ]


def due_rows(
    store: Store,
    cycle_id: int,
    *,
    since: Mapping[int, datetime],
    window: datetime | None = None,
    team_id: int | None = None,
) -> DueRows:
    """The cycle's live KRs (one team's with `team_id`) with no check-in after the moment
    that counts: `window` when given, else their team's moment in `since` (which has
    every team's)."""
    after = None if window is None else to_text(window)
    rows: list[DueRow] = []
    for teams in _batches(since if team_id is None else [team_id]):
        with store.db.lock:
            found = store.db.execute(
                _DUE_SQL,
                [_moments({t: since[t] for t in teams}), cycle_id, json.dumps(teams), after],
            ).fetchall()
        rows += (
            DueRow(kr_id, ref, title, team, owner, None if at is None else from_text(at))
            for kr_id, ref, title, team, owner, at in found
        )
    with store.db.lock:
        counted = store.db.execute(_IN_SCOPE_SQL, [cycle_id, team_id]).fetchall()
    return DueRows(rows, {int(team): int(n) for team, n in counted})


class Reviewer(NamedTuple):
    roles: frozenset[Role]
    member_of: frozenset[int]


def reviewer(store: Store, person_id: int) -> Reviewer:
    """A person's roles and the teams they are a member of."""
    with store.db.lock:
        roles = store.db.execute(
            "SELECT role FROM person_roles WHERE person_id = ?", [person_id]
        ).fetchall()
        teams = store.db.execute(
            "SELECT team_id FROM team_members WHERE person_id = ?", [person_id]
        ).fetchall()
    return Reviewer(frozenset(Role(r) for (r,) in roles), frozenset(int(t) for (t,) in teams))


class WaitingRow(NamedTuple):
    """A check-in waiting for acknowledgement, with its key result (`kind`, `start`,
    `target` and `unit` are the KR's: the row is a `domain.krstate.KRSpec`)."""

    checkin_id: int
    kr_id: int
    kr_ref: str
    kr_title: str
    kind: KRKind
    start: float | None
    target: float | None
    unit: str
    team_id: int
    author_id: int | None
    author: str | None
    """None: no author, or one no longer among the people."""
    at: datetime
    confidence: int
    value: float | None
    note: str


_WAITING_SQL = """
    WITH base(team_id, at) AS (SELECT CAST(key AS INTEGER), value FROM json_each(?1))
    SELECT c.id, k.id, k.ref, k.title, k.kind, k.start, k.target, k.unit, o.team_id,
        c.author_id, p.name, c.at, c.confidence, c.value, c.note
    FROM objectives o
    JOIN key_results k ON k.objective_id = o.id
    JOIN base b ON b.team_id = o.team_id
    JOIN checkins c ON c.id = (
        SELECT c2.id FROM checkins c2 WHERE c2.kr_id = k.id
        ORDER BY c2.at DESC, c2.id DESC LIMIT 1
    )
    LEFT JOIN people p ON p.id = c.author_id
    WHERE o.cycle_id = ?2 AND o.team_id IN (SELECT value FROM json_each(?3))
        AND +k.cycle_id = ?2 AND c.meeting_id IS NULL AND c.at > b.at AND c.author_id IS NOT ?4
        AND NOT EXISTS (SELECT 1 FROM acknowledgements a WHERE a.checkin_id = c.id)
    ORDER BY c.at, c.id
"""


def waiting_checkins(
    store: Store,
    cycle_id: int,
    *,
    after: Mapping[int, datetime],
    team_ids: Collection[int] | None,
    not_by: int,
) -> list[WaitingRow]:
    """Each KR's latest check-in in the cycle (only the latest waits: reading it is
    reading the ones before), oldest first, when it was made outside a meeting, after its
    team's moment in `after`, by someone other than `not_by`, and nobody has acknowledged
    it yet; on the KRs of `team_ids` (None: every team in `after`)."""
    rows = []
    for teams in _batches(after if team_ids is None else team_ids):
        moments = _moments({t: after[t] for t in teams if t in after})
        with store.db.lock:
            rows += store.db.execute(
                _WAITING_SQL, [moments, cycle_id, json.dumps(teams), not_by]
            ).fetchall()
    rows.sort(key=lambda row: (row[11], row[0]))  # by time, then id, across the batches
    return [
        WaitingRow(
            checkin_id,
            kr_id,
            ref,
            title,
            _KR_KINDS[kind],
            start,
            target,
            unit,
            team_id,
            author_id,
            author,
            from_text(at),
            confidence,
            value,
            note,
        )
        for (
            checkin_id,
            kr_id,
            ref,
            title,
            kind,
            start,
            target,
            unit,
            team_id,
            author_id,
            author,
            at,
            confidence,
            value,
            note,
        ) in rows
    ]


class ActionRow(NamedTuple):
    id: int
    text: str
    due: date | None
    kr_ref: str
    """"" without a KR (or with one of another cycle)."""


def open_actions_of(store: Store, cycle_id: int, person_id: int) -> list[ActionRow]:
    """The open actions `person_id` owns in a cycle, oldest first."""
    with store.db.lock:
        rows = store.db.execute(
            "SELECT a.id, a.text, a.due, k.ref FROM actions a "
            "LEFT JOIN key_results k ON k.id = a.kr_id AND k.cycle_id = a.cycle_id "
            "WHERE a.cycle_id = ? AND a.done_at IS NULL AND a.owner_id = ? "
            "ORDER BY a.created_at, a.id",
            [cycle_id, person_id],
        ).fetchall()
    return [
        ActionRow(i, text, None if due is None else date.fromisoformat(due), ref or "")
        for i, text, due, ref in rows
    ]


class BlockerRow(NamedTuple):
    id: int
    text: str
    kr_ref: str
    """"" without a KR (or with one of another cycle)."""
    owner_id: int | None
    raised_by_id: int | None
    raised_at: datetime


def open_blockers_of(store: Store, cycle_id: int, person_id: int) -> list[BlockerRow]:
    """The open blockers of a cycle that `person_id` owns or raised, oldest first."""
    with store.db.lock:
        rows = store.db.execute(
            "SELECT b.id, b.text, k.ref, b.owner_id, b.raised_by_id, b.raised_at "
            "FROM blockers b "
            "LEFT JOIN key_results k ON k.id = b.kr_id AND k.cycle_id = b.cycle_id "
            "WHERE b.cycle_id = ?1 AND b.resolved_at IS NULL "
            "AND (b.owner_id = ?2 OR b.raised_by_id = ?2) ORDER BY b.raised_at, b.id",
            [cycle_id, person_id],
        ).fetchall()
    return [
        BlockerRow(i, text, ref or "", owner, raiser, from_text(at))
        for i, text, ref, owner, raiser, at in rows
    ]

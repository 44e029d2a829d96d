"""What the dashboard's first frame reads: a few teams' rows, and light rows for the rest.

The first frame of a big organisation shows its first teams and the whole organisation's
attention strip. These reads are narrowed to the teams shown (by the indexes on team and
cycle) or return a few numbers per KR, so the frame costs the same for 400 KRs or 40,000.
The connection's lock is held while SQLite reads, never while Python builds the rows.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from okrtui.domain.kinds import ObjectiveKind
from okrtui.domain.krstate import STARTING_CONFIDENCE
from okrtui.store.convert import to_text
from okrtui.store.rows import ObjectiveRow, PersonRow

if TYPE_CHECKING:
    from okrtui.store.store import Store

_OBJECTIVE_KINDS = {kind.value: kind for kind in ObjectiveKind}


class RiskCandidate(NamedTuple):
    """A KR as the attention strip ranks it (`Store.kr_overview` has the same facts); the
    riskiest are then read whole, by team."""

    kr_id: int
    team_id: int
    latest_confidence: int | None
    """None: no check-in yet."""
    stale: bool
    """The latest check-in is at or before the bound asked with (or there is none)."""
    confidence_before: int | None
    """The confidence at the team's baseline (the starting 5 before any check-in); None
    when no baseline was asked for the KR's team."""


def _ids(ids: Collection[int]) -> str:
    return json.dumps(sorted(set(ids)))


def kr_count(store: Store, cycle_id: int) -> int:
    """How many KRs a cycle has, retired ones included (its index alone answers)."""
    with store.db.lock:
        row = store.db.execute(
            "SELECT count(*) FROM key_results WHERE cycle_id = ?", [cycle_id]
        ).fetchone()
    return int(row[0])


def kr_counts_of_teams(store: Store, cycle_id: int, team_ids: Collection[int]) -> dict[int, int]:
    """How many live KRs each of `team_ids` has in a cycle (teams without any left out)."""
    with store.db.lock:
        rows = store.db.execute(
            "SELECT o.team_id, count(*) FROM objectives o "
            "JOIN key_results k ON k.objective_id = o.id "
            "WHERE o.cycle_id = ? AND o.team_id IN (SELECT value FROM json_each(?)) "
            "AND k.retired_at IS NULL AND o.retired_at IS NULL GROUP BY o.team_id",
            [cycle_id, _ids(team_ids)],
        ).fetchall()
    return {int(team_id): int(n) for team_id, n in rows}


def objective_rows_of_teams(
    store: Store, cycle_id: int, team_ids: Collection[int]
) -> list[ObjectiveRow]:
    """`Store.objective_rows` of `team_ids` only, in the same order."""
    with store.db.lock:
        rows = store.db.execute(
            "SELECT id, ref, title, team_id, owner_id, kind, parent_id FROM objectives "
            "WHERE cycle_id = ? AND team_id IN (SELECT value FROM json_each(?)) "
            "AND retired_at IS NULL ORDER BY team_id, number",
            [cycle_id, _ids(team_ids)],
        ).fetchall()
    return [ObjectiveRow(r[0], r[1], r[2], r[3], r[4], _OBJECTIVE_KINDS[r[5]], r[6]) for r in rows]


def person_rows_of(store: Store, person_ids: Collection[int]) -> list[PersonRow]:
    """`Store.person_rows` of `person_ids` only, in the same order (by name)."""
    with store.db.lock:
        rows = store.db.execute(
            "SELECT id, handle, name FROM people WHERE id IN (SELECT value FROM json_each(?)) "
            "ORDER BY name COLLATE NOCASE, id",
            [_ids(person_ids)],
        ).fetchall()
    return [PersonRow(*r) for r in rows]


_STRIP_SQL = """
    WITH base(team_id, at) AS (SELECT CAST(key AS INTEGER), value FROM json_each(?1)),
    latest(kr_id, team_id, confidence, stale) AS MATERIALIZED (
        SELECT k.id, o.team_id, c.confidence, ?3 IS NOT NULL AND (c.at IS NULL OR c.at <= ?3)
        FROM key_results k
        JOIN objectives o ON o.id = k.objective_id
        LEFT JOIN checkins c ON c.id = (
            SELECT c2.id FROM checkins c2 WHERE c2.kr_id = k.id
            ORDER BY c2.at DESC, c2.id DESC LIMIT 1
        )
        WHERE k.cycle_id = ?2 AND k.retired_at IS NULL AND o.retired_at IS NULL
    ),
    counted(confidence, stale, n) AS MATERIALIZED (
        SELECT confidence, stale, count(*) FROM latest GROUP BY 1, 2
    ),
    needing(confidence, n) AS (
        SELECT coalesce(confidence, ?4), sum(n) FROM counted
        WHERE stale OR coalesce(confidence, ?4) IN (SELECT value FROM json_each(?5))
        GROUP BY 1
    ),
    ceiling(confidence) AS (
        SELECT coalesce(min(confidence), 10) FROM (
            SELECT confidence, sum(n) OVER (ORDER BY confidence) AS seen FROM needing
        ) WHERE seen >= ?6
    )
    SELECT NULL, NULL, confidence, stale, n, NULL FROM counted
    UNION ALL
    SELECT n.kr_id, n.team_id, n.confidence, n.stale,
        (SELECT c.confidence FROM checkins c WHERE c.kr_id = n.kr_id AND c.at <= b.at
            ORDER BY c.at DESC, c.id DESC LIMIT 1),
        b.at IS NOT NULL
    FROM latest n LEFT JOIN base b ON b.team_id = n.team_id
    WHERE coalesce(n.confidence, ?4) <= (SELECT confidence FROM ceiling)
        AND (n.stale
            OR coalesce(n.confidence, ?4) IN (SELECT value FROM json_each(?5)))
"""
"""One pass over each KR's latest check-in (`latest`, computed once) gives both the counts
and the KRs that can be among the riskiest: those needing attention whose confidence is
at most the `shown`-th lowest such confidence."""


class Strip(NamedTuple):
    counts: list[tuple[int | None, bool, int]]
    """The live KRs counted by their latest confidence (None: no check-in) and whether
    that check-in is stale (or missing)."""
    candidates: list[RiskCandidate]
    """The KRs needing attention that can be among the `shown` riskiest."""


def attention_strip(
    store: Store,
    cycle_id: int,
    *,
    baselines: Mapping[int, datetime],
    stale_at_or_before: datetime | None,
    fresh_needing: Collection[int],
    shown: int,
) -> Strip:
    """The whole cycle's attention strip, as light rows: a KR needs attention when its
    latest check-in is at or before `stale_at_or_before` (or it has none; None: nothing is
    stale yet, `domain.risk.stale_cutoff`), or when its
    confidence (the starting one without a check-in) is one of `fresh_needing` (the
    caller's rule, given as the confidences it holds for when fresh). `baselines`: each
    team's baseline moment (`Store.team_baselines`), for the confidence change."""
    texts: dict[datetime, str] = {}  # most teams share a baseline: each converted once
    moments = json.dumps(
        {
            str(team): texts.get(at) or texts.setdefault(at, to_text(at))
            for team, at in baselines.items()
        }
    )
    params = [
        moments,
        cycle_id,
        None if stale_at_or_before is None else to_text(stale_at_or_before),
        STARTING_CONFIDENCE,
        json.dumps(sorted(set(fresh_needing))),
        shown,
    ]
    with store.db.lock:
        rows = store.db.execute(_STRIP_SQL, params).fetchall()
    counts: list[tuple[int | None, bool, int]] = []
    candidates: list[RiskCandidate] = []
    for kr_id, team_id, confidence, stale, before, has_baseline in rows:
        if kr_id is None:
            counts.append((confidence, bool(stale), int(before)))
        else:
            candidates.append(
                RiskCandidate(
                    kr_id,
                    team_id,
                    confidence,
                    bool(stale),
                    (STARTING_CONFIDENCE if before is None else before) if has_baseline else None,
                )
            )
    return Strip(counts, candidates)

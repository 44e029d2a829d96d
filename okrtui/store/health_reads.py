"""What the OKR health check reads, summed up by SQLite: no model per check-in.

A big organisation has tens of thousands of check-ins; the check needs only a few facts
of each KR's (`okrtui.domain.health.KRCheckins`), which one grouped query gives.
Dates compare as the store's text: `at` is UTC ISO-8601 (`convert.to_text`), so it starts
with the UTC date the domain reads with `CheckIn.at.date()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from okrtui.domain.health import KRCheckins, early_window
from okrtui.domain.krstate import STARTING_CONFIDENCE
from okrtui.domain.models import Cycle, KRKind

if TYPE_CHECKING:
    from okrtui.store.store import Store


@dataclass(frozen=True, slots=True)
class HealthKRRow:
    """A key result as the health check reads it (`okrtui.domain.health.HealthKR`)."""

    id: int
    ref: str
    objective_id: int
    kind: KRKind
    unit: str


CHECKIN_FACTS_SQL = """COUNT(*), MAX(c.at), SUM(c.confidence <> :starting),
    SUM(c.at >= :early_from AND c.at < :early_until),
    SUM(CASE WHEN c.at >= :early_from AND c.at < :early_until THEN c.confidence ELSE 0 END)"""
"""A KR's check-ins `c` summed up (a `GROUP BY c.kr_id`'s columns), with the parameters of
`checkin_facts_params`; `checkin_facts` reads the five columns back. A date compares with
`at` as its UTC date would: `at` starts with the date, then more."""

_CHECKINS_SQL = f"""
    SELECT c.kr_id, {CHECKIN_FACTS_SQL}
    FROM checkins c
    WHERE c.kr_id IN (SELECT id FROM key_results WHERE cycle_id = :cycle)
    GROUP BY c.kr_id
"""
"""One pass over the check-ins index in KR order (no temporary B-tree for the grouping)."""


def checkin_facts_params(cycle: Cycle) -> dict[str, object]:
    start, until = (day.isoformat() for day in early_window(cycle))
    return {"starting": STARTING_CONFIDENCE, "early_from": start, "early_until": until}


def checkin_facts(
    count: int, latest: str, moved: int, early_count: int, early_total: int
) -> KRCheckins:
    return KRCheckins(
        count=int(count),
        latest_on=_utc_day(str(latest)[:10]),
        unmoved=not moved,
        early_count=int(early_count),
        early_total=int(early_total),
    )


@lru_cache(maxsize=1024)
def _utc_day(text: str) -> date:
    """The UTC date `at` starts with: a cycle's 500,000 check-ins fall on a few hundred."""
    return date.fromisoformat(text)


def kr_checkins(store: Store, cycle: Cycle) -> dict[int, KRCheckins]:
    """Each KR of `cycle` that has a check-in, by id: its check-ins summed up."""
    params = {**checkin_facts_params(cycle), "cycle": cycle.id}
    rows = store.db.conn.execute(_CHECKINS_SQL, params).fetchall()
    return {int(row[0]): checkin_facts(*row[1:]) for row in rows}


def health_key_results(store: Store, cycle_id: int) -> list[HealthKRRow]:
    """The cycle's key results as light rows, in the order of `Store.key_results`;
    retired ones (and those of retired objectives) left out."""
    rows = store.db.execute(
        "SELECT k.id, k.ref, k.objective_id, k.kind, k.unit "
        "FROM key_results k JOIN objectives o ON o.id = k.objective_id "
        "WHERE k.cycle_id = ? AND k.retired_at IS NULL AND o.retired_at IS NULL "
        "ORDER BY o.team_id, o.number, k.number, k.id",
        [cycle_id],
    ).fetchall()
    return [HealthKRRow(int(r[0]), str(r[1]), int(r[2]), KRKind(r[3]), str(r[4])) for r in rows]

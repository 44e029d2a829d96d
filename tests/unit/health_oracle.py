"""A plain reading of `KRCheckins` from check-in models: the tests' oracle for the one
production summary, `okrtui.store.health_reads.kr_checkins` (SQL), and a way to hand the
health check a history without a database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from okrtui.domain.health import KRCheckins, early_window
from okrtui.domain.krstate import STARTING_CONFIDENCE
from okrtui.domain.models import CheckIn, Cycle


def summarise_checkins(cycle: Cycle, checkins: Sequence[CheckIn]) -> KRCheckins | None:
    """`KRCheckins` of one KR's check-ins; None for none."""
    if not checkins:
        return None
    start, until = early_window(cycle)
    early = [c.confidence for c in checkins if start <= c.at.date() < until]
    return KRCheckins(
        count=len(checkins),
        latest_on=max(c.at for c in checkins).date(),
        unmoved=all(c.confidence == STARTING_CONFIDENCE for c in checkins),
        early_count=len(early),
        early_total=sum(early),
    )


def summarise_history(
    cycle: Cycle, history: Mapping[int, Sequence[CheckIn]]
) -> dict[int, KRCheckins]:
    """`KRCheckins` by KR id, for the KRs of `history` that have a check-in."""
    summaries = {kr_id: summarise_checkins(cycle, checkins) for kr_id, checkins in history.items()}
    return {kr_id: s for kr_id, s in summaries.items() if s is not None}

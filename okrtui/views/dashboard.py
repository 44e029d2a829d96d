"""The dashboard's view model: the cycle, its risk summary, and every KR by team and objective.

Built from a handful of whole-cycle queries (no query per KR), the KRs as light rows
(`Store.kr_overview`) rather than models, so a big organisation opens as fast as the demo.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import Future
from datetime import date, datetime
from threading import Thread
from typing import NamedTuple

from okrtui.domain.bands import BandThresholds, ConfidenceBand, confidence_band
from okrtui.domain.calendar import cycle_start_utc, days_until, next_milestone, week_label
from okrtui.domain.kinds import ObjectiveKind
from okrtui.domain.krstate import STARTING_CONFIDENCE, confidence_change, progress, state_of
from okrtui.domain.progress import expected_pace
from okrtui.domain.risk import is_stale_at, risk_key, stale_cutoff
from okrtui.domain.rollup import objective_progress
from okrtui.domain.team_tree import team_tree
from okrtui.store import Store
from okrtui.store.first_frame import (
    attention_strip,
    kr_count,
    kr_counts_of_teams,
    objective_rows_of_teams,
    person_rows_of,
)
from okrtui.store.rows import (
    CycleRow,
    KROverview,
    MilestoneRow,
    ObjectiveRow,
    PersonRow,
    TeamRow,
)

RISKIEST_SHOWN = 3

FIRST_ROWS = 150
"""KRs read for the app's first frame: more than the tallest screen shows. The rest is read
right after it is drawn (`DashboardData.complete` is False until then)."""


STRIP_IN_FIRST_FRAME = 10_000
"""A first frame of a cycle with more KRs than this leaves the attention strip to be read
right after it is drawn: its pass over every KR's latest check-in (about 70 ms of CPU at
40,000 KRs) would cost more than the rest of the frame, in a process still starting."""


class KRView(NamedTuple):
    id: int
    ref: str
    title: str
    objective_id: int
    team_id: int
    owner_id: int | None
    owner: str
    kind: ObjectiveKind
    progress: float
    expected: float
    confidence: int
    band: ConfidenceBand
    change: int | None
    """Confidence now minus at the team's baseline (`DashboardData.since`)."""
    days_since: int | None
    """Days since the last check-in; None when there has been none."""
    stale: bool


class ObjectiveView(NamedTuple):
    id: int
    ref: str
    title: str
    team_id: int
    owner_id: int | None
    owner: str
    kind: ObjectiveKind
    progress: float
    krs: tuple[KRView, ...]
    parent_id: int | None = None


class TeamView(NamedTuple):
    id: int
    code: str
    name: str
    objectives: tuple[ObjectiveView, ...]
    since: str = ""
    """What the team's confidence arrows are measured from (`Baseline.label`)."""


class RiskSummary(NamedTuple):
    off_track: int
    at_risk: int
    stale: int
    riskiest: tuple[KRView, ...]


class DashboardData(NamedTuple):
    cycle: CycleRow | None
    organisation: str
    today: date
    week: str = ""
    expected: float = 0.0
    next_milestone: MilestoneRow | None = None
    days_to_next: int | None = None
    teams: tuple[TeamView, ...] = ()
    people: tuple[PersonRow, ...] = ()
    summary: RiskSummary = RiskSummary(0, 0, 0, ())
    complete: bool = True
    """False for the first frame's data: only the first teams' KRs (the strip and its
    counts are the whole organisation's all the same, or pending)."""
    summary_pending: bool = False
    """The first frame of a very big cycle: `summary` is left empty, to be read right
    after the frame is drawn (`whole_cycle_summary`)."""

    def kr(self, kr_id: int) -> KRView | None:
        for team in self.teams:
            for objective in team.objectives:
                for kr in objective.krs:
                    if kr.id == kr_id:
                        return kr
        return None


class DashboardFilter(NamedTuple):
    team_id: int | None = None
    owner_id: int | None = None
    band: ConfidenceBand | None = None
    mine: bool = False
    text: str = ""

    @property
    def active(self) -> bool:
        return bool(
            self.team_id is not None
            or self.owner_id is not None
            or self.band is not None
            or self.mine
            or self.text.strip()
        )


def load_dashboard(
    store: Store,
    today: date,
    now: datetime,
    thresholds: BandThresholds,
    *,
    first_rows: int | None = None,
) -> DashboardData:
    """Everything the dashboard shows, for the current cycle.

    A big organisation has thousands of KRs: each becomes a view in one cheap pass (named
    tuples, a band looked up by confidence), and only the few riskiest are ever sorted.
    With `first_rows`, only the first teams (in tree order) with about that many KRs are
    read, with their objectives and the people they name, and the attention strip comes
    from aggregates over the whole cycle (or, above `STRIP_IN_FIRST_FRAME` KRs, right
    after the frame): a first frame that costs the same for any size of organisation.
    """
    organisation = store.organisation
    cycle = store.current_cycle_row()
    if cycle is None:
        return DashboardData(cycle=None, organisation=organisation, today=today)
    tree = [team for team, _ in team_tree(store.team_rows())]
    place = {team.id: i for i, team in enumerate(tree)}
    cutoff = stale_cutoff(now, cycle_start=cycle_start_utc(cycle, store.timezone))
    team_baselines = store.team_baselines(cycle.id, now)
    baselines = {t: b.at for t, b in team_baselines.items()}
    shown = None if first_rows is None else _first_teams(store, cycle.id, tree, first_rows)
    objectives = (
        store.objective_rows(cycle.id)
        if shown is None
        else objective_rows_of_teams(store, cycle.id, shown)
    )
    krs = store.kr_overview(
        cycle.id, baselines=baselines if shown is None else _of(baselines, shown), team_ids=shown
    )
    expected = expected_pace(cycle, today)
    bands = [confidence_band(c, thresholds) for c in range(11)]
    if shown is None:
        people = store.person_rows()
    else:
        named = {kr.owner_id for kr in krs} | {o.owner_id for o in objectives}
        people = person_rows_of(store, {p for p in named if p is not None})
    names = {p.id: p.name for p in people}
    views = _kr_views(krs, {o.id: o for o in objectives}, names, expected, now, cutoff, bands)
    since = {t: team_baselines[t].label for t in (team_baselines if shown is None else shown)}
    team_views = _team_views(tree, objectives, views, names, shown, since)
    pending = shown is not None and kr_count(store, cycle.id) > STRIP_IN_FIRST_FRAME
    if shown is None:
        all_krs = [kr for t in team_views for o in t.objectives for kr in o.krs]
        summary = summary_of(all_krs, place)
    elif pending:
        summary = RiskSummary(0, 0, 0, ())
    else:
        summary = _strip_summary(store, cycle.id, baselines, now, cutoff, bands, place, expected)
    milestones = store.milestone_rows(cycle.id)
    upcoming = next_milestone(milestones, today)
    return DashboardData(
        cycle=cycle,
        organisation=organisation,
        today=today,
        week=week_label(cycle, today),
        expected=expected,
        next_milestone=upcoming,
        days_to_next=None if upcoming is None else days_until(upcoming.on, today),
        teams=team_views,
        people=tuple(people),
        summary=summary,
        complete=shown is None,
        summary_pending=pending,
    )


def _of(baselines: dict[int, datetime], team_ids: Iterable[int]) -> dict[int, datetime]:
    """The baselines of some teams only: a query asks with only those it reads."""
    return {team_id: baselines[team_id] for team_id in team_ids if team_id in baselines}


TEAMS_COUNTED = 64
"""Teams whose KRs are counted at a time, in tree order, to find the first frame's."""


def _first_teams(store: Store, cycle_id: int, tree: list[TeamRow], rows: int) -> list[int] | None:
    """The first teams in tree order that hold about `rows` KRs; None when that is all."""
    chosen: list[int] = []
    total = 0
    for start in range(0, len(tree), TEAMS_COUNTED):
        batch = tree[start : start + TEAMS_COUNTED]
        counts = kr_counts_of_teams(store, cycle_id, [team.id for team in batch])
        for team in batch:
            if total >= rows:
                return chosen
            if counts.get(team.id):
                chosen.append(team.id)
                total += counts[team.id]
    return None


def _kr_views(
    krs: list[KROverview],
    objective_by_id: dict[int, ObjectiveRow],
    names: dict[int, str],
    expected: float,
    now: datetime,
    cutoff: datetime | None,
    bands: list[ConfidenceBand],
) -> dict[int, list[KRView]]:
    """The KRs as views, by objective, in the store's order."""
    by_objective: dict[int, list[KRView]] = defaultdict(list)
    for kr in krs:
        objective = objective_by_id.get(kr.objective_id)
        if objective is not None:
            by_objective[kr.objective_id].append(
                _kr_view(kr, objective.team_id, objective.kind, names, expected, now, cutoff, bands)
            )
    return by_objective


def _team_views(
    tree: list[TeamRow],
    objectives: list[ObjectiveRow],
    krs_by_objective: dict[int, list[KRView]],
    names: dict[int, str],
    shown: list[int] | None,
    since: dict[int, str],
) -> tuple[TeamView, ...]:
    objectives_by_team: dict[int, list[ObjectiveView]] = defaultdict(list)
    for objective in objectives:
        if shown is not None and objective.team_id not in shown:
            continue
        views = tuple(krs_by_objective.get(objective.id, ()))  # the store's KR number order
        objectives_by_team[objective.team_id].append(
            ObjectiveView(
                id=objective.id,
                ref=objective.ref,
                title=objective.title,
                team_id=objective.team_id,
                owner_id=objective.owner_id,
                owner=names.get(objective.owner_id, "") if objective.owner_id else "",
                kind=objective.kind,
                progress=objective_progress([v.progress for v in views]),
                krs=views,
                parent_id=objective.parent_id,
            )
        )
    return tuple(
        TeamView(
            id=team.id,
            code=team.code,
            name=team.name,
            objectives=tuple(objectives_by_team[team.id]),  # by number, as the store gives
            since=since.get(team.id, ""),
        )
        for team in tree
        if objectives_by_team.get(team.id)
    )


def whole_cycle_summary(
    store: Store, today: date, now: datetime, thresholds: BandThresholds
) -> RiskSummary:
    """The attention strip of the current cycle from its aggregate, for a first frame that
    left it out (`DashboardData.summary_pending`); empty without a cycle."""
    cycle = store.current_cycle_row()
    if cycle is None:
        return RiskSummary(0, 0, 0, ())
    tree = [team for team, _ in team_tree(store.team_rows())]
    baselines = {t: b.at for t, b in store.team_baselines(cycle.id, now).items()}
    bands = [confidence_band(c, thresholds) for c in range(11)]
    place = {team.id: i for i, team in enumerate(tree)}
    cutoff = stale_cutoff(now, cycle_start=cycle_start_utc(cycle, store.timezone))
    return _strip_summary(
        store, cycle.id, baselines, now, cutoff, bands, place, expected_pace(cycle, today)
    )


def _strip_summary(
    store: Store,
    cycle_id: int,
    baselines: dict[int, datetime],
    now: datetime,
    cutoff: datetime | None,
    bands: list[ConfidenceBand],
    place: dict[int, int],
    expected: float,
) -> RiskSummary:
    """The attention strip of the whole cycle without a view of every KR: the counts (off
    track, at risk, stale) and light rows of the KRs that can be among the riskiest, from
    one aggregate; the riskiest are ranked from those, then read whole (with their
    objectives and owners) by team."""
    strip = attention_strip(
        store,
        cycle_id,
        baselines=baselines,
        stale_at_or_before=cutoff,
        fresh_needing=[c for c, band in enumerate(bands) if _needs_attention(band, False)],
        shown=RISKIEST_SHOWN,
    )
    off = risk = stale = 0
    for latest, is_stale_now, n in strip.counts:
        band = bands[STARTING_CONFIDENCE if latest is None else latest]
        off += n if band is ConfidenceBand.OFF_TRACK else 0
        risk += n if band is ConfidenceBand.AT_RISK else 0
        stale += n if is_stale_now else 0
    ranked = []
    for kr in strip.candidates:
        confidence = STARTING_CONFIDENCE if kr.latest_confidence is None else kr.latest_confidence
        change = confidence_change(confidence, kr.confidence_before)
        ranked.append((_rank(confidence, change, kr.stale, kr.team_id, kr.kr_id, place), kr))
    chosen = heapq.nsmallest(RISKIEST_SHOWN, ranked, key=lambda ranked_kr: ranked_kr[0])
    if not chosen:
        return RiskSummary(off, risk, stale, ())
    wanted = {kr.kr_id for _, kr in chosen}
    teams = {kr.team_id for _, kr in chosen}
    riskiest = [
        kr
        for kr in store.kr_overview(cycle_id, baselines=_of(baselines, teams), team_ids=teams)
        if kr.id in wanted
    ]
    objectives = {o.id: o for o in objective_rows_of_teams(store, cycle_id, teams)}
    owners = {kr.owner_id for kr in riskiest if kr.owner_id is not None}
    names = {p.id: p.name for p in person_rows_of(store, owners)}
    views = _kr_views(riskiest, objectives, names, expected, now, cutoff, bands)
    ranked_views = summary_of([kr for krs in views.values() for kr in krs], place).riskiest
    return RiskSummary(off, risk, stale, ranked_views)


def load_dashboard_soon(
    store: Store,
    today: date,
    now: datetime,
    thresholds: BandThresholds,
    *,
    first_rows: int | None = FIRST_ROWS,
) -> Future[DashboardData]:
    """`load_dashboard` of the first rows, started in a thread, for the first frame of the
    app (the screen reads the rest once it is drawn).

    SQLite lets go of the GIL while it reads, so the read overlaps with importing Textual
    and composing the screen (most of it, on a big organisation). The future holds the
    data, or the error `load_dashboard` raised, to be raised where the data is read.
    """
    future: Future[DashboardData] = Future()

    def run() -> None:
        try:
            future.set_result(load_dashboard(store, today, now, thresholds, first_rows=first_rows))
        except BaseException as error:
            future.set_exception(error)

    Thread(target=run, name="okrtui-first-dashboard", daemon=True).start()
    return future


def summary_of(krs: list[KRView], place: dict[int, int]) -> RiskSummary:
    """The band and staleness counts of `krs`, and the riskiest of those off track, at risk
    or stale (`domain.risk.risk_key`; `place` gives each team's place in the tree, which
    with the KRs' order breaks ties as the dashboard lists them)."""
    off = sum(1 for kr in krs if kr.band is ConfidenceBand.OFF_TRACK)
    risk = sum(1 for kr in krs if kr.band is ConfidenceBand.AT_RISK)
    stale = sum(1 for kr in krs if kr.stale)
    ranked = [
        (_rank(kr.confidence, kr.change, kr.stale, kr.team_id, kr.id, place), kr)
        for kr in krs
        if _needs_attention(kr.band, kr.stale)
    ]
    riskiest = heapq.nsmallest(RISKIEST_SHOWN, ranked, key=lambda ranked_kr: ranked_kr[0])
    return RiskSummary(off, risk, stale, tuple(view for _, view in riskiest))


def apply_filter(
    teams: tuple[TeamView, ...], f: DashboardFilter, me_id: int | None
) -> tuple[TeamView, ...]:
    """The teams, objectives and KRs that pass the filter; empty groups drop out.

    Owner and "mine" match a KR's owner, or the owner of its objective (then all its KRs).
    Text matches (case-insensitively) a KR's ref, title or owner, or its objective's ref,
    title or owner, or its team's code or name.
    """
    if not f.active:
        return teams
    needle = f.text.strip().casefold()
    owner_ids = {i for i in (f.owner_id, me_id if f.mine else None) if i is not None}
    if f.mine and me_id is None:
        return ()
    result = []
    for team in teams:
        if f.team_id is not None and team.id != f.team_id:
            continue
        team_hit = bool(needle) and (
            needle in team.code.casefold() or needle in team.name.casefold()
        )
        objectives = []
        for objective in team.objectives:
            objective_hit = team_hit or (
                bool(needle)
                and any(
                    needle in s.casefold()
                    for s in (objective.ref, objective.title, objective.owner)
                )
            )
            krs = tuple(
                kr
                for kr in objective.krs
                if _passes(kr, objective, f, owner_ids, needle, objective_hit)
            )
            if krs:
                objectives.append(_with_krs(objective, krs))
        if objectives:
            result.append(team._replace(objectives=tuple(objectives)))
    return tuple(result)


def _passes(
    kr: KRView,
    objective: ObjectiveView,
    f: DashboardFilter,
    owner_ids: set[int],
    needle: str,
    objective_hit: bool,
) -> bool:
    if f.band is not None and kr.band is not f.band:
        return False
    for owner in owner_ids:
        if kr.owner_id != owner and objective.owner_id != owner:
            return False
    if needle and not objective_hit:
        return any(needle in s.casefold() for s in (kr.ref, kr.title, kr.owner))
    return True


def _with_krs(objective: ObjectiveView, krs: tuple[KRView, ...]) -> ObjectiveView:
    if krs == objective.krs:
        return objective
    return ObjectiveView(
        objective.id,
        objective.ref,
        objective.title,
        objective.team_id,
        objective.owner_id,
        objective.owner,
        objective.kind,
        objective.progress,
        krs,
        objective.parent_id,
    )


def _needs_attention(band: ConfidenceBand, stale: bool) -> bool:
    """Whether a KR counts for the attention strip's riskiest (a stale one always does:
    `store.first_frame.attention_strip` reads with that)."""
    return band is not ConfidenceBand.ON_TRACK or stale


def _rank(
    confidence: int,
    change: int | None,
    stale: bool,
    team_id: int,
    kr_id: int,
    place: dict[int, int],
) -> tuple[tuple[int, int, bool], tuple[int, int]]:
    """`domain.risk.risk_key`, with the KR's place (its team's place in the tree, then its
    id) standing in for the reference: parsing thousands of references costs more than the
    rest of the dashboard."""
    return risk_key(confidence, change, stale), (place.get(team_id, len(place)), kr_id)


def _kr_view(
    kr: KROverview,
    team_id: int,
    kind: ObjectiveKind,
    names: dict[int, str],
    expected: float,
    now: datetime,
    cutoff: datetime | None,
    bands: list[ConfidenceBand],
) -> KRView:
    """`bands[c]` is the band of confidence `c`."""
    state = state_of(kr, kr.latest_value, kr.latest_confidence, kr.latest_at)
    confidence = state.confidence
    return KRView(
        kr.id,
        kr.ref,
        kr.title,
        kr.objective_id,
        team_id,
        kr.owner_id,
        names.get(kr.owner_id, "") if kr.owner_id else "",
        kind,
        progress(kr, state.value),
        expected,
        confidence,
        bands[confidence],
        confidence_change(confidence, kr.confidence_before),
        None if kr.latest_at is None else max(0, (now - kr.latest_at).days),
        is_stale_at(kr.latest_at, cutoff),
    )

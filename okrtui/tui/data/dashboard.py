"""The dashboard's view model: the cycle, its risk summary, and every KR by team and objective.

Built from a handful of whole-cycle queries (no query per KR), so a big organisation
opens as fast as the demo one.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from okrtui.domain.bands import BandThresholds, ConfidenceBand, confidence_band
from okrtui.domain.calendar import days_until, next_milestone, week_label
from okrtui.domain.models import (
    CheckIn,
    Cycle,
    KeyResult,
    Milestone,
    ObjectiveKind,
    Person,
    Team,
)
from okrtui.domain.progress import current_value, expected_pace, kr_progress, objective_progress
from okrtui.domain.risk import STARTING_CONFIDENCE, is_stale, kr_risk
from okrtui.store import Store
from okrtui.tui.data.format import kr_value

RISKIEST_SHOWN = 3


@dataclass(frozen=True, slots=True)
class KRView:
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
    value: str
    confidence: int
    band: ConfidenceBand
    change: int | None
    """Confidence now minus a week ago; None when there is nothing to compare."""
    days_since: int | None
    """Days since the last check-in; None when there has been none."""
    stale: bool
    risk_rank: int = 0
    """Place in the riskiest-first order of the whole cycle (0 is the riskiest)."""


@dataclass(frozen=True, slots=True)
class ObjectiveView:
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


@dataclass(frozen=True, slots=True)
class TeamView:
    id: int
    code: str
    name: str
    objectives: tuple[ObjectiveView, ...]


@dataclass(frozen=True, slots=True)
class RiskSummary:
    off_track: int
    at_risk: int
    stale: int
    riskiest: tuple[KRView, ...]


@dataclass(frozen=True, slots=True)
class DashboardData:
    cycle: Cycle | None
    organisation: str
    today: date
    week: str = ""
    expected: float = 0.0
    next_milestone: Milestone | None = None
    days_to_next: int | None = None
    teams: tuple[TeamView, ...] = ()
    people: tuple[Person, ...] = ()
    summary: RiskSummary = field(default_factory=lambda: RiskSummary(0, 0, 0, ()))

    def kr(self, kr_id: int) -> KRView | None:
        for team in self.teams:
            for objective in team.objectives:
                for kr in objective.krs:
                    if kr.id == kr_id:
                        return kr
        return None


@dataclass(frozen=True, slots=True)
class DashboardFilter:
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
    store: Store, today: date, now: datetime, thresholds: BandThresholds
) -> DashboardData:
    """Everything the dashboard shows, for the current cycle."""
    organisation = store.organisation
    cycle = store.current_cycle()
    if cycle is None:
        return DashboardData(cycle=None, organisation=organisation, today=today)
    people = store.people()
    names = {p.id: p.name for p in people}
    teams = store.teams()
    objectives = store.objectives(cycle.id)
    krs = store.key_results(cycle.id)
    latest = store.latest_checkins(cycle.id)
    week_ago = store.latest_checkins_before(cycle.id, now - timedelta(days=7))
    values = latest_values(store, cycle.id)
    expected = expected_pace(cycle, today)

    # Riskiest first as in the KR round (`KRRisk.sort_key`), with the store's order
    # (team, objective number, KR number) standing in for the reference as the last key:
    # parsing 4,000 references costs more than the rest of the dashboard.
    risks = [
        kr_risk(kr, latest.get(kr.id), _confidence(week_ago.get(kr.id)), None, now) for kr in krs
    ]
    order = sorted(
        range(len(risks)),
        key=lambda i: (risks[i].confidence, -risks[i].drop, not risks[i].stale, i),
    )
    ranks = {risks[i].kr.id: rank for rank, i in enumerate(order)}
    objective_by_id = {o.id: o for o in objectives}
    krs_by_objective: dict[int, list[KRView]] = defaultdict(list)
    for kr in krs:
        objective = objective_by_id.get(kr.objective_id)
        if objective is None:
            continue
        krs_by_objective[kr.objective_id].append(
            _kr_view(
                kr,
                objective.team_id,
                objective.kind,
                latest.get(kr.id),
                week_ago.get(kr.id),
                values.get(kr.id),
                names,
                expected,
                now,
                thresholds,
                ranks.get(kr.id, 0),
            )
        )
    objectives_by_team: dict[int, list[ObjectiveView]] = defaultdict(list)
    for objective in objectives:
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
    team_views = tuple(
        TeamView(
            id=team.id,
            code=team.code,
            name=team.name,
            objectives=tuple(objectives_by_team[team.id]),  # by number, as the store gives
        )
        for team in _tree_order(teams)
        if objectives_by_team.get(team.id)
    )
    all_krs = [kr for t in team_views for o in t.objectives for kr in o.krs]
    milestones = store.milestones(cycle.id)
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
        summary=summarise(all_krs),
    )


def latest_values(store: Store, cycle_id: int) -> dict[int, float]:
    """Each KR's latest recorded value (a confidence-only check-in keeps the value before).

    One aggregated query; the Store has no whole-cycle form of `latest_with_value`.
    """
    rows = store.db.execute(
        """
        SELECT k.id, (
            SELECT c.value FROM checkins c
            WHERE c.kr_id = k.id AND c.value IS NOT NULL
            ORDER BY c.at DESC, c.id DESC LIMIT 1
        ) FROM key_results k WHERE k.cycle_id = ?
        """,
        [cycle_id],
    ).fetchall()
    return {int(kr_id): float(value) for kr_id, value in rows if value is not None}


def summarise(krs: list[KRView]) -> RiskSummary:
    off = sum(1 for kr in krs if kr.band is ConfidenceBand.OFF_TRACK)
    risk = sum(1 for kr in krs if kr.band is ConfidenceBand.AT_RISK)
    stale = sum(1 for kr in krs if kr.stale)
    riskiest = sorted(
        (kr for kr in krs if kr.band is not ConfidenceBand.ON_TRACK or kr.stale),
        key=lambda kr: kr.risk_rank,
    )
    return RiskSummary(off, risk, stale, tuple(riskiest[:RISKIEST_SHOWN]))


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
            result.append(TeamView(team.id, team.code, team.name, tuple(objectives)))
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


def _confidence(checkin: CheckIn | None) -> int | None:
    return None if checkin is None else checkin.confidence


def _kr_view(
    kr: KeyResult,
    team_id: int,
    kind: ObjectiveKind,
    latest: CheckIn | None,
    week_ago: CheckIn | None,
    value: float | None,
    names: dict[int, str],
    expected: float,
    now: datetime,
    thresholds: BandThresholds,
    rank: int,
) -> KRView:
    confidence = latest.confidence if latest is not None else STARTING_CONFIDENCE
    shown_value = value if value is not None else current_value(kr, None)
    return KRView(
        id=kr.id,
        ref=kr.ref,
        title=kr.title,
        objective_id=kr.objective_id,
        team_id=team_id,
        owner_id=kr.owner_id,
        owner=names.get(kr.owner_id, "") if kr.owner_id else "",
        kind=kind,
        progress=kr_progress(kr, shown_value),
        expected=expected,
        value=kr_value(kr, shown_value),
        confidence=confidence,
        band=confidence_band(confidence, thresholds),
        change=None if week_ago is None else confidence - week_ago.confidence,
        days_since=None if latest is None else max(0, (now - latest.at).days),
        stale=is_stale(None if latest is None else latest.at, now),
        risk_rank=rank,
    )


def _tree_order(teams: list[Team]) -> list[Team]:
    """Teams depth first, parents before children, siblings by code."""
    children: dict[int | None, list[Team]] = defaultdict(list)
    ids = {t.id for t in teams}
    for team in teams:
        parent = team.parent_id if team.parent_id in ids else None
        children[parent].append(team)
    ordered: list[Team] = []

    def walk(parent: int | None) -> None:
        for team in sorted(children.get(parent, ()), key=lambda t: t.code):
            ordered.append(team)
            walk(team.id)

    walk(None)
    return ordered

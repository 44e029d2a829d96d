"""The KRs a meeting is about, and the facts the KR round shows for each of them.

Scope: the meeting's team, or every team when the meeting has none (an org-wide meeting)
or when the step asks for `scope = "all"`. Sub-teams are not included: a team's meeting
reviews the team's own objectives.

The round's order is worked out from the state *at the start of the meeting*, so rows do
not jump around as confidences are entered, and a resumed meeting shows the same order.
"Before" is where each KR stood at its baseline (`okrtui.domain.baseline`): when its team's
previous meeting ended, or the cycle's start when there was none in this cycle.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from okrtui.agenda import AgendaTemplate
from okrtui.clock import local_today
from okrtui.domain.bands import (
    DEFAULT_THRESHOLDS,
    BandThresholds,
    ConfidenceBand,
    confidence_band,
)
from okrtui.domain.baseline import Baseline
from okrtui.domain.calendar import cycle_start_utc
from okrtui.domain.krstate import KRState, progress, state_after
from okrtui.domain.models import (
    CheckIn,
    Cycle,
    KeyResult,
    Meeting,
    MeetingStep,
    Objective,
    ObjectiveKind,
    Person,
)
from okrtui.domain.progress import expected_pace
from okrtui.domain.risk import is_stale, riskiest_first
from okrtui.meeting.errors import MeetingError
from okrtui.store import Store

KR_STEP_KINDS = frozenset({"krs"})
"""Step kinds that cannot run without KRs in scope: a meeting with one refuses to start."""


@dataclass(frozen=True, slots=True)
class ScopedKR:
    kr: KeyResult
    objective: Objective


@dataclass(frozen=True, slots=True)
class KRRoundRow:
    kr: KeyResult
    objective: Objective
    owner: Person | None
    team_code: str
    kind: ObjectiveKind
    value: float
    confidence: int
    value_before: float
    confidence_before: int
    change: int
    """Confidence now minus at the baseline."""
    baseline: Baseline
    last_checkin_at: datetime | None
    stale: bool
    confidence_history: tuple[int, ...]
    progress: float
    expected: float
    band: ConfidenceBand
    checked_in_this_meeting: bool
    last_note: str

    @property
    def value_changed(self) -> bool:
        return self.value != self.value_before

    @property
    def committed(self) -> bool:
        return self.kind is ObjectiveKind.COMMITTED


def step_options(step: MeetingStep) -> dict[str, object]:
    """The kind-specific options a step was started with (`scope`, `only_stale`, ...)."""
    try:
        options = json.loads(step.options or "{}")
    except json.JSONDecodeError:
        return {}
    return options if isinstance(options, dict) else {}


def covers_all_teams(step: MeetingStep, team_id: int | None) -> bool:
    """A step covers every team when its agenda says `scope = "all"` or its meeting is the
    whole organisation's (`team_id` None)."""
    return step_options(step).get("scope") == "all" or team_id is None


def scope_krs(store: Store, cycle_id: int, team_id: int | None) -> list[ScopedKR]:
    """The KRs of a team's objectives in a cycle (every team's when `team_id` is None);
    retired ones are not in any round."""
    objectives = {o.id: o for o in store.objectives(cycle_id, team_id) if o.retired_at is None}
    return [
        ScopedKR(kr, objectives[kr.objective_id])
        for kr in store.key_results(cycle_id, team_id=team_id)
        if kr.objective_id in objectives and kr.retired_at is None
    ]


def scope_name(store: Store, team_id: int | None) -> str:
    if team_id is None:
        return "the whole organisation"
    team = store.team(team_id)
    return f"team {team.code} ({team.name})"


def require_krs_in_scope(
    store: Store, template: AgendaTemplate, cycle: Cycle, team_id: int | None
) -> None:
    """Refuse a meeting whose agenda has a KR round when there are no KRs to go round."""
    for step in template.steps:
        if step.kind not in KR_STEP_KINDS:
            continue
        all_teams = getattr(step, "scope", "team") == "all"
        if not scope_krs(store, cycle.id, None if all_teams else team_id):
            where = scope_name(store, None if all_teams else team_id)
            raise MeetingError(
                f"no key results in scope for {where} in cycle {cycle.slug}: "
                f"the agenda {template.slug!r} has a KR round ({step.title!r}); "
                "import an OKR set or pick another team"
            )


def state_at(kr: KeyResult, history: Sequence[CheckIn]) -> KRState:
    """The state after `history`; the cycle's start without any check-in."""
    return state_after(kr, history)


def meeting_baselines(store: Store, meeting: Meeting) -> dict[int, Baseline]:
    """Each team's baseline as the meeting began (its own previous meeting's end)."""
    return store.team_baselines(meeting.cycle_id, meeting.started_at, excluding=meeting.id)


def baseline_cutoff(store: Store, meeting: Meeting, cycle: Cycle) -> datetime:
    """The moment "since the last meeting" starts for the meeting's team (for an
    organisation-wide meeting, the earliest of the teams')."""
    baselines = meeting_baselines(store, meeting)
    if meeting.team_id is not None and meeting.team_id in baselines:
        return baselines[meeting.team_id].at
    if baselines:
        return min(b.at for b in baselines.values())
    return cycle_start_utc(cycle, store.timezone)


def before_meeting(history: Sequence[CheckIn], meeting: Meeting) -> list[CheckIn]:
    """Check-ins that were in before the meeting began (not those it recorded itself)."""
    return [c for c in history if c.at <= meeting.started_at and c.meeting_id != meeting.id]


def kr_round(
    store: Store,
    meeting: Meeting,
    *,
    all_teams: bool = False,
    only_stale: bool = False,
    thresholds: BandThresholds = DEFAULT_THRESHOLDS,
) -> list[KRRoundRow]:
    """The KR round of a meeting, riskiest first (as things stood when it began)."""
    cycle = store.cycle(meeting.cycle_id)
    scoped = scope_krs(store, cycle.id, None if all_teams else meeting.team_id)
    history = store.checkin_history(cycle.id, [s.kr.id for s in scoped])
    people = store.people_by_id()
    teams = {t.id: t.code for t in store.teams()}
    now = store.clock.now()
    today = local_today(store.clock, store.timezone)
    baselines = meeting_baselines(store, meeting)
    started = cycle_start_utc(cycle, store.timezone)
    fallback = Baseline(started, cycle.start)

    at_start: dict[int, CheckIn] = {}
    last_at_start: dict[int, datetime] = {}
    baseline: dict[int, KRState] = {}
    baseline_of: dict[int, Baseline] = {}
    for item in scoped:
        cutoff = baselines.get(item.objective.team_id, fallback)
        baseline_of[item.kr.id] = cutoff
        kr_history = history.get(item.kr.id, [])
        earlier = before_meeting(kr_history, meeting)
        if earlier:
            at_start[item.kr.id] = earlier[-1]
            last_at_start[item.kr.id] = earlier[-1].at
        baseline[item.kr.id] = state_after(item.kr, [c for c in kr_history if c.at <= cutoff.at])
    if only_stale:
        scoped = [
            s
            for s in scoped
            if is_stale(last_at_start.get(s.kr.id), meeting.started_at, cycle_start=started)
        ]
    order = riskiest_first(
        [s.kr for s in scoped],
        at_start,
        {kr_id: state.confidence for kr_id, state in baseline.items()},
        last_at_start,
        meeting.started_at,
        started,
    )
    by_id = {s.kr.id: s for s in scoped}
    pace = expected_pace(cycle, today)
    return [
        _row(
            by_id[kr.id],
            history.get(kr.id, []),
            baseline[kr.id],
            baseline_of[kr.id],
            meeting,
            people,
            teams,
            now,
            started,
            pace,
            thresholds,
        )
        for kr in order
    ]


def _row(
    item: ScopedKR,
    history: Sequence[CheckIn],
    before: KRState,
    since: Baseline,
    meeting: Meeting,
    people: Mapping[int, Person],
    teams: Mapping[int, str],
    now: datetime,
    cycle_start: datetime,
    pace: float,
    thresholds: BandThresholds,
) -> KRRoundRow:
    kr = item.kr
    current = state_after(kr, history)
    last_at = history[-1].at if history else None
    return KRRoundRow(
        kr=kr,
        objective=item.objective,
        owner=people.get(kr.owner_id) if kr.owner_id is not None else None,
        team_code=teams.get(item.objective.team_id, ""),
        kind=item.objective.kind,
        value=current.value,
        confidence=current.confidence,
        value_before=before.value,
        confidence_before=before.confidence,
        change=current.confidence - before.confidence,
        baseline=since,
        last_checkin_at=last_at,
        stale=is_stale(last_at, now, cycle_start=cycle_start),
        confidence_history=tuple(c.confidence for c in history),
        progress=progress(kr, current.value),
        expected=pace,
        band=confidence_band(current.confidence, thresholds),
        checked_in_this_meeting=any(c.meeting_id == meeting.id for c in history),
        last_note=current.note,
    )

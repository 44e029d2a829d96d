"""The OKR coach: checks on objectives and key results while they are written.

Pure functions over what they are given: no SQL, no Textual. Every check returns
`HealthFinding`s (the health check's own findings), so the form, `okrtui health` and the
alignment session speak one language. Nothing here refuses anything: these are warnings
beside a form, never a reason to stop saving.

The counts (1–5 objectives per team, 2–5 key results each) and the committed/aspirational
mix are the health check's rules (`okrtui.domain.health`); the coach asks them for one
team instead of repeating them. The other checks live here and `health_check(coach=...)`
runs them too:

- measurable: a metric key result needs a start and a target (and says what it counts);
- owner: every objective and key result has someone who answers for it;
- activity: a key result that reads as a task ("launch", "implement", "hold", "write"…)
  with no number in it is an activity, not an outcome; one that counts an activity ("Hold
  5 meetings", a unit of "calls") is an output: the health check's question is what changes
  for someone, so both are warned. Only a number standing as its own word is a measure
  ("5", "4.5", "30%", "1,000", "€20k"): the digits of a name ("3DS2", "p95", "Q1") are not;
- target equal to start: nothing would move;
- duplicate title: two objectives of a cycle, or two key results of an objective, with the
  same title (ignoring case and spacing);
- unaligned: an objective aligned to nothing while its team sits under a parent team.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from okrtui.domain.health import (
    MAX_OBJECTIVES,
    MIN_OBJECTIVES,
    HealthFinding,
    HealthKR,
    _objective_findings,
    _team_findings,
    ref_sort_key,
)
from okrtui.domain.kinds import KRKind, ObjectiveKind
from okrtui.domain.krstate import KRSpec
from okrtui.domain.models import Cycle, Objective, Team

ACTIVITY_WORDS = frozenset(
    {
        "launch",
        "implement",
        "hold",
        "write",
        "build",
        "create",
        "run",
        "organise",
        "organize",
        "host",
        "develop",
        "design",
        "introduce",
        "conduct",
        "publish",
        "deploy",
        "migrate",
        "attend",
        "complete",
        "start",
        "finish",
        "hire",
        "rollout",
        "setup",
    }
)
"""Verbs of doing rather than of achieving; a key result that leads with one and has no
number reads as a task list item."""

LEAD_VERBS = ACTIVITY_WORDS | {
    "have",
    "do",
    "make",
    "send",
    "ship",
    "release",
    "organize",
    "attend",
}
"""Verbs that, leading a key result with a number, count work done ("Hold 5 meetings")."""

COUNTED_ACTIVITIES = frozenset(
    {
        "meeting",
        "call",
        "session",
        "workshop",
        "email",
        "post",
        "demo",
        "interview",
        "visit",
        "webinar",
        "event",
        "article",
        "training",
        "presentation",
        "talk",
    }
)
"""Things done rather than results: counting them measures effort (singular forms)."""

_WORD = re.compile(r"[a-z]+")
_EDGE = "()[]{}\"'“”‘’.,;:!?"
_NUMBER = re.compile(
    r"[~≈<>+\-−]?[€$£]?\d+(?:[.,]\d+)*(?:%|x|k|m|bn|ms|s|h|pp)?",
)
"""A measure standing as its own word: 5, 4.5, 30%, 1,000, €20k, 2x, 800ms."""


def _tokens(title: str) -> list[str]:
    return [t.strip(_EDGE) for t in title.casefold().split()]


def is_number(token: str) -> bool:
    """Whether a word of a title is a number (not a name with digits in it, like 3DS2)."""
    return _NUMBER.fullmatch(token.strip(_EDGE).casefold()) is not None


def _words(token: str) -> list[str]:
    """The words of one token; none when digits are glued into it (3DS2 is a name)."""
    if any(ch.isdigit() for ch in token):
        return []
    return _WORD.findall(token)


def _counted(token: str) -> str | None:
    word = token.strip(_EDGE).casefold()
    for singular in (word, word.removesuffix("s"), word.removesuffix("es")):
        if singular in COUNTED_ACTIVITIES:
            return singular
    return None


class CoachKR(HealthKR, KRSpec, Protocol):
    """What the coach reads of a key result: a stored `KeyResult`, or a form's draft."""

    @property
    def title(self) -> str: ...
    @property
    def owner_id(self) -> int | None: ...


@dataclass(frozen=True, slots=True)
class KRDraft:
    """A key result as a form holds it while it is typed: anything may still be missing."""

    title: str
    objective_id: int = 0
    id: int = 0
    ref: str = "new key result"
    owner_id: int | None = None
    kind: KRKind = KRKind.METRIC
    start: float | None = None
    target: float | None = None
    unit: str = ""


def _warn(code: str, subject: str, message: str) -> HealthFinding:
    return HealthFinding(severity="warning", code=code, message=message, subject=subject)


def _info(code: str, subject: str, message: str) -> HealthFinding:
    return HealthFinding(severity="info", code=code, message=message, subject=subject)


def _same(title: str) -> str:
    return " ".join(title.casefold().split())


# -- the checks, one each --------------------------------------------------------------


def check_measurable(kr: CoachKR) -> list[HealthFinding]:
    """A metric key result needs a start and a target; without a unit it is only a note."""
    if kr.kind is KRKind.MILESTONE:
        return []
    if kr.start is None or kr.target is None:
        missing = " and ".join(
            name for name, value in (("start", kr.start), ("target", kr.target)) if value is None
        )
        return [
            _warn(
                "not-measurable",
                kr.ref,
                f"Key result {kr.ref} has no {missing}: say where it starts and what "
                "number means done (or make it a milestone).",
            )
        ]
    if not kr.unit.strip():
        return [_info("no-unit", kr.ref, f"Key result {kr.ref} has no unit; say what it counts.")]
    return []


def check_owner(
    subject: str, owner_id: int | None, what: str = "Key result"
) -> list[HealthFinding]:
    """Someone answers for every objective and key result."""
    if owner_id is not None:
        return []
    return [_warn("no-owner", subject, f"{what} {subject} has no owner; who answers for it?")]


def check_activity(kr: CoachKR) -> list[HealthFinding]:
    """A key result that reads as an activity ("launch", "write"…) without a number, or
    that counts one ("Hold 5 meetings", a unit of "calls"): work done, not a result."""
    tokens = _tokens(kr.title)
    numbered = [i for i, t in enumerate(tokens) if is_number(t)]
    by_unit = _counted(kr.unit) if kr.kind is KRKind.METRIC and kr.unit.strip() else None
    if not numbered and by_unit is None:
        found = next((w for t in tokens for w in _words(t) if w in ACTIVITY_WORDS), None)
        if found is None:
            return []
        return [
            _warn(
                "activity-not-outcome",
                kr.ref,
                f"Key result {kr.ref} reads as an activity ('{found}') with no number: "
                "what result will it bring, and how much?",
            )
        ]
    lead = _words(tokens[0])[:1] if tokens else []
    counted = next(
        (c for i in numbered if i + 1 < len(tokens) and (c := _counted(tokens[i + 1]))), None
    )
    what = lead[0] if lead and lead[0] in LEAD_VERBS else counted or by_unit
    if what is None:
        return []
    return [
        _warn(
            "activity-counted",
            kr.ref,
            f"Key result {kr.ref} counts an activity ('{what}'): that is an output, not an "
            "outcome; what result will it bring, and how much?",
        )
    ]


def check_target_equals_start(kr: CoachKR) -> list[HealthFinding]:
    """A metric whose target is its start measures no change."""
    if kr.kind is KRKind.METRIC and kr.start is not None and kr.start == kr.target:
        return [
            _warn(
                "target-equals-start",
                kr.ref,
                f"Key result {kr.ref} has its target equal to its start ({kr.start:g}): "
                "nothing would move.",
            )
        ]
    return []


def check_duplicate_titles(
    items: Iterable[tuple[str, str]], what: str = "Objective"
) -> list[HealthFinding]:
    """Items (reference, title) sharing a title, ignoring case and spacing: one finding for
    each item after the first of its title."""
    first: dict[str, str] = {}
    found: list[HealthFinding] = []
    for ref, title in items:
        key = _same(title)
        if not key:
            continue
        if key in first:
            found.append(
                _warn(
                    "duplicate-title",
                    ref,
                    f"{what} {ref} has the same title as {first[key]}: {title.strip()!r}.",
                )
            )
        else:
            first[key] = ref
    return found


def check_unaligned(objective: Objective, team: Team | None) -> list[HealthFinding]:
    """An objective aligned to nothing while its team has a parent team."""
    if objective.parent_id is not None or team is None or team.parent_id is None:
        return []
    return [
        _warn(
            "unaligned",
            objective.ref,
            f"Objective {objective.ref} is aligned to nothing, yet team {team.code} sits "
            "under a parent team: which of its objectives does it serve?",
        )
    ]


def check_counts(
    cycle: Cycle,
    team: Team,
    objectives: Sequence[Objective],
    key_results: Sequence[CoachKR],
    *,
    teams: Sequence[Team] = (),
) -> list[HealthFinding]:
    """The health check's counts for one team: 1–5 objectives, 2–5 key results each (the
    rules are `okrtui.domain.health`'s); plus the coach's note when a team has none yet."""
    own = [o for o in objectives if o.team_id == team.id]
    own_ids = {o.id for o in own}
    own_krs = [k for k in key_results if k.objective_id in own_ids]
    found = [
        f
        for f in _team_findings(
            cycle,
            [*teams, team] if team not in teams else teams,
            own,
            own_krs,
            {o.id: o for o in own},
            {},
            skip_aspirational=True,
        )
        if f.subject == team.code and f.code in {"too-many-objectives", "team-without-objectives"}
    ]
    found += _objective_findings(own, own_krs)
    return found


def check_mix(team: Team, objectives: Sequence[Objective]) -> list[HealthFinding]:
    """The committed/aspirational mix of one team: some of each once it has two or more."""
    own = [o for o in objectives if o.team_id == team.id]
    kinds = {o.kind for o in own}
    if len(own) < 2 or len(kinds) == 2:
        return []
    if kinds == {ObjectiveKind.ASPIRATIONAL}:
        return [
            _warn(
                "team-all-aspirational",
                team.code,
                f"Team {team.code} has only aspirational objectives; commit to at least one.",
            )
        ]
    return [
        _info(
            "team-all-committed",
            team.code,
            f"Team {team.code}'s objectives are all committed; is one worth a stretch "
            "(aspirational, expected around 0.7)?",
        )
    ]


# -- beside a form ---------------------------------------------------------------------


def coach_key_result(kr: CoachKR, siblings: Sequence[CoachKR] = ()) -> list[HealthFinding]:
    """The checks beside a key result's form. `siblings`: the other key results of its
    objective (for a duplicate title)."""
    found = check_measurable(kr) + check_target_equals_start(kr)
    found += check_owner(kr.ref, kr.owner_id)
    found += check_activity(kr)
    others = [(k.ref, k.title) for k in siblings if k.id != kr.id or kr.id == 0]
    found += [
        f
        for f in check_duplicate_titles([*others, (kr.ref, kr.title)], "Key result")
        if f.subject == kr.ref
    ]
    return found


def coach_objective(
    cycle: Cycle,
    objective: Objective,
    *,
    teams: Sequence[Team],
    objectives: Sequence[Objective],
    key_results: Sequence[CoachKR],
) -> list[HealthFinding]:
    """The checks beside an objective's form: its owner, alignment and title, and its
    team's counts and mix as they would be with it saved. `objectives` and `key_results`:
    the cycle's, with or without this objective."""
    by_id = {t.id: t for t in teams}
    team = by_id.get(objective.team_id)
    others = [o for o in objectives if o.id != objective.id or objective.id == 0]
    with_it = [*others, objective]
    found = check_owner(objective.ref, objective.owner_id, "Objective")
    found += check_unaligned(objective, team)
    found += [
        f
        for f in check_duplicate_titles([*((o.ref, o.title) for o in others), _pair(objective)])
        if f.subject == objective.ref
    ]
    if team is not None:
        found += [
            f
            for f in check_counts(cycle, team, with_it, key_results, teams=teams)
            if f.subject in {team.code, objective.ref}
        ]
        found += check_mix(team, with_it)
    return found


def _pair(objective: Objective) -> tuple[str, str]:
    return objective.ref, objective.title


# -- the whole set, as `okrtui health` reads it -------------------------------------------


def coach_set(
    *,
    teams: Sequence[Team],
    objectives: Sequence[Objective],
    key_results: Sequence[CoachKR],
) -> list[HealthFinding]:
    """The coach's own checks over a cycle's OKR set (the counts and the mix are the health
    check's already): owners, alignment, duplicate titles, activities, measurability.
    By subject reference, then in the order of the checks."""
    by_id = {t.id: t for t in teams}
    found: list[HealthFinding] = []
    ordered = sorted(objectives, key=lambda o: ref_sort_key(o.ref))
    for objective in ordered:
        found += check_owner(objective.ref, objective.owner_id, "Objective")
        found += check_unaligned(objective, by_id.get(objective.team_id))
    found += check_duplicate_titles((o.ref, o.title) for o in ordered)
    by_objective: defaultdict[int, list[CoachKR]] = defaultdict(list)
    for kr in sorted(key_results, key=lambda k: ref_sort_key(k.ref)):
        by_objective[kr.objective_id].append(kr)
        found += check_owner(kr.ref, kr.owner_id)
        found += [f for f in check_measurable(kr) if f.code != "no-unit"]
        found += check_target_equals_start(kr)
        found += check_activity(kr)
    for krs in by_objective.values():
        found += check_duplicate_titles(((k.ref, k.title) for k in krs), "Key result")
    return sorted(found, key=lambda f: ref_sort_key(f.subject))


def count_summary(objectives: Sequence[Objective], team_id: int) -> str:
    """'2 of 1–5 objectives', for a form's header."""
    n = sum(o.team_id == team_id for o in objectives)
    return f"{n} of {MIN_OBJECTIVES}–{MAX_OBJECTIVES} objectives"


def findings_by_subject(findings: Iterable[HealthFinding]) -> Mapping[str, list[HealthFinding]]:
    grouped: defaultdict[str, list[HealthFinding]] = defaultdict(list)
    for finding in findings:
        grouped[finding.subject].append(finding)
    return grouped

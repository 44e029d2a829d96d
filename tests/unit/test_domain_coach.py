"""The OKR coach's checks: each one alone, then beside a form and over a whole set."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from okrtui.domain.coach import (
    ACTIVITY_WORDS,
    LEAD_VERBS,
    KRDraft,
    check_activity,
    check_counts,
    check_duplicate_titles,
    check_measurable,
    check_mix,
    check_owner,
    check_target_equals_start,
    check_unaligned,
    coach_key_result,
    coach_objective,
    coach_set,
    is_number,
)
from okrtui.domain.health import HealthFinding
from okrtui.domain.kinds import KRKind, ObjectiveKind
from okrtui.domain.models import Cycle, KeyResult, Objective, Team

CYCLE = Cycle(id=1, slug="q1", name="Q1", start=date(2027, 1, 4), end=date(2027, 4, 4))
ORG = Team(id=1, code="ORG", name="Org")
ENG = Team(id=2, code="ENG", name="Engineering", parent_id=1)
C, A = ObjectiveKind.COMMITTED, ObjectiveKind.ASPIRATIONAL


def codes(findings: Sequence[HealthFinding]) -> list[tuple[str, str, str]]:
    return [(f.severity, f.code, f.subject) for f in findings]


def objective(
    oid: int, team: Team, number: int, kind: ObjectiveKind = C, **more: object
) -> Objective:
    return Objective.model_validate(
        {
            "id": oid,
            "cycle_id": 1,
            "team_id": team.id,
            "number": number,
            "ref": f"{team.code}-{number}",
            "title": f"Objective {oid}",
            "owner_id": 1,
            "kind": kind,
            **more,
        }
    )


def kr(
    kid: int, o: Objective, number: int, title: str = "Weekly active users", **more: object
) -> KeyResult:
    return KeyResult.model_validate(
        {
            "id": kid,
            "objective_id": o.id,
            "number": number,
            "ref": f"{o.ref}.{number}",
            "title": title,
            "owner_id": 1,
            "start": 0,
            "target": 10,
            "unit": "users",
            **more,
        }
    )


# -- measurable -----------------------------------------------------------------------


def test_a_metric_without_a_target_is_not_measurable() -> None:
    [finding] = check_measurable(KRDraft("Revenue", start=10))
    assert codes([finding]) == [("warning", "not-measurable", "new key result")]
    assert "has no target" in finding.message
    [both] = check_measurable(KRDraft("Revenue"))
    assert "has no start and target" in both.message


def test_a_milestone_and_a_full_metric_are_measurable() -> None:
    assert check_measurable(KRDraft("Cache live", kind=KRKind.MILESTONE)) == []
    assert check_measurable(KRDraft("Revenue", start=1, target=2, unit="€k")) == []
    assert codes(check_measurable(KRDraft("Revenue", start=1, target=2))) == [
        ("info", "no-unit", "new key result")
    ]


# -- owner ------------------------------------------------------------------------------


def test_no_owner_is_a_warning_naming_the_subject() -> None:
    [finding] = check_owner("ENG-1", None, "Objective")
    assert finding.message == "Objective ENG-1 has no owner; who answers for it?"
    assert check_owner("ENG-1.1", 7) == []


# -- activity, not outcome ----------------------------------------------------------------


def test_an_activity_without_a_number_is_flagged() -> None:
    for title in ("Launch the new onboarding", "Implement SSO", "Hold a workshop", "write docs"):
        [finding] = check_activity(KRDraft(title))
        assert finding.code == "activity-not-outcome"
        assert title.split()[0].casefold() in finding.message


def test_an_outcome_with_a_number_is_fine() -> None:
    assert check_activity(KRDraft("Signups grow from 20% to 40%")) == []
    assert check_activity(KRDraft("Churn falls")) == []
    assert check_activity(KRDraft("Relaunched brand is loved")) == []  # a word, not a prefix
    assert check_activity(KRDraft("Cut p95 payment API latency from 800 ms to 300 ms")) == []
    assert check_activity(KRDraft("Reach €20k MRR from 1,000 merchants")) == []


def test_digits_inside_a_word_are_no_number() -> None:
    """The newcomer team's "Implement 3DS2" got "Nothing to point out": 3DS2 names a
    protocol, it measures nothing."""
    [finding] = check_activity(KRDraft("Implement 3DS2", ref="PAY-1.4"))
    assert finding.code == "activity-not-outcome"
    assert finding.message == (
        "Key result PAY-1.4 reads as an activity ('implement') with no number: "
        "what result will it bring, and how much?"
    )
    assert codes(check_activity(KRDraft("Implement strong customer authentication"))) == [
        ("warning", "activity-not-outcome", "new key result")
    ]


def test_only_a_number_standing_alone_is_a_measure() -> None:
    for word in ("5", "4.5", "30%", "1,000", "€20k", "2x", "(12)", "70%,"):
        assert is_number(word), word
    for word in ("3DS2", "p95", "Q1", "B2B", "ISO27001", "v2", "3ds"):
        assert not is_number(word), word


def test_counting_an_activity_is_an_output_not_an_outcome() -> None:
    """ "Hold 5 meetings with merchants" passed the coach in the trial: the number counts
    the work done, not what it changes."""
    [finding] = check_activity(KRDraft("Hold 5 meetings with merchants", ref="PAY-1.3"))
    assert finding.code == "activity-counted"
    assert finding.severity == "warning"
    assert finding.message == (
        "Key result PAY-1.3 counts an activity ('hold'): that is an output, not an outcome; "
        "what result will it bring, and how much?"
    )
    assert check_activity(KRDraft("Launch in 3 new markets"))[0].code == "activity-counted"
    assert "('interview')" in check_activity(KRDraft("Merchants give 12 interviews"))[0].message
    [by_unit] = check_activity(KRDraft("Merchants we speak with", start=0, target=5, unit="calls"))
    assert "('call')" in by_unit.message


@given(st.sampled_from(sorted(LEAD_VERBS)), st.integers(min_value=0, max_value=10**6))
def test_a_number_turns_an_activity_into_a_counted_one(verb: str, n: int) -> None:
    without = [f.code for f in check_activity(KRDraft(f"{verb} the thing"))]
    assert without == (["activity-not-outcome"] if verb in ACTIVITY_WORDS else [])
    [counted] = check_activity(KRDraft(f"{verb} {n} things"))
    assert counted.code == "activity-counted"
    assert check_activity(KRDraft(f"Customers rate us {n} of 10")) == []


_PLAIN = ["customers", "merchants", "rate", "checkout", "from", "to", "SCA", "EU", "by"]
_VOCABULARY = [*sorted(LEAD_VERBS), "meetings", "calls", "5", "30%", "4.5", *_PLAIN]


@given(
    st.lists(st.sampled_from(_VOCABULARY), min_size=1, max_size=8),
    st.sampled_from(_PLAIN),
    st.integers(min_value=0, max_value=8),
    st.integers(min_value=0, max_value=999),
    st.integers(min_value=0, max_value=20),
)
def test_a_number_glued_inside_a_word_changes_no_verdict(
    words: list[str], plain_word: str, where: int, n: int, cut: int
) -> None:
    """Gluing digits into a word (SCA -> SCA2, 3DS, ch3ckout) leaves the verdict as it was
    with the word alone."""
    at = where % (len(words) + 1)
    split = cut % (len(plain_word) + 1)
    glued = plain_word[:split] + str(n) + plain_word[split:]
    before = [*words[:at], plain_word, *words[at:]]
    after = [*words[:at], glued, *words[at:]]
    verdict = [f.code for f in check_activity(KRDraft(" ".join(before)))]
    assert [f.code for f in check_activity(KRDraft(" ".join(after)))] == verdict


# -- target equal to start ------------------------------------------------------------------


def test_a_target_equal_to_the_start_moves_nothing() -> None:
    [finding] = check_target_equals_start(KRDraft("NPS", start=30, target=30))
    assert finding.code == "target-equals-start"
    assert "(30)" in finding.message
    assert check_target_equals_start(KRDraft("NPS", start=30, target=31)) == []
    assert check_target_equals_start(KRDraft("NPS", kind=KRKind.MILESTONE)) == []


# -- duplicate titles -------------------------------------------------------------------------


def test_duplicate_titles_ignore_case_and_spacing() -> None:
    findings = check_duplicate_titles(
        [("ENG-1", "Make the API fast"), ("ENG-2", "make  the api FAST "), ("ENG-3", "Other")]
    )
    assert codes(findings) == [("warning", "duplicate-title", "ENG-2")]
    assert "same title as ENG-1" in findings[0].message
    assert check_duplicate_titles([("A", "x"), ("B", "y")]) == []


# -- alignment ----------------------------------------------------------------------------------


def test_an_objective_aligned_to_nothing_under_a_parent_team() -> None:
    [finding] = check_unaligned(objective(5, ENG, 1), ENG)
    assert codes([finding]) == [("warning", "unaligned", "ENG-1")]
    assert check_unaligned(objective(5, ENG, 1, parent_id=9), ENG) == []
    assert check_unaligned(objective(6, ORG, 1), ORG) == []  # the top has nothing above


# -- counts and mix -------------------------------------------------------------------------------


def test_counts_per_team_come_from_the_health_rules() -> None:
    o1 = objective(11, ENG, 1)
    assert codes(check_counts(CYCLE, ENG, [o1], [kr(1, o1, 1)])) == [
        ("warning", "too-few-key-results", "ENG-1")
    ]
    assert check_counts(CYCLE, ENG, [o1], [kr(1, o1, 1), kr(2, o1, 2)]) == []
    six = [objective(20 + n, ENG, n) for n in range(1, 7)]
    krs = [kr(100 + i * 2 + j, o, j + 1) for i, o in enumerate(six) for j in range(2)]
    assert codes(check_counts(CYCLE, ENG, six, krs)) == [("warning", "too-many-objectives", "ENG")]
    assert codes(check_counts(CYCLE, ENG, [], [])) == [
        ("warning", "team-without-objectives", "ENG")
    ]


def test_the_mix_of_committed_and_aspirational() -> None:
    assert codes(check_mix(ENG, [objective(1, ENG, 1, A), objective(2, ENG, 2, A)])) == [
        ("warning", "team-all-aspirational", "ENG")
    ]
    assert codes(check_mix(ENG, [objective(1, ENG, 1, C), objective(2, ENG, 2, C)])) == [
        ("info", "team-all-committed", "ENG")
    ]
    assert check_mix(ENG, [objective(1, ENG, 1, C), objective(2, ENG, 2, A)]) == []
    assert check_mix(ENG, [objective(1, ENG, 1, C)]) == []


# -- beside a form, and over a set ------------------------------------------------------------


def test_beside_a_key_result_form() -> None:
    draft = KRDraft("Launch the beta", ref="ENG-1.3", start=5, target=5)
    assert codes(coach_key_result(draft)) == [
        ("info", "no-unit", "ENG-1.3"),
        ("warning", "target-equals-start", "ENG-1.3"),
        ("warning", "no-owner", "ENG-1.3"),
        ("warning", "activity-not-outcome", "ENG-1.3"),
    ]
    o1 = objective(11, ENG, 1)
    sibling = kr(1, o1, 1, title="Active users")
    same = KRDraft("active users", ref="ENG-1.2", owner_id=1, start=1, target=2, unit="u")
    assert codes(coach_key_result(same, [sibling])) == [("warning", "duplicate-title", "ENG-1.2")]
    assert coach_key_result(sibling, [sibling]) == []  # itself is no duplicate


def test_beside_an_objective_form() -> None:
    top = objective(1, ORG, 1)
    new = Objective(cycle_id=1, team_id=ENG.id, number=1, ref="ENG-1", title="Ship faster")
    found = codes(coach_objective(CYCLE, new, teams=[ORG, ENG], objectives=[top], key_results=[]))
    assert found == [
        ("warning", "no-owner", "ENG-1"),
        ("warning", "unaligned", "ENG-1"),
        ("warning", "too-few-key-results", "ENG-1"),
    ]


def test_the_whole_set_in_reference_order() -> None:
    top = objective(1, ORG, 1)
    eng1 = objective(2, ENG, 1, parent_id=1)
    eng2 = objective(3, ENG, 2, title="Objective 2", owner_id=None)
    krs = [
        kr(10, eng1, 1),
        kr(11, eng1, 2, title="Write the docs", owner_id=None),
        kr(12, top, 1, title="Revenue"),
    ]
    assert codes(coach_set(teams=[ORG, ENG], objectives=[eng2, eng1, top], key_results=krs)) == [
        ("warning", "no-owner", "ENG-1.2"),
        ("warning", "activity-not-outcome", "ENG-1.2"),
        ("warning", "no-owner", "ENG-2"),
        ("warning", "unaligned", "ENG-2"),
        ("warning", "duplicate-title", "ENG-2"),
    ]

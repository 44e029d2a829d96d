"""The meeting's input parsers: due dates, people, values with a confidence; timer text."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.domain.models import KeyResult, KRKind, Person
from okrtui.tui.widgets.meeting_parse import (
    InputProblem,
    complete_person,
    find_people,
    find_person,
    parse_confidence,
    parse_due,
    parse_value_entry,
)
from okrtui.tui.widgets.meeting_timer import clock_text, timer_state, timer_text

WED = date(2026, 11, 18)
PEOPLE = [
    Person(id=1, handle="ana", name="Ana Silva"),
    Person(id=2, handle="ben", name="Ben Okafor"),
    Person(id=3, handle="bea", name="Beatriz Souza"),
]
METRIC = KeyResult(id=1, number=1, ref="ENG-1.1", title="latency", start=800, target=200, unit="ms")
MILESTONE = KeyResult(id=2, number=2, ref="ENG-1.2", title="cache", kind=KRKind.MILESTONE)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-01", date(2026, 12, 1)),
        ("today", WED),
        ("Tomorrow", date(2026, 11, 19)),
        ("fri", date(2026, 11, 20)),
        ("next friday", date(2026, 11, 20)),
        ("wed", date(2026, 11, 25)),
        ("+3d", date(2026, 11, 21)),
        ("2w", date(2026, 12, 2)),
        ("", None),
    ],
)
def test_due_dates(text: str, expected: date | None) -> None:
    assert parse_due(text, WED) == expected


@pytest.mark.parametrize("text", ["2026-02-30", "someday", "+d", "12/01"])
def test_bad_due_dates_say_what_works(text: str) -> None:
    with pytest.raises(InputProblem, match=r"YYYY-MM-DD|not a date"):
        parse_due(text, WED)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.integers(min_value=0, max_value=999),
)
def test_relative_days_add_up(today: date, n: int) -> None:
    assert parse_due(f"+{n}d", today) == today + timedelta(days=n)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)),
    st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
)
def test_weekday_is_within_the_next_week(today: date, day: str) -> None:
    due = parse_due(day, today)
    assert due is not None
    assert 1 <= (due - today).days <= 7
    assert due.strftime("%a").lower() == day


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31)))
def test_iso_dates_round_trip(day: date) -> None:
    assert parse_due(day.isoformat(), WED) == day


def test_people_by_handle_name_or_unique_start() -> None:
    assert find_person("@ANA", PEOPLE).id == 1
    assert find_person("Ben Okafor", PEOPLE).id == 2
    assert find_person("beat", PEOPLE).id == 3
    assert [p.id for p in find_people("ana, ben, ana", PEOPLE)] == [1, 2]
    assert find_people("  ", PEOPLE) == []


def test_unknown_or_ambiguous_person_is_named() -> None:
    with pytest.raises(InputProblem, match="no person called 'zed'"):
        find_person("zed", PEOPLE)
    with pytest.raises(InputProblem, match="could be several people: ben, bea"):
        find_person("be", PEOPLE)


def test_completion_of_the_last_name() -> None:
    assert complete_person("an", PEOPLE) == "ana"
    assert complete_person("ana, Bea", PEOPLE) == "ana, Beatriz Souza"
    assert complete_person("ana, ", PEOPLE) is None


@given(st.text(max_size=20))
def test_completion_keeps_what_was_typed(typed: str) -> None:
    completed = complete_person(typed, PEOPLE)
    assert completed is None or completed.casefold().startswith(typed.casefold())


def test_value_then_optional_confidence() -> None:
    assert parse_value_entry("540", METRIC).value == 540
    entry = parse_value_entry("1,200 ms 7", METRIC)
    assert (entry.value, entry.confidence) == (1200, 7)
    assert parse_value_entry("done 8", MILESTONE).value == 1.0
    assert parse_value_entry("not done", MILESTONE).value == 0.0


def test_out_of_range_confidence_is_refused_clearly() -> None:
    with pytest.raises(InputProblem, match="confidence 12 is out of range"):
        parse_value_entry("540 12", METRIC)
    with pytest.raises(InputProblem, match="not a number"):
        parse_value_entry("fast", METRIC)
    with pytest.raises(InputProblem, match="milestone"):
        parse_value_entry("maybe", MILESTONE)


@given(st.integers(min_value=-1000, max_value=1000))
def test_confidence_range(n: int) -> None:
    if 0 <= n <= 10:
        assert parse_confidence(str(n)) == n
    else:
        with pytest.raises(InputProblem):
            parse_confidence(str(n))


@given(st.floats(min_value=-10_000, max_value=10_000, allow_nan=False))
def test_timer_states(remaining: float) -> None:
    state = timer_state(remaining)
    text = timer_text("Step", remaining)
    if remaining < 0:
        assert state == "over" and text.endswith("over") and "+" in text
    elif remaining <= 60:
        assert state == "amber" and text.endswith("left")
    else:
        assert state == "normal" and text.endswith("left")


def test_clock_text() -> None:
    assert clock_text(0) == "00:00"
    assert clock_text(61.9) == "01:01"
    assert clock_text(3725) == "1:02:05"
    assert timer_text("Step", -65) == "Step +01:05 over"
    assert timer_text("Step", 59.2) == "Step 01:00 left"

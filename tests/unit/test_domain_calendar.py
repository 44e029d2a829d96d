from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.domain.calendar import (
    cycle_weeks,
    days_until,
    milestone_state,
    next_milestone,
    today_in,
    week_label,
    week_of,
)
from okrtui.domain.models import Cycle, Milestone, MilestoneKind

MONDAY = date(2025, 6, 30)
# A 13-week cycle: Monday to the Sunday 13 weeks later.
CYCLE = Cycle(slug="q3", name="Q3", start=MONDAY, end=MONDAY + timedelta(weeks=13, days=-1))


def cycle(start: date, days: int) -> Cycle:
    return Cycle(slug="c", name="c", start=start, end=start + timedelta(days=days))


def milestone(id: int, on: date, held_on: date | None = None) -> Milestone:
    return Milestone(id=id, kind=MilestoneKind.OTHER, title=f"m{id}", on=on, held_on=held_on)


def test_thirteen_week_cycle() -> None:
    assert cycle_weeks(CYCLE) == 13
    assert week_of(CYCLE, MONDAY) == 1
    assert week_of(CYCLE, MONDAY + timedelta(days=6)) == 1
    assert week_of(CYCLE, MONDAY + timedelta(days=7)) == 2
    assert week_of(CYCLE, MONDAY + timedelta(weeks=5, days=3)) == 6
    assert week_of(CYCLE, CYCLE.end) == 13


def test_calendar_quarters_have_13_weeks() -> None:
    for start, end in [
        (date(2025, 1, 1), date(2025, 3, 31)),
        (date(2025, 4, 1), date(2025, 6, 30)),
        (date(2025, 7, 1), date(2025, 9, 30)),
        (date(2025, 10, 1), date(2025, 12, 31)),
        (date(2024, 1, 1), date(2024, 3, 31)),
    ]:
        quarter = Cycle(slug="q", name="q", start=start, end=end)
        assert cycle_weeks(quarter) == 13
        assert week_of(quarter, end) == 13


def test_week_of_clamps_outside_the_cycle() -> None:
    assert week_of(CYCLE, MONDAY - timedelta(days=30)) == 1
    assert week_of(CYCLE, CYCLE.end + timedelta(days=30)) == 13


def test_week_label() -> None:
    assert week_label(CYCLE, MONDAY + timedelta(weeks=5)) == "week 6 of 13"
    assert week_label(CYCLE, MONDAY - timedelta(days=3)) == "starts in 3 days"
    assert week_label(CYCLE, MONDAY - timedelta(days=1)) == "starts in 1 day"
    assert week_label(CYCLE, CYCLE.end + timedelta(days=4)) == "ended 4 days ago"
    assert week_label(CYCLE, CYCLE.end + timedelta(days=1)) == "ended 1 day ago"
    assert week_label(CYCLE, CYCLE.end) == "week 13 of 13"


def test_next_milestone_and_days_until() -> None:
    a = milestone(1, date(2025, 7, 10))
    b = milestone(2, date(2025, 8, 15))
    c = milestone(3, date(2025, 7, 20))
    assert next_milestone([a, b, c], date(2025, 7, 1)) == a
    assert next_milestone([a, b, c], date(2025, 7, 10)) == a
    assert next_milestone([a, b, c], date(2025, 7, 11)) == c
    assert next_milestone([a, b, c], date(2025, 8, 16)) is None
    assert next_milestone([], date(2025, 7, 1)) is None
    assert days_until(date(2025, 7, 20), date(2025, 7, 11)) == 9
    assert days_until(date(2025, 7, 1), date(2025, 7, 11)) == -10


def test_milestone_state() -> None:
    today = date(2025, 7, 15)
    past = milestone(1, date(2025, 7, 1))
    held_early = milestone(2, date(2025, 7, 20), held_on=date(2025, 7, 14))
    nxt = milestone(3, date(2025, 7, 15))
    later = milestone(4, date(2025, 8, 1))
    assert milestone_state(past, today, 3) == "done"
    assert milestone_state(held_early, today, 3) == "done"
    assert milestone_state(nxt, today, 3) == "next"
    assert milestone_state(later, today, 3) == "upcoming"
    assert milestone_state(later, today, None) == "upcoming"


def test_today_in_timezone() -> None:
    late_utc = datetime(2025, 7, 1, 23, 30, tzinfo=UTC)
    assert today_in("UTC", late_utc) == date(2025, 7, 1)
    assert today_in("Europe/Berlin", late_utc) == date(2025, 7, 2)
    assert today_in("America/Los_Angeles", datetime(2025, 7, 2, 3, tzinfo=UTC)) == date(2025, 7, 1)
    assert today_in("Asia/Tokyo", late_utc.astimezone(timezone(timedelta(hours=-5)))) == date(
        2025, 7, 2
    )


def test_today_in_refuses_bad_input() -> None:
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Olympus'"):
        today_in("Mars/Olympus", datetime(2025, 7, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match="timezone-aware"):
        today_in("UTC", datetime(2025, 7, 1))


starts = st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1))
lengths = st.integers(min_value=1, max_value=400)
offsets = st.integers(min_value=-100, max_value=500)


@given(starts, lengths, offsets, offsets)
def test_week_of_within_range_and_monotone(start: date, days: int, a: int, b: int) -> None:
    c = cycle(start, days)
    m = cycle_weeks(c)
    early, late = sorted((a, b))
    w_early = week_of(c, start + timedelta(days=early))
    w_late = week_of(c, start + timedelta(days=late))
    assert 1 <= w_early <= w_late <= m


@given(starts, lengths)
def test_last_week_is_reached_and_weeks_cover_the_span(start: date, days: int) -> None:
    c = cycle(start, days)
    assert week_of(c, c.end) == cycle_weeks(c)
    assert (cycle_weeks(c) - 1) * 7 < days <= cycle_weeks(c) * 7


@given(starts, lengths, offsets)
def test_week_label_forms(start: date, days: int, offset: int) -> None:
    c = cycle(start, days)
    on = start + timedelta(days=offset)
    label = week_label(c, on)
    if on < c.start:
        assert label.startswith("starts in ")
    elif on > c.end:
        assert label.startswith("ended ") and label.endswith(" ago")
    else:
        assert label == f"week {week_of(c, on)} of {cycle_weeks(c)}"


@given(st.lists(starts, max_size=8), starts)
def test_next_milestone_is_earliest_not_before(dates: list[date], on: date) -> None:
    ms = [milestone(i + 1, d) for i, d in enumerate(dates)]
    found = next_milestone(ms, on)
    ahead = [d for d in dates if d >= on]
    if found is None:
        assert not ahead
    else:
        assert found.on == min(ahead)

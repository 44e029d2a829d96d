"""The timeline as text: header, relative days, states and the today marker."""

from __future__ import annotations

from datetime import date

from okrtui.domain.models import Milestone, MilestoneKind
from okrtui.meeting.timeline_text import relative_days, timeline_text
from okrtui.store import Store


def test_relative_days() -> None:
    today = date(2026, 11, 18)
    assert relative_days(today, today) == "today"
    assert relative_days(date(2026, 11, 30), today) == "in 12 days"
    assert relative_days(date(2026, 11, 19), today) == "in 1 day"
    assert relative_days(date(2026, 11, 15), today) == "3 days ago"


def test_timeline_marks_today_between_past_and_coming_milestones(
    store: Store, small_org: dict[str, int]
) -> None:
    cycle = store.cycle(small_org["cycle"])
    store.add_milestone(
        Milestone(
            cycle_id=cycle.id,
            kind=MilestoneKind.GRADING_DEADLINE,
            title="Grading \x1b[2Jdeadline",
            on=date(2026, 12, 14),
        )
    )
    store.add_milestone(
        Milestone(
            cycle_id=cycle.id,
            kind=MilestoneKind.TOWN_HALL,
            title="Town hall",
            on=date(2026, 12, 18),
        )
    )
    text = timeline_text(store, cycle, date(2026, 11, 18))
    assert text == (
        "Q4 2026 (2026-Q4) · 2026-10-05 → 2027-01-03 · week 7 of 13 · active · not locked\n"
        "\n"
        "  2026-10-05  Kickoff           44 days ago  done\n"
        "  2026-11-16  Mid-cycle review  2 days ago   done\n"
        "▶ today  2026-11-18\n"
        "  2026-12-14  Grading deadline  in 26 days   next\n"
        "  2026-12-18  Town hall         in 30 days   upcoming\n"
    )


def test_a_milestone_today_follows_the_marker_and_is_next(
    store: Store, small_org: dict[str, int]
) -> None:
    cycle = store.lock_cycle(small_org["cycle"])
    lines = timeline_text(store, cycle, date(2026, 11, 16)).splitlines()
    assert lines[0].endswith("· locked")
    assert lines[3].startswith("▶ today")
    assert lines[4].split() == ["2026-11-16", "Mid-cycle", "review", "today", "next"]


def test_after_the_last_milestone_the_marker_comes_last(
    store: Store, small_org: dict[str, int]
) -> None:
    cycle = store.cycle(small_org["cycle"])
    lines = timeline_text(store, cycle, date(2027, 2, 1)).splitlines()
    assert "ended 29 days ago" in lines[0]
    assert lines[-1] == "▶ today  2027-02-01"

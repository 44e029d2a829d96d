"""The built-in templates load, add up, and have what a facilitator needs."""

from __future__ import annotations

import math

import pytest

from okrtui.agenda import AgendaLibrary, load_template
from okrtui.resources import builtin_agendas_dir

EXPECTED = {
    "weekly-checkin": ["wins", "krs", "blockers", "actions", "notes"],
    "monday-commitments": ["notes", "krs", "notes", "notes"],
    "mid-cycle-review": ["timeline", "krs", "vote", "health", "blockers", "actions"],
    "cycle-close": ["krs", "grading", "reflection", "wins", "notes"],
    "town-hall": ["wins", "grading", "reflection", "timeline"],
    "okr-drafting": ["timeline", "drafting", "health", "notes"],
    "alignment-session": ["timeline", "drafting", "notes"],
}


@pytest.mark.parametrize("slug", sorted(EXPECTED))
def test_builtin_template_loads_and_adds_up(slug: str) -> None:
    path = builtin_agendas_dir() / f"{slug}.toml"
    template = load_template(path)
    assert template.slug == slug
    assert [step.kind for step in template.steps] == EXPECTED[slug]
    assert math.isclose(sum(step.minutes for step in template.steps), template.minutes)
    assert all(step.prompt for step in template.steps)


def test_the_builtin_directory_has_no_problems_and_nothing_extra() -> None:
    library = AgendaLibrary(None, builtin_agendas_dir())
    assert library.problems() == []
    assert {entry.slug for entry in library.list()} == set(EXPECTED)


def test_weekly_checkin_is_thirty_minutes() -> None:
    assert AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin").minutes == 30


def test_town_hall_reads_grades_across_all_teams_and_shows_the_next_cycle() -> None:
    template = AgendaLibrary(None, builtin_agendas_dir()).get("town-hall")
    grading = template.steps[1]
    timeline = template.steps[3]
    assert grading.kind == "grading" and grading.scope == "all" and grading.read_only
    assert timeline.kind == "timeline" and timeline.cycle == "next"

"""The one team order: every team once, parents before children, siblings by code."""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from okrtui.domain.team_tree import team_tree


@dataclass(frozen=True)
class T:
    id: int
    parent_id: int | None
    code: str


@st.composite
def forests(draw: st.DrawFn) -> list[T]:
    n = draw(st.integers(0, 25))
    codes = draw(
        st.lists(st.text("ABCXYZ", min_size=1, max_size=3), min_size=n, max_size=n, unique=True)
    )
    teams: list[T] = []
    for i, code in enumerate(codes):
        parent = draw(st.one_of(st.none(), st.integers(-2, i - 1) if i else st.none()))
        teams.append(T(i, parent, code))
    return draw(st.permutations(teams))


@given(forests())
def test_every_team_once_parents_first_depth_follows_siblings_by_code(teams: list[T]) -> None:
    ordered = team_tree(teams)
    assert sorted(t.id for t, _ in ordered) == sorted(t.id for t in teams)
    place = {t.id: i for i, (t, _) in enumerate(ordered)}
    depth = {t.id: d for t, d in ordered}
    ids = {t.id for t in teams}
    for team in teams:
        if team.parent_id in ids:
            assert place[team.parent_id] < place[team.id]
            assert depth[team.id] == depth[team.parent_id] + 1
        else:
            assert depth[team.id] == 0
    for parent in {t.parent_id if t.parent_id in ids else None for t in teams}:
        siblings = [
            t.code for t, _ in ordered if (t.parent_id if t.parent_id in ids else None) == parent
        ]
        assert siblings == sorted(siblings)


def test_a_small_tree_reads_as_an_outline() -> None:
    teams = [T(1, None, "ORG"), T(2, 1, "PLAT"), T(3, 1, "GROW"), T(4, 3, "ADS"), T(5, 99, "LOST")]
    assert [(t.code, d) for t, d in team_tree(teams)] == [
        ("LOST", 0),
        ("ORG", 0),
        ("GROW", 1),
        ("ADS", 2),
        ("PLAT", 1),
    ]

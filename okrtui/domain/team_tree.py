"""The order teams are listed in everywhere: depth first, parents before their children,
siblings by code. A team whose parent is not among those given is listed as a root."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Protocol, TypeVar


class TreeTeam(Protocol):
    @property
    def id(self) -> int: ...
    @property
    def parent_id(self) -> int | None: ...
    @property
    def code(self) -> str: ...


T = TypeVar("T", bound=TreeTeam)


def team_tree(teams: Iterable[T]) -> list[tuple[T, int]]:
    """Each team with its depth (0 for a root), in tree order."""
    given = list(teams)
    ids = {t.id for t in given}
    children: dict[int | None, list[T]] = defaultdict(list)
    for team in given:
        children[team.parent_id if team.parent_id in ids else None].append(team)
    out: list[tuple[T, int]] = []
    stack: list[tuple[T, int]] = [(t, 0) for t in sorted(children[None], key=_code, reverse=True)]
    while stack:
        team, depth = stack.pop()
        out.append((team, depth))
        below = sorted(children.get(team.id, ()), key=_code, reverse=True)
        stack.extend((child, depth + 1) for child in below)
    return out


def _code(team: TreeTeam) -> str:
    return team.code

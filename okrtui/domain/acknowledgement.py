"""Acknowledging a check-in: who may, and the record it leaves.

Between meetings a reviewer reads a check-in and acknowledges it, optionally with a comment,
so the person who checked in knows it was seen.

Who may acknowledge a check-in on a key result:
- an OKR coach, on any key result;
- a team manager (a person with the team-manager role) who is a member of the key result's
  team or of a team above it: okrtui has no "manager of" column; the team-manager role
  plus membership says whose manager someone is, and a manager of a parent team manages
  the teams below it;
- never the check-in's own author: acknowledging is someone else reading it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from okrtui.domain.kinds import Role


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    id: int
    checkin_id: int
    person_id: int
    at: datetime
    comment: str = ""


def team_line(team_id: int, parents: Mapping[int, int | None]) -> tuple[int, ...]:
    """The team and every team above it, nearest first (a loop in the tree ends it)."""
    line: list[int] = []
    current: int | None = team_id
    while current is not None and current not in line:
        line.append(current)
        current = parents.get(current)
    return tuple(line)


def why_not_acknowledge(
    roles: Collection[Role],
    member_of: Collection[int],
    kr_team_line: Sequence[int],
    *,
    is_author: bool,
) -> str:
    """ "" when a person may acknowledge the check-in; otherwise why not, as a sentence
    fragment ("only ... may acknowledge it"). `kr_team_line` is the key result's team and
    the teams above it (`team_line`)."""
    if is_author:
        return "it is your own check-in; someone else acknowledges it"
    if Role.OKR_COACH in roles:
        return ""
    if Role.TEAM_MANAGER in roles and any(team in member_of for team in kr_team_line):
        return ""
    return "only a manager of the key result's team (or of a team above it) or an OKR coach may"


def may_acknowledge(
    roles: Collection[Role],
    member_of: Collection[int],
    kr_team_line: Sequence[int],
    *,
    is_author: bool,
) -> bool:
    return not why_not_acknowledge(roles, member_of, kr_team_line, is_author=is_author)

"""Acknowledging a check-in: who may, and the record it leaves.

Between meetings a reviewer reads a check-in and acknowledges it, optionally with a comment,
so the person who checked in knows it was seen.

Who may acknowledge a check-in on a key result:
- an OKR coach, on any key result;
- a team manager (a person with the team-manager role) who is a member of the key result's
  own team: okrtui has no "manager of" column; the team-manager role plus membership says
  whose manager someone is. Membership of a team above is not enough: managers commonly
  sit together in the organisation's top team, and that makes none of them the manager
  of every team;
- never the check-in's own author: acknowledging is someone else reading it.
"""

from __future__ import annotations

from collections.abc import Collection
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


def acknowledged_teams(
    roles: Collection[Role], member_of: Collection[int]
) -> frozenset[int] | None:
    """The teams on whose key results a person with `roles`, a member of the teams
    `member_of`, may acknowledge someone else's check-in; None: every team's."""
    if Role.OKR_COACH in roles:
        return None
    if Role.TEAM_MANAGER in roles:
        return frozenset(member_of)
    return frozenset()


def why_not_acknowledge(
    roles: Collection[Role], member_of: Collection[int], kr_team_id: int, *, is_author: bool
) -> str:
    """Why a person with `roles`, a member of the teams `member_of`, may not acknowledge a
    check-in on a key result of team `kr_team_id`; the empty string when they may."""
    if is_author:
        return "it is your own check-in; someone else acknowledges it"
    teams = acknowledged_teams(roles, member_of)
    if teams is None or kr_team_id in teams:
        return ""
    return "only a team manager in the key result's team or an OKR coach may"


def may_acknowledge(
    roles: Collection[Role], member_of: Collection[int], kr_team_id: int, *, is_author: bool
) -> bool:
    return not why_not_acknowledge(roles, member_of, kr_team_id, is_author=is_author)

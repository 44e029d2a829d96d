"""Reading one cycle (with the whole organisation) out of the store as an OKR-set document.

The order is fixed so that export → import → export gives identical text: people and
teams in the order they were stored, milestones by date, objectives by team and number,
check-ins by time, blockers, wins and actions by time. Meetings are not exported; a
check-in keeps no link to the meeting it was entered in. A link that points outside the
exported cycle (a parent objective or a blocker's KR in another cycle) is left out.
"""

from __future__ import annotations

from okrtui.domain.models import Role
from okrtui.io.okrset import (
    FORMAT_VERSION,
    ActionDoc,
    BlockerDoc,
    CheckInDoc,
    CycleDoc,
    KeyResultDoc,
    MilestoneDoc,
    ObjectiveDoc,
    OKRSetDoc,
    PersonDoc,
    TeamDoc,
    WinDoc,
)
from okrtui.store.store import Store

_ROLE_ORDER = {role: i for i, role in enumerate(Role)}


def build_document(store: Store, cycle_slug: str | None = None) -> OKRSetDoc:
    """The organisation and one cycle (the current one unless a slug is given).

    Raises the store's `NotFound` when there is no such cycle.
    """
    cycle = store.resolve_cycle(cycle_slug)
    people = sorted(store.people(), key=lambda p: p.id)
    handle = {p.id: p.handle for p in people}
    teams = store.teams()
    code = {t.id: t.code for t in teams}
    objectives = store.objectives(cycle.id)
    objective_ref = {o.id: o.ref for o in objectives}
    krs = store.key_results(cycle.id)
    kr_ref = {k.id: k.ref for k in krs}
    history = store.checkin_history(cycle.id)

    def who(person_id: int | None) -> str | None:
        return None if person_id is None else handle[person_id]

    def team_code(team_id: int | None) -> str | None:
        return None if team_id is None else code[team_id]

    def kr_code(kr_id: int | None) -> str | None:
        return None if kr_id is None else kr_ref.get(kr_id)

    return OKRSetDoc(
        format=FORMAT_VERSION,
        organisation=store.organisation,
        timezone=store.timezone,
        people=tuple(
            PersonDoc(
                handle=p.handle,
                name=p.name,
                roles=tuple(sorted(p.roles, key=_ROLE_ORDER.__getitem__)),
            )
            for p in people
        ),
        teams=tuple(
            TeamDoc(
                code=t.code,
                name=t.name,
                parent=team_code(t.parent_id),
                members=tuple(handle[m] for m in sorted(t.member_ids)),
            )
            for t in teams
        ),
        cycle=CycleDoc(
            slug=cycle.slug,
            name=cycle.name,
            start=cycle.start,
            end=cycle.end,
            status=cycle.status,
            locked=cycle.locked,
            milestones=tuple(
                MilestoneDoc(kind=m.kind, title=m.title, on=m.on, held_on=m.held_on)
                for m in store.milestones(cycle.id)
            ),
        ),
        objectives=tuple(
            ObjectiveDoc(
                ref=o.ref,
                team=code[o.team_id],
                title=o.title,
                owner=who(o.owner_id),
                kind=o.kind,
                parent=None if o.parent_id is None else objective_ref.get(o.parent_id),
                description=o.description,
                key_results=tuple(
                    KeyResultDoc(
                        ref=k.ref,
                        title=k.title,
                        owner=who(k.owner_id),
                        kind=k.kind,
                        start=k.start,
                        target=k.target,
                        unit=k.unit,
                        direction=k.direction,
                        checkins=tuple(
                            CheckInDoc(
                                at=c.at,
                                value=c.value,
                                confidence=c.confidence,
                                note=c.note,
                                author=who(c.author_id),
                            )
                            for c in history.get(k.id, [])
                        ),
                    )
                    for k in krs
                    if k.objective_id == o.id
                ),
            )
            for o in objectives
        ),
        blockers=tuple(
            BlockerDoc(
                text=b.text,
                kr=kr_code(b.kr_id),
                team=team_code(b.team_id),
                owner=who(b.owner_id),
                raised_at=b.raised_at,
                raised_by=who(b.raised_by_id),
                resolved_at=b.resolved_at,
                resolution=b.resolution,
            )
            for b in store.blockers(cycle.id)
        ),
        wins=tuple(
            WinDoc(
                text=w.text,
                kr=kr_code(w.kr_id),
                team=team_code(w.team_id),
                at=w.at,
                author=who(w.author_id),
                recognised=tuple(handle[p] for p in w.recognised_ids),
            )
            for w in store.wins(cycle.id)
        ),
        actions=tuple(
            ActionDoc(
                text=a.text,
                owner=who(a.owner_id),
                due=a.due,
                kr=kr_code(a.kr_id),
                team=team_code(a.team_id),
                created_at=a.created_at,
                done_at=a.done_at,
            )
            for a in store.actions(cycle.id)
        ),
    )

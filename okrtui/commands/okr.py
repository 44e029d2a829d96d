"""`okrtui okr`: write OKRs from scripts: people, teams, objectives and key results.

Thin: parse, call `Store.structure` (which validates, writes and audits in one
transaction), print one line. Every refusal is one line on stderr with exit code 2, and
nothing is written. The coach's warnings on what was written follow on stderr: advice,
never a refusal.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import click

from okrtui.cli_support import CliError, Env, db_option, echo, me_option, pass_env
from okrtui.domain.health import HealthFinding
from okrtui.domain.kinds import KRKind, ObjectiveKind, Role
from okrtui.domain.models import Cycle, KeyResult, Objective
from okrtui.store import NotFound, Store
from okrtui.text import clean_line

_ROLES = [role.value for role in Role]
_NONE = {"none", "-", ""}

cycle_option = click.option(
    "--cycle", "cycle_slug", metavar="CYCLE", help="The cycle (default: current)."
)


@click.group()
def okr() -> None:
    """Write OKRs from scripts: people, teams, objectives and key results."""


@okr.group()
def person() -> None:
    """People."""


@okr.group()
def team() -> None:
    """Teams."""


@okr.group()
def objective() -> None:
    """Objectives: add, edit, move to another team, retire."""


@okr.group(name="kr")
def kr_group() -> None:
    """Key results: add, edit, move to another objective, retire."""


def _show(text: str) -> str:
    return clean_line(text)


def _number(text: str | None, what: str) -> float | None:
    from okrtui.domain.krstate import parse_value

    if text is None:
        return None
    try:
        return parse_value(text)
    except ValueError as error:
        raise CliError(f"{what}: {error}") from None


def _person_id(store: Store, handle: str | None, what: str = "--owner") -> int | None:
    if handle is None or handle.strip().casefold() in _NONE:
        return None
    try:
        return store.person_by_handle(handle.strip()).id
    except NotFound as error:
        raise CliError(f"{what}: {error}") from None


def _cycle(_env: Env, store: Store, slug: str | None) -> Cycle:
    return store.resolve_cycle(slug)


def _objective(store: Store, ref: str, cycle: Cycle, what: str = "OBJECTIVE") -> Objective:
    try:
        return store.structure.objective_by_ref(ref, cycle.id)
    except NotFound as error:
        raise CliError(f"{what}: {error}") from None


def _warnings(findings: Sequence[HealthFinding]) -> None:
    for finding in findings:
        if finding.severity == "warning":
            echo(f"okrtui: coach: {_show(finding.message)}", err=True)


def _objective_advice(store: Store, cycle: Cycle, written: Objective) -> None:
    from okrtui.domain.coach import coach_objective

    _warnings(
        coach_objective(
            cycle,
            written,
            teams=store.teams(),
            objectives=[o for o in store.objectives(cycle.id) if o.retired_at is None],
            key_results=[k for k in store.key_results(cycle.id) if k.retired_at is None],
        )
    )


def _kr_advice(store: Store, written: KeyResult) -> None:
    from okrtui.domain.coach import coach_key_result

    siblings = [
        k for k in store.key_results(objective_id=written.objective_id) if k.retired_at is None
    ]
    _warnings(coach_key_result(written, siblings))


# -- people and teams ------------------------------------------------------------------


@person.command(name="add")
@click.argument("handle")
@click.option("--name", required=True, metavar="NAME", help="The person's name.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(_ROLES),
    help="A role (repeat for several).",
)
@db_option
@me_option
@pass_env
def person_add(env: Env, handle: str, name: str, roles: Sequence[str]) -> None:
    """Add a person.

    \b
    okrtui okr person add ana --name "Ana Silva" --role okr-champion
    """
    store = env.open_store(create=True)
    created = store.structure.create_person(handle, name, [Role(r) for r in roles])
    echo(f"added {_show(created.name)} ({created.handle})")


@team.command(name="add")
@click.argument("code")
@click.option("--name", required=True, metavar="NAME", help="The team's name.")
@click.option("--parent", "parent_code", metavar="CODE", help="The team above it.")
@click.option("--member", "members", multiple=True, metavar="HANDLE", help="A member (repeat).")
@click.option("--manager", metavar="HANDLE", help="Its manager (made a member).")
@db_option
@me_option
@pass_env
def team_add(
    env: Env,
    code: str,
    name: str,
    parent_code: str | None,
    members: Sequence[str],
    manager: str | None,
) -> None:
    """Add a team, under another or at the top.

    \b
    okrtui okr team add ENG --name Engineering --parent ORG --member ana --manager ben
    """
    store = env.open_store(create=True)
    parent_id = None
    if parent_code is not None:
        try:
            parent_id = store.team_by_code(parent_code.strip()).id
        except NotFound as error:
            raise CliError(f"--parent: {error}") from None
    member_ids = [pid for h in members if (pid := _person_id(store, h, "--member")) is not None]
    manager_id = _person_id(store, manager, "--manager")
    created = store.structure.create_team(
        code, name, parent_id=parent_id, member_ids=member_ids, manager_id=manager_id
    )
    echo(
        f"added team {created.code} ({_show(created.name)}) with "
        f"{len(created.member_ids)} member{'' if len(created.member_ids) == 1 else 's'}"
    )


# -- objectives -------------------------------------------------------------------------


def _kind(committed: bool | None) -> ObjectiveKind | None:
    if committed is None:
        return None
    return ObjectiveKind.COMMITTED if committed else ObjectiveKind.ASPIRATIONAL


@objective.command(name="add")
@click.argument("team_code", metavar="TEAM")
@click.argument("title")
@click.option("--owner", metavar="HANDLE", help="Who answers for it.")
@click.option(
    "--committed/--aspirational", default=True, help="Committed (default) or aspirational."
)
@click.option("--aligned-to", "aligned_to", metavar="REF", help="The objective it serves.")
@click.option("--description", default="", metavar="TEXT", help="A longer description.")
@cycle_option
@db_option
@me_option
@pass_env
def objective_add(
    env: Env,
    team_code: str,
    title: str,
    owner: str | None,
    committed: bool,
    aligned_to: str | None,
    description: str,
    cycle_slug: str | None,
) -> None:
    """Add an objective to a team; it gets the team's next reference (ENG-3).

    \b
    okrtui okr objective add ENG "Make the API fast" --owner ana --aligned-to ORG-1
    """
    store = env.open_store(create=False)
    cycle = _cycle(env, store, cycle_slug)
    try:
        team_id = store.team_by_code(team_code.strip()).id
    except NotFound as error:
        raise CliError(f"TEAM: {error}") from None
    parent_id = None
    if aligned_to is not None and aligned_to.strip().casefold() not in _NONE:
        parent_id = _objective(store, aligned_to, cycle, "--aligned-to").id
    created = store.structure.create_objective(
        cycle.id,
        team_id,
        title,
        owner_id=_person_id(store, owner),
        kind=ObjectiveKind.COMMITTED if committed else ObjectiveKind.ASPIRATIONAL,
        parent_id=parent_id,
        description=description,
    )
    echo(f"added {created.ref} {_show(created.title)} ({created.kind.value})")
    _objective_advice(store, cycle, created)


@objective.command(name="edit")
@click.argument("ref", metavar="OBJECTIVE")
@click.option("--title", metavar="TEXT", help="A new title.")
@click.option("--owner", metavar="HANDLE", help="A new owner (`none` for nobody).")
@click.option("--committed/--aspirational", default=None, help="Change its kind.")
@click.option("--aligned-to", "aligned_to", metavar="REF", help="Align it (`none`: to nothing).")
@click.option("--description", metavar="TEXT", help="A new description.")
@cycle_option
@db_option
@me_option
@pass_env
def objective_edit(
    env: Env,
    ref: str,
    title: str | None,
    owner: str | None,
    committed: bool | None,
    aligned_to: str | None,
    description: str | None,
    cycle_slug: str | None,
) -> None:
    """Change an objective's title, owner, kind, alignment or description (audited)."""
    store = env.open_store(create=False)
    cycle = _cycle(env, store, cycle_slug)
    current = _objective(store, ref, cycle)
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = title
    if owner is not None:
        changes["owner_id"] = _person_id(store, owner)
    if committed is not None:
        changes["kind"] = _kind(committed)
    if aligned_to is not None:
        none = aligned_to.strip().casefold() in _NONE
        changes["parent_id"] = None if none else _objective(store, aligned_to, cycle).id
    if description is not None:
        changes["description"] = description
    if not changes:
        raise CliError(
            "nothing to change: give --title, --owner, --committed/--aspirational, "
            "--aligned-to or --description"
        )
    edited = store.structure.edit_objective(current.id, changes)
    echo(f"edited {edited.ref} {_show(edited.title)}")
    _objective_advice(store, cycle, edited)


@objective.command(name="move")
@click.argument("ref", metavar="OBJECTIVE")
@click.argument("team_code", metavar="TEAM")
@cycle_option
@db_option
@me_option
@pass_env
def objective_move(env: Env, ref: str, team_code: str, cycle_slug: str | None) -> None:
    """Give an objective to another team; it and its KRs get that team's references."""
    store = env.open_store(create=False)
    cycle = _cycle(env, store, cycle_slug)
    current = _objective(store, ref, cycle)
    try:
        team_id = store.team_by_code(team_code.strip()).id
    except NotFound as error:
        raise CliError(f"TEAM: {error}") from None
    moved = store.structure.move_objective(current.id, team_id)
    echo(f"moved {current.ref} to {moved.ref} {_show(moved.title)}")


@objective.command(name="retire")
@click.argument("ref", metavar="OBJECTIVE")
@click.option("--reason", default="", metavar="TEXT", help="Why (kept in the audit).")
@cycle_option
@db_option
@me_option
@pass_env
def objective_retire(env: Env, ref: str, reason: str, cycle_slug: str | None) -> None:
    """Retire an objective and its KRs: kept in history and reports, gone from rounds."""
    store = env.open_store(create=False)
    cycle = _cycle(env, store, cycle_slug)
    current = _objective(store, ref, cycle)
    store.structure.retire_objective(current.id, reason.strip())
    echo(f"retired {current.ref} {_show(current.title)} and its key results")


# -- key results ---------------------------------------------------------------------------


def _kr(store: Store, ref: str, cycle: Cycle) -> KeyResult:
    try:
        return store.kr_by_ref(ref, cycle.id)
    except NotFound as error:
        raise CliError(f"KR: {error}") from None


@kr_group.command(name="add")
@click.argument("objective_ref", metavar="OBJECTIVE")
@click.argument("title")
@click.option("--start", "start_text", metavar="N", help="Where the metric starts.")
@click.option("--target", "target_text", metavar="N", help="What number means done.")
@click.option("--unit", default="", metavar="UNIT", help="What it counts (ms, %, users).")
@click.option("--milestone", is_flag=True, help="Done or not done, instead of a metric.")
@click.option("--owner", metavar="HANDLE", help="Who answers for it.")
@cycle_option
@db_option
@me_option
@pass_env
def kr_add(
    env: Env,
    objective_ref: str,
    title: str,
    start_text: str | None,
    target_text: str | None,
    unit: str,
    milestone: bool,
    owner: str | None,
    cycle_slug: str | None,
) -> None:
    """Add a key result to an objective: a metric (--start, --target) or --milestone.

    \b
    okrtui okr kr add ENG-1 "p95 latency" --start 800 --target 200 --unit ms --owner ana
    okrtui okr kr add ENG-1 "Cache live in every region" --milestone
    """
    if milestone and (start_text is not None or target_text is not None):
        raise CliError("a --milestone key result has no --start or --target")
    if not milestone and (start_text is None or target_text is None):
        raise CliError("give --start N and --target N (a metric), or --milestone")
    start, target = _number(start_text, "--start"), _number(target_text, "--target")
    store = env.open_store(create=False)
    cycle = _cycle(env, store, cycle_slug)
    parent = _objective(store, objective_ref, cycle)
    created = store.structure.create_key_result(
        parent.id,
        title,
        kind=KRKind.MILESTONE if milestone else KRKind.METRIC,
        start=start,
        target=target,
        unit=unit,
        owner_id=_person_id(store, owner),
    )
    echo(f"added {created.ref} {_show(created.title)}")
    _kr_advice(store, created)


@kr_group.command(name="edit")
@click.argument("ref", metavar="KR")
@click.option("--title", metavar="TEXT", help="A new title.")
@click.option("--owner", metavar="HANDLE", help="A new owner (`none` for nobody).")
@click.option("--start", "start_text", metavar="N", help="A new start.")
@click.option("--target", "target_text", metavar="N", help="A new target.")
@click.option("--unit", metavar="UNIT", help="A new unit.")
@click.option("--override", is_flag=True, help="Change the target although the cycle is locked.")
@click.option("--reason", default="", metavar="TEXT", help="Why (required with --override).")
@cycle_option
@db_option
@me_option
@pass_env
def kr_edit(
    env: Env,
    ref: str,
    title: str | None,
    owner: str | None,
    start_text: str | None,
    target_text: str | None,
    unit: str | None,
    override: bool,
    reason: str,
    cycle_slug: str | None,
) -> None:
    """Change a key result (audited). In a locked cycle a new start or target needs
    --override and --reason.

    \b
    okrtui okr kr edit ENG-1.1 --target 250 --override --reason "new SLA agreed"
    """
    if override and not reason.strip():
        raise CliError("--override needs --reason TEXT (say why the target must change)")
    start, target = _number(start_text, "--start"), _number(target_text, "--target")
    store = env.open_store(create=False)
    cycle = _cycle(env, store, cycle_slug)
    current = _kr(store, ref, cycle)
    changes: dict[str, Any] = {}
    if title is not None:
        changes["title"] = title
    if owner is not None:
        changes["owner_id"] = _person_id(store, owner)
    if start is not None:
        changes["start"] = start
    if target is not None:
        changes["target"] = target
    if unit is not None:
        changes["unit"] = unit
    if not changes:
        raise CliError("nothing to change: give --title, --owner, --start, --target or --unit")
    edited = store.structure.edit_key_result(current.id, changes, override=override, reason=reason)
    echo(f"edited {edited.ref} {_show(edited.title)}")
    _kr_advice(store, edited)


@kr_group.command(name="move")
@click.argument("ref", metavar="KR")
@click.argument("objective_ref", metavar="OBJECTIVE")
@cycle_option
@db_option
@me_option
@pass_env
def kr_move(env: Env, ref: str, objective_ref: str, cycle_slug: str | None) -> None:
    """Put a key result under another objective of the cycle."""
    store = env.open_store(create=False)
    cycle = _cycle(env, store, cycle_slug)
    current = _kr(store, ref, cycle)
    parent = _objective(store, objective_ref, cycle)
    moved = store.structure.move_key_result(current.id, parent.id)
    echo(f"moved {current.ref} to {moved.ref} {_show(moved.title)}")


@kr_group.command(name="retire")
@click.argument("ref", metavar="KR")
@click.option("--reason", default="", metavar="TEXT", help="Why (kept in the audit).")
@cycle_option
@db_option
@me_option
@pass_env
def kr_retire(env: Env, ref: str, reason: str, cycle_slug: str | None) -> None:
    """Retire a key result: kept in history and reports, gone from rounds."""
    store = env.open_store(create=False)
    cycle = _cycle(env, store, cycle_slug)
    current = _kr(store, ref, cycle)
    store.structure.retire_key_result(current.id, reason.strip())
    echo(f"retired {current.ref} {_show(current.title)}")

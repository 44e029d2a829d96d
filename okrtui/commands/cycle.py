"""`okrtui cycle`: create, lock, activate, grade and close cycles; move milestones.

Every refusal is one line on stderr with exit code 2, and nothing is written.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from datetime import date

import click

from okrtui.cli_support import CliError, Env, db_option, echo, me_option, pass_env
from okrtui.cycle import (
    RolloverCandidate,
    activate_cycle,
    close_cycle,
    grade_kr,
    leave_ungraded,
    lock_cycle,
    move_milestone,
    new_cycle,
    require_closable,
    rollover,
    rollover_candidates,
)
from okrtui.domain.bands import format_grade, grade_band, needs_post_mortem, parse_grade
from okrtui.domain.models import Cycle, CycleStatus, MilestoneKind, Objective
from okrtui.store import Store
from okrtui.text import clean_line


@click.group()
def cycle() -> None:
    """Cycles: create, lock, activate, grade and close them; move milestones."""


@cycle.command(name="new")
@click.argument("slug")
@click.option("--name", default=None, metavar="NAME", help="The cycle's name (default: SLUG).")
@click.option("--start", "start_text", metavar="DATE", help="First day, YYYY-MM-DD.")
@click.option("--end", "end_text", metavar="DATE", help="Last day, YYYY-MM-DD.")
@db_option
@pass_env
def new(
    env: Env, slug: str, name: str | None, start_text: str | None, end_text: str | None
) -> None:
    """Create a cycle with the six standard milestones.

    The cycle starts in planning; lock it once its milestone dates are agreed.

    \b
    okrtui cycle new 2027-Q1 --name "Q1 2027" --start 2027-01-04 --end 2027-04-04
    """
    start = parse_date(start_text, "--start")
    end = parse_date(end_text, "--end")
    store = env.open_store(create=True)
    created = new_cycle(store, slug, name or slug, start, end)
    milestones = store.milestones(created.id)
    echo(
        f"created cycle {created.slug} ({_show(created.name)}), {created.start} to {created.end}, "
        f"in planning with {len(milestones)} milestones"
    )
    for m in milestones:
        echo(f"  {m.on}  {_show(m.title)}")


@cycle.command(name="list")
@db_option
@pass_env
def list_(env: Env) -> None:
    """List the cycles; `*` marks the current one."""
    store = env.open_store(create=False)
    cycles = store.cycles()
    if not cycles:
        echo("no cycles yet (create one with `okrtui cycle new`)")
        return
    current = store.current_cycle()
    width = max(len(c.slug) for c in cycles)
    for c in cycles:
        mark = "*" if current is not None and c.id == current.id else " "
        locked = ", locked" if c.locked else ""
        echo(
            f"{mark} {c.slug:<{width}}  {c.start} to {c.end}  {c.status.value}{locked}  "
            f"{_show(c.name)}"
        )


@cycle.command()
@click.argument("cycle_slug", metavar="[CYCLE]", required=False)
@db_option
@pass_env
def milestones(env: Env, cycle_slug: str | None) -> None:
    """List a cycle's milestones with their ids.

    The ids are what `okrtui cycle move-milestone` takes.
    """
    store = env.open_store(create=False)
    c = store.resolve_cycle(cycle_slug)
    echo(f"{c.slug}{' (locked)' if c.locked else ''}")
    for m in store.milestones(c.id):
        held = f"  held {m.held_on}" if m.held_on else ""
        echo(f"  {m.id:>4}  {m.on}  {m.kind.value:<18}  {_show(m.title)}{held}")


@cycle.command()
@click.argument("cycle_slug", metavar="[CYCLE]", required=False)
@db_option
@me_option
@pass_env
def lock(env: Env, cycle_slug: str | None) -> None:
    """Fix the cycle's milestone dates.

    Moving a milestone of a locked cycle then needs --override and --reason, and is audited.
    """
    store = env.open_store(create=False)
    c = store.resolve_cycle(cycle_slug)
    if c.locked:
        echo(f"cycle {c.slug} was already locked")
        return
    lock_cycle(store, c)
    echo(f"locked cycle {c.slug}: its milestone dates are now fixed")


@cycle.command()
@click.argument("cycle_slug", metavar="[CYCLE]", required=False)
@db_option
@me_option
@pass_env
def activate(env: Env, cycle_slug: str | None) -> None:
    """Start the cycle: planning becomes active."""
    store = env.open_store(create=False)
    c = activate_cycle(store, store.resolve_cycle(cycle_slug))
    echo(f"cycle {c.slug} is active")


@cycle.command(name="move-milestone")
@click.argument("milestone")
@click.argument("date_text", metavar="DATE")
@click.option("--cycle", "cycle_slug", metavar="CYCLE", help="With a kind: the cycle.")
@click.option("--override", is_flag=True, help="Move it although the cycle is locked.")
@click.option("--reason", default="", metavar="TEXT", help="Why (required with --override).")
@db_option
@me_option
@pass_env
def move_milestone_(
    env: Env, milestone: str, date_text: str, cycle_slug: str | None, override: bool, reason: str
) -> None:
    """Move a milestone to another date.

    \b
    MILESTONE is an id (see `okrtui cycle milestones`) or a kind:
    kickoff, drafting-deadline, alignment, mid-cycle-review,
    grading-deadline, town-hall or other.
    """
    on = parse_date(date_text, "DATE")
    if override and not reason.strip():
        raise CliError("--override needs --reason TEXT (say why the date must move)")
    store = env.open_store(create=False)
    milestone_id = _milestone_id(store, milestone, cycle_slug)
    before = store.milestone(milestone_id)
    moved = move_milestone(store, milestone_id, on, override=override, reason=reason)
    echo(f"moved {_show(moved.title)} from {before.on} to {moved.on}")


@cycle.command()
@click.argument("kr_ref", metavar="KR")
@click.argument("score", required=False)
@click.option("--note", "-n", default="", metavar="TEXT", help="A short note (post-mortem).")
@click.option("--ungraded", default=None, metavar="REASON", help="Leave it ungraded, with why.")
@click.option("--cycle", "cycle_slug", metavar="CYCLE", help="The KR's cycle (default: current).")
@db_option
@me_option
@pass_env
def grade(
    env: Env,
    kr_ref: str,
    score: str | None,
    note: str,
    ungraded: str | None,
    cycle_slug: str | None,
) -> None:
    """Grade a KR, or leave it ungraded with a reason.

    SCORE is 0.0 to 1.0, taken as written: `1` is 1.0, `0.7` is 0.7, `0.75` is 0.75.

    \b
    okrtui cycle grade ENG-1.1 0.7 --note "shipped late: vendor delay"
    okrtui cycle grade ENG-2.3 --ungraded "dropped at mid-cycle review"
    """
    if score is not None and ungraded is not None:
        raise CliError(f"give {kr_ref} a SCORE or --ungraded REASON, not both")
    if score is None and ungraded is None:
        raise CliError(f"give {kr_ref} a SCORE (0.0 to 1.0) or --ungraded REASON")
    value = None if score is None else parse_score(score)
    store = env.open_store(create=False)
    c = store.resolve_cycle(cycle_slug)
    kr = store.kr_by_ref(kr_ref, c.id)
    me = env.me_or_none(store)
    if ungraded is not None:
        leave_ungraded(store, kr.id, ungraded, author_id=me)
        echo(f"{kr.ref} {_show(kr.title)}: left ungraded ({_show(ungraded)})")
        return
    assert value is not None
    saved = grade_kr(store, kr.id, value, note, author_id=me)
    assert saved.score is not None
    line = f"{kr.ref} {_show(kr.title)}: graded {format_grade(saved.score)} "
    line += f"({grade_band(saved.score).label})"
    if needs_post_mortem(store.objective(kr.objective_id).kind, saved.score):
        line += "; committed KR under 1.0: flagged for a post-mortem"
        if not saved.note:
            line += " (add one with --note)"
    echo(line)


@cycle.command()
@click.argument("cycle_slug", metavar="[CYCLE]", required=False)
@click.option("--rollover", "next_slug", metavar="NEXT", help="Copy objectives into NEXT.")
@click.option(
    "--copy",
    "copy_refs",
    multiple=True,
    metavar="REF",
    help="An objective to copy into NEXT (repeat; `all` for every candidate).",
)
@click.option(
    "--interactive/--no-interactive",
    default=None,
    help="Ask which objectives to roll over (default: when run in a terminal).",
)
@db_option
@me_option
@pass_env
def close(
    env: Env,
    cycle_slug: str | None,
    next_slug: str | None,
    copy_refs: Sequence[str],
    interactive: bool | None,
) -> None:
    """Close the cycle, optionally rolling objectives over.

    Every KR must be graded or left ungraded with a reason. Unfinished aspirational
    objectives can be copied, with their KRs reset, into the next cycle.

    \b
    okrtui cycle close 2026-Q4 --rollover 2027-Q1 --copy ENG-2 --copy OPS-1
    """
    if copy_refs and next_slug is None:
        raise CliError("--copy needs --rollover NEXT (the cycle to copy into)")
    store = env.open_store(create=False)
    c = store.resolve_cycle(cycle_slug)
    require_closable(store, c)  # before asking anything
    candidates = rollover_candidates(store, c)
    target: Cycle | None = None
    chosen: list[Objective] = []
    if next_slug is not None:
        target = store.cycle_by_slug(next_slug)
        chosen = _chosen(store, c, candidates, copy_refs, target)
    elif candidates and (sys.stdin.isatty() if interactive is None else interactive):
        target, chosen = _ask(store, c, candidates)
    with store.write():
        close_cycle(store, c)
        copies = rollover(store, c, target, [o.id for o in chosen]) if target else []
    echo(f"closed cycle {c.slug}")
    for old, new in zip(chosen, copies, strict=True):
        assert target is not None
        echo(f"  rolled {old.ref} over into {target.slug} as {new.ref}: {_show(new.title)}")
    if target is None and candidates:
        refs = ", ".join(x.objective.ref for x in candidates)
        echo(
            f"  unfinished aspirational objectives ({refs}) were not rolled over; "
            "use --rollover NEXT --copy REF next time"
        )


def _chosen(
    store: Store,
    c: Cycle,
    candidates: Sequence[RolloverCandidate],
    refs: Sequence[str],
    target: Cycle,
) -> list[Objective]:
    if target.id == c.id:
        raise CliError(f"--rollover names cycle {c.slug} itself; name the next cycle")
    offered = ", ".join(x.objective.ref for x in candidates) or "none"
    if not refs:
        raise CliError(
            f"name the objectives to copy into {target.slug} with --copy REF or --copy all "
            f"(unfinished aspirational: {offered})"
        )
    if any(r.strip().lower() == "all" for r in refs):
        return [x.objective for x in candidates]
    by_ref = {o.ref.casefold(): o for o in store.objectives(c.id)}
    unknown = [r for r in refs if r.strip().casefold() not in by_ref]
    if unknown:
        raise CliError(
            f"no objective {', '.join(unknown)} in cycle {c.slug} "
            f"(unfinished aspirational: {offered})"
        )
    return list(
        {by_ref[r.strip().casefold()].id: by_ref[r.strip().casefold()] for r in refs}.values()
    )


def _ask(
    store: Store, c: Cycle, candidates: Sequence[RolloverCandidate]
) -> tuple[Cycle | None, list[Objective]]:
    echo(f"Unfinished aspirational objectives in {c.slug}:")
    for n, x in enumerate(candidates, start=1):
        how = "graded" if x.from_grades else "progress"
        echo(
            f"  {n}. {x.objective.ref} {_show(x.objective.title)} "
            f"({how} {format_grade(x.score)}, {len(x.key_results)} KRs)"
        )
    others = [o.slug for o in store.cycles() if o.id != c.id and o.status is not CycleStatus.CLOSED]
    hint = f" ({', '.join(others)})" if others else ""
    slug = click.prompt(
        f"Roll over into which cycle{hint}? Empty to skip", default="", show_default=False
    ).strip()
    if not slug:
        return None, []
    target = store.cycle_by_slug(slug)
    answer = click.prompt(
        "Copy which? Numbers or refs separated by spaces, `all`, or empty for none",
        default="",
        show_default=False,
    ).split()
    picked: list[Objective] = []
    for word in answer:
        if word.lower() == "all":
            return target, [x.objective for x in candidates]
        match = [
            x.objective
            for n, x in enumerate(candidates, start=1)
            if word == str(n) or word.casefold() == x.objective.ref.casefold()
        ]
        if not match:
            raise CliError(f"{word!r} is not one of the objectives listed")
        if match[0] not in picked:
            picked.append(match[0])
    return target, picked


def _milestone_id(store: Store, given: str, cycle_slug: str | None) -> int:
    if given.strip().isascii() and given.strip().isdigit():
        number = int(given.strip())
        if number > MAX_ID:
            raise CliError(f"there is no milestone {number} (see `okrtui cycle milestones`)")
        return store.milestone(number).id
    kinds = [k.value for k in MilestoneKind]
    if given not in kinds:
        raise CliError(
            f"milestone {given!r} is neither an id nor a kind ({', '.join(kinds)}); "
            "see `okrtui cycle milestones`"
        )
    c = store.resolve_cycle(cycle_slug)
    found = [m for m in store.milestones(c.id) if m.kind.value == given]
    if len(found) != 1:
        what = "no" if not found else f"{len(found)}"
        raise CliError(
            f"cycle {c.slug} has {what} {given} milestones; give its id "
            "(see `okrtui cycle milestones`)"
        )
    return found[0].id


MAX_ID = 2**63 - 1
"""The largest number SQLite can hold as an id."""


def parse_score(text: str) -> float:
    """A grade given on the command line: 0.0 to 1.0 as written, so `1` is 1.0 and `0`
    is 0.0. (Digits as tenths are a key of the app's grading step only.)"""
    shown = text.strip()
    if shown.isascii() and shown.isdigit() and shown not in ("0", "1"):
        whole = int(shown)
        hint = f" (did you mean {whole / 10:.1f}?)" if whole <= 10 else ""
        raise CliError(f"SCORE is 0.0 to 1.0, got {shown}{hint}")
    if shown.isascii() and shown.isdigit():
        return float(shown)
    try:
        return parse_grade(shown)
    except ValueError as error:
        raise CliError(f"SCORE: {error}") from None


def parse_date(text: str | None, what: str) -> date:
    """A YYYY-MM-DD date given on the command line, or one line saying what is wrong."""
    if text is None or not text.strip():
        raise CliError(f"{what} is required (a date, YYYY-MM-DD)")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(f"{what}: {text!r} is not a date (use YYYY-MM-DD)") from None


def _show(text: str) -> str:
    """User text for a terminal line: no escape sequences, no line breaks."""
    return clean_line(text)

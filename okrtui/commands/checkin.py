"""`okrtui checkin`: the quick personal check-in, as a screen or as one line.

The one-line form never imports Textual: it is what people run over SSH between calls.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from okrtui.cli_support import CliError, Env, db_option, me_option, pass_env
from okrtui.domain.kinds import KRKind

if TYPE_CHECKING:
    from okrtui.store.checkin_write import KRFacts, Written


@click.command()
@click.argument("kr_ref", metavar="[KR]", required=False)
@click.option("--confidence", "-c", type=int, metavar="0-10", help="Your confidence, 0 to 10.")
@click.option("--value", "-v", "value", metavar="V", help="The KR's new value (metric KRs).")
@click.option("--done/--not-done", default=None, help="For a milestone KR: done or not.")
@click.option("--note", "-n", default="", metavar="TEXT", help="A short note.")
@db_option
@me_option
@pass_env
def checkin(
    env: Env,
    kr_ref: str | None,
    confidence: int | None,
    value: str | None,
    done: bool | None,
    note: str,
) -> None:
    """Check in on your KRs: a screen of only your KRs, or one KR in one line.

    \b
    okrtui checkin                       the check-in screen
    okrtui checkin ENG-2.3 -c 6          confidence 6, value unchanged
    okrtui checkin ENG-2.3 -c 6 -v 42 -n "cache landed"
    """
    if kr_ref is None:
        if confidence is not None or value is not None or done is not None or note:
            raise CliError("name the KR to check in on, e.g. `okrtui checkin ENG-2.3 -c 6`")
        _open_screen(env)
        return
    if confidence is None:
        raise CliError(f"--confidence is required to check in on {kr_ref} (0 to 10)")
    click.echo(record_one_line(env, kr_ref, confidence, value, done, note))


def _open_screen(env: Env) -> None:
    store = env.open_store(create=False)
    me = env.me(store)
    from okrtui.tui.checkin_app import run_checkin

    run_checkin(env, store, me_id=me[1])


def record_one_line(
    env: Env,
    kr_ref: str,
    confidence: int,
    value_text: str | None,
    done: bool | None,
    note: str,
) -> str:
    """Record one check-in and say what changed.

    The ordinary case takes the fast path (plain sqlite3, see `quick_checkin`); anything
    else goes through the Store, which words every problem with the file.
    """
    from okrtui.commands.quick_checkin import try_record

    if not 0 <= confidence <= 10:
        raise CliError(f"confidence must be between 0 and 10 (got {confidence})")
    note = note.strip()

    def decide(kr: KRFacts) -> float | None:
        return _new_value(kr, value_text, done)

    written = try_record(
        env.db_path(),
        kr_ref,
        me=lambda handles: env.resolve_me(handles)[1],
        decide=decide,
        confidence=confidence,
        note=note,
        now=env.clock.now(),
    ) or _record_through_store(env, kr_ref, confidence, decide, note)
    return said(written)


def said(written: Written) -> str:
    """`PLAT-1.1 Title: confidence 4 → 5, value 880 ms (unchanged)`."""
    from okrtui.domain.krstate import value_move, value_text
    from okrtui.text import clean_line

    kr, before, after = written.kr, written.before, written.after
    before_conf = str(before.confidence) if written.had_checkin else "—"
    shown = value_move(kr, before.value, after.value)
    if before.value == after.value:
        shown = f"{value_text(kr, after.value)} (unchanged)"
    what = "" if kr.kind is KRKind.MILESTONE else "value "
    return clean_line(
        f"{kr.ref} {kr.title}: confidence {before_conf} → {after.confidence}, {what}{shown}"
    )


def _record_through_store(
    env: Env,
    kr_ref: str,
    confidence: int,
    decide: Callable[[KRFacts], float | None],
    note: str,
) -> Written:
    from okrtui.store.checkin_write import KRFacts

    store = env.open_store(create=False)
    _, me_id = env.me(store)
    kr = store.kr_by_ref(kr_ref)
    facts = KRFacts(kr.id, kr.ref, kr.title, kr.kind, kr.start, kr.target, kr.unit, kr.owner_id)
    return store.write_checkin(
        kr.id,
        confidence=confidence,
        value=decide(facts),
        note=note,
        author_id=me_id,
        at=env.clock.now(),
    )


def _new_value(kr: KRFacts, value_text: str | None, done: bool | None) -> float | None:
    """The value the flags ask for; None keeps the KR's value (read by the writer)."""
    if kr.kind is KRKind.MILESTONE:
        if value_text is not None:
            raise CliError(f"{kr.ref} is a milestone KR: it has no value; use --done or --not-done")
        return None if done is None else (1.0 if done else 0.0)
    if done is not None:
        raise CliError(f"{kr.ref} is a metric KR: give --value, not --done/--not-done")
    return None if value_text is None else _parse_value(value_text)


def _parse_value(text: str) -> float:
    from okrtui.domain.krstate import parse_value

    try:
        return parse_value(text)
    except ValueError as problem:
        raise CliError(f"--value: {problem}") from None

"""`okrtui checkin`: the quick personal check-in, as a screen or as one line.

The one-line form never imports Textual: it is what people run over SSH between calls.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

import click

from okrtui.cli_support import CliError, Env, db_option, me_option, pass_env
from okrtui.commands.checkin_line import record_line

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
    """Record one check-in and say what changed (see `checkin_line.record_line`)."""
    line = record_line(
        env, kr_ref, confidence, value_text, done, note, partial(_record_through_store, env)
    )
    assert line is not None  # with a way through the Store, something is always written
    return line


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

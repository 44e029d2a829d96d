"""`okrtui checkin`: the quick personal check-in, as a screen or as one line.

The one-line form never imports Textual: it is what people run over SSH between calls.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING

import click

from okrtui.cli_support import CliError, Env, db_option, me_option, pass_env

if TYPE_CHECKING:
    from okrtui.commands.quick_checkin import KRFacts


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

    run_checkin(store, env.clock, env.settings, me_id=me[1])


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
    from okrtui.config import resolve_identity

    if not 0 <= confidence <= 10:
        raise CliError(f"confidence must be between 0 and 10 (got {confidence})")
    note = note.strip()

    def decide(kr: KRFacts) -> float | None:
        return _new_value(kr, value_text, done)

    recorded = try_record(
        env.db_path(),
        kr_ref,
        me=lambda handles: resolve_identity(handles, env.me_flag, env.settings, env.environ)[1],
        decide=decide,
        confidence=confidence,
        note=note,
        now=env.clock.now(),
    )
    kr, value = recorded or _record_through_store(env, kr_ref, confidence, decide, note)
    before_conf = "—" if kr.latest_confidence is None else str(kr.latest_confidence)
    before_shown = _show(kr.is_milestone, kr.unit, kr.value_before)
    after_shown = _show(kr.is_milestone, kr.unit, value)
    change = (
        f"{before_shown} (unchanged)"
        if before_shown == after_shown
        else f"{before_shown} → {after_shown}"
    )
    from okrtui.text import clean_line

    return clean_line(f"{kr.ref} {kr.title}: confidence {before_conf} → {confidence}, {change}")


def _record_through_store(
    env: Env,
    kr_ref: str,
    confidence: int,
    decide: Callable[[KRFacts], float | None],
    note: str,
) -> tuple[KRFacts, float | None]:
    from okrtui.commands.quick_checkin import KRFacts
    from okrtui.domain.models import CheckIn, KRKind

    store = env.open_store(create=False)
    _, me_id = env.me(store)
    kr = store.kr_by_ref(kr_ref)
    latest = store.latest_checkin(kr.id)
    facts = KRFacts(
        id=kr.id,
        ref=kr.ref,
        title=kr.title,
        is_milestone=kr.kind is KRKind.MILESTONE,
        start=kr.start,
        unit=kr.unit,
        latest_value=None if latest is None else latest.value,
        latest_confidence=None if latest is None else latest.confidence,
    )
    saved = store.add_checkin(
        CheckIn(
            kr_id=kr.id,
            at=env.clock.now(),
            value=decide(facts),
            confidence=confidence,
            note=note,
            author_id=me_id,
        )
    )
    return facts, saved.value


def _new_value(kr: KRFacts, value_text: str | None, done: bool | None) -> float | None:
    if kr.is_milestone:
        if value_text is not None:
            raise CliError(f"{kr.ref} is a milestone KR: it has no value; use --done or --not-done")
        return kr.value_before if done is None else (1.0 if done else 0.0)
    if done is not None:
        raise CliError(f"{kr.ref} is a metric KR: give --value, not --done/--not-done")
    return kr.value_before if value_text is None else _parse_value(value_text)


def _parse_value(text: str) -> float:
    try:
        value = float(text.replace(",", "").strip())
    except ValueError:
        raise CliError(f"--value must be a number (got {text!r})") from None
    if not math.isfinite(value):
        raise CliError(f"--value must be a finite number (got {text!r})")
    return value


def _show(is_milestone: bool, unit: str, value: float | None) -> str:
    if is_milestone:
        return "done" if (value or 0) >= 1 else "not done"
    if value is None:
        return "no value"
    if not unit:
        return f"value {value:g}"
    return f"value {value:g}{'' if unit == '%' else ' '}{unit}"

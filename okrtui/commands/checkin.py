"""`okrtui checkin`: the quick personal check-in, as a screen or as one line.

The one-line form never imports Textual: it is what people run over SSH between calls.
"""

from __future__ import annotations

import math

import click

from okrtui.cli_support import CliError, Env, db_option, me_option, pass_env


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
    from okrtui.domain.models import CheckIn, KRKind
    from okrtui.domain.progress import current_value

    if not 0 <= confidence <= 10:
        raise CliError(f"confidence must be between 0 and 10 (got {confidence})")
    store = env.open_store(create=False)
    _, me_id = env.me(store)
    kr = store.kr_by_ref(kr_ref)
    latest = store.latest_checkin(kr.id)
    before_value = current_value(kr, latest)
    new_value = before_value
    if kr.kind is KRKind.MILESTONE:
        if value_text is not None:
            raise CliError(f"{kr.ref} is a milestone KR: it has no value; use --done or --not-done")
        if done is not None:
            new_value = 1.0 if done else 0.0
    else:
        if done is not None:
            raise CliError(f"{kr.ref} is a metric KR: give --value, not --done/--not-done")
        if value_text is not None:
            new_value = _parse_value(value_text)
    saved = store.add_checkin(
        CheckIn(
            kr_id=kr.id,
            at=env.clock.now(),
            value=new_value,
            confidence=confidence,
            note=note.strip(),
            author_id=me_id,
        )
    )
    before_conf = "—" if latest is None else str(latest.confidence)
    before_shown = _show(kr.kind, kr.unit, before_value)
    after_shown = _show(kr.kind, kr.unit, saved.value)
    change = (
        f"{before_shown} (unchanged)"
        if before_shown == after_shown
        else f"{before_shown} → {after_shown}"
    )
    return f"{kr.ref} {kr.title}: confidence {before_conf} → {saved.confidence}, {change}"


def _parse_value(text: str) -> float:
    try:
        value = float(text.replace(",", "").strip())
    except ValueError:
        raise CliError(f"--value must be a number (got {text!r})") from None
    if not math.isfinite(value):
        raise CliError(f"--value must be a finite number (got {text!r})")
    return value


def _show(kind: object, unit: str, value: float | None) -> str:
    from okrtui.domain.models import KRKind

    if kind is KRKind.MILESTONE:
        return "done" if (value or 0) >= 1 else "not done"
    if value is None:
        return "no value"
    if not unit:
        return f"value {value:g}"
    return f"value {value:g}{'' if unit == '%' else ' '}{unit}"

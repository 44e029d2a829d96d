"""`okrtui ack`: a team's manager or an OKR coach acknowledges a check-in (optionally with a
comment), or lists the check-ins waiting for their acknowledgement."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

import click

from okrtui.cli_support import CliError, Env, db_option, echo, me_option, pass_env
from okrtui.text import clean_line

if TYPE_CHECKING:
    from okrtui.store import Store


@click.command()
@click.argument("checkin_id", metavar="[CHECKIN]", type=click.IntRange(1, 2**62), required=False)
@click.option("-m", "--comment", metavar="TEXT", help="A comment for the person who checked in.")
@click.option(
    "--list", "list_", is_flag=True, help="The check-ins waiting for your acknowledgement."
)
@db_option
@me_option
@pass_env
def ack(env: Env, checkin_id: int | None, comment: str | None, list_: bool) -> None:
    """Acknowledge someone's check-in, or list those waiting for you (--list).

    \b
    okrtui ack --list              check-ins waiting for your acknowledgement, with ids
    okrtui ack 42 -m "thanks"      acknowledge check-in 42 with a comment
    A manager of the key result's team (team-manager role, member of that team or one
    above it) or an OKR coach may acknowledge; never one's own check-in.
    """
    from okrtui.limits import TEXT_MAX, too_long

    if list_ and (checkin_id is not None or comment is not None):
        raise CliError("--list takes no check-in and no comment")
    if not list_ and checkin_id is None:
        raise CliError("give the id of a check-in to acknowledge, or --list to see them")
    if comment is not None and too_long(comment.strip(), TEXT_MAX):
        raise CliError(f"-m: the comment {too_long(comment.strip(), TEXT_MAX)}")
    store = env.open_store(create=False)
    _, me_id = env.me(store)
    if list_:
        _print_waiting(store, me_id, env.clock.now())
        return
    assert checkin_id is not None
    done = store.acknowledge(checkin_id, me_id, comment or "")
    checkin = store.checkin(checkin_id)
    kr = store.key_result(checkin.kr_id)
    author = store.person(checkin.author_id).name if checkin.author_id is not None else "someone"
    said = ", with your comment" if done.comment else ""
    echo(
        f"acknowledged check-in {checkin_id} on {kr.ref} "
        f"(confidence {checkin.confidence}, by {author}){said}"
    )


def _print_waiting(store: Store, me_id: int, now: datetime) -> None:
    from zoneinfo import ZoneInfo

    from okrtui.views.format import short_date
    from okrtui.views.inbox import awaiting_acknowledgement

    cycle = store.resolve_cycle(None)
    waiting = awaiting_acknowledgement(store, cycle, me_id, now)
    if not waiting:
        echo(f"{cycle.name}: no check-ins waiting for your acknowledgement.")
        return
    count = len(waiting)
    echo(
        f"{cycle.name}: {count} check-in{'' if count == 1 else 's'} waiting for your "
        "acknowledgement (acknowledge one with okrtui ack ID [-m TEXT]):"
    )
    width = max(len(str(w.checkin_id)) for w in waiting)
    zone = ZoneInfo(store.timezone)
    for w in waiting:
        day = short_date(w.at.astimezone(zone).date())
        value = f", {w.value}" if w.value else ""
        note = f": {clean_line(w.note)}" if w.note.strip() else ""
        echo(
            f"  {w.checkin_id:>{width}}  {w.kr_ref} {clean_line(w.kr_title)}: confidence "
            f"{w.confidence}{value}, by {clean_line(w.author)} on {day}{note}"
        )

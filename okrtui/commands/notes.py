"""`okrtui notes [MEETING|latest] [-o FILE] [--force]`: a meeting as Markdown notes."""

from __future__ import annotations

import click

from okrtui.cli_support import Env, check_output, db_option, force_option, output_option, pass_env
from okrtui.domain.models import Meeting
from okrtui.meeting.errors import MeetingError
from okrtui.store import Store

MAX_ID = 2**63 - 1
"""The largest number SQLite can hold as an id."""


def find_meeting(store: Store, which: str) -> Meeting:
    """A meeting by id, or the latest one started (`latest`)."""
    which = which.strip()
    if which.lower() == "latest":
        meeting = store.latest_meeting()
        if meeting is None:
            raise MeetingError(
                "there are no meetings yet (start one with `okrtui meeting start weekly-checkin`)"
            )
        return meeting
    if not (which.isascii() and which.isdigit()):
        raise MeetingError(
            f"MEETING must be a meeting number or 'latest', got {which!r} "
            "(see `okrtui meeting list`)"
        )
    number = int(which)
    if number > MAX_ID:
        raise MeetingError(f"there is no meeting {which} (see `okrtui meeting list`)")
    return store.meeting(number)


@click.command("notes")
@click.argument("which", metavar="[MEETING|latest]", default="latest")
@output_option
@force_option
@db_option
@pass_env
def notes(env: Env, which: str, output: str | None, force: bool) -> None:
    """Print the Markdown notes of a meeting (the latest one by default)."""
    from okrtui.meeting.notes import render_notes

    check_output(output, force)
    store = env.open_store(create=False)
    meeting = find_meeting(store, which)
    env.write_output(render_notes(store, meeting.id), output, force)

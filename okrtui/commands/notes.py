"""`okrtui notes [MEETING|latest] [-o FILE] [--force]`: a meeting as Markdown notes."""

from __future__ import annotations

from pathlib import Path

import click

from okrtui.cli_support import Env, db_option, pass_env
from okrtui.domain.models import Meeting
from okrtui.meeting.errors import MeetingError
from okrtui.store import Store


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
    return store.meeting(int(which))


@click.command("notes")
@click.argument("which", metavar="[MEETING|latest]", default="latest")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@db_option
@pass_env
def notes(env: Env, which: str, output: Path | None, force: bool) -> None:
    """Print the Markdown notes of a meeting (the latest one by default)."""
    from okrtui.meeting.notes import render_notes

    store = env.open_store(create=False)
    meeting = find_meeting(store, which)
    env.write_output(render_notes(store, meeting.id), output, force)

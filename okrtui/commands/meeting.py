"""`okrtui meeting start AGENDA [--team CODE]` and `okrtui meeting list`."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import click

from okrtui.agenda import AgendaError, AgendaTemplate
from okrtui.agenda.loader import load_template
from okrtui.cli_support import CliError, Env, db_option, echo, me_option, pass_env
from okrtui.meeting.errors import MeetingError
from okrtui.store import Store
from okrtui.terminal import require_terminal
from okrtui.text import clean_line


@click.group("meeting")
def meeting() -> None:
    """Start a meeting, or list the meetings held."""


def find_agenda(env: Env, name: str) -> AgendaTemplate:
    """An agenda by slug (your own directory first, then the built-in ones), or a
    template file given by path (`*.toml`)."""
    try:
        if name.endswith(".toml") or "/" in name:
            return load_template(Path(name).expanduser())
        return env.agenda_library().get(name)
    except AgendaError as error:
        raise MeetingError(str(error)) from None


def _facilitator(env: Env, store: Store) -> int | None:
    """Who runs the meeting: `--me` must name a person; otherwise the person running okrtui
    when known, else the OKR champion, else nobody."""
    if env.me_flag:
        return env.me(store)[1]
    me = env.me_or_none(store)
    if me is not None:
        return me
    from okrtui.domain.models import Role

    return next((p.id for p in store.people() if Role.OKR_CHAMPION in p.roles), None)


@meeting.command("start")
@click.argument("agenda")
@click.option("--team", "team_code", metavar="CODE", help="The team (default: everyone).")
@click.option("--cycle", "cycle_slug", metavar="CYCLE", help="The cycle (default: current).")
@db_option
@me_option
@pass_env
def start(env: Env, agenda: str, team_code: str | None, cycle_slug: str | None) -> None:
    """Start a meeting from an agenda template and open the meeting runner."""
    from okrtui.meeting.session import MeetingSession

    if team_code is not None and not team_code.strip():
        raise CliError("--team: the team code is empty (leave --team out for everyone)")
    store = env.open_store(create=False)
    template = find_agenda(env, agenda)
    team = store.team_by_code(team_code) if team_code is not None else None
    cycle = store.resolve_cycle(cycle_slug)
    if cycle.status.value == "closed":
        raise CliError(
            f"cycle {cycle.slug} is closed: its grades are final, so a meeting on it is not "
            "started (the app's start screen can, after a warning)"
        )
    require_terminal("okrtui meeting start")
    session = MeetingSession.start(
        store,
        template,
        cycle=cycle,
        team_id=team.id if team else None,
        facilitator_id=_facilitator(env, store),
        # the team's members, or everyone for an organisation-wide meeting (@ changes it)
        attendee_ids=team.member_ids if team else [p.id for p in store.people()],
    )
    env.run_app(store, meeting_id=session.meeting.id)


@meeting.command("list")
@db_option
@pass_env
def list_meetings(env: Env) -> None:
    """Every meeting: number, date, title, team and status."""
    store = env.open_store(create=False)
    meetings = store.meetings()
    if not meetings:
        echo("no meetings yet (start one with `okrtui meeting start weekly-checkin`)")
        return
    zone = ZoneInfo(store.timezone)
    teams = {t.id: t.code for t in store.teams()}
    rows = [("ID", "DATE", "TEAM", "STATUS", "TITLE")]
    rows += [
        (
            str(m.id),
            f"{m.started_at.astimezone(zone):%Y-%m-%d %H:%M}",
            teams.get(m.team_id, "?") if m.team_id is not None else "everyone",
            m.status.value,
            clean_line(m.title),
        )
        for m in meetings
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for row in rows:
        padded = (c.ljust(w) for c, w in zip(row[1:4], widths[1:], strict=True))
        cells = [row[0].rjust(widths[0]), *padded]
        echo("  ".join([*cells, row[4]]).rstrip())

"""`okrtui due`: who has not checked in on which key result since their team's last meeting
(or in the last N days). Exit 0 when everyone is in, 1 when someone is due, so cron and
scripts can act on it."""

from __future__ import annotations

import click

from okrtui.cli_support import CliError, Env, db_option, pass_env

EXIT_SOMEONE_DUE = 1


@click.command()
@click.option("--team", "team_code", metavar="CODE", help="Only this team's key results.")
@click.option(
    "--days",
    type=click.IntRange(1, 3660),
    metavar="N",
    help="Due means no check-in in the last N days (default: since the team's last meeting).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text for a terminal, markdown to paste into chat, json for scripts.",
)
@db_option
@pass_env
def due(env: Env, team_code: str | None, days: int | None, fmt: str) -> None:
    """Who is due a check-in, grouped by person, with the age of each last check-in.

    Exits 0 when everyone is in, 1 when someone is due.
    """
    from okrtui.views.due import due_json, due_list, due_markdown, due_text

    if team_code is not None and not team_code.strip():
        raise CliError("--team: the team code is empty (leave --team out for all teams)")
    store = env.open_store(create=False)
    cycle = store.resolve_cycle(None)
    team = store.team_by_code(team_code.strip()) if team_code is not None else None
    found = due_list(
        store, cycle, env.clock.now(), team_id=None if team is None else team.id, days=days
    )
    render = {"text": due_text, "markdown": due_markdown, "json": due_json}[fmt]
    env.write_output(render(found), None, False)
    if not found.everyone_in:
        raise click.exceptions.Exit(EXIT_SOMEONE_DUE)

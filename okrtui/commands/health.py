"""`okrtui health`: the OKR health check of a cycle, or of one team in it."""

from __future__ import annotations

import click

from okrtui.cli_support import CliError, Env, db_option, echo, pass_env


@click.command()
@click.argument("cycle_slug", metavar="[CYCLE]", required=False)
@click.option("--team", "team_code", metavar="CODE", help="Only this team's own objectives.")
@db_option
@pass_env
def health(env: Env, cycle_slug: str | None, team_code: str | None) -> None:
    """The OKR health check: the warning signs a coach looks for (advice, never a refusal)."""
    from okrtui.meeting.health_report import health_findings, render_health_text

    if team_code is not None and not team_code.strip():
        raise CliError("--team: the team code is empty (leave --team out for all teams)")
    store = env.open_store(create=False)
    cycle = store.resolve_cycle(cycle_slug)
    team = store.team_by_code(team_code) if team_code is not None else None
    findings = health_findings(
        store, cycle, None if team is None else team.id, today=env.today(store), coach=True
    )
    scope = "all teams" if team is None else f"team {team.code}"
    echo(render_health_text(findings, cycle, scope=scope), nl=False)

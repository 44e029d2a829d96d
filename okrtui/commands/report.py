"""`okrtui report`: the cycle report as Markdown."""

from __future__ import annotations

import click

from okrtui.cli_support import Env, check_output, db_option, force_option, output_option, pass_env


@click.command()
@click.argument("cycle_slug", metavar="[CYCLE]", required=False)
@output_option
@force_option
@db_option
@pass_env
def report(env: Env, cycle_slug: str | None, output: str | None, force: bool) -> None:
    """The cycle report in Markdown: scores, misses, confidence, blockers, wins, reflections,
    milestones and meetings."""
    from okrtui.meeting.report import write_report

    check_output(output, force)
    store = env.open_store(create=False)
    cycle = store.resolve_cycle(cycle_slug)
    today = env.today(store)
    with env.output(output, force) as write:
        write_report(store, cycle, write, today=today)

"""`okrtui report`: the cycle report as Markdown."""

from __future__ import annotations

from pathlib import Path

import click

from okrtui.cli_support import CliError, Env, db_option, pass_env


@click.command()
@click.argument("cycle_slug", metavar="[CYCLE]", required=False)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to FILE instead of standard output.",
)
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@db_option
@pass_env
def report(env: Env, cycle_slug: str | None, output: Path | None, force: bool) -> None:
    """The cycle report in Markdown: scores, misses, confidence, blockers, wins, reflections,
    milestones and meetings."""
    from okrtui.meeting.report import render_report

    if output is not None and output.exists() and not force:
        raise CliError(f"{output}: already exists (use --force to overwrite it)")
    store = env.open_store(create=False)
    cycle = store.resolve_cycle(cycle_slug)
    env.write_output(render_report(store, cycle, today=env.today(store)), output, force)

"""The `okrtui` command line: the click group and its small commands.

Every command resolves the database and identity the same way (DESIGN.md), reports bad
input as one line on stderr with exit code 2, and imports Textual only when it opens
a screen, so the one-line commands stay fast. The console entry is `okrtui.cli.main`,
which imports this module only when the command is not the one-line check-in.
"""

from __future__ import annotations

from pathlib import Path

import click

from okrtui import __version__
from okrtui.cli_support import (
    Env,
    OkrGroup,
    check_output,
    db_option,
    echo,
    force_option,
    me_option,
    output_option,
    pass_env,
)
from okrtui.terminal import require_terminal

LAZY_COMMANDS = {
    "ack": "okrtui.commands.ack:ack",
    "agendas": "okrtui.commands.agendas:agendas",
    "backup": "okrtui.commands.backup:backup",
    "checkin": "okrtui.commands.checkin:checkin",
    "cycle": "okrtui.commands.cycle:cycle",
    "due": "okrtui.commands.due:due",
    "health": "okrtui.commands.health:health",
    "meeting": "okrtui.commands.meeting:meeting",
    "notes": "okrtui.commands.notes:notes",
    "okr": "okrtui.commands.okr:okr",
    "report": "okrtui.commands.report:report",
    "serve": "okrtui.commands.serve:serve",
    "ssh": "okrtui.commands.ssh:ssh",
    "vote": "okrtui.commands.vote:vote",
}


@click.group(cls=OkrGroup, invoke_without_command=True, lazy=LAZY_COMMANDS)
@click.version_option(__version__, prog_name="okrtui")
@click.option(
    "--db",
    "db",
    metavar="PATH",
    help="The database file (default: $OKRTUI_DB, else `db` in the settings file, "
    "else ~/.local/share/okrtui/okrtui.db; the demo's until you have one of your own).",
)
@click.option("--me", "me", metavar="HANDLE", help="Who you are (a person's handle).")
@click.pass_context
def cli(ctx: click.Context, db: str | None, me: str | None) -> None:
    """okrtui: run live OKR review meetings from a terminal.

    Without a command, opens the app (and offers to resume a meeting left running).
    """
    env = Env.from_context(ctx, db=db, me=me)
    ctx.obj = env
    if ctx.invoked_subcommand is None:
        require_terminal("the app")
        store = env.open_store(create=True)
        env.run_app(store)


@cli.command()
@db_option
@click.option("--no-open", is_flag=True, help="Write the demo file, print its path and exit.")
@click.option(
    "--force",
    is_flag=True,
    help="Replace a file that holds more than the demo wrote (a copy is kept beside it).",
)
@me_option
@pass_env
def demo(env: Env, no_open: bool, force: bool) -> None:
    """Write the demo organisation to a fresh file and open the app on it.

    A file that holds anything the demo did not write (check-ins, a meeting, your own
    OKRs) is never replaced without --force, and then a copy of it is kept beside it.
    """
    from okrtui.commands.demo import write_demo

    path = env.demo_db_path()
    require_terminal("okrtui demo (without --no-open)", unless=no_open)
    write_demo(path, env.clock, force=force)
    note = _demo_note(env, path)
    if no_open:
        click.echo(str(path))
        if note:
            echo(note, err=True)
        return
    env.db_flag = str(path)
    env.run_app(env.open_store(create=False))
    if note:
        echo(note, err=True)


def _demo_note(env: Env, path: Path) -> str:
    """What a newcomer needs to know after `okrtui demo`: which file the other commands use."""
    if env.db_flag is not None:
        return ""
    location = env.db_location()
    if location.source == "demo":
        return (
            f"okrtui: the demo is in {path}; until you create a database of your own "
            "(`okrtui init` or `okrtui import FILE`), every okrtui command uses it"
        )
    return (
        f"okrtui: the demo is in {path}; the other commands use {location.path} "
        f"({location.source}): add --db {path} to use the demo with them"
    )


def _own_default_note(env: Env, path: Path, created: bool) -> str:
    """Said once, when the user's own file first takes the demo's place as the default."""
    from okrtui.config import default_demo_path

    demo = default_demo_path(env.environ)
    if not created or env.db_location().source != "default" or not demo.is_file():
        return ""
    return (
        f"okrtui: from now on {path} is the default database; "
        f"the demo stays in {demo} (open it with --db {demo})"
    )


@cli.command()
@db_option
@pass_env
def init(env: Env) -> None:
    """Create an empty okrtui database (or check an existing one)."""
    path = env.own_db_path()
    existed = path.exists()
    env.open_store(create=True, own=True)
    echo(f"{path}: {'already an okrtui database' if existed else 'created'}")
    note = _own_default_note(env, path, created=not existed)
    if note:
        echo(note, err=True)


@cli.command(name="import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--cycle", "cycle_slug", metavar="CYCLE", help="For CSV: the cycle to add to.")
@db_option
@pass_env
def import_(env: Env, file: Path, cycle_slug: str | None) -> None:
    """Import an OKR set from TOML (a whole cycle) or CSV (objectives and KRs)."""
    from okrtui.commands.okrset import import_okr_file

    path = env.own_db_path()
    existed = path.exists()
    echo(import_okr_file(env, file, cycle_slug))
    note = _own_default_note(env, path, created=not existed and path.exists())
    if note:
        echo(note, err=True)


@cli.command()
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["toml", "csv", "json"]),
    default="toml",
    show_default=True,
    help="The output format.",
)
@output_option
@force_option
@click.option("--cycle", "cycle_slug", metavar="CYCLE", help="The cycle (default: current).")
@db_option
@pass_env
def export(env: Env, fmt: str, output: str | None, force: bool, cycle_slug: str | None) -> None:
    """Export the cycle's OKR set as TOML, CSV or JSON."""
    from okrtui.commands.okrset import export_text

    check_output(output, force)
    store = env.open_store(create=False)
    text = export_text(store, fmt, cycle_slug)
    env.write_output(text, output, force)


@cli.command()
@click.argument("cycle_slug", metavar="[CYCLE]", required=False)
@db_option
@pass_env
def timeline(env: Env, cycle_slug: str | None) -> None:
    """Print the cycle's milestones with dates, days from today and a today marker."""
    from okrtui.meeting.timeline_text import timeline_text

    store = env.open_store(create=False)
    cycle = store.resolve_cycle(cycle_slug)
    echo(timeline_text(store, cycle, env.today(store)), nl=False)

"""`okrtui serve`: the app in a web browser, through textual-serve (the `web` extra).

textual-serve starts one okrtui process per browser tab. It has no authentication: anyone
who can reach the port can use the app as the user who started the server, so it binds
to the loopback interface unless `--public` says otherwise.
"""

from __future__ import annotations

import ipaddress
import shlex
import sys

import click

from okrtui.cli_support import CliError, Env, db_option, me_option, pass_env
from okrtui.startup import resume_gc

INSTALL_HINT = (
    "okrtui serve needs the optional web extra: pip install 'okrtui[web]' "
    "(or pip install textual-serve)"
)
NO_AUTH_WARNING = (
    "okrtui serve has no authentication of its own: anyone who can open {url} can read "
    "and change {db}. Keep it on 127.0.0.1 and reach it through an SSH tunnel, or put it "
    "behind a proxy that asks who people are."
)


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def app_command(env: Env) -> str:
    """The command textual-serve runs for each browser tab."""
    args = [sys.executable, "-m", "okrtui", "--db", str(env.db_path())]
    if env.me_flag:
        args += ["--me", env.me_flag]
    return shlex.join(args)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to bind.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="The port to listen on.",
)
@click.option(
    "--public",
    is_flag=True,
    help="Allow an address other than loopback (there is no authentication).",
)
@db_option
@me_option
@pass_env
def serve(env: Env, host: str, port: int, public: bool) -> None:
    """Serve the app to a web browser (needs the `web` extra; no authentication)."""
    if not is_loopback(host) and not public:
        raise CliError(
            f"--host {host} is reachable from other machines and okrtui serve has no "
            "authentication; add --public if that is what you want"
        )
    try:
        from textual_serve.server import Server
    except ImportError:
        raise CliError(INSTALL_HINT) from None
    store = env.open_store(create=False)
    store.db.close()
    url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    click.echo(NO_AUTH_WARNING.format(url=url, db=env.db_path()), err=True)
    click.echo(f"serving okrtui on {url} (Ctrl+C to stop)", err=True)
    resume_gc()
    Server(app_command(env), host=host, port=port, title="okrtui").serve()

"""`okrtui serve`: the app in a web browser, through textual-serve (the `web` extra).

textual-serve starts one okrtui process per browser tab. It has no authentication: anyone
who can reach the port can use the app as the user who started the server, so it binds
to the loopback interface unless `--public` says otherwise.
"""

from __future__ import annotations

import ipaddress
import re
import shlex
import sys
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import click

from okrtui.cli_support import CliError, Env, db_option, echo, me_option, pass_env
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


_REMOTE_FONT_LINK = re.compile(r"<link\b[^>]*https?://[^>]*>\s*", re.IGNORECASE | re.DOTALL)
_LOCAL_FONTS = """
    <style>
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-VariableFont_wght.ttf");
        font-style: normal;
      }
      @font-face {
        font-family: "Roboto Mono";
        src: url("{{ config.static.url }}fonts/RobotoMono-Italic-VariableFont_wght.ttf");
        font-style: italic;
      }
    </style>
"""


def parse_public_url(text: str) -> str:
    """The address people open (a reverse proxy's), without a trailing slash."""
    parts = urlsplit(text.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CliError(f"--public-url: {text!r} is not an http:// or https:// address")
    if parts.query or parts.fragment:
        raise CliError(f"--public-url: {text!r} must not have a query or fragment")
    return text.strip().rstrip("/")


def local_page_templates(textual_serve_dir: Path, into: Path) -> Path:
    """textual-serve's page template with the fonts it fetches from Google served from
    its own static files instead, so the page loads nothing from any other host."""
    page = (textual_serve_dir / "templates" / "app_index.html").read_text(encoding="utf-8")
    page = _REMOTE_FONT_LINK.sub("", page)
    page = page.replace("</head>", _LOCAL_FONTS + "  </head>", 1)
    (into / "app_index.html").write_text(page, encoding="utf-8")
    return into


def make_server(env: Env, host: str, port: int, public_url: str | None, pages: Path) -> Any:
    """The textual-serve server: pages from `pages`, static files from textual-serve."""
    import textual_serve
    from textual_serve.server import Server

    package = Path(textual_serve.__file__).parent
    local_page_templates(package, pages)
    return Server(
        app_command(env),
        host=host,
        port=port,
        title="okrtui",
        public_url=public_url,
        statics_path=package / "static",
        templates_path=pages,
    )


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
@click.option(
    "--public-url",
    metavar="URL",
    help="The address people open, e.g. a reverse proxy's https://okr.example.com "
    "(default: http://HOST:PORT).",
)
@db_option
@me_option
@pass_env
def serve(env: Env, host: str, port: int, public: bool, public_url: str | None) -> None:
    """Serve the app to a web browser (needs the `web` extra; no authentication).

    The page loads nothing from any host but this server (or --public-url).
    """
    if not is_loopback(host) and not public:
        raise CliError(
            f"--host {host} is reachable from other machines and okrtui serve has no "
            "authentication; add --public if that is what you want"
        )
    proxy = parse_public_url(public_url) if public_url is not None else None
    try:
        import textual_serve.server  # noqa: F401
    except ImportError:
        raise CliError(INSTALL_HINT) from None
    env.open_store(create=False)
    env.close()
    url = f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"
    shown = proxy or url
    echo(NO_AUTH_WARNING.format(url=shown, db=env.db_path()), err=True)
    behind = f" for {proxy}" if proxy else ""
    echo(f"serving okrtui on {url}{behind} (Ctrl+C to stop)", err=True)
    resume_gc()
    with tempfile.TemporaryDirectory(prefix="okrtui-serve-") as pages:
        make_server(env, host, port, proxy, Path(pages)).serve()

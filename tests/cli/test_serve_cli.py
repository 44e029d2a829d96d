"""`okrtui serve`: loopback by default, a loud no-authentication warning, a clear install hint."""

from __future__ import annotations

import shlex
import sys
import types
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.clock import SystemClock
from okrtui.commands.serve import is_loopback
from okrtui.store import open_db


class FakeServer:
    made: ClassVar[list[FakeServer]] = []

    def __init__(
        self,
        command: str,
        host: str,
        port: int,
        title: str,
        public_url: str | None,
        statics_path: Path,
        templates_path: Path,
    ) -> None:
        self.command, self.host, self.port, self.title = command, host, port, title
        self.public_url = public_url
        self.page = (templates_path / "app_index.html").read_text()
        self.served = False
        FakeServer.made.append(self)

    def serve(self) -> None:
        self.served = True


@pytest.fixture
def fake_textual_serve(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> type[FakeServer]:
    FakeServer.made = []
    root = tmp_path / "textual_serve"
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "app_index.html").write_text(
        '<html><head>\n<link\n  rel="stylesheet"\n'
        '  href="https://fonts.googleapis.com/css?family=Roboto%20Mono"\n/>\n'
        "</head><body></body></html>"
    )
    package = types.ModuleType("textual_serve")
    package.__file__ = str(root / "__init__.py")
    server = types.ModuleType("textual_serve.server")
    server.Server = FakeServer  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "textual_serve", package)
    monkeypatch.setitem(sys.modules, "textual_serve.server", server)
    return FakeServer


@pytest.fixture
def database(tmp_path: Path) -> Path:
    path = tmp_path / "team.db"
    open_db(path).close()
    return path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_serves_on_loopback_and_warns_there_is_no_authentication(
    fake_textual_serve: type[FakeServer], database: Path
) -> None:
    code, _, err = run("serve", "--db", str(database), "--me", "ana")
    assert code == 0, err
    assert "no authentication" in err and "http://127.0.0.1:8000" in err
    [server] = fake_textual_serve.made
    assert (server.host, server.port, server.served) == ("127.0.0.1", 8000, True)
    assert shlex.split(server.command)[1:] == ["-m", "okrtui", "--db", str(database), "--me", "ana"]
    assert server.public_url is None
    assert "googleapis" not in server.page and "fonts/RobotoMono" in server.page


def test_public_url_is_what_the_page_names(
    fake_textual_serve: type[FakeServer], database: Path
) -> None:
    code, _, err = run(
        "serve", "--db", str(database), "--public-url", "https://okr.example.com/team/"
    )
    assert code == 0, err
    assert fake_textual_serve.made[0].public_url == "https://okr.example.com/team"
    assert "https://okr.example.com/team" in err


@pytest.mark.parametrize("url", ["okr.example.com", "ftp://x", "https://x/?a=1", ""])
def test_a_public_url_that_is_not_a_web_address_is_refused(
    fake_textual_serve: type[FakeServer], database: Path, url: str
) -> None:
    code, _, err = run("serve", "--db", str(database), "--public-url", url)
    assert code == 2 and err.startswith("okrtui: --public-url") and len(err.splitlines()) == 1
    assert fake_textual_serve.made == []


def test_the_real_page_loads_nothing_from_another_host(database: Path, tmp_path: Path) -> None:
    """The page textual-serve renders, through our template: every address in it is the
    public URL's (fonts included), and the fonts it names are served."""
    pytest.importorskip("textual_serve")
    import asyncio
    import re

    from aiohttp.test_utils import TestClient, TestServer

    from okrtui.cli_support import Env
    from okrtui.commands.serve import make_server
    from okrtui.config import Settings

    env = Env(Settings(), SystemClock(), db_flag=str(database))
    public = "https://okr.example.com/team"
    server = make_server(env, "127.0.0.1", 8000, public, tmp_path)

    async def fetch() -> tuple[str, int]:
        async with TestClient(TestServer(await server._make_app())) as client:
            page = await (await client.get("/")).text()
            font = await client.get("/static/fonts/RobotoMono-VariableFont_wght.ttf")
            return page, font.status

    page, font_status = asyncio.run(fetch())
    addresses = re.findall(r"(?:https?|wss?)://[^\s\"')]+", page)
    foreign = [
        a
        for a in addresses
        if not a.startswith(
            ("https://okr.example.com/team/", "wss://okr.example.com/team/", "http://www.w3.org/")
        )
    ]
    assert addresses and foreign == []
    assert f"{public}/static/fonts/RobotoMono-VariableFont_wght.ttf" in page
    assert font_status == 200


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.10", "team-box.example.org", "::"])
def test_a_reachable_address_needs_public(
    fake_textual_serve: type[FakeServer], database: Path, host: str
) -> None:
    code, _, err = run("serve", "--host", host, "--db", str(database))
    assert code == 2
    assert err.startswith("okrtui: ") and len(err.strip().splitlines()) == 1
    assert "--public" in err and "no authentication" in err
    assert fake_textual_serve.made == []


def test_public_allows_it_and_still_warns(
    fake_textual_serve: type[FakeServer], database: Path
) -> None:
    code, _, err = run(
        "serve", "--host", "0.0.0.0", "--port", "9000", "--public", "--db", str(database)
    )
    assert code == 0, err
    assert "no authentication" in err
    assert fake_textual_serve.made[0].port == 9000


def test_without_the_web_extra_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, database: Path
) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    code, _, err = run("serve", "--db", str(database))
    assert code == 2
    assert err.strip() == (
        "okrtui: okrtui serve needs the optional web extra: pip install 'okrtui[web]' "
        "(or pip install textual-serve)"
    )


def test_a_missing_database_is_refused_before_serving(
    fake_textual_serve: type[FakeServer], tmp_path: Path
) -> None:
    code, _, err = run("serve", "--db", str(tmp_path / "none.db"))
    assert code == 2 and "no such database" in err
    assert fake_textual_serve.made == []


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.8.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("[::1]", True),
        ("0.0.0.0", False),
        ("10.0.0.1", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback

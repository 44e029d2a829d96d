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
from okrtui.commands.serve import is_loopback
from okrtui.store import open_db


class FakeServer:
    made: ClassVar[list[FakeServer]] = []

    def __init__(self, command: str, host: str, port: int, title: str) -> None:
        self.command, self.host, self.port, self.title = command, host, port, title
        self.served = False
        FakeServer.made.append(self)

    def serve(self) -> None:
        self.served = True


@pytest.fixture
def fake_textual_serve(monkeypatch: pytest.MonkeyPatch) -> type[FakeServer]:
    FakeServer.made = []
    package = types.ModuleType("textual_serve")
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

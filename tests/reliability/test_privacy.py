"""Privacy and safety: private database files, no silent overwrites, no public server by
accident."""

from __future__ import annotations

import os
import stat
import sys
import types
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from okrtui.agenda import AgendaLibrary
from okrtui.cli import cli
from okrtui.clock import FixedClock
from okrtui.commands.demo import write_demo
from okrtui.meeting.session import MeetingSession
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store, open_db

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask() -> Iterator[None]:
    """The most permissive umask: privacy must not depend on the user's."""
    old = os.umask(0)
    yield
    os.umask(old)


@pytest.mark.usefixtures("open_umask")
def test_every_way_of_making_a_database_makes_it_private(tmp_path: Path) -> None:
    made = []
    code, _, err = run_cli("init", "--db", str(tmp_path / "init.db"))
    assert code == 0, err
    made.append(tmp_path / "init.db")
    code, _, err = run_cli("demo", "--no-open", "--db", str(tmp_path / "demo.db"))
    assert code == 0, err
    made.append(tmp_path / "demo.db")
    toml = tmp_path / "set.toml"
    code, _, err = run_cli("export", "--db", str(tmp_path / "demo.db"), "-o", str(toml))
    assert code == 0, err
    code, _, err = run_cli("import", str(toml), "--db", str(tmp_path / "imported.db"))
    assert code == 0, err
    made.append(tmp_path / "imported.db")
    db = open_db(tmp_path / "direct.db")
    db.execute("INSERT INTO settings VALUES ('k', 'v')")
    made.append(tmp_path / "direct.db")
    side_files = [Path(f"{tmp_path / 'direct.db'}{s}") for s in ("-wal", "-shm")]
    assert all(p.exists() for p in side_files)
    for path in [*made, *side_files]:
        assert mode(path) == 0o600, f"{path.name}: {oct(mode(path))}"
    db.close()


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    path = write_demo(tmp_path / "demo.db", FixedClock(NOW))
    store = Store(open_db(path), FixedClock(NOW))
    template = AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin")
    team = store.team_by_code("PLAT")
    MeetingSession.start(
        store,
        template,
        cycle=store.resolve_cycle(None),
        team_id=team.id,
        facilitator_id=store.person_by_handle("aisha").id,
    )
    store.db.close()
    return path


@pytest.mark.parametrize(
    "command",
    [
        ("export",),
        ("export", "--format", "csv"),
        ("export", "--format", "json"),
        ("notes",),
        ("report",),
    ],
    ids=["toml", "csv", "json", "notes", "report"],
)
def test_outputs_never_overwrite_without_force(
    command: tuple[str, ...], demo: Path, tmp_path: Path
) -> None:
    target = tmp_path / "existing.txt"
    target.write_text("precious\n", encoding="utf-8")
    code, out, err = run_cli(*command, "--db", str(demo), "-o", str(target))
    assert code == 2, err
    assert err.startswith("okrtui: ") and "--force" in err and "exists" in err
    assert target.read_text(encoding="utf-8") == "precious\n"
    assert out == ""
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []

    code, _, err = run_cli(*command, "--db", str(demo), "-o", str(target), "--force")
    assert code == 0, err
    assert target.read_text(encoding="utf-8") != "precious\n"


class FakeServer:
    made: ClassVar[list[FakeServer]] = []

    def __init__(self, command: str, host: str, port: int, **options: object) -> None:
        self.host = host
        FakeServer.made.append(self)

    def serve(self) -> None:
        pass


@pytest.fixture
def fake_textual_serve(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> type[FakeServer]:
    FakeServer.made = []
    root = tmp_path / "textual_serve"  # okrtui serve rewrites the page template it ships
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "app_index.html").write_text("<html><head></head></html>")
    package = types.ModuleType("textual_serve")
    package.__file__ = str(root / "__init__.py")
    server = types.ModuleType("textual_serve.server")
    server.Server = FakeServer  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "textual_serve", package)
    monkeypatch.setitem(sys.modules, "textual_serve.server", server)
    return FakeServer


@pytest.mark.parametrize(
    "host", ["0.0.0.0", "::", "192.168.1.20", "10.0.0.1", "example.com", "[::]", "127.0.0.1.nip.io"]
)
def test_serve_refuses_a_non_loopback_address_without_public(
    host: str, demo: Path, fake_textual_serve: type[FakeServer]
) -> None:
    code, _, err = run_cli("serve", "--host", host, "--db", str(demo))
    assert code == 2, err
    assert err.startswith("okrtui: ") and "--public" in err
    assert fake_textual_serve.made == []

    code, _, err = run_cli("serve", "--host", host, "--public", "--db", str(demo))
    assert code == 0, err
    assert [s.host for s in fake_textual_serve.made] == [host]


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "::1", "localhost"])
def test_serve_binds_to_loopback_without_a_flag(
    host: str, demo: Path, fake_textual_serve: type[FakeServer]
) -> None:
    code, _, err = run_cli("serve", "--host", host, "--db", str(demo))
    assert code == 0, err
    assert [s.host for s in fake_textual_serve.made] == [host]


def test_serve_defaults_to_loopback(demo: Path, fake_textual_serve: type[FakeServer]) -> None:
    code, _, err = run_cli("serve", "--db", str(demo))
    assert code == 0, err
    assert [s.host for s in fake_textual_serve.made] == ["127.0.0.1"]

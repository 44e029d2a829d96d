"""Hostile files, second round: TOML nested 900 levels deep, a 5,000-level team tree, and
a FIFO or a directory where an agenda template should be.

Each is a clear message (exit 2 and one `okrtui:` line on the command line), nothing
written, and the other agenda templates still usable.
"""

from __future__ import annotations

import os
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from okrtui import tomlsafe
from okrtui.agenda import AgendaLibrary, load_template
from okrtui.agenda.errors import AgendaError
from okrtui.cli import cli
from okrtui.clock import FixedClock
from okrtui.io.okrset import OKRSetError
from okrtui.io.toml_io import parse_toml
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store, open_db

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)

AGENDA = """\
slug = "retro"
title = "Team retro"
kind = "custom"
minutes = 10

[[steps]]
kind = "notes"
title = "Notes"
minutes = 10
"""


def run_cli(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), env=env)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def assert_bad_input(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    assert err.startswith("okrtui: "), err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err, err


# -- deeply nested TOML ---------------------------------------------------------------

DEEP = 900


def deep_documents(levels: int = DEEP) -> dict[str, str]:
    """The shapes of nesting TOML has: arrays, inline tables, dotted keys, table headers."""
    dotted = ".".join(["a"] * levels)
    return {
        "arrays": "x = " + "[" * levels + "]" * levels + "\n",
        "inline tables": "x = " + "{a = " * levels + "1" + "}" * levels + "\n",
        "dotted keys": f"{dotted} = 1\n",
        "table header": f"[{dotted}]\nb = 1\n",
    }


@pytest.mark.parametrize("shape", sorted(deep_documents()))
def test_deep_toml_is_a_decode_error_not_a_recursion_error(shape: str) -> None:
    with pytest.raises(tomllib.TOMLDecodeError, match="nested more than"):
        tomlsafe.loads(deep_documents()[shape])


@settings(max_examples=40, deadline=None)
@given(levels=st.integers(min_value=0, max_value=5000), inline=st.booleans())
def test_toml_nesting_is_bounded_at_any_depth(levels: int, inline: bool) -> None:
    text = (
        "x = " + ("{a = " * levels + "1" + "}" * levels if inline else "[" * levels + "]" * levels)
        if levels
        else "x = 1"
    )
    try:
        data = tomlsafe.loads(text)
    except tomllib.TOMLDecodeError:
        assert levels + 1 > tomlsafe.MAX_DEPTH
    else:
        assert tomlsafe.depth(data) <= tomlsafe.MAX_DEPTH


def test_deep_toml_import_is_refused_on_the_command_line(tmp_path: Path) -> None:
    for shape, text in deep_documents().items():
        path = tmp_path / f"{shape.replace(' ', '-')}.toml"
        path.write_text(f"format = 1\n{text}")
        db = tmp_path / "okr.db"
        code, _, err = run_cli("import", str(path), "--db", str(db))
        assert_bad_input(code, err, path.name, "nested more than")
        assert not db.exists() or _cycles(db) == 0


def _cycles(db: Path) -> int:
    store = Store(open_db(db, create=False))
    try:
        return len(store.cycles())
    finally:
        store.db.close()


@pytest.fixture
def agendas_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "agendas"
    directory.mkdir()
    (directory / "retro.toml").write_text(AGENDA)
    (directory / "deep.toml").write_text(deep_documents()["arrays"])
    return directory


def test_one_deep_agenda_file_is_reported_by_name_and_skipped(agendas_dir: Path) -> None:
    library = AgendaLibrary(agendas_dir, builtin_agendas_dir())
    slugs = [entry.slug for entry in library.list()]
    assert "retro" in slugs and "weekly-checkin" in slugs
    [problem] = library.problems()
    assert problem.path == agendas_dir / "deep.toml"
    assert "nested more than" in problem.message


def test_agendas_list_reports_a_deep_file_and_lists_the_rest(agendas_dir: Path) -> None:
    code, out, err = run_cli("agendas", "list", env={"OKRTUI_AGENDAS": str(agendas_dir)})
    assert code == 0, err
    assert "retro" in out and "weekly-checkin" in out
    assert "deep.toml" in out + err and "nested more than" in out + err
    assert "Traceback" not in out + err


# -- not a regular file in the agendas folder ---------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_named_like_a_template_is_skipped_without_being_opened(
    agendas_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (agendas_dir / "deep.toml").unlink()
    os.mkfifo(agendas_dir / "x.toml")
    (agendas_dir / "folder.toml").mkdir()
    opened: list[str] = []
    real_open = os.open

    def watching_open(path: object, *args: object, **kwargs: object) -> int:
        opened.append(str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", watching_open)
    library = AgendaLibrary(agendas_dir, builtin_agendas_dir())
    assert "retro" in [entry.slug for entry in library.list()]
    problems = {p.path.name: p.message for p in library.problems()}
    assert "not a regular file" in problems["x.toml"]
    assert "directory" in problems["folder.toml"]
    assert str(agendas_dir / "x.toml") not in opened


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_agendas_list_does_not_hang_on_a_fifo(agendas_dir: Path) -> None:
    os.mkfifo(agendas_dir / "x.toml")
    code, out, err = run_cli("agendas", "list", env={"OKRTUI_AGENDAS": str(agendas_dir)})
    assert code == 0, err
    assert "retro" in out and "x.toml" in out + err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_loading_a_fifo_by_name_is_refused_at_once(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "x.toml")
    with pytest.raises(AgendaError, match="not a regular file"):
        load_template(tmp_path / "x.toml")


def test_an_oversized_template_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    path.write_text(AGENDA + "# " + "x" * (2 * 1024 * 1024) + "\n")
    with pytest.raises(AgendaError, match="at most"):
        load_template(path)


# -- a 5,000-level team tree ------------------------------------------------------------


def team_chain(levels: int) -> str:
    lines = ['format = 1\ntimezone = "UTC"\n']
    lines.append('[cycle]\nslug = "q"\nname = "Q"\nstart = 2026-10-05\nend = 2026-12-31\n')
    for i in reversed(range(levels)):  # children first: the importer must order them
        parent = f'parent = "T{i - 1}"\n' if i else ""
        lines.append(f'[[teams]]\ncode = "T{i}"\nname = "Team {i}"\n{parent}')
    return "\n".join(lines)


def test_a_5000_level_team_tree_imports(tmp_path: Path) -> None:
    okrset = parse_toml(team_chain(5000), "chain.toml")
    store = Store(open_db(tmp_path / "okr.db"), FixedClock(NOW))
    from okrtui.io.importer import import_okrset

    summary = import_okrset(store, okrset)
    assert summary.teams_added == 5000
    deepest = store.team_by_code("T4999")
    assert deepest.parent_id == store.team_by_code("T4998").id


def test_a_5000_level_team_loop_is_refused_by_name() -> None:
    head = 'code = "T0"\nname = "Team 0"\n'
    text = team_chain(5000).replace(head, head + 'parent = "T4999"\n')
    with pytest.raises(OKRSetError, match="the team tree loops"):
        parse_toml(text, "loop.toml")

"""Search order: the user's directory first, built-ins after; broken files are reported."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from okrtui.agenda import AgendaError, AgendaLibrary, default_agendas_dir


def template(slug: str, title: str = "T", kind: str = "custom", minutes: int = 10) -> str:
    return (
        f'slug = "{slug}"\ntitle = "{title}"\nkind = "{kind}"\nminutes = {minutes}\n'
        f'\n[[steps]]\nkind = "notes"\ntitle = "Notes"\nminutes = {minutes}\n'
    )


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    user, builtin = tmp_path / "user", tmp_path / "builtin"
    user.mkdir()
    builtin.mkdir()
    (builtin / "weekly-checkin.toml").write_text(
        template("weekly-checkin", "Built-in weekly", "weekly")
    )
    (builtin / "town-hall.toml").write_text(template("town-hall", "Town hall", "town-hall"))
    return user, builtin


def test_builtins_are_listed_by_kind_then_slug(dirs: tuple[Path, Path]) -> None:
    user, builtin = dirs
    (user / "zeta.toml").write_text(template("alpha-custom"))
    entries = AgendaLibrary(user, builtin).list()
    assert [e.slug for e in entries] == ["weekly-checkin", "town-hall", "alpha-custom"]
    assert [e.source for e in entries] == ["built-in", "built-in", "user"]
    assert entries[2].path == user / "zeta.toml"


def test_a_user_template_shadows_the_builtin_with_the_same_slug(dirs: tuple[Path, Path]) -> None:
    user, builtin = dirs
    (user / "mine.toml").write_text(template("weekly-checkin", "Our weekly", "weekly", 45))
    library = AgendaLibrary(user, builtin)
    entry = library.entry("weekly-checkin")
    assert entry.source == "user"
    assert entry.shadows == builtin / "weekly-checkin.toml"
    assert library.get("weekly-checkin").title == "Our weekly"
    assert [e.slug for e in library.list()].count("weekly-checkin") == 1


def test_a_broken_user_file_is_a_problem_not_a_crash(dirs: tuple[Path, Path]) -> None:
    user, builtin = dirs
    (user / "broken.toml").write_text("slug = \n")
    (user / "good.toml").write_text(template("good"))
    library = AgendaLibrary(user, builtin)
    assert "good" in [e.slug for e in library.list()]
    [problem] = library.problems()
    assert problem.path == user / "broken.toml"
    assert problem.source == "user"
    assert problem.message.startswith(f"{user / 'broken.toml'}: line 1")


def test_two_user_files_with_one_slug_keep_the_first(dirs: tuple[Path, Path]) -> None:
    user, builtin = dirs
    (user / "a.toml").write_text(template("same", "First"))
    (user / "b.toml").write_text(template("same", "Second"))
    library = AgendaLibrary(user, builtin)
    assert library.get("same").title == "First"
    [problem] = library.problems()
    assert "slug 'same' is already used by a.toml" in problem.message


def test_get_an_unknown_slug_lists_the_known_ones(dirs: tuple[Path, Path]) -> None:
    user, builtin = dirs
    with pytest.raises(AgendaError) as info:
        AgendaLibrary(user, builtin).get("weekly")
    assert str(info.value) == "no agenda called 'weekly'; known: weekly-checkin, town-hall"


def test_get_a_slug_whose_file_is_broken_says_so(dirs: tuple[Path, Path]) -> None:
    user, builtin = dirs
    (user / "retro.toml").write_text(template("retro").replace("minutes = 10\n", "", 1))
    with pytest.raises(AgendaError, match=r"no agenda called 'retro'.*retro\.toml: minutes"):
        AgendaLibrary(user, builtin).get("retro")


def test_missing_or_absent_user_dir_means_builtins_only(dirs: tuple[Path, Path]) -> None:
    _, builtin = dirs
    for user_dir in (None, builtin.parent / "nowhere"):
        library = AgendaLibrary(user_dir, builtin)
        assert len(library.list()) == 2
        assert library.problems() == []


def test_a_user_dir_that_is_a_file_is_a_problem(dirs: tuple[Path, Path]) -> None:
    _, builtin = dirs
    not_a_dir = builtin.parent / "file"
    not_a_dir.write_text("")
    [problem] = AgendaLibrary(not_a_dir, builtin).problems()
    assert problem.message == f"{not_a_dir}: not a directory"


def test_edits_are_seen_without_a_new_library(dirs: tuple[Path, Path]) -> None:
    user, builtin = dirs
    library = AgendaLibrary(user, builtin)
    (user / "late.toml").write_text(template("late"))
    assert library.get("late").slug == "late"


def test_default_agendas_dir_resolution(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert default_agendas_dir({}, home) == home / ".config/okrtui/agendas"
    assert default_agendas_dir({"XDG_CONFIG_HOME": "/cfg"}, home) == Path("/cfg/okrtui/agendas")
    assert default_agendas_dir({"XDG_CONFIG_HOME": "rel"}, home) == home / ".config/okrtui/agendas"
    env = {"OKRTUI_AGENDAS": "/mine", "XDG_CONFIG_HOME": "/cfg"}
    assert default_agendas_dir(env, home) == Path("/mine")


def test_the_agenda_package_and_command_never_import_textual() -> None:
    code = "import sys, okrtui.agenda, okrtui.commands.agendas; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

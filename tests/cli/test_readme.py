"""The README, as a newcomer follows it: every example runs as written, in order, in a
fresh home directory; and its command list is the one `--help` gives."""

from __future__ import annotations

import re
import shlex
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

from okrtui.cli import cli
from okrtui.cli_support import Env
from okrtui.config import default_demo_path, own_default_db
from okrtui.store import Store, open_db

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_examples(text: str) -> list[list[str]]:
    """The words of every example, in order: each `okrtui …` or `ssh …` command in a
    ```sh block (commands joined with && are separate), and each `okrtui …` in a table."""
    examples: list[list[str]] = []
    in_block = in_sh = False
    for line in text.splitlines():
        if line.startswith("```"):
            in_block, in_sh = (not in_block), (not in_block and line.strip() == "```sh")
            continue
        if in_sh:
            for segment in line.split("&&"):
                words = shlex.split(segment, comments=True)
                if words and (Path(words[0]).name == "okrtui" or words[0] == "ssh"):
                    examples.append(["okrtui", *words[1:]] if words[0] != "ssh" else words)
        elif not in_block and line.startswith("|"):
            examples += [shlex.split(s) for s in re.findall(r"`(okrtui(?: [^`]*)?)`", line)]
    return examples


@dataclass
class Screens:
    """What the examples opened instead of a real screen."""

    apps: list[tuple[Path, int | None]] = field(default_factory=list)
    checkins: list[tuple[Path, int]] = field(default_factory=list)
    served: list[str | None] = field(default_factory=list)


@pytest.fixture
def screens(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Screens:
    seen = Screens()

    def run_app(env: Env, store: Store, meeting_id: int | None = None) -> None:
        seen.apps.append((env.db_path(), meeting_id))

    def run_checkin(env: Env, store: Store, me_id: int) -> None:
        seen.checkins.append(
            (Path(store.db.conn.execute("PRAGMA database_list").fetchone()[2]), me_id)
        )

    class Server:
        def __init__(self, command: str, **options: Any) -> None:
            self.public_url = options["public_url"]

        def serve(self) -> None:
            seen.served.append(self.public_url)

    monkeypatch.setattr(Env, "run_app", run_app)
    monkeypatch.setattr("okrtui.tui.checkin_app.run_checkin", run_checkin)
    root = tmp_path / "textual_serve"
    (root / "templates").mkdir(parents=True)
    (root / "templates" / "app_index.html").write_text("<html><head></head></html>")
    package = types.ModuleType("textual_serve")
    package.__file__ = str(root / "__init__.py")
    server = types.ModuleType("textual_serve.server")
    server.Server = Server  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "textual_serve", package)
    monkeypatch.setitem(sys.modules, "textual_serve.server", server)
    return seen


def _open_a_vote_if_none(demo: Path) -> None:
    """What the facilitator does in the app before people vote: open a blind vote."""
    from okrtui.meeting.vote import open_vote

    store = Store(open_db(demo, create=False))
    try:
        meeting = store.latest_meeting()
        assert meeting is not None, "the README runs a meeting before anyone votes"
        kr = store.kr_by_ref("PLAT-1.1")
        open_vote(store, meeting.id, kr.id)
    finally:
        store.db.close()


def test_the_readme_examples_run_in_order_in_a_fresh_home(
    screens: Screens, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    examples = readme_examples(README.read_text(encoding="utf-8"))
    assert examples[0] == ["okrtui", "demo"]
    assert ["okrtui", "checkin", "PLAT-1.1", "-c", "6", "-v", "420"] in examples
    demo, own = default_demo_path(), own_default_db()
    workdir = tmp_path / "work"
    workdir.mkdir()
    monkeypatch.chdir(workdir)
    voted = False
    for words in examples:
        environ: dict[str, str | None] = {"SSH_ORIGINAL_COMMAND": None}
        if words[0] == "ssh":
            host = next(i for i, w in enumerate(words) if "@" in w)
            remote = " ".join(words[host + 1 :])  # ssh joins the words with spaces
            environ["SSH_ORIGINAL_COMMAND"] = remote or None
            args = ["ssh", "--me", "aisha"]
        else:
            args = words[1:]
        if "vote" in words and not voted:
            _open_a_vote_if_none(demo)
            voted = True
        result = CliRunner().invoke(cli, args, env=environ)
        assert result.exit_code == 0, f"{shlex.join(words)}: {result.stderr}{result.exception!r}"
        assert "Traceback" not in result.stderr

    # The demo served every everyday command until `okrtui init` made a file of one's own.
    assert demo.is_file() and own.is_file()
    assert screens.apps[0] == (demo, None)  # okrtui demo opened the app on it
    assert any(meeting is not None for _, meeting in screens.apps)  # meeting start
    assert screens.checkins and all(path == demo for path, _ in screens.checkins)
    assert screens.served == [None, None, "https://okr.example.com"]
    store = Store(open_db(demo, create=False))
    kr = store.kr_by_ref("PLAT-1.1")
    history = store.checkin_history(store.kr_cycle_id(kr.id))[kr.id]
    aisha = {p.handle: p.id for p in store.person_rows()}["aisha"]
    assert [(c.confidence, c.author_id) for c in history[-2:]] == [(6, aisha), (7, aisha)]
    assert history[-2].value == 420.0 and history[-1].note == "index landed"
    store.db.close()
    assert (workdir / "notes.md").read_text().startswith("# ")
    assert (workdir / "Q4.md").read_text().startswith("# Cycle report")
    assert (workdir / "northwind-copy.db").is_file()
    # After `okrtui init` + import, plain commands read one's own file.
    mine = Store(open_db(own, create=False))
    assert mine.current_cycle() is not None
    mine.db.close()


def test_init_says_once_that_ones_own_file_is_now_the_default(screens: Screens) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["demo", "--no-open"]).exit_code == 0
    timeline = runner.invoke(cli, ["timeline"])
    assert timeline.exit_code == 0 and "week" in timeline.stdout
    first = runner.invoke(cli, ["init"])
    assert first.exit_code == 0
    assert f"from now on {own_default_db()} is the default database" in first.stderr
    assert str(default_demo_path()) in first.stderr
    again = runner.invoke(cli, ["init"])
    assert again.exit_code == 0 and again.stderr == ""
    empty = runner.invoke(cli, ["timeline"])  # one's own, still empty, file
    assert empty.exit_code == 2 and "no cycle yet" in empty.stderr


def test_import_of_ones_own_makes_it_the_default(screens: Screens, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["demo", "--no-open"]).exit_code == 0
    exported = tmp_path / "okrs.toml"
    assert runner.invoke(cli, ["export", "-o", str(exported)]).exit_code == 0
    result = runner.invoke(cli, ["import", str(exported)])
    assert result.exit_code == 0, result.stderr
    assert "is the default database" in result.stderr
    assert own_default_db().is_file()


# -- the README's command list and --help -------------------------------------------

_GLOBAL = {"--help", "--db"}  # every command takes these; the README says so once


Options = list[frozenset[str]]
"""Each option of a command as the set of its names (`-c`, `--confidence`)."""


def _commands(group: click.Group, ctx: click.Context, path: tuple[str, ...]) -> dict[str, Options]:
    found: dict[str, Options] = {}
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        sub = click.Context(command, info_name=name, parent=ctx)
        if isinstance(command, click.Group):
            found |= _commands(command, sub, (*path, name))
        else:
            found[" ".join((*path, name))] = _options(command)
    return found


def _options(command: click.Command) -> Options:
    found: Options = []
    for param in command.params:
        if isinstance(param, click.Option):
            names = frozenset(param.opts) | frozenset(param.secondary_opts)
            if not names & _GLOBAL:
                found.append(names)
    return found


def _readme_commands(text: str, known: set[str]) -> dict[str, set[str]]:
    block = text.split("## Commands", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    listed: dict[str, set[str]] = {}
    current = ""
    for line in block.splitlines():
        if line.startswith("okrtui"):
            words = line.split()[1:]
            current = ""
            for n in range(len(words), 0, -1):
                if " ".join(words[:n]) in known:
                    current = " ".join(words[:n])
                    break
        elif not line.startswith(" "):
            continue
        body = line.split("  ", 1)[0] if line.startswith("okrtui") else line.strip()
        body = re.sub(r"\s{2,}.*$", "", body) if line.startswith(" ") else body
        listed.setdefault(current, set()).update(
            n for n in re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", body) if n not in _GLOBAL
        )
    return listed


def test_the_readme_lists_every_command_and_option_that_help_does() -> None:
    ctx = click.Context(cli, info_name="okrtui")
    commands = _commands(cli, ctx, ())
    commands[""] = _options(cli)
    listed = _readme_commands(README.read_text(encoding="utf-8"), set(commands))
    assert sorted(listed) == sorted(commands)
    for name, options in commands.items():
        shown = listed[name]
        missing = [sorted(o) for o in options if not o & shown]
        unknown = shown - frozenset().union(*options)
        assert (missing, unknown) == ([], set()), f"okrtui {name}"


def test_the_help_lists_every_command_the_readme_does() -> None:
    result = CliRunner().invoke(cli, ["--help"])
    top = {
        line.split()[0] for line in result.stdout.split("Commands:")[1].splitlines() if line.strip()
    }
    ctx = click.Context(cli, info_name="okrtui")
    assert top == set(cli.list_commands(ctx))
    listed = _readme_commands(README.read_text(encoding="utf-8"), set(_commands(cli, ctx, ())))
    assert {name.split()[0] for name in listed if name} == top


def test_a_demo_after_ones_own_file_says_which_file_the_commands_use(screens: Screens) -> None:
    runner = CliRunner()
    assert runner.invoke(cli, ["init"]).exit_code == 0
    result = runner.invoke(cli, ["demo", "--no-open"])
    assert result.exit_code == 0
    demo = default_demo_path()
    assert result.stderr == (
        f"okrtui: the demo is in {demo}; the other commands use {own_default_db()} "
        f"(default): add --db {demo} to use the demo with them\n"
    )

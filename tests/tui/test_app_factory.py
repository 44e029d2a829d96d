"""`make_app` is the one place an app is assembled, for the command line and the tests
alike: no other code in okrtui/, tests/ or bench/ builds `OkrApp` or `CheckinApp` itself,
or a subclass of them. The walk reads every file on disk, so a new one is covered."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.errors import UserError
from okrtui.store import Store
from okrtui.tui.app import OkrApp, make_app
from okrtui.tui.checkin_app import CheckinApp

ROOT = Path(__file__).resolve().parents[2]
APPS = {"OkrApp", "CheckinApp"}
FACTORY = ("okrtui/tui/app.py", "make_app")


def _name(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def app_constructions(tree: ast.AST, where: str) -> list[str]:
    """`OkrApp(…)`, `CheckinApp(…)` and classes built on them, outside `make_app`."""
    found: list[str] = []

    def visit(node: ast.AST, function: str | None) -> None:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            function = node.name
        if isinstance(node, ast.ClassDef):
            found.extend(
                f"{where}:{node.lineno} class {node.name}({name})"
                for name in map(_name, node.bases)
                if name in APPS
            )
        outside = (where, function) != FACTORY
        if isinstance(node, ast.Call) and _name(node.func) in APPS and outside:
            found.append(f"{where}:{node.lineno} {_name(node.func)}(…)")
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(tree, None)
    return found


def python_files() -> list[Path]:
    return sorted(
        p for folder in ("okrtui", "tests", "bench") for p in (ROOT / folder).rglob("*.py")
    )


def test_the_walk_sees_the_factory_and_would_see_a_stray_app() -> None:
    factory = ROOT / FACTORY[0]
    assert factory in python_files()
    stray = "def f(s, c, t):\n    return CheckinApp(s, t)\nclass Mine(okrtui.tui.app.OkrApp): ...\n"
    assert app_constructions(ast.parse(stray), "x.py") == [
        "x.py:2 CheckinApp(…)",
        "x.py:3 class Mine(OkrApp)",
    ]
    inside = "def make_app():\n    return OkrApp()\n"
    assert app_constructions(ast.parse(inside), FACTORY[0]) == []


def test_only_make_app_assembles_an_app() -> None:
    found = [
        hit
        for path in python_files()
        for hit in app_constructions(
            ast.parse(path.read_text(encoding="utf-8")), path.relative_to(ROOT).as_posix()
        )
    ]
    assert found == []


def test_make_app_builds_either_app(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    settings = Settings(theme="textual-dark")
    main = make_app(store, clock, settings, me_id=small_org["ana"], live_refresh=False)
    assert type(main) is OkrApp and main.me_id == small_org["ana"]
    checkin = make_app(
        store, clock, settings, me_id=small_org["ana"], checkin=True, live_refresh=False
    )
    assert type(checkin) is CheckinApp
    assert [line.kr.ref for line in checkin.session.lines] == ["ENG-1.1", "ENG-2.2"]
    assert checkin.session.me.handle == "ana"


def test_the_checkin_screen_of_someone_without_krs_is_refused_before_it_is_built(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    ben = small_org["ben"]
    store.db.execute(
        "UPDATE key_results SET owner_id = ? WHERE owner_id = ?", [small_org["ana"], ben]
    )
    with pytest.raises(UserError, match="ben owns no key results"):
        make_app(store, clock, Settings(), me_id=ben, checkin=True)

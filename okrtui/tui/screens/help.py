"""Help: what the screen underneath is for, and every key that works there."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static


@dataclass(frozen=True, slots=True)
class KeyHelp:
    keys: str
    description: str
    everywhere: bool


def key_help(screen: Screen[Any], app: App[Any]) -> list[KeyHelp]:
    """The bindings active on `screen` (focused widget, screen, app), one line per action,
    keys of the same action joined (`down / j`)."""
    grouped: dict[tuple[str, str], tuple[list[str], bool]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or not active.enabled:
            continue
        display = app.get_key_display(Binding(key, binding.action))
        entry = grouped.setdefault((binding.action, binding.description), ([], active.node is app))
        if display not in entry[0]:
            entry[0].append(display)
    return [
        KeyHelp(" / ".join(keys), description, everywhere)
        for (_, description), (keys, everywhere) in grouped.items()
    ]


def help_content(title: str, purpose: str, keys: list[KeyHelp]) -> Content:
    lines: list[Content] = [Content.styled(title, "bold $text-accent")]
    if purpose:
        lines += [Content(purpose), Content("")]
    for heading, everywhere in (("Keys on this screen", False), ("Everywhere", True)):
        group = [k for k in keys if k.everywhere is everywhere]
        if not group:
            continue
        lines.append(Content.styled(heading, "bold"))
        width = max(len(k.keys) for k in group) + 2
        lines += [
            Content.assemble(("  " + k.keys.ljust(width), "bold $text-warning"), k.description)
            for k in group
        ]
        lines.append(Content(""))
    lines.append(
        Content.styled(
            "Ctrl+P opens the command palette: jump to any KR, objective, person, team or "
            "screen, start a meeting, write a meeting's notes.",
            "$text-muted",
        )
    )
    return Content("\n").join(lines)


class HelpScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,f1,q", "app.pop_screen", "Close help", id="help.close"),
    ]

    def __init__(self, title: str, purpose: str, keys: list[KeyHelp]) -> None:
        super().__init__(id="help")
        self.help_title = title
        self.purpose = purpose
        self.keys = keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(help_content(self.help_title, self.purpose, self.keys), markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

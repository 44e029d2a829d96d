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

from okrtui.tui.text import plain


@dataclass(frozen=True, slots=True)
class KeyHelp:
    keys: str
    description: str
    everywhere: bool


SKIPPED = {
    "scroll_left",
    "scroll_right",
    "page_left",
    "page_right",
    "copy_text",
    "focus_next",
    "focus_previous",
}
"""Generic scrolling, focus and copy keys every Textual app has; they only crowd the list."""


def key_help(screen: Screen[Any], app: App[Any]) -> list[KeyHelp]:
    """The bindings active on `screen`, the screen's own first, then the focused widget's,
    then the app's ("everywhere"); keys of the same action joined (`down / j`)."""
    grouped: dict[tuple[str, str], tuple[list[str], int]] = {}
    for key, active in screen.active_bindings.items():
        binding = active.binding
        action = binding.action.rpartition(".")[2]
        if not binding.description or not active.enabled or action in SKIPPED:
            continue
        rank = 0 if active.node is screen else 2 if active.node is app else 1
        display = app.get_key_display(Binding(key, binding.action))
        description = binding.tooltip or binding.description
        entry = grouped.setdefault((binding.action, description), ([], rank))
        if display not in entry[0]:
            entry[0].append(display)
    ordered = sorted(grouped.items(), key=lambda item: item[1][1])
    return [
        KeyHelp(" / ".join(keys), description, rank == 2)
        for (_, description), (keys, rank) in ordered
    ]


def help_content(title: str, purpose: str, keys: list[KeyHelp]) -> Content:
    lines: list[Content] = [plain(title).stylize("bold $text-accent")]
    if purpose:
        lines += [plain(purpose), Content("")]
    for heading, everywhere in (("Keys on this screen", False), ("Everywhere", True)):
        group = [k for k in keys if k.everywhere is everywhere]
        if not group:
            continue
        lines.append(Content.styled(heading, "bold"))
        width = max(len(k.keys) for k in group) + 2
        lines += [
            Content.assemble(
                ("  " + k.keys.ljust(width), "bold $text-warning"), plain(k.description)
            )
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

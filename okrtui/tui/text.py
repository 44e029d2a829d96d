"""User text for widgets: never markup, never escape sequences or control characters."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from okrtui.text import clean_line, clean_text


def plain(text: str) -> Content:
    """One line of user text, shown exactly as typed."""
    return Content(clean_line(text))


def plain_block(text: str) -> Content:
    """User text that may span lines (notes), shown exactly as typed."""
    return Content(clean_text(text))


def plain_rich(text: str, style: str = "") -> Text:
    """One line of user text as a rich `Text`, for widgets that take one."""
    return Text(clean_line(text), style=style)

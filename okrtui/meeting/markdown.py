"""Escaping user text for Markdown that is pasted into GitHub, GitLab or a wiki.

User text must read as the words typed and nothing more: no HTML, no links, no emphasis,
no headings or list items sneaking in at the start of a line, no table cells broken by `|`,
no terminal escape sequences, no bidi overrides that make text display differently from
what it says, no @-mentions that ping people when pasted into GitHub, GitLab or Slack
(`@everyone`, `@channel`, `@here`, `@someone` get a zero-width joiner after the `@`: they
read the same, and notify nobody). Bare URLs are left alone: a renderer may link them, but
the link shows its own target.
"""

from __future__ import annotations

import re

from okrtui.text import clean_line, clean_text

_INLINE = "\\`*_[]~|$"
_ESCAPES = str.maketrans({**{ch: "\\" + ch for ch in _INLINE}, "<": "&lt;", ">": "&gt;"})
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LINE_START_NUMBER = re.compile(r"^(\d+)([.)])")
_MENTION = re.compile(r"(?<![A-Za-z0-9])@(?=\w)")
_WORD = r"[^\s\\`*_\[\]~|$<>&@]+"
_PLAIN_CELL = re.compile(rf"(?![#+\-=!]|\d+[.)])(?:{_WORD}(?: {_WORD})*)?")
"""A line `md_cell` leaves as it is (when printable): single spaces inside, no character
`_escape_line` escapes (`_INLINE`, `<`, `>`, `&`, `@`), no start it escapes."""
_NUMBERED_CELL = re.compile(rf"(\d+)([.)])((?:{_WORD}(?: {_WORD})*)?)")
"""A plain line but for its start, `12.` or `3)`, which `_escape_line` escapes."""
ZWJ = "\u200d"
"""Put after an `@` that starts a word: the mention reads the same and pings nobody."""


def md_text(text: str) -> str:
    """User text as literal Markdown. Line breaks are kept (one escaped line per line)."""
    return "\n".join(_escape_line(line) for line in clean_text(text).split("\n"))


def md_cell(text: str) -> str:
    """User text for one GFM table cell: one line, with `|` escaped."""
    if text.isprintable():  # most cells: nothing to clean, little or nothing to escape
        if _PLAIN_CELL.fullmatch(text):
            return text
        numbered = _NUMBERED_CELL.fullmatch(text)
        if numbered:  # `527.6 against 600`: only the start, as a list item's, is escaped
            return "{}\\{}{}".format(*numbered.groups())
    return _escape_line(clean_line(text))


def md_block(text: str) -> str:
    """Multi-line user text as Markdown paragraphs: single line breaks are kept as hard
    breaks, blank lines separate paragraphs."""
    paragraphs: list[list[str]] = [[]]
    for line in clean_text(text).split("\n"):
        if line.strip():
            paragraphs[-1].append(_escape_line(line))
        elif paragraphs[-1]:
            paragraphs.append([])
    return "\n\n".join("\\\n".join(lines) for lines in paragraphs if lines)


def no_mentions(text: str) -> str:
    """`text` with every @-mention broken by a zero-width joiner (`ana@example.com` is left
    alone: its `@` does not start a word)."""
    return _MENTION.sub("@" + ZWJ, text) if "@" in text else text


def _escape_line(line: str) -> str:
    escaped = no_mentions(_ENTITY.sub("&amp;", line.strip()).translate(_ESCAPES))
    if escaped[:1] in ("#", "+", "-", "=", "!"):
        return "\\" + escaped
    return _LINE_START_NUMBER.sub(r"\1\\\2", escaped)

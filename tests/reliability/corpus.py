"""The hostile-text corpus: every kind of text a user (or an imported file) might slip in.

One corpus drives the import, Markdown, command-line and screen tests. Each sample is a
short labelled string; `field_text(i)` mixes several of them into one field value so
every field carries markup, an escape sequence, a bidi override and a wide character
together.
"""

from __future__ import annotations

import re

MARKUP = (
    "[@click=app.quit]x[/]",
    "[link=https://example.com]x[/]",
    "[/]",
    "[bold",
    "[b]bold[/b] [red on blue]red[/]",
    "$text-error $accent",
    "\\[escaped] [on @click=app.bell]",
    "{placeholder} %s %(name)s",
)
ESCAPES = (
    "\x1b[2J",
    "\x1b]52;c;aGk=\x07",
    "\x1b[31mred\x1b[0m",
    "\x1b]0;retitled\x1b\\",
    "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\",
    "\x9b2J",
    "\x1bc",
)
BIDI = (
    "\u202eevil\u202c",
    "\u2066isolate\u2069",
    "\u200fright-to-left mark",
)
CONTROLS = (
    "nul\x00here",
    "bell\x07",
    "back\x08space",
    "carriage\rreturn",
    "del\x7f",
    "tab\there",
    "vertical\x0btab\x0cform feed",
    "line\u2028separator",
)
WIDE = (
    "👩‍💻 dev",
    "漢字テキスト",
    "e\u0301 combining",
    "🏳️‍🌈 flag",
    "\u200bzero width",
)
MARKDOWN = (
    "| pipe | cell |",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "# heading",
    "- list item",
    "[a link](https://example.com)",
    "*emphasis* _under_ `code`",
    "&lt; &amp; &#60;",
)
MENTIONS = ("@everyone", "@channel", "@here", "@someone", "hi @ana-b!", "(@team)", "_@x")
"""@-mentions that ping people when Markdown is pasted into GitHub, GitLab or Slack. Kept out
of SAMPLES so the corpus spread over fields stays as it was."""
LONG_MARKER = "[@click=app.quit]long[/]"
LONG = "L" * (10_000 - len(LONG_MARKER)) + LONG_MARKER
"""A 10,000-character title that ends in markup."""

SAMPLES: tuple[str, ...] = (*MARKUP, *ESCAPES, *BIDI, *CONTROLS, *WIDE, *MARKDOWN, LONG)
NO_NUL: tuple[str, ...] = tuple(s for s in SAMPLES if "\x00" not in s)

CLICK = "[@click=app.quit]"
"""Must show literally wherever a field is on screen."""

BIDI_CONTROLS = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)


def field_text(index: int, *, allow_nul: bool = True) -> str:
    """A field value: the click markup first (so it is visible however the field is cut),
    then four more samples chosen by `index`, so the corpus is spread over all fields."""
    pool = SAMPLES[:-1] if allow_nul else NO_NUL[:-1]
    picks = [pool[(index * 4 + k) % len(pool)] for k in range(4)]
    return " ".join([f"{CLICK}x[/] #{index}", *picks])


def one_line_text(index: int) -> str:
    """For fields that must be one line (agenda step titles): no control characters."""
    safe = [s for s in (*MARKUP, *BIDI, *WIDE) if len(s) < 30]
    return f"{CLICK}x #{index} {safe[index % len(safe)]}"[:80]


# -- what neutralised output looks like ------------------------------------------------

_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_LIVE_MENTION = re.compile(r"(?<![A-Za-z0-9])@\w")


def unsafe_characters(text: str) -> list[str]:
    """Characters that must never reach a terminal or a Markdown page."""
    bad = []
    for ch in text:
        if ch in BIDI_CONTROLS or (ord(ch) < 0x20 and ch != "\n") or 0x7F <= ord(ch) <= 0x9F:
            bad.append(repr(ch))
    return sorted(set(bad))


def markdown_problems(markdown: str) -> list[str]:
    """Why `markdown` is not neutralised: raw control characters, HTML, broken tables."""
    problems = [f"raw character {ch}" for ch in unsafe_characters(markdown)]
    if "<" in markdown:
        line = next(ln for ln in markdown.splitlines() if "<" in ln)
        problems.append(f"raw '<' (HTML): {line[:120]!r}")
    problems.extend(_table_problems(markdown))
    problems.extend(f"live @-mention: {m.group()!r}" for m in _LIVE_MENTION.finditer(markdown))
    return problems


def _table_problems(markdown: str) -> list[str]:
    """Every row of a GFM table has as many unescaped `|` as its header row."""
    problems = []
    expected: int | None = None
    for line in markdown.splitlines():
        if not line.startswith("|"):
            expected = None
            continue
        pipes = len(_UNESCAPED_PIPE.findall(line))
        if expected is None:
            expected = pipes
        elif pipes != expected:
            problems.append(f"table row with {pipes} cell walls, header has {expected}: {line!r}")
    return problems

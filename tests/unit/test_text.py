"""User text made safe to show: what is removed, and the shortcut for text with nothing
to remove."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from okrtui.text import clean_line, clean_text

_ESCAPE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"
    r"|\x1b[@-Z\\-_]|\x9b[0-?]*[ -/]*[@-~]"
)
_BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def reference_clean_text(text: str) -> str:
    """`clean_text` without its shortcut."""
    text = _ESCAPE.sub("", text)
    text = re.sub(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]", "\n", text).replace("\t", " ")
    return "".join(
        ch
        for ch in text
        if ch == "\n" or (ch not in _BIDI and unicodedata.category(ch) not in ("Cc", "Cs"))
    )


tricky = st.sampled_from(
    ["\x1b[31m", "\x1b]0;title\x07", "\x9b2J", "\t", "\r\n", "\u2028", "\u202e", "\xa0", "  "]
)
texts = st.lists(st.one_of(st.text(), tricky), max_size=8).map("".join)


@given(texts)
def test_clean_text_is_the_same_with_or_without_the_shortcut(text: str) -> None:
    assert clean_text(text) == reference_clean_text(text)


@given(texts)
def test_clean_line_is_one_line_without_controls(text: str) -> None:
    line = clean_line(text)
    assert "\n" not in line and "\x1b" not in line and "  " not in line
    assert line == line.strip()
    assert all(unicodedata.category(ch) not in ("Cc", "Cs") for ch in line)


def test_what_is_removed() -> None:
    assert clean_text("a\x1b[2Jb\u202ec\x07") == "abc"
    assert clean_text("one\r\ntwo\tthree") == "one\ntwo three"
    assert clean_line("  Ship\n  the\u2028cache  ") == "Ship the cache"
    assert clean_text("Sofía Márquez · ▲2") == "Sofía Márquez · ▲2"

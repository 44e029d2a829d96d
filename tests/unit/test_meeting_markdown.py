"""Escaping user text for Markdown: nothing typed can become markup, HTML or a control."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.meeting.markdown import md_block, md_cell, md_text
from okrtui.text import clean_line

HOSTILE = [
    "[@click=app.quit]",
    "[click me](javascript:alert(1))",
    "<script>alert(1)</script>",
    "a | b || c",
    "\x1b[2Jcleared\x1b]0;title\x07",
    "nul\x00byte",
    "\u202eevil\u202c",
    "**bold** _it_ `code` ~~gone~~ $x$",
    "&lt;b&gt; &#60;",
    "line\r\nbreak",
]


def unescaped_pipes(text: str) -> int:
    count, i = 0, 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        count += text[i] == "|"
        i += 1
    return count


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_inert(text: str) -> None:
    for out in (md_text(text), md_cell(text), md_block(text)):
        assert "<" not in out and ">" not in out
        assert "\x1b" not in out and "\x00" not in out and "\u202e" not in out
        assert "](" not in out.replace("\\](", "")
        assert unescaped_pipes(out) == 0
        assert "[" not in out.replace("\\[", "")


def test_examples() -> None:
    assert md_cell("[@click=app.quit]") == "\\[@\u200dclick=app.quit\\]"
    assert md_cell("<script>") == "&lt;script&gt;"
    assert md_cell("a|b") == "a\\|b"
    assert md_cell("\x1b[2Jclear") == "clear"
    assert md_cell("R&D &amp; more") == "R&D &amp;amp; more"
    assert md_cell("two\nlines") == "two lines"
    assert md_text("# title") == "\\# title"
    assert md_text("1. first") == "1\\. first"
    assert md_text("- item\n+ item") == "\\- item\n\\+ item"
    assert md_block("a\nb\n\n\nc") == "a\\\nb\n\nc"
    assert clean_line("  a\tb\u2028c  ") == "a b c"


@given(st.text())
def test_md_cell_is_one_safe_line(text: str) -> None:
    out = md_cell(text)
    assert unescaped_pipes(out) == 0
    assert "\n" not in out and "\r" not in out
    assert not any(unicodedata.category(ch) == "Cc" for ch in out)
    assert not any(ch in out for ch in "<>\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@given(st.text())
def test_md_text_keeps_lines_but_no_controls(text: str) -> None:
    out = md_text(text)
    assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in out)
    assert all(unescaped_pipes(line) == 0 for line in out.split("\n"))


@given(st.text(alphabet=st.characters(categories=["L", "N", "Zs"])))
def test_plain_words_pass_through(text: str) -> None:
    assert md_cell(text) == " ".join(text.split()) or text.strip()[:1].isdigit()


def reference_cell(text: str) -> str:
    """`md_cell` as first written: clean the line, then escape character by character."""
    line = re.sub(r"&(?=#?[A-Za-z0-9]+;)", "&amp;", clean_line(text).strip())
    out = "".join(
        "\\" + ch if ch in "\\`*_[]~|$" else {"<": "&lt;", ">": "&gt;"}.get(ch, ch) for ch in line
    )
    out = re.sub(r"(?<![A-Za-z0-9])@(?=\w)", "@\u200d", out)  # @-mentions ping nobody
    if out[:1] in ("#", "+", "-", "=", "!"):
        return "\\" + out
    return re.sub(r"^(\d+)([.)])", r"\1\\\2", out)


@given(st.text() | st.text(alphabet=st.characters(max_codepoint=127)))
def test_md_cell_matches_the_plain_reference(text: str) -> None:
    """The quick paths (printable ASCII, one translate) change nothing."""
    assert md_cell(text) == reference_cell(text)

"""User text made safe to show: no escape sequences, control characters or bidi controls.

Used wherever user text leaves okrtui: the screens, the command line, the Markdown.
"""

from __future__ import annotations

import re
import unicodedata

_ESCAPE_SEQUENCE = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: colours, cursor moves, clear screen
    r"|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC: titles, hyperlinks
    r"|\x1b[@-Z\\-_]"  # other two-character sequences
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NEWLINES = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")


def clean_text(text: str) -> str:
    """Text without escape sequences, control characters (except newlines) or bidi
    controls; every kind of line break becomes `\\n` and a tab becomes a space."""
    if text.isprintable():
        # Nothing to remove: no control (escape, line break, tab), format (bidi) or
        # surrogate character. Most text is like this, and screens clean it every frame.
        return text
    text = _ESCAPE_SEQUENCE.sub("", text)
    text = _NEWLINES.sub("\n", text).replace("\t", " ")
    return "".join(
        ch
        for ch in text
        if ch == "\n" or (ch not in _BIDI and unicodedata.category(ch) not in ("Cc", "Cs"))
    )


def clean_line(text: str) -> str:
    """`clean_text` on one line: line breaks become spaces, runs of spaces one space."""
    return " ".join(clean_text(text).split())

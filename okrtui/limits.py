"""How long user text may be, where okrtui takes it in (imports; forms may state the same).

A title is a line people read aloud in a meeting; a note is a paragraph. Text past these
limits is refused with a message that states the limit, so it never reaches a screen, a
report or the palette's search. A database written before the limits existed may still
hold longer text: every screen copes with it.
"""

from __future__ import annotations

TITLE_MAX = 200
"""Objective, KR, cycle and milestone titles; people's, teams' and the organisation's names."""
TEXT_MAX = 2000
"""Notes, descriptions, blockers, wins, actions and resolutions."""
UNIT_MAX = 40
"""A KR's unit ("ms", "€k MRR")."""


def too_long(text: str, limit: int) -> str:
    """Why `text` is refused (it is longer than `limit` characters), or ""."""
    if len(text) <= limit:
        return ""
    return f"is {len(text)} characters long; at most {limit} are allowed"

"""Words the screens share."""

from __future__ import annotations


def plural(n: int, noun: str) -> str:
    """`1 win`, `2 wins`, `0 wins`."""
    return f"{n} {noun}{'' if n == 1 else 's'}"

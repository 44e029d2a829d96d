"""TOML that cannot blow the stack: `tomllib` with a bound on how deep tables and arrays nest.

`tomllib` parses nested inline arrays and tables by recursion, so a file of 900 nested
brackets raises `RecursionError` from deep inside it; dotted keys nest without recursion
but build a dict that every later walk (pydantic, a writer) must recurse into. Every TOML
okrtui reads from a user (settings, agenda templates, imported OKR sets) goes through
`loads`, which turns both into a `TOMLDecodeError` its callers already report.
"""

from __future__ import annotations

import tomllib
from typing import Any

MAX_DEPTH = 32
"""Tables and arrays inside one another; okrtui's own files need 4."""

__all__ = ["MAX_DEPTH", "TomlTooDeep", "loads"]


class TomlTooDeep(tomllib.TOMLDecodeError):
    """The document nests tables or arrays more deeply than `MAX_DEPTH`."""


def loads(text: str, *, max_depth: int = MAX_DEPTH) -> dict[str, Any]:
    """`tomllib.loads`, refusing documents nested more than `max_depth` levels deep.

    Raises `tomllib.TOMLDecodeError` (a `TomlTooDeep` for the nesting) and nothing else
    for any text.
    """
    too_deep = TomlTooDeep(f"tables or arrays nested more than {max_depth} levels deep")
    try:
        data = tomllib.loads(text)
    except RecursionError:
        raise too_deep from None
    if depth(data) > max_depth:
        raise too_deep
    return data


def depth(value: object) -> int:
    """How deeply dicts and lists nest in `value` (a scalar is 0), without recursion."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 0)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict):
            children: list[object] = list(item.values())
        elif isinstance(item, list):
            children = list(item)
        else:
            continue
        deepest = max(deepest, level + 1)
        stack.extend((child, level + 1) for child in children)
    return deepest

"""A module imported when one of its names is first used.

The app's first frame needs none of the pydantic models, and building their classes costs
more than everything else okrtui does before that frame; the store refers to them through
a `LazyModule` so they load on the first read that returns one.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any


class LazyModule:
    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attr: str) -> Any:
        value = getattr(import_module(self._name), attr)
        setattr(self, attr, value)
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"

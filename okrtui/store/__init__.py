"""The SQLite store: opening, migrations, typed reads and writes. No Textual.

`Store` and `open_db` are imported on first use: `okrtui.store.errors` (which the settings
need) must not pull in sqlite-utils and the domain models, so that the one-line commands
that do without them start fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from okrtui.store.errors import Conflict, LockedMilestone, NotFound, StoreError

if TYPE_CHECKING:
    from okrtui.store.db import open_db
    from okrtui.store.store import Store

__all__ = ["Conflict", "LockedMilestone", "NotFound", "Store", "StoreError", "open_db"]

_LAZY = {"Store": "okrtui.store.store", "open_db": "okrtui.store.db"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'okrtui.store' has no attribute {name!r}")

"""The SQLite store: opening, migrations, typed reads and writes. No Textual."""

from okrtui.store.db import open_db
from okrtui.store.errors import Conflict, LockedMilestone, NotFound, StoreError
from okrtui.store.store import Store

__all__ = ["Conflict", "LockedMilestone", "NotFound", "Store", "StoreError", "open_db"]

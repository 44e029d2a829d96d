"""Notice commits made by other processes, by polling `PRAGMA data_version`."""

from __future__ import annotations

from okrtui.store.store import Store


class ChangeWatcher:
    """Tells whether another connection has committed since the last look.

    `PRAGMA data_version` changes only for other connections' commits, so a screen
    that wrote something itself refreshes on its own and is not woken twice.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._seen = store.data_version()

    def changed(self) -> bool:
        version = self._store.data_version()
        if version == self._seen:
            return False
        self._seen = version
        return True

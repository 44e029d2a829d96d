"""Notice commits made by other processes, by polling `PRAGMA data_version`, and notice
when the database file itself was removed or replaced under the running app."""

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
        self._lost = ""

    def changed(self) -> bool:
        version = self._store.data_version()
        if version == self._seen:
            return False
        self._seen = version
        return True

    def lost(self) -> str:
        """Why the open database can no longer be trusted (its file or write-ahead log
        was removed or replaced), or "". Once lost, it stays lost: the app must be
        restarted on the file that is there now."""
        if not self._lost:
            self._lost = self._store.db.file_problem()
        return self._lost

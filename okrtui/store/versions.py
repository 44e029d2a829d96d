"""Which schema migrations this okrtui knows, readable without sqlite-utils.

`okrtui.store.schema` holds the migrations themselves (sqlite-utils `Migrations`); opening
an up-to-date file needs only their names, so the app and the one-line commands start
without importing sqlite-utils. A test keeps the two lists equal.
"""

from __future__ import annotations

import sqlite3

MIGRATION_SET = "okrtui"
MIGRATIONS_TABLE = "_sqlite_migrations"
MIGRATION_NAMES: tuple[str, ...] = (
    "0001_initial",
    "0002_meeting_runners_and_appended_votes",
    "0003_meeting_drafts",
    "0004_checkin_acknowledgements_and_decisions",
    "0005_okr_writing_retired_and_agreed",
    "0006_blocker_needed_by",
)


def known_migration_names() -> list[str]:
    return list(MIGRATION_NAMES)


def applied_migration_names(conn: sqlite3.Connection) -> list[str] | None:
    """The okrtui migrations applied to the file, oldest first; None without the table."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [MIGRATIONS_TABLE]
    ).fetchone()
    if found is None:
        return None
    rows = conn.execute(
        f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ? ORDER BY rowid",
        [MIGRATION_SET],
    ).fetchall()
    return [name for (name,) in rows]

"""Which cycle is "the current one": the active cycle, else the newest being planned, else
the newest closed one. The Store and the one-line check-in's fast path both ask here."""

from __future__ import annotations

import sqlite3

CURRENT_FIRST = (
    "ORDER BY CASE status WHEN 'active' THEN 0 WHEN 'planning' THEN 1 ELSE 2 END, "
    "start DESC, id DESC"
)
"""The ORDER BY that puts the current cycle first."""


def current_cycle_id(conn: sqlite3.Connection) -> int | None:
    row = conn.execute(f"SELECT id FROM cycles {CURRENT_FIRST} LIMIT 1").fetchone()
    return None if row is None else int(row[0])

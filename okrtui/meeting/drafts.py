"""Text being typed in a meeting that is not a record yet: a KR note before its Enter, a
form before it is submitted.

A draft is kept (overwritten) within a second while typing, so a crash or a dropped
connection loses at most the last second; it is removed once the text is recorded or
the entry is cancelled, and offered again when the meeting is resumed. No Textual here.
"""

from __future__ import annotations

from okrtui.store import Store
from okrtui.store.convert import to_text


def kr_note_field(kr_id: int) -> str:
    return f"kr-note:{kr_id}"


def save_draft(store: Store, meeting_id: int, field: str, text: str) -> None:
    """Keep `text` as the draft of `field`; an empty text removes the draft."""
    with store.write() as db:
        if not text.strip():
            db.execute(
                "DELETE FROM meeting_drafts WHERE meeting_id = ? AND field = ?", [meeting_id, field]
            )
            return
        db.execute(
            "INSERT INTO meeting_drafts (meeting_id, field, text, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(meeting_id, field) DO UPDATE SET text = excluded.text, at = excluded.at",
            [meeting_id, field, text, to_text(store.clock.now())],
        )


def clear_draft(store: Store, meeting_id: int, field: str) -> None:
    save_draft(store, meeting_id, field, "")


def drafts(store: Store, meeting_id: int) -> dict[str, str]:
    """The meeting's drafts by field, the most recently kept last."""
    rows = store.db.execute(
        "SELECT field, text FROM meeting_drafts WHERE meeting_id = ? ORDER BY at, field",
        [meeting_id],
    ).fetchall()
    return {str(field): str(text) for field, text in rows}

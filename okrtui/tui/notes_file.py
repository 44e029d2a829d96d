"""Writing a meeting's Markdown notes to a new file from the app (the summary screen and
the command palette)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from okrtui.errors import UserError

if TYPE_CHECKING:
    from okrtui.tui.host import OkrHost


def default_notes_path(app: OkrHost, meeting_id: int, directory: Path | None = None) -> Path:
    """`./okr-notes-YYYY-MM-DD-team.md`, numbered (`-2`, `-3`) when the name is taken."""
    from zoneinfo import ZoneInfo

    store = app.store
    meeting = store.meeting(meeting_id)
    day = meeting.started_at.astimezone(ZoneInfo(store.timezone)).date()
    team = store.team(meeting.team_id).code.lower() if meeting.team_id is not None else "all"
    folder = directory or Path.cwd()
    path = folder / f"okr-notes-{day.isoformat()}-{team}.md"
    n = 2
    while path.exists():
        path = folder / f"okr-notes-{day.isoformat()}-{team}-{n}.md"
        n += 1
    return path


def _notes_target(text: str) -> Path:
    from okrtui.tui.widgets.meeting_parse import InputProblem

    if not text.strip():
        raise InputProblem("type a file name")
    path = Path(text.strip()).expanduser()
    if path.exists():
        raise InputProblem(f"{path} already exists: type another name (it is not overwritten)")
    if not path.parent.is_dir():
        raise InputProblem(f"the folder {path.parent} does not exist")
    return path


def write_notes(app: OkrHost, meeting_id: int, directory: Path | None = None) -> None:
    """Ask for a file name (never an existing file), then write the meeting's notes there."""
    from okrtui.meeting.notes import render_notes
    from okrtui.tui.widgets.meeting_form import FormField, FormModal

    default = default_notes_path(app, meeting_id, directory)
    shown = default.name if directory is None else str(default)
    form = FormModal(
        "Write the meeting notes (Markdown)",
        [FormField("path", "File:", "a new file, e.g. notes.md", shown, _notes_target)],
        hint="Enter: write · Esc: cancel · an existing file is never overwritten",
    )

    def chosen(values: dict[str, object] | None) -> None:
        if values is None:
            return
        path = values["path"]
        assert isinstance(path, Path)
        try:
            text = render_notes(app.store, meeting_id)
            with path.open("x", encoding="utf-8") as handle:
                handle.write(text)
        except FileExistsError:
            app.notify(f"{path} already exists: nothing written", severity="error", markup=False)
            return
        except (OSError, UserError) as error:
            app.notify(f"{path}: cannot write ({error})", severity="error", markup=False)
            return
        app.notify(f"Wrote the notes to {path}", markup=False)

    app.push_screen(form, chosen)

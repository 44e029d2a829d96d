"""How the app enters a meeting: straight in, by offering to resume one left running, or
from the start screen; and how a meeting's notes are written to a file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from okrtui.errors import UserError
from okrtui.meeting.errors import MeetingError

RESUMED_AFTER_SECONDS = 60
"""A meeting opened this long after it started is being resumed: say where it stands."""

if TYPE_CHECKING:
    from okrtui.agenda import AgendaLibrary
    from okrtui.tui.app import OkrApp


def open_meeting(app: OkrApp, meeting_id: int) -> None:
    """Show the meeting runner for `meeting_id` on top of the current screen. Works from the
    database alone: the agenda was snapshotted when the meeting started."""
    from okrtui.meeting.session import MeetingSession
    from okrtui.tui.screens.meeting import MeetingScreen

    try:
        session = MeetingSession.resume(app.store, meeting_id, app.clock)
    except UserError as error:
        app.notify(str(error), title="Cannot open the meeting", severity="error", markup=False)
        return
    resumed = session.meeting_elapsed() >= RESUMED_AFTER_SECONDS
    app.push_screen(MeetingScreen(session, me_id=app.me_id, resumed=resumed))


def offer_resume(app: OkrApp) -> None:
    """If a meeting was left running (killed, disconnected), offer to resume it."""
    if not app.store.any_meeting_running():
        return
    from okrtui.meeting.resume import resume_offers
    from okrtui.meeting.session import MeetingSession
    from okrtui.tui.screens.resume import ResumeChoice, ResumeModal

    offers = resume_offers(app.store)
    if not offers:
        return
    offer = offers[0]
    meeting = offer.meeting
    team_name = app.store.team(meeting.team_id).name if meeting.team_id is not None else "everyone"

    def chosen(choice: ResumeChoice | None) -> None:
        if choice == "resume":
            open_meeting(app, meeting.id)
        elif choice == "end":
            try:
                MeetingSession.resume(app.store, meeting.id, app.clock).end()
            except (UserError, MeetingError) as error:
                app.notify(str(error), severity="error", markup=False)
                return
            app.notify(f"Ended '{meeting.title}'. `okrtui notes` writes its notes.", markup=False)

    app.push_screen(ResumeModal(offer, team_name, app.clock.now()), chosen)


def agenda_library(app: OkrApp) -> AgendaLibrary:
    from okrtui.agenda import AgendaLibrary
    from okrtui.config import resolve_agendas_dir
    from okrtui.resources import builtin_agendas_dir

    return AgendaLibrary(resolve_agendas_dir(app.settings), builtin_agendas_dir())


def start_meeting_from_agenda(app: OkrApp, slug: str | None = None) -> None:
    """The start screen (agenda, team, attendance), with `slug` preselected."""
    from okrtui.tui.screens.start_meeting import StartMeetingScreen

    library = agenda_library(app)
    entries = library.list()
    if not entries:
        problems = library.problems()
        detail = problems[0].message if problems else "no agenda templates were found"
        app.notify(detail, title="No agendas", severity="error", markup=False)
        return
    app.push_screen(StartMeetingScreen(app, entries, slug))


def default_notes_path(app: OkrApp, meeting_id: int, directory: Path | None = None) -> Path:
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


def write_notes(app: OkrApp, meeting_id: int, directory: Path | None = None) -> None:
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

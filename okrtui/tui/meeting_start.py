"""How the app enters a meeting: straight in, by offering to resume one left running, or
from the start screen; and how a meeting's notes are written to a file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrtui.errors import UserError
from okrtui.meeting.errors import MeetingError

RESUMED_AFTER_SECONDS = 60
"""A meeting opened this long after it started is being resumed: say where it stands."""

if TYPE_CHECKING:
    from okrtui.agenda import AgendaLibrary
    from okrtui.tui.host import OkrHost


def open_meeting(app: OkrHost, meeting_id: int) -> None:
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


def offer_resume(app: OkrHost) -> None:
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


def agenda_library(app: OkrHost) -> AgendaLibrary:
    from okrtui.agenda import AgendaLibrary
    from okrtui.config import resolve_agendas_dir
    from okrtui.resources import builtin_agendas_dir

    return AgendaLibrary(resolve_agendas_dir(app.settings), builtin_agendas_dir())


def start_meeting_from_agenda(app: OkrHost, slug: str | None = None) -> None:
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

"""Start a meeting: pick the agenda, the team, who facilitates and who is here.

A team meeting starts with the team's members ticked, an organisation-wide one with everyone;
Ctrl+A ticks all or none. The facilitator is the person running okrtui, else the OKR
champion. A closed cycle is said plainly, and a meeting on it starts only when asked twice."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, Select, Static
from textual.widgets.selection_list import Selection

from okrtui.agenda import AgendaEntry, format_minutes
from okrtui.domain.models import CycleStatus, Person, Role
from okrtui.errors import UserError
from okrtui.meeting.session import MeetingSession
from okrtui.store import Store
from okrtui.text import clean_line
from okrtui.tui.widgets.picker import TickList

if TYPE_CHECKING:
    from okrtui.tui.host import OkrHost

EVERYONE = -1
NOBODY = -1


def default_attendees(store: Store, team_id: int | None) -> list[int]:
    """Who is ticked at the start: the team's members, or everyone for the organisation."""
    if team_id is None:
        return [p.id for p in store.people()]
    return list(store.team(team_id).member_ids)


def default_facilitator(people: list[Person], me_id: int | None) -> int | None:
    """The person running okrtui, else the (first) OKR champion, else nobody."""
    known = {p.id for p in people}
    if me_id is not None and me_id in known:
        return me_id
    return next((p.id for p in people if Role.OKR_CHAMPION in p.roles), None)


class StartMeetingScreen(Screen[None]):
    CSS_PATH = "../styles/meeting.tcss"

    DEFAULT_CSS = """
    StartMeetingScreen > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; padding: 0 1;
    }
    StartMeetingScreen .field-label { color: $text-muted; margin-top: 1; }
    StartMeetingScreen Select { margin-left: 1; }
    StartMeetingScreen.-short .field-label { margin-top: 0; }
    StartMeetingScreen TickList { height: auto; max-height: 10; }
    StartMeetingScreen.-short TickList { max-height: 9; }
    StartMeetingScreen.-taller TickList { max-height: 20; }
    StartMeetingScreen #start-error { color: $text-error; text-style: bold; }
    StartMeetingScreen #start-cycle { color: $text-warning; text-style: bold; }
    """

    # From 40 rows the people list takes the height (18 people at once), leaving room for
    # a cycle warning and an error line.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall"), (40, "-taller")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start meeting", priority=True, id="start_meeting.start"),
        Binding("ctrl+a", "tick_all", "All/none", priority=True, id="start_meeting.all"),
        Binding("escape", "cancel", "Cancel", id="start_meeting.cancel"),
    ]

    def __init__(self, app: OkrHost, entries: list[AgendaEntry], slug: str | None = None) -> None:
        super().__init__()
        self.okr = app
        self.entries = entries
        known = {e.slug for e in entries}
        fallback = "weekly-checkin" if "weekly-checkin" in known else None
        self.slug = slug if slug in known else (fallback or (entries[0].slug if entries else None))
        self.warned_closed = False
        """A closed cycle was warned about once: the next Ctrl+S starts anyway."""

    def compose(self) -> ComposeResult:
        store = self.okr.store
        teams = store.teams()
        mine = store.teams_of(self.okr.me_id) if self.okr.me_id is not None else []
        first_team = mine[0].id if mine else (teams[0].id if teams else EVERYONE)
        with Vertical():
            yield Static(Content("Start a meeting"), classes="dialog-title")
            yield Label("Agenda", classes="field-label")
            yield Select[str](
                [
                    (
                        Content(
                            f"{clean_line(e.template.title)} "
                            f"({format_minutes(e.template.minutes)} min, {e.slug})"
                        ),
                        e.slug,
                    )
                    for e in self.entries
                ],
                allow_blank=False,
                compact=True,
                id="start-agenda",
            )
            yield Label("Team", classes="field-label")
            yield Select[int](
                [(Content(f"{t.code} · {clean_line(t.name)}"), t.id) for t in teams]
                + [(Content("Everyone (the whole organisation)"), EVERYONE)],
                value=first_team,
                allow_blank=False,
                compact=True,
                id="start-team",
            )
            people = store.people()
            facilitator = default_facilitator(people, self.okr.me_id)
            yield Label("Facilitator", classes="field-label")
            yield Select[int](
                [(Content(f"{clean_line(p.name)} ({p.handle})"), p.id) for p in people]
                + [(Content("Nobody in particular"), NOBODY)],
                value=NOBODY if facilitator is None else facilitator,
                allow_blank=False,
                compact=True,
                id="start-facilitator",
            )
            yield Label("Who is here (space ticks, Ctrl+A all or none)", classes="field-label")
            yield TickList(id="start-people")
            yield Static(Content(self._cycle_warning()), id="start-cycle")
            yield Static("", id="start-error")
            yield Static(
                Content("Tab moves · Ctrl+S starts · Ctrl+A ticks all/none · Esc cancels"),
                classes="dialog-hint",
            )
        yield Footer()

    def on_mount(self) -> None:
        self._fill_people()
        agenda = self.query_one("#start-agenda", Select)
        if self.slug is not None:
            agenda.value = self.slug
        agenda.focus()

    def _team_id(self) -> int | None:
        value = self.query_one("#start-team", Select).value
        return None if not isinstance(value, int) or value == EVERYONE else value

    def _cycle_warning(self) -> str:
        cycle = self.okr.store.current_cycle()
        if cycle is None or cycle.status is not CycleStatus.CLOSED:
            return ""
        return (
            f"The cycle {clean_line(cycle.name)} is closed: its grades are final. "
            "A meeting now records into a closed cycle; Ctrl+S twice starts it anyway."
        )

    def _facilitator_id(self) -> int | None:
        value = self.query_one("#start-facilitator", Select).value
        return None if not isinstance(value, int) or value == NOBODY else value

    def _fill_people(self) -> None:
        store = self.okr.store
        team_id = self._team_id()
        members = set(default_attendees(store, team_id))
        people = sorted(store.people(), key=lambda p: p.id not in members)
        listing = self.query_one("#start-people", TickList)
        listing.clear_options()
        listing.add_options(
            [
                Selection(Content(f"{clean_line(p.name)} ({p.handle})"), p.id, p.id in members)
                for p in people
            ]
        )

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id == "start-team":
            self._fill_people()

    def action_tick_all(self) -> None:
        listing = self.query_one("#start-people", TickList)
        everyone = listing.tick_all_or_none()
        self.notify("Everyone ticked" if everyone else "Nobody ticked", timeout=2)

    def action_start(self) -> None:
        from okrtui.tui.screens.meeting import MeetingScreen

        store = self.okr.store
        error = self.query_one("#start-error", Static)
        slug = self.query_one("#start-agenda", Select).value
        entry = next((e for e in self.entries if e.slug == slug), None)
        cycle = store.current_cycle()
        if entry is None:
            error.update(Content("Pick an agenda."))
            return
        if cycle is None:
            error.update(Content("There is no cycle yet: import an OKR set first."))
            return
        if cycle.status is CycleStatus.CLOSED and not self.warned_closed:
            self.warned_closed = True
            error.update(
                Content(
                    f"{clean_line(cycle.name)} is closed. Press Ctrl+S again to start "
                    "the meeting on it anyway, or Esc to leave."
                )
            )
            return
        people = self.query_one("#start-people", TickList)
        try:
            session = MeetingSession.start(
                store,
                entry.template,
                cycle=cycle,
                team_id=self._team_id(),
                facilitator_id=self._facilitator_id(),
                attendee_ids=list(people.selected),
                clock=self.okr.clock,
            )
        except UserError as problem:
            error.update(Content(str(problem)))
            return
        self.app.switch_screen(MeetingScreen(session, me_id=self.okr.me_id))

    def action_cancel(self) -> None:
        self.dismiss()

"""Start a meeting: pick the agenda, the team, and who is here."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from okrtui.agenda import AgendaEntry, format_minutes
from okrtui.errors import UserError
from okrtui.meeting.session import MeetingSession
from okrtui.text import clean_line

if TYPE_CHECKING:
    from okrtui.tui.app import OkrApp

EVERYONE = -1


class StartMeetingScreen(Screen[None]):
    CSS_PATH = "../styles/meeting.tcss"

    DEFAULT_CSS = """
    StartMeetingScreen > Vertical {
        width: 80; max-width: 100%; height: auto; max-height: 100%;
        border: thick $accent; padding: 0 1;
    }
    StartMeetingScreen .field-label { color: $text-muted; margin-top: 1; }
    StartMeetingScreen SelectionList { height: auto; max-height: 10; }
    StartMeetingScreen #start-error { color: $text-error; text-style: bold; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "Start meeting", priority=True, id="start_meeting.start"),
        Binding("escape", "cancel", "Cancel", id="start_meeting.cancel"),
    ]

    def __init__(self, app: OkrApp, entries: list[AgendaEntry], slug: str | None = None) -> None:
        super().__init__()
        self.okr = app
        self.entries = entries
        known = {e.slug for e in entries}
        fallback = "weekly-checkin" if "weekly-checkin" in known else None
        self.slug = slug if slug in known else (fallback or (entries[0].slug if entries else None))

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
                id="start-agenda",
            )
            yield Label("Team", classes="field-label")
            yield Select[int](
                [(Content(f"{t.code} · {clean_line(t.name)}"), t.id) for t in teams]
                + [(Content("Everyone (the whole organisation)"), EVERYONE)],
                value=first_team,
                allow_blank=False,
                id="start-team",
            )
            yield Label("Who is here (space ticks)", classes="field-label")
            yield SelectionList[int](id="start-people")
            yield Static("", id="start-error")
            yield Static(Content("Tab moves · Ctrl+S starts · Esc cancels"), classes="dialog-hint")
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

    def _fill_people(self) -> None:
        store = self.okr.store
        team_id = self._team_id()
        members = set(store.team(team_id).member_ids) if team_id is not None else set()
        people = sorted(store.people(), key=lambda p: p.id not in members)
        listing: SelectionList[int] = self.query_one("#start-people", SelectionList)
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
        people: SelectionList[int] = self.query_one("#start-people", SelectionList)
        try:
            session = MeetingSession.start(
                store,
                entry.template,
                cycle=cycle,
                team_id=self._team_id(),
                facilitator_id=self.okr.me_id,
                attendee_ids=list(people.selected),
                clock=self.okr.clock,
            )
        except UserError as problem:
            error.update(Content(str(problem)))
            return
        self.app.switch_screen(MeetingScreen(session, me_id=self.okr.me_id))

    def action_cancel(self) -> None:
        self.dismiss()

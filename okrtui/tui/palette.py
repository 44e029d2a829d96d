"""The command palette's okrtui entries: jump to a KR, objective, person, team or screen;
start a meeting from an agenda; write a meeting's notes.

User text (titles, names) reaches the palette as `Content`, never as markup: the fuzzy
highlight is applied here rather than by `Matcher.highlight`, which parses markup, and the
help line is escaped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content
from textual.markup import escape

from okrtui.text import clean_line

if TYPE_CHECKING:
    from okrtui.tui.host import OkrHost


@dataclass(frozen=True, slots=True)
class Entry:
    """One palette entry; its text and help are cleaned of control characters (they carry
    titles and names) when it is made."""

    text: str
    help: str
    run: Callable[[], object]
    discover: bool = False
    """Listed when the palette opens, before anything is typed."""

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", clean_line(self.text))
        object.__setattr__(self, "help", clean_line(self.help))


def highlighted(matcher: Matcher, text: str) -> Content:
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def palette_entries(app: OkrHost) -> list[Entry]:
    """Every entry, read from the store once when the palette opens."""
    from okrtui.tui import meeting_start, notes_file

    entries = [
        Entry(
            "Dashboard", "Screen: the cycle, risks and every KR", partial(app.go, "dashboard"), True
        ),
        Entry(
            "Timeline",
            "Screen: the cycle's weeks and milestones",
            partial(app.go, "timeline"),
            True,
        ),
        Entry(
            "Alignment tree",
            "Screen: objectives by what they support",
            partial(app.go, "alignment"),
            True,
        ),
        Entry(
            "Presenter mode",
            "Toggle big, bold, low-chrome layout",
            app.action_toggle_presenter,
            True,
        ),
        Entry("Help", "Keys of the current screen", app.action_help, True),
    ]
    store = app.store
    for entry in meeting_start.agenda_library(app).list():
        entries.append(
            Entry(
                f"Start meeting: {entry.template.title}",
                f"Agenda {entry.slug}",
                partial(meeting_start.start_meeting_from_agenda, app, entry.slug),
                True,
            )
        )
    cycle = store.current_cycle()
    if cycle is None:
        return entries
    for meeting in reversed(store.meeting_headers(cycle.id)):  # the latest first
        entries.append(
            Entry(
                f"Write notes: {meeting.title} {meeting.started_at:%Y-%m-%d}",
                "Markdown notes of this meeting",
                partial(notes_file.write_notes, app, meeting.id),
            )
        )
    teams = store.teams()
    team_code = {t.id: t.code for t in teams}
    people = {p.id: p.name for p in store.people()}
    for kr in store.kr_labels(cycle.id):
        owner = people.get(kr.owner_id, "") if kr.owner_id else ""
        entries.append(
            Entry(
                f"{kr.ref} {kr.title}",
                f"KR · {owner}" if owner else "KR",
                partial(app.open_kr, kr.id),
            )
        )
    for objective in store.objectives(cycle.id):
        entries.append(
            Entry(
                f"{objective.ref} {objective.title}",
                f"Objective · {team_code.get(objective.team_id, '')}",
                partial(app.show_objective, objective.id),
            )
        )
    for person_id, name in people.items():
        entries.append(
            Entry(name, "Person: show the KRs they own", partial(app.show_owner, person_id))
        )
    for team in teams:
        entries.append(
            Entry(
                f"{team.code} {team.name}",
                "Team: show its objectives",
                partial(app.show_team, team.id),
            )
        )
    return entries


class OkrCommands(Provider):
    """okrtui's own palette entries."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.entries: list[Entry] = []

    @property
    def okr(self) -> OkrHost:
        from okrtui.tui.host import OkrHost

        app = self.app
        assert isinstance(app, OkrHost)
        return app

    async def startup(self) -> None:
        self.entries = palette_entries(self.okr)

    async def discover(self) -> Hits:
        for entry in self.entries:
            if entry.discover:
                yield DiscoveryHit(Content(entry.text), entry.run, entry.text, escape(entry.help))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for entry in self.entries:
            score = matcher.match(entry.text)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, entry.text),
                    entry.run,
                    entry.text,
                    escape(entry.help),
                )

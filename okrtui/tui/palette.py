"""The command palette's okrtui entries: jump to a KR, objective, person, team or screen;
start a meeting from an agenda; write a meeting's notes.

User text (titles, names) reaches the palette as `Content`, never as markup: the fuzzy
highlight is applied here rather than by `Matcher.highlight`, which parses markup, and the
help line is escaped. Matching is okrtui's own (`fuzzy_match`): linear in a bounded prefix
of the text, where Textual's tries every combination and hangs on a long title.
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


MATCH_CHARS = 200
"""How much of an entry's text the search reads: a KR title may be 10,000 characters long,
and Textual's fuzzy matcher tries every way the query fits (minutes and gigabytes for
`llq` over a title of Ls). Entries are found by their start; the rest is never searched."""


def fuzzy_match(query: str, text: str) -> tuple[float, tuple[int, ...]]:
    """How well `query` matches `text` (0 for not at all, up to 1) and which offsets of
    `text` it matched, in time linear in `MATCH_CHARS`.

    A case-insensitive substring scores best (more at a word start); otherwise the query's
    characters in order (a subsequence, taken greedily) score by how tightly they sit.
    Spaces in the query are ignored, as the palette's own matcher ignores them.
    """
    needle = "".join(_fold(ch) for ch in query if not ch.isspace())
    if not needle:
        return 0.0, ()
    shown = text[:MATCH_CHARS]
    hay = "".join(_fold(ch) for ch in shown)
    tight = "".join(_fold(ch) for ch in query.strip())
    at = hay.find(tight) if tight else -1
    if at >= 0:
        word_start = at == 0 or not hay[at - 1].isalnum()
        offsets = tuple(i for i in range(at, at + len(tight)) if not shown[i].isspace())
        return 0.6 + (0.3 if word_start else 0.0) + 0.1 * len(tight) / len(hay), offsets
    found: list[int] = []
    start = 0
    for ch in needle:
        index = hay.find(ch, start)
        if index < 0:
            return 0.0, ()
        found.append(index)
        start = index + 1
    span = found[-1] - found[0] + 1
    return 0.5 * len(found) / span, tuple(found)


def _fold(ch: str) -> str:
    """`ch` lower-cased, one character for one (so offsets stay offsets)."""
    low = ch.lower()
    return low if len(low) == 1 else ch


def highlighted(matcher: Matcher, text: str) -> Content:
    content = Content(text)
    score, offsets = fuzzy_match(matcher.query, text)
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
            score, _ = fuzzy_match(query, entry.text)
            if score > 0:
                yield Hit(
                    score,
                    highlighted(matcher, entry.text),
                    entry.run,
                    entry.text,
                    escape(entry.help),
                )

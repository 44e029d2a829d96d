"""Wins since the last meeting, and new ones with the people recognised."""

from __future__ import annotations

from typing import ClassVar
from zoneinfo import ZoneInfo

from textual.binding import Binding, BindingType
from textual.content import Content

from okrtui.domain.models import KeyResult, Person, Win
from okrtui.meeting.scope import baseline_cutoff
from okrtui.text import clean_line
from okrtui.tui.steps.carried import CarriedItemsPanel, Entry, moves
from okrtui.tui.widgets.meeting_kit import (
    kr_field,
    kr_refs,
    meeting_people,
    people_field,
    text_field,
)
from okrtui.tui.words import plural


class WinsPanel(CarriedItemsPanel[Win]):
    """Nothing is decided on a win: the step enters after the last win of this meeting."""

    KIND = "wins"
    EMPTY = "No wins yet since the last meeting."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add win", id="wins.add"),
        *moves("wins"),
    ]

    def load(self) -> list[Win]:
        store, meeting = self.session.store, self.session.meeting
        since = baseline_cutoff(store, meeting, store.cycle(meeting.cycle_id))
        return [
            w
            for w in self.in_scope(store.wins(meeting.cycle_id))
            if w.at >= since or w.meeting_id == meeting.id
        ]

    def hint(self) -> str:
        return f"{plural(len(self.items), 'win')} since the last meeting · a adds one"

    def entered_here(self, item: Win) -> bool:
        return item.meeting_id == self.session.meeting.id

    def line(self, item: Win, people: dict[int, Person], refs: dict[int, str]) -> Content:
        """The people recognised come before the text, so a narrow screen cuts the text."""
        zone = ZoneInfo(self.session.store.timezone)
        named = [people[pid] for pid in item.recognised_ids if pid in people]
        who = ", ".join(clean_line(p.name) for p in named)
        return Content.assemble(
            (f"{item.at.astimezone(zone):%a %d %b}  ", "$text-muted"),
            (f"{who}: " if who else "", "bold $text-success"),
            Content(clean_line(item.text)),
            (f"  [{refs[item.kr_id]}]" if item.kr_id in refs else "", "$text-muted"),
        )

    def detail(self, item: Win) -> str:
        """The whole win: its text, who was recognised, and the KR it moved."""
        people = self.session.store.people_by_id()
        who = ", ".join(clean_line(people[p].name) for p in item.recognised_ids if p in people)
        ref = kr_refs(self.session).get(item.kr_id) if item.kr_id is not None else None
        tail = "".join(
            [f" — thanks to {who}" if who else "", f" ({clean_line(ref)})" if ref else ""]
        )
        return clean_line(item.text) + tail

    def action_add(self) -> None:
        def entry(values: dict[str, object]) -> Entry:
            text, people, kr = values["text"], values["people"], values["kr"]
            assert isinstance(text, str) and isinstance(people, list)
            kr_id = kr.id if isinstance(kr, KeyResult) else None
            names = ", ".join(p.handle for p in people)
            return (
                lambda: self.session.add_win(text, [p.id for p in people], kr_id),
                f"win recorded{' for ' + names if names else ''}",
            )

        self.ask(
            "Record a win",
            [
                text_field("text", "The win:", "what went right, and its effect"),
                people_field(meeting_people(self.session)),
                kr_field(self.scope().krs),
            ],
            entry,
            then=lambda: self.highlight(self.resume_row()),
        )

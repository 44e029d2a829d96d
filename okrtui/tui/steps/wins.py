"""Wins since the last meeting, and new ones with the people recognised."""

from __future__ import annotations

from typing import ClassVar
from zoneinfo import ZoneInfo

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from okrtui.domain.models import KeyResult, Person, Win
from okrtui.meeting.scope import baseline_cutoff, step_options
from okrtui.text import clean_line
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.widgets.meeting_form import FormModal
from okrtui.tui.widgets.meeting_kit import (
    PanelList,
    Scope,
    kr_field,
    kr_refs,
    meeting_people,
    people_field,
    record,
    text_field,
)
from okrtui.tui.words import plural


class WinsPanel(StepPanel):
    KIND = "wins"
    can_focus = True

    DEFAULT_CSS = """
    WinsPanel { height: 1fr; }
    WinsPanel #wins-list { max-height: 1fr; height: auto; border: round $primary 50%; }
    WinsPanel #wins-hint { color: $text-muted; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add win", id="wins.add"),
        Binding("j,down", "move(1)", "Down", show=False, id="wins.down"),
        Binding("k,up", "move(-1)", "Up", show=False, id="wins.up"),
    ]

    wins: list[Win]

    def compose(self) -> ComposeResult:
        self.wins = []
        yield Static(id="wins-hint")
        yield PanelList(id="wins-list")
        yield Static(id="wins-detail", classes="item-detail")

    def on_mount(self) -> None:
        self.refresh_data()

    def refresh_data(self) -> None:
        store, meeting = self.session.store, self.session.meeting
        scope = Scope(self.session, step_options(self.step).get("scope") == "all")
        since = baseline_cutoff(store, meeting, store.cycle(meeting.cycle_id))
        self.wins = [
            w
            for w in store.wins(meeting.cycle_id)
            if scope.holds(w.team_id, w.kr_id) and (w.at >= since or w.meeting_id == meeting.id)
        ]
        people = store.people_by_id()
        refs = kr_refs(self.session)
        zone = self.session.store.timezone
        rows = [self._line(w, people, refs, zone) for w in self.wins]
        if not rows:
            rows = [Content.styled("No wins yet since the last meeting.", "$text-muted")]
        self.query_one(PanelList).show_rows(rows)
        self.query_one("#wins-hint", Static).update(
            Content(f"{plural(len(self.wins), 'win')} since the last meeting · a adds one")
        )
        self._show_detail()

    @staticmethod
    def _line(win: Win, people: dict[int, Person], refs: dict[int, str], zone: str) -> Content:
        """The people recognised come before the text, so a narrow screen cuts the text."""
        named = [people[pid] for pid in win.recognised_ids if pid in people]
        who = ", ".join(clean_line(p.name) for p in named)
        return Content.assemble(
            (f"{win.at.astimezone(ZoneInfo(zone)):%a %d %b}  ", "$text-muted"),
            (f"{who}: " if who else "", "bold $text-success"),
            Content(clean_line(win.text)),
            (f"  [{refs[win.kr_id]}]" if win.kr_id in refs else "", "$text-muted"),
        )

    def on_option_list_option_highlighted(self, event: PanelList.OptionHighlighted) -> None:
        event.stop()
        self._show_detail()

    def _show_detail(self) -> None:
        index = self.query_one(PanelList).index
        items = self.wins
        text = "" if index is None or index >= len(items) else self._detail(items[index])
        self.query_one("#wins-detail", Static).update(Content(text))

    def _detail(self, w: Win) -> str:
        """The whole win: its text, who was recognised, and the KR it moved."""
        people = self.session.store.people_by_id()
        who = ", ".join(clean_line(people[p].name) for p in w.recognised_ids if p in people)
        ref = kr_refs(self.session).get(w.kr_id) if w.kr_id is not None else None
        tail = "".join(
            [f" — thanks to {who}" if who else "", f" ({clean_line(ref)})" if ref else ""]
        )
        return clean_line(w.text) + tail

    def action_move(self, delta: int) -> None:
        self.query_one(PanelList).move_by(delta)

    def action_add(self) -> None:
        scope = Scope(self.session, step_options(self.step).get("scope") == "all")
        form = FormModal(
            "Record a win",
            [
                text_field("text", "The win:", "what went right, and its effect"),
                people_field(meeting_people(self.session)),
                kr_field(scope.krs),
            ],
        )

        def done(values: dict[str, object] | None) -> None:
            if values is None:
                return
            text, people, kr = values["text"], values["people"], values["kr"]
            assert isinstance(text, str) and isinstance(people, list)
            kr_id = kr.id if isinstance(kr, KeyResult) else None
            names = ", ".join(p.handle for p in people)
            if record(
                self,
                lambda: self.session.add_win(text, [p.id for p in people], kr_id),
                f"win recorded{' for ' + names if names else ''}",
            ):
                self.refresh_data()
                listing = self.query_one(PanelList)
                listing.highlighted = max(0, listing.option_count - 1)

        self.app.push_screen(form, done)

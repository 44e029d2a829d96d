"""The reflection step: what went well, what we learned, what we change next cycle.

Three lists, one of them active (`1` `2` `3`, or Tab to the next); `a` adds an item to the
active list with its author, the facilitator (or me) unless another person is named.
Each item is stored the moment it is entered, with the meeting it came from.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import Static

from okrtui.domain.models import Person, Reflection, ReflectionKind
from okrtui.meeting.session import MeetingSession
from okrtui.text import clean_line
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.widgets.meeting_form import FormModal
from okrtui.tui.widgets.meeting_kit import (
    PanelList,
    meeting_people,
    owner_field,
    person_name,
    record,
    text_field,
)

KINDS: tuple[ReflectionKind, ...] = (
    ReflectionKind.WENT_WELL,
    ReflectionKind.LEARNED,
    ReflectionKind.CHANGE,
)
QUESTIONS: dict[ReflectionKind, str] = {
    ReflectionKind.WENT_WELL: "What went well?",
    ReflectionKind.LEARNED: "What did we learn?",
    ReflectionKind.CHANGE: "What will we change next cycle?",
}


def add_reflection(
    session: MeetingSession,
    kind: ReflectionKind,
    text: str,
    author_id: int | None,
    *,
    all_teams: bool = False,
) -> Reflection:
    """Store one reflection of the meeting's cycle, linked to the meeting (and its team
    unless the step is about every team)."""
    if session.ended:
        raise ValueError("this meeting has ended: nothing more can be added")
    stripped = text.strip()
    if not stripped:
        raise ValueError("a reflection needs some text")
    meeting = session.meeting
    return session.store.add_reflection(
        Reflection(
            cycle_id=meeting.cycle_id,
            kind=kind,
            text=stripped,
            author_id=author_id,
            at=session.clock.now(),
            meeting_id=meeting.id,
            team_id=None if all_teams else meeting.team_id,
        )
    )


class ReflectionPanel(StepPanel):
    KIND = "reflection"
    can_focus = True

    DEFAULT_CSS = """
    ReflectionPanel { height: 1fr; }
    ReflectionPanel #reflection-hint { color: $text-muted; padding: 0 1; }
    ReflectionPanel PanelList {
        height: auto;
        min-height: 3;
        max-height: 1fr;
        border: round $panel;
        border-title-color: $text-muted;
    }
    ReflectionPanel PanelList.-active {
        border: round $accent;
        border-title-color: $text;
        border-title-style: bold;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "add", "Add", id="reflection.add"),
        # The hint above the lists says 1 2 3; the footer keeps Next, End, Quit and Help.
        Binding("1", "switch(0)", "Went well", id="reflection.went_well", show=False),
        Binding("2", "switch(1)", "Learned", id="reflection.learned", show=False),
        Binding("3", "switch(2)", "Change", id="reflection.change", show=False),
        Binding("tab", "cycle(1)", "Next list", show=False, id="reflection.next_list"),
        Binding(
            "shift+tab", "cycle(-1)", "Previous list", show=False, id="reflection.previous_list"
        ),
        Binding("j,down", "move(1)", "Down", show=False, id="reflection.down"),
        Binding("k,up", "move(-1)", "Up", show=False, id="reflection.up"),
    ]

    def init_state(self) -> None:
        self.active = 0
        self.items: dict[ReflectionKind, list[Reflection]] = {kind: [] for kind in KINDS}

    def compose(self) -> ComposeResult:
        yield Static(id="reflection-hint")
        for kind in KINDS:
            yield PanelList(id=f"reflection-{kind.value}")

    def on_mount(self) -> None:
        self.refresh_data()

    def list_of(self, kind: ReflectionKind) -> PanelList:
        return self.query_one(f"#reflection-{kind.value}", PanelList)

    @property
    def kind(self) -> ReflectionKind:
        return KINDS[self.active]

    def refresh_data(self) -> None:
        meeting = self.session.meeting
        people = self.session.store.people_by_id()
        mine = [
            r
            for r in self.session.store.reflections(meeting.cycle_id)
            if self.all_teams or r.team_id == meeting.team_id
        ]
        for number, kind in enumerate(KINDS, start=1):
            self.items[kind] = [r for r in mine if r.kind is kind]
            rows = [self._line(r, people) for r in self.items[kind]]
            if not rows:
                rows = [Content.styled("Nothing yet: press a to add", "$text-muted")]
            listing = self.list_of(kind)
            listing.show_rows(rows)
            listing.border_title = f"{number} {kind.label} ({len(self.items[kind])})"
        self._show_active()

    @staticmethod
    def _line(reflection: Reflection, people: dict[int, Person]) -> Content:
        return Content.assemble(
            Content(clean_line(reflection.text)),
            (f"  — {person_name(people, reflection.author_id)}", "$text-muted"),
        )

    def _show_active(self) -> None:
        for index, kind in enumerate(KINDS):
            self.list_of(kind).set_class(index == self.active, "-active")
        self.query_one("#reflection-hint", Static).update(
            Content(f"{QUESTIONS[self.kind]}  a adds · 1 2 3 / Tab switch")
        )

    # -- keys -------------------------------------------------------------------------

    def action_switch(self, index: int) -> None:
        self.active = index % len(KINDS)
        self._show_active()

    def action_cycle(self, delta: int) -> None:
        self.action_switch(self.active + delta)

    def action_move(self, delta: int) -> None:
        self.list_of(self.kind).move_by(delta)

    def _default_author(self) -> str:
        author_id = self.me_id if self.me_id is not None else self.session.meeting.facilitator_id
        if author_id is None:
            return ""
        person = self.session.store.people_by_id().get(author_id)
        return "" if person is None else person.handle

    def action_add(self) -> None:
        kind = self.kind
        form = FormModal(
            f"{kind.label}: add a reflection",
            [
                text_field("text", QUESTIONS[kind], "one thought, in a sentence"),
                owner_field(meeting_people(self.session), self._default_author(), label="Author:"),
            ],
        )

        def done(values: dict[str, object] | None) -> None:
            if values is None:
                return
            text, author = values["text"], values["owner"]
            assert isinstance(text, str) and isinstance(author, Person)
            saved = record(
                self,
                lambda: add_reflection(
                    self.session, kind, text, author.id, all_teams=self.all_teams
                ),
                f"{kind.label.lower()}: reflection by {author.handle}",
            )
            if saved is not None:
                self.refresh_data()
                listing = self.list_of(kind)
                listing.highlighted = max(0, listing.option_count - 1)

        self.app.push_screen(form, done)

"""Open blockers carried over (resolve with a resolution, or keep), and new ones.

A blocker shows its age and the day it is needed by; keeping one open is a decision, and
is recorded as one (with the blocker's owner and KR), so the notes and the report say so."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content

from okrtui.domain.decision import Decision
from okrtui.domain.models import Blocker, KeyResult, Person
from okrtui.text import clean_line
from okrtui.tui.steps.carried import CarriedItemsPanel, Entry, moves
from okrtui.tui.widgets.meeting_form import FormField
from okrtui.tui.widgets.meeting_kit import (
    kr_field,
    kr_refs,
    meeting_people,
    owner_field,
    person_handle,
    person_name,
    text_field,
    today_of,
)
from okrtui.tui.widgets.meeting_parse import DUE_HELP, parse_due


class BlockersPanel(CarriedItemsPanel[Blocker]):
    """The step enters on the first carried blocker neither kept nor resolved in this
    meeting; when every one has its decision, after the last open one (the newest raised)."""

    KIND = "blockers"
    EMPTY = "No open blockers."

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "resolve", "Resolve", id="blockers.resolve"),
        Binding("enter", "keep", "Keep", key_display="⏎", id="blockers.keep"),
        Binding("a", "add", "Raise new", id="blockers.add"),
        *moves("blockers"),
    ]

    kept: set[int]
    """Blockers kept open in this meeting (a decision was recorded for each)."""

    def compose(self) -> ComposeResult:
        self.kept = set()
        yield from super().compose()

    def load(self) -> list[Blocker]:
        store, meeting = self.session.store, self.session.meeting
        blockers = [
            b
            for b in self.in_scope(store.blockers(meeting.cycle_id))
            if b.is_open or b.resolved_meeting_id == meeting.id
        ]
        blockers.sort(key=lambda b: (not b.is_open, b.raised_at, b.id))
        self.kept |= {
            int(d.text.split("#", 1)[1].split(" ", 1)[0])
            for d in store.decisions(meeting.cycle_id, meeting_id=meeting.id)
            if d.text.startswith(KEPT_PREFIX + "#")
        }
        return blockers

    def hint(self) -> str:
        still_open = sum(b.is_open for b in self.items)
        return f"{still_open} open · r resolve · ⏎ keep · a raise a new one"

    def awaits_word(self, item: Blocker) -> bool:
        return (
            item.is_open
            and item.raised_meeting_id != self.session.meeting.id
            and item.id not in self.kept
        )

    def entered_here(self, item: Blocker) -> bool:
        return item.is_open and (
            item.raised_meeting_id == self.session.meeting.id or item.id in self.kept
        )

    def line(self, b: Blocker, people: dict[int, Person], refs: dict[int, str]) -> Content:
        today = today_of(self.session)
        age = (today - b.raised_at.date()).days
        if not b.is_open:
            status = ("resolved", "$text-success")
        elif b.id in self.kept:
            status = ("kept    ", "$text-warning")
        else:
            status = ("open    ", "$text-warning")
        new = b.raised_meeting_id == self.session.meeting.id
        return Content.assemble(
            status,
            (f" {'new' if new else f'{age}d':>4} ", "$text-muted"),
            needed_by_mark(b.needed_by, today, open_=b.is_open),
            (f"{person_handle(people, b.owner_id)[:10]:<10} ", "bold"),
            (f"{refs.get(b.kr_id, '') if b.kr_id else '':<9} ", "$text-muted"),
            Content(clean_line(b.text)),
            (f"  → {clean_line(b.resolution)}" if b.resolution else "", "$text-success"),
        )

    def detail(self, b: Blocker) -> str:
        people = self.session.store.people_by_id()
        where = f" · on {kr_refs(self.session).get(b.kr_id, '')}" if b.kr_id else ""
        today = today_of(self.session)
        age = (today - b.raised_at.date()).days
        when = f" · raised {age} day{'' if age == 1 else 's'} ago"
        if b.needed_by is not None:
            when += f" · needed by {b.needed_by:%a %d %b}"
            if b.is_open and b.needed_by < today:
                when += f" ({(today - b.needed_by).days}d late)"
        text = f"{clean_line(b.text)}\nOwner {person_name(people, b.owner_id)}{where}{when}"
        if b.id in self.kept:
            text += "\nKept open in this meeting (recorded as a decision)"
        if b.resolution:
            text += f"\nResolved: {clean_line(b.resolution)}"
        return text

    def action_keep(self) -> None:
        """Keep the blocker open: a decision, recorded with its owner and KR; then the next."""
        blocker = self.selected
        if blocker is None or not blocker.is_open:
            self.action_move(1)
            return
        if blocker.id not in self.kept:
            people = self.session.store.people_by_id()
            meeting = self.session.meeting
            owner = person_name(people, blocker.owner_id)
            by = f", needed by {blocker.needed_by.isoformat()}" if blocker.needed_by else ""
            decision = Decision(
                text=f"{KEPT_PREFIX}#{blocker.id} {clean_line(blocker.text)} (owner {owner}{by})",
                at=self.session.clock.now(),
                cycle_id=meeting.cycle_id,
                owner_ids=(blocker.owner_id,) if blocker.owner_id is not None else (),
                kr_id=blocker.kr_id,
                team_id=blocker.team_id,
                meeting_id=meeting.id,
                author_id=self.me_id if self.me_id is not None else meeting.facilitator_id,
            )
            self.write(
                (
                    lambda: self.session.store.add_decision(decision),
                    f"blocker kept open, owner {owner}",
                )
            )
        self.action_move(1)

    def action_resolve(self) -> None:
        blocker = self.selected
        if blocker is None or not blocker.is_open:
            self.app.notify("Pick an open blocker to resolve (j/k to move).", markup=False)
            return

        def entry(values: dict[str, object]) -> Entry:
            resolution = values["resolution"]
            assert isinstance(resolution, str)
            return (
                lambda: self.session.resolve_blocker(blocker.id, resolution),
                "blocker resolved",
            )

        self.ask(
            f"Resolve: {clean_line(blocker.text)}",
            [text_field("resolution", "Resolution:", "how it was cleared")],
            entry,
        )

    def action_add(self) -> None:
        def entry(values: dict[str, object]) -> Entry:
            text, owner, kr = values["text"], values["owner"], values["kr"]
            needed = values.get("needed_by")
            assert isinstance(text, str) and isinstance(owner, Person)
            kr_id = kr.id if isinstance(kr, KeyResult) else None
            needed_by = needed if isinstance(needed, date) else None
            by = f", needed by {needed_by.isoformat()}" if needed_by else ""
            return (
                lambda: self.session.raise_blocker(text, owner.id, kr_id, needed_by=needed_by),
                f"blocker raised, owner {owner.handle}{by}",
            )

        self.ask(
            "Raise a blocker",
            [
                text_field("text", "What is in the way?", "e.g. waiting for the staging DB"),
                owner_field(meeting_people(self.session), "", "Owner (who will unblock it):"),
                kr_field(self.scope().krs),
                needed_by_field(today_of(self.session)),
            ],
            entry,
        )


KEPT_PREFIX = "Blocker kept open: "
"""How a kept blocker's decision starts (then `#id`): the panel finds its keeps by it."""


def needed_by_field(today: date) -> FormField:
    return FormField(
        "needed_by",
        "Needed by (blank: no date):",
        DUE_HELP,
        "",
        lambda text: parse_due(text, today),
    )


def needed_by_mark(needed_by: date | None, today: date, *, open_: bool) -> Content:
    """`by 25 Nov ` (amber), `late 3d  ` (red) for an open blocker past it, or nothing."""
    if needed_by is None:
        return Content("")
    if open_ and needed_by < today:
        return Content.styled(
            f"{'late ' + str((today - needed_by).days) + 'd':<9} ", "bold $text-error"
        )
    return Content.styled(f"by {needed_by:%d %b} ", "$text-warning")

"""The KR round: every KR in scope, riskiest first; one keystroke records a confidence.

Async-first (issue 19): it opens with what changed and what is at risk since the last
meeting; the KRs checked in before the meeting whose confidence held or rose are "already
in", listed after the ones to discuss, and `i` passes them all with one key.

`0` and `2`–`9` (and `t` for 10) record that confidence at once; Enter or `.` records
"no change"; `v` takes a new value (optionally followed by a confidence), `n` a note. After
each record the highlight moves to the next KR, so a round costs one keystroke per KR.

`1` could be the start of `10`: the row shows "1…" and the 1 is written when the next key
comes (a `0` makes it one check-in of 10 instead), the highlight moves, the step changes,
the screen goes, or after `TWO_DIGIT_SECONDS` at the latest.
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import date, datetime
from functools import partial
from typing import ClassVar

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Input, Static

from okrtui.clock import local_date
from okrtui.domain.bands import BandThresholds, confidence_band
from okrtui.domain.krstate import KRState, progress, value_text
from okrtui.domain.models import ActionItem, Blocker, CheckIn, KeyResult, Person
from okrtui.domain.risk import is_stale
from okrtui.domain.sparkline import text_sparkline
from okrtui.errors import UserError
from okrtui.meeting.async_round import async_round
from okrtui.meeting.drafts import clear_draft, drafts, kr_note_field, save_draft
from okrtui.meeting.scope import KRRoundRow, kr_round, step_options
from okrtui.text import clean_line
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.widgets.meeting_form import FormModal
from okrtui.tui.widgets.meeting_kit import (
    PanelList,
    due_field,
    kr_field,
    meeting_people,
    owner_field,
    people_field,
    record,
    text_field,
    thresholds_of,
    today_of,
)
from okrtui.tui.widgets.meeting_parse import InputProblem, parse_value_entry
from okrtui.tui.widgets.parts import band_label, change_arrow, confidence_badge, pace_bar


def _digit_binding(n: int) -> Binding:
    return Binding(
        str(n),
        f"set_confidence({n})",
        "Confidence" if n == 5 else f"Confidence {n}",
        show=False,
        id=f"kr_round.confidence_{n}",
    )


def row_line(row: KRRoundRow, *, blocked: bool = False, already_in: bool = False) -> Content:
    """One KR in the list: done mark (`·` for a KR already in, not yet passed), ref,
    confidence with change, owner, title; `⚑` when a blocker was raised on it in this
    meeting."""
    mark = ("✓ ", "$text-success") if row.checked_in_this_meeting else ("  ", "")
    if already_in and not row.checked_in_this_meeting:
        mark = ("· ", "$text-muted")
    if blocked:
        mark = ("⚑ ", "bold $text-warning")
    owner = row.owner.handle if row.owner is not None else "—"
    return Content.assemble(
        mark,
        (f"{row.kr.ref:<9} ", "bold"),
        confidence_badge(row.confidence, row.band, row.change),
        f" {owner[:10]:<10} ",
        Content(clean_line(row.kr.title)),
    )


def row_after(
    row: KRRoundRow,
    checkin: CheckIn,
    *,
    meeting_id: int,
    now: datetime,
    thresholds: BandThresholds,
) -> KRRoundRow | None:
    """`row` once `checkin`, just written for its KR, is in: what `kr_round` would now say,
    without reading the store again.

    None when the check-in is not the KR's latest (one already in is dated later): then
    only a reload can tell.
    """
    if checkin.kr_id != row.kr.id or (
        row.last_checkin_at is not None and checkin.at < row.last_checkin_at
    ):
        return None
    current = KRState(row.value, row.confidence, row.last_checkin_at).then(checkin)
    return replace(
        row,
        value=current.value,
        confidence=current.confidence,
        change=current.confidence - row.confidence_before,
        last_checkin_at=checkin.at,
        stale=is_stale(checkin.at, now),
        confidence_history=(*row.confidence_history, checkin.confidence),
        progress=progress(row.kr, current.value),
        band=confidence_band(current.confidence, thresholds),
        checked_in_this_meeting=row.checked_in_this_meeting or checkin.meeting_id == meeting_id,
        last_note=checkin.note,
    )


def detail_lines(row: KRRoundRow, *, bar_width: int = 24) -> Content:
    kr = row.kr
    owner = clean_line(row.owner.name) if row.owner is not None else "no owner"
    kind = "committed" if row.committed else "aspirational"
    value_now = value_text(kr, row.value) or "—"
    value_before = value_text(kr, row.value_before) or "—"
    since = row.baseline.label
    value = Content.assemble(
        ("Value       ", "$text-muted"),
        (value_now, "bold"),
        (
            f"  (was {value_before} {since})" if row.value_changed else f"  (no change {since})",
            "$text-muted",
        ),
    )
    confidence = Content.assemble(
        ("Confidence  ", "$text-muted"),
        (f"{row.confidence}/10 ", "bold"),
        change_arrow(row.change),
        (f" (was {row.confidence_before}) · ", "$text-muted"),
        band_label(row.band),
    )
    history = text_sparkline(row.confidence_history) if row.confidence_history else "no check-ins"
    parts = [
        Content.assemble((f"{kr.ref}  ", "bold $accent"), (clean_line(kr.title), "bold")),
        Content.assemble(
            ("Objective   ", "$text-muted"),
            Content(f"{row.objective.ref} {clean_line(row.objective.title)}"),
        ),
        Content.assemble(("Owner       ", "$text-muted"), Content(owner), f" · {kind}"),
        Content.assemble(
            ("Progress    ", "$text-muted"),
            pace_bar(row.progress, row.expected, bar_width),
            (f"  pace {round(row.expected * 100)}%", "$text-muted"),
        ),
        value,
        confidence,
        Content.assemble(("History     ", "$text-muted"), (history, "$accent")),
    ]
    if row.stale:
        parts.append(Content.styled("No check-in for 14 days or more", "$text-warning"))
    if row.last_note:
        note = Content(clean_line(row.last_note))
        parts.append(Content.assemble(("Last note   ", "$text-muted"), note))
    return Content("\n").join(parts)


def _content_height(widget: Static, content: Content, width: int) -> int:
    """The lines `content` takes at `width`: counted without wrapping when every line fits
    (wrapping is the slow part), else as Textual wraps it."""
    lines = content.plain.split("\n")
    if all(cell_len(line) <= width for line in lines):
        return len(lines)
    size = widget.size
    return widget.get_content_height(size, size, width)


def _update_in_place(widget: Static, content: Content) -> None:
    """Show `content` unless it is shown already, laying the screen out again only when the
    widget's height changes (a layout redraws every widget on the screen)."""
    shown = widget.content
    if isinstance(shown, Content) and shown.plain == content.plain and shown.spans == content.spans:
        return
    size = widget.size
    widget.update(content, layout=False)
    if not size.width or _content_height(widget, content, size.width) != size.height:
        widget.refresh(layout=True)


class KRRoundPanel(StepPanel):
    KIND = "krs"
    can_focus = True

    DEFAULT_CSS = """
    KRRoundPanel { height: 1fr; }
    KRRoundPanel #kr-list { max-height: 45%; border: round $primary 50%; }
    KRRoundPanel:focus-within #kr-list { border: round $primary; }
    KRRoundPanel #kr-detail-scroll { height: 1fr; padding: 0 1; }
    KRRoundPanel #kr-input { display: none; background: $boost; margin: 0 1; }
    KRRoundPanel #kr-input.-open { display: block; }
    KRRoundPanel #kr-hint { color: $text-muted; padding: 0 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *(_digit_binding(n) for n in range(10)),
        # The confidence keys, "no change" and "pass in" are said by the hint line under
        # the list; the footer keeps the other keys, then Next, End, Quit and Help.
        Binding("t", "set_confidence(10)", "10", id="kr_round.confidence_10", show=False),
        Binding(
            "enter,full_stop",
            "no_change",
            "Same",
            key_display="⏎/.",
            id="kr_round.no_change",
            show=False,
        ),
        Binding("v", "value", "Value", id="kr_round.value"),
        Binding("n", "note", "Note", id="kr_round.note"),
        Binding("b", "blocker", "Blocker", id="kr_round.blocker"),
        Binding("w", "win", "Win", id="kr_round.win"),
        Binding("i", "pass_already_in", "Pass in", id="kr_round.pass_in", show=False),
        Binding("a", "action", "Action", id="kr_round.action", show=False),
        Binding("V", "vote", "Vote", key_display="V", id="kr_round.vote", show=False),
        Binding("j,down", "move(1)", "Down", show=False, id="kr_round.down"),
        Binding("k,up", "move(-1)", "Up", show=False, id="kr_round.up"),
    ]

    TWO_DIGIT_SECONDS: ClassVar[float] = 0.6
    """How long a `1` waits for a `0` (which makes it 10) before it is written as 1."""

    rows: list[KRRoundRow]
    already_in: frozenset[int] = frozenset()
    """KRs checked in before the meeting whose confidence held or rose (listed last)."""
    _going = False
    """Set once the panel is being removed: writes still happen, widgets are not touched."""
    _pending_one: tuple[int, Timer] | None = None
    """The KR whose `1` waits for a possible `0`, and the timer that writes it."""
    _shown: tuple[KRRoundRow | None, int, int] | None
    """The row, bar width and count on screen, so the same detail is not drawn twice."""

    def compose(self) -> ComposeResult:
        self.rows = []
        self._shown = None
        yield Static(id="kr-opening")
        yield PanelList(id="kr-list")
        yield Input(id="kr-input", compact=True, select_on_focus=False)
        with VerticalScroll(id="kr-detail-scroll", can_focus=False):
            yield Static(id="kr-detail")
            yield Static(id="kr-context")
        yield Static(id="kr-hint")

    def on_mount(self) -> None:
        self._input_mode: str | None = None
        self._note_kr: int | None = None
        """The KR whose note is being typed; its draft is kept every half second."""
        self._note_text = ""
        self._note_kept = ""
        self._note_timer: Timer | None = None
        self.refresh_data()
        self._resume_where_the_room_was()

    def _resume_where_the_room_was(self) -> None:
        """Highlight the first KR not yet checked in in this meeting (the last KR when all
        are), so a resumed round never starts on a KR whose next digit would overwrite one
        already agreed; reopen a KR note left being typed."""
        if not self.rows:
            return
        first_open = next(
            (i for i, row in enumerate(self.rows) if not row.checked_in_this_meeting),
            len(self.rows) - 1,
        )
        listing = self.query_one(PanelList)
        listing.highlighted = first_open
        self._shown = None
        self._show_detail()
        kept = drafts(self.session.store, self.session.meeting.id)
        for position, row in enumerate(self.rows):
            text = kept.get(kr_note_field(row.kr.id))
            if text:
                listing.highlighted = position
                self._show_detail()
                self.action_note(text)
                self.notify(
                    f"{row.kr.ref}: the note being typed before is back; ⏎ saves it.",
                    markup=False,
                )
                break

    # -- data ---------------------------------------------------------------------

    def refresh_data(self) -> None:
        options = step_options(self.step)
        store = self.session.store
        self._read = (store.clock.now(), store.timezone)
        self.rows = kr_round(
            self.session.store,
            self.session.meeting,
            all_teams=options.get("scope") == "all",
            only_stale=options.get("only_stale") is True,
            thresholds=thresholds_of(self),
        )
        self._read_context()
        grouped = async_round(
            self.session.store, self.session.meeting, self.rows, thresholds_of(self)
        )
        self.rows = [entry.row for entry in grouped.ordered]
        self.already_in = frozenset(entry.row.kr.id for entry in grouped.already_in)
        _update_in_place(
            self.query_one("#kr-opening", Static), Content("\n".join(grouped.opening()))
        )
        listing = self.query_one(PanelList)
        listing.show_rows([self._line(row) for row in self.rows])
        self._shown = None
        self._show_detail()

    def _read_context(self) -> None:
        """Each KR's open blockers and actions, the KRs with a blocker raised in this
        meeting, and who is who (read once per reload, not per key or cursor move)."""
        store, meeting = self.session.store, self.session.meeting
        self._blockers: dict[int, list[Blocker]] = {}
        self._actions: dict[int, list[ActionItem]] = {}
        self._raised: set[int] = set()
        self._person_by_id = store.people_by_id()
        for blocker in store.blockers(meeting.cycle_id):
            if blocker.kr_id is None:
                continue
            if blocker.raised_meeting_id == meeting.id:
                self._raised.add(blocker.kr_id)
            if blocker.is_open:
                self._blockers.setdefault(blocker.kr_id, []).append(blocker)
        for action in store.actions(meeting.cycle_id):
            if action.kr_id is not None and action.is_open:
                self._actions.setdefault(action.kr_id, []).append(action)

    def _line(self, row: KRRoundRow) -> Content:
        return row_line(
            row,
            blocked=row.kr.id in getattr(self, "_raised", ()),
            already_in=row.kr.id in self.already_in,
        )

    def _context_lines(self, row: KRRoundRow) -> Content | None:
        """`Blockers    1 open: … (owner Li Wei)` and `Actions     …`, when there are any."""
        people = self._person_by_id

        def who(person_id: int | None) -> str:
            person = people.get(person_id) if person_id is not None else None
            return f" ({clean_line(person.name)})" if person is not None else ""

        lines: list[Content] = []
        blockers = getattr(self, "_blockers", {}).get(row.kr.id, [])
        if blockers:
            items = "; ".join(clean_line(b.text) + who(b.owner_id) for b in blockers)
            lines.append(
                Content.assemble(
                    ("Blockers    ", "$text-muted"),
                    (f"{len(blockers)} open: ", "bold $text-warning"),
                    Content(items),
                )
            )
        actions = getattr(self, "_actions", {}).get(row.kr.id, [])
        if actions:
            items = "; ".join(
                clean_line(a.text) + who(a.owner_id) + (f", due {a.due:%d %b}" if a.due else "")
                for a in actions
            )
            lines.append(
                Content.assemble(
                    ("Actions     ", "$text-muted"),
                    (f"{len(actions)} open: ", "bold"),
                    Content(items),
                )
            )
        return Content("\n").join(lines) if lines else None

    @property
    def selected(self) -> KRRoundRow | None:
        index = self.query_one(PanelList).index
        return None if index is None or not self.rows else self.rows[index]

    def on_option_list_option_highlighted(self, event: PanelList.OptionHighlighted) -> None:
        event.stop()
        pending = self._pending_one
        row = self.selected
        if pending is not None and (row is None or row.kr.id != pending[0]):
            self.flush()
        self._show_detail()

    def on_option_list_option_selected(self, event: PanelList.OptionSelected) -> None:
        event.stop()
        self.focus()

    def _show_detail(self) -> None:
        """Show the highlighted row's detail and the count, unless they are shown already."""
        row = self.selected
        width = max(8, min(40, self.size.width - 36))
        done = sum(r.checked_in_this_meeting for r in self.rows)
        if self._shown is not None:
            shown_row, shown_width, shown_done = self._shown
            if shown_row is row and (shown_width, shown_done) == (width, done):
                return
        self._shown = (row, width, done)
        detail = self.query_one("#kr-detail", Static)
        if row is None:
            _update_in_place(detail, Content("No key results in scope for this meeting."))
        else:
            _update_in_place(detail, detail_lines(row, bar_width=width))
        context = self._context_lines(row) if row is not None else None
        _update_in_place(self.query_one("#kr-context", Static), context or Content(""))
        hint = f"{done} of {len(self.rows)} checked in · 0–9/t confidence · ⏎ or . no change"
        waiting = sum(
            1 for r in self.rows if r.kr.id in self.already_in and not r.checked_in_this_meeting
        )
        if waiting:
            hint += f" · i passes the {waiting} already in"
        if self.rows and done == len(self.rows):
            hint = f"All {done} KRs checked in: ] goes to the next step."
        _update_in_place(self.query_one("#kr-hint", Static), Content(hint))

    def on_resize(self) -> None:
        self._shown = None
        self._show_detail()

    def focus_target(self) -> Widget:
        """The open value or note field, else the round itself."""
        if self._input_mode is not None:
            return self.query_one("#kr-input", Input)
        return self

    def focus_first(self) -> None:
        self.focus_target().focus()

    # -- recording ----------------------------------------------------------------

    def _advance(self, saved: CheckIn) -> None:
        """Show `saved` in its KR's row, then highlight the next KR (stay on the last one).

        Only that row changes (the round's order is fixed when the meeting begins), so it
        is worked out from the check-in rather than by reloading the round.
        """
        listing = self.query_one(PanelList)
        position = next((i for i, r in enumerate(self.rows) if r.kr.id == saved.kr_id), None)
        updated = None
        if position is not None and not self._day_changed():
            updated = row_after(
                self.rows[position],
                saved,
                meeting_id=self.session.meeting.id,
                now=self.session.store.clock.now(),
                thresholds=thresholds_of(self),
            )
        if position is None or updated is None:
            self.refresh_data()
        else:
            self.rows[position] = updated
            listing.replace_row(position, self._line(updated))
        if self.rows:
            listing.highlighted = min((position or 0) + 1, len(self.rows) - 1)
        self._show_detail()

    def _day_changed(self) -> bool:
        """Whether the pace and staleness every row shows may have moved since the rows
        were read: a new day in the organisation's timezone, or a clock set back."""
        read_at, zone = self._read
        now = self.session.store.clock.now()
        return now < read_at or local_date(now, zone) != local_date(read_at, zone)

    def action_set_confidence(self, confidence: int) -> None:
        pending = self._pending_one
        row = self.selected
        if pending is not None and confidence == 0 and row is not None and row.kr.id == pending[0]:
            self._pending_one = None
            pending[1].stop()
            self._record_confidence(row, 10)
            return
        self.flush()
        row = self.selected
        if row is None:
            return
        if confidence == 1:
            self._hold_one(row)
            return
        self._record_confidence(row, confidence)

    def _record_confidence(self, row: KRRoundRow, confidence: int) -> CheckIn | None:
        what = f"{row.kr.ref}: confidence {confidence}"
        saved = record(self, lambda: self.session.record_confidence(row.kr.id, confidence), what)
        if saved is not None:
            self._advance(saved)
        return saved

    def _hold_one(self, row: KRRoundRow) -> None:
        """Show "1…" on the row and write the 1 when the next key or the timer comes."""
        timer = self.set_timer(self.TWO_DIGIT_SECONDS, self.flush, name="kr-round-one")
        self._pending_one = (row.kr.id, timer)
        position = self.rows.index(row)
        self.query_one(PanelList).replace_row(
            position, Content.assemble(self._line(row), ("  1…", "bold $warning"))
        )
        _update_in_place(
            self.query_one("#kr-hint", Static),
            Content(f"{row.kr.ref}: 1… (0 now makes it 10; any other key keeps 1)"),
        )
        self._shown = None

    def flush(self) -> None:
        """Write a `1` still waiting for a possible `0` and keep the note being typed
        (before a step change, a dialog, quit, hang-up, unmount)."""
        self._keep_note()
        pending = self._pending_one
        if pending is None:
            return
        self._pending_one = None
        kr_id, timer = pending
        timer.stop()
        position = next((i for i, r in enumerate(self.rows) if r.kr.id == kr_id), None)
        if position is None:
            return
        row = self.rows[position]
        if self._going:
            # The panel is going: write the 1, without touching widgets.
            with contextlib.suppress(UserError, ValueError):
                self.session.record_confidence(kr_id, 1)
            return
        if self._record_confidence(row, 1) is None:
            self.query_one(PanelList).replace_row(position, self._line(row))
            self._shown = None
            self._show_detail()

    def on_unmount(self) -> None:
        self._going = True
        self.flush()

    def action_no_change(self) -> None:
        row = self.selected
        if row is None:
            return
        # "No change" from what the room sees: when another okrtui changed the KR since
        # it was shown, show that first instead of recording a value nobody looked at.
        latest = self.session.store.latest_checkin(row.kr.id)
        if latest is not None and latest.confidence != row.confidence:
            kr_id = row.kr.id
            self.refresh_data()
            listing = self.query_one(PanelList)
            listing.highlighted = next(
                (i for i, r in enumerate(self.rows) if r.kr.id == kr_id), listing.highlighted
            )
            self.notify(
                f"{row.kr.ref} was set to {latest.confidence} elsewhere meanwhile (it showed "
                f"{row.confidence}): shown now; ⏎ again keeps {latest.confidence}.",
                severity="warning",
                markup=False,
            )
            return
        what = f"{row.kr.ref}: no change ({row.confidence})"
        saved = record(self, lambda: self.session.confirm_no_change(row.kr.id), what)
        if saved is not None:
            self._advance(saved)

    def action_pass_already_in(self) -> None:
        """One key for every KR already in (checked in before the meeting, confidence held
        or rose): each records "no change", and the round goes on with the ones to discuss."""
        self.flush()
        todo = [
            row
            for row in self.rows
            if row.kr.id in self.already_in and not row.checked_in_this_meeting
        ]
        if not todo:
            self.notify("No KRs already in are waiting to be passed.", markup=False)
            return
        for row in todo:
            what = f"{row.kr.ref}: already in, no change"
            if record(self, partial(self.session.confirm_no_change, row.kr.id), what) is None:
                break
        self.refresh_data()
        listing = self.query_one(PanelList)
        listing.highlighted = next(
            (i for i, row in enumerate(self.rows) if not row.checked_in_this_meeting),
            len(self.rows) - 1,
        )
        self.notify(f"{len(todo)} KRs already in passed with no change.", markup=False)

    def action_move(self, delta: int) -> None:
        self.query_one(PanelList).move_by(delta)

    # -- the inline input (value, note) ---------------------------------------------

    def action_value(self) -> None:
        row = self.selected
        if row is not None:
            example = "done 7" if row.kr.kind.value == "milestone" else "42 7"
            self._open_input(
                "value",
                f"New value of {row.kr.ref}, optionally a confidence ({example}) · Esc cancels",
            )

    def action_note(self, text: str = "") -> None:
        row = self.selected
        if row is not None:
            placeholder = f"Note on {row.kr.ref} (saved with its confidence) · Esc"
            self._open_input("note", placeholder, text)
            self._note_kr = row.kr.id
            self._note_text = self._note_kept = text

    def _open_input(self, mode: str, placeholder: str, text: str = "") -> None:
        field = self.query_one("#kr-input", Input)
        self._input_mode = mode
        field.value = text
        field.cursor_position = len(text)
        field.placeholder = placeholder
        field.add_class("-open")
        field.focus()

    def _close_input(self) -> None:
        field = self.query_one("#kr-input", Input)
        self._input_mode = None
        self._drop_note()
        field.remove_class("-open")
        self.focus()

    # -- the note's draft: on disk within a second while typing -------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        if self._input_mode != "note" or self._note_kr is None:
            return
        self._note_text = event.value
        if self._note_timer is None:
            self._note_timer = self.set_timer(0.5, self._keep_note, name="kr-note-draft")

    def _keep_note(self) -> None:
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        kr_id, text = self._note_kr, self._note_text
        if kr_id is None or text == self._note_kept or self.session.ended:
            return
        with contextlib.suppress(UserError, ValueError):
            save_draft(self.session.store, self.session.meeting.id, kr_note_field(kr_id), text)
            self._note_kept = text

    def _drop_note(self) -> None:
        """The note was saved with a check-in, or cancelled: its draft goes."""
        if self._note_timer is not None:
            self._note_timer.stop()
            self._note_timer = None
        kr_id, self._note_kr = self._note_kr, None
        self._note_text = self._note_kept = ""
        if kr_id is not None and not self.session.ended:
            with contextlib.suppress(UserError, ValueError):
                clear_draft(self.session.store, self.session.meeting.id, kr_note_field(kr_id))

    def on_key(self, event: Key) -> None:
        if self._pending_one is not None and event.key != "0":
            # Any key but `0` first writes the waiting `1`, then does what it does.
            self.flush()
        if event.key == "escape" and self._input_mode is not None:
            event.stop()
            self._close_input()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        row = self.selected
        if row is None or self._input_mode is None:
            self._close_input()
            return
        kr = row.kr
        if self._input_mode == "value":
            try:
                entry = parse_value_entry(event.value, kr)
            except InputProblem as problem:
                self.app.notify(str(problem), title="Not saved", severity="error", markup=False)
                return
            confidence = row.confidence if entry.confidence is None else entry.confidence
            what = f"{kr.ref}: value {value_text(kr, entry.value)}, confidence {confidence}"
            saved = record(
                self,
                lambda: self.session.record_confidence(kr.id, confidence, value=entry.value),
                what,
            )
        else:
            note = event.value.strip()
            if not note:
                self._close_input()
                return
            saved = record(
                self,
                lambda: self.session.record_confidence(kr.id, row.confidence, note=note),
                f"{kr.ref}: note saved",
            )
        if saved is not None:
            self._close_input()
            self._advance(saved)

    # -- blockers and wins from the round ---------------------------------------------

    def _people(self) -> list[Person]:
        return meeting_people(self.session)

    def _krs(self) -> list[KeyResult]:
        return [r.kr for r in self.rows]

    def action_blocker(self) -> None:
        row = self.selected
        if row is None:
            return
        owner = row.owner.handle if row.owner is not None else ""
        form = FormModal(
            f"Raise a blocker on {row.kr.ref}",
            [
                text_field("text", "What is in the way?", "e.g. waiting for the staging DB"),
                owner_field(self._people(), owner, "Owner (who will unblock it):"),
            ],
        )
        kr_id = row.kr.id

        def done(values: dict[str, object] | None) -> None:
            if values is None:
                return
            text, owner_person = values["text"], values["owner"]
            assert isinstance(text, str) and isinstance(owner_person, Person)
            if record(
                self,
                lambda: self.session.raise_blocker(text, owner_person.id, kr_id),
                f"blocker raised on {row.kr.ref}",
            ):
                self._refresh_context(kr_id)

        self.app.push_screen(form, done)

    def _refresh_context(self, kr_id: int) -> None:
        """After a blocker or an action on `kr_id`: its row's mark and its detail."""
        self._read_context()
        position = next((i for i, r in enumerate(self.rows) if r.kr.id == kr_id), None)
        if position is not None:
            self.query_one(PanelList).replace_row(position, self._line(self.rows[position]))
        self._shown = None
        self._show_detail()

    def action_action(self) -> None:
        """An action item for the KR under the cursor: what, who, by when."""
        row = self.selected
        if row is None:
            return
        owner = row.owner.handle if row.owner is not None else ""
        today = today_of(self.session)
        form = FormModal(
            f"An action for {row.kr.ref}",
            [
                text_field("text", "The action:", "what will be done"),
                owner_field(self._people(), owner),
                due_field(today),
            ],
        )
        kr_id = row.kr.id

        def done(values: dict[str, object] | None) -> None:
            if values is None:
                return
            text, person, due = values["text"], values["owner"], values["due"]
            assert isinstance(text, str) and isinstance(person, Person)
            if record(
                self,
                lambda: self.session.add_action(
                    text, person.id, due if isinstance(due, date) else None, kr_id
                ),
                f"action added on {row.kr.ref}, owner {person.handle}",
            ):
                self._refresh_context(kr_id)

        self.app.push_screen(form, done)

    def action_vote(self) -> None:
        """Open a blind confidence vote on the KR under the cursor; go to the agenda's vote
        step when it has one (the vote shows there), else say how people vote."""
        from okrtui.meeting.vote import open_vote

        row = self.selected
        if row is None:
            return
        self.flush()
        opened = record(
            self,
            lambda: open_vote(self.session.store, self.session.meeting.id, row.kr.id),
            f"blind vote opened on {row.kr.ref}",
        )
        if opened is None:
            return
        step = next((s for s in self.session.steps if s.kind == "vote"), None)
        go_to = getattr(self.screen, "go_to", None)
        if step is not None and go_to is not None:
            self.screen.call_later(go_to, step.position)
            return
        self.notify(
            f"Blind vote open on {row.kr.ref}: everyone votes with `okrtui vote`; "
            "this agenda has no vote step to reveal it in.",
            markup=False,
        )

    def action_win(self) -> None:
        row = self.selected
        if row is None:
            return
        owner = row.owner.handle if row.owner is not None else ""
        form = FormModal(
            "Record a win",
            [
                text_field("text", "The win:", "what went right, and its effect"),
                people_field(self._people(), owner),
                kr_field(self._krs(), row.kr.ref),
            ],
        )

        def done(values: dict[str, object] | None) -> None:
            if values is None:
                return
            text, people, kr = values["text"], values["people"], values["kr"]
            assert isinstance(text, str) and isinstance(people, list)
            kr_id = kr.id if isinstance(kr, KeyResult) else None
            record(
                self,
                lambda: self.session.add_win(text, [p.id for p in people], kr_id),
                "win recorded",
            )

        self.app.push_screen(form, done)

"""The grading step: each KR in scope with its suggested and final grade, graded in one or
two keystrokes, with the objective scores that follow from the KR grades.

Keys: a digit grades in tenths (`7` is 0.7), `t` is 1.0, `=` takes the suggestion, `.`
then two digits gives hundredths, `e` or Enter types a grade, `u` leaves a KR ungraded with
a reason, `n` adds a note (`g` stays the meeting screen's "go to step"). Every grade is
saved the moment it is entered, then the cursor moves on.
Grades are facts: a regrade is a new row, and it keeps the note the KR had.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widgets import DataTable, Static

from okrtui.cycle import CycleError, grade_kr, leave_ungraded
from okrtui.domain.bands import (
    GradeBand,
    format_grade,
    grade_band,
    needs_post_mortem,
    parse_grade,
)
from okrtui.domain.models import ObjectiveKind
from okrtui.text import clean_line
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.steps.close_parts import Feedback
from okrtui.tui.text import plain, plain_rich
from okrtui.tui.widgets.meeting_form import FormField, FormModal
from okrtui.tui.widgets.meeting_kit import text_field
from okrtui.tui.widgets.meeting_parse import InputProblem
from okrtui.tui.widgets.parts import to_text
from okrtui.views.grading import GradingRow, ObjectiveScore, load_grading

GRADE_COLOURS: dict[GradeBand, str] = {
    GradeBand.RED: "bold $band-off-track",
    GradeBand.YELLOW: "bold $band-at-risk",
    GradeBand.GREEN: "bold $band-on-track",
}
"""The grade bands in the band colours that read at 4.5:1 in every theme
(okrtui.tui.contrast); the band's name is always written beside the grade."""


def band_text(score: float | None) -> Text:
    if score is None:
        return Text("")
    band = grade_band(score)
    return to_text(Content.styled(band.label, GRADE_COLOURS[band]))


def _shorten(text: str, width: int) -> str:
    """User text on one line (cleaned of control characters), cut to `width`."""
    text = clean_line(text)
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


COMPACT_BELOW = 36
"""A panel shorter than this shows one objective line, so the KR list gets the height."""

_EDITING = frozenset({"tenths", "full", "accept", "hundredths", "type_grade", "ungraded", "note"})
_SHORT_READING = {
    "left ungraded": "ungraded",
    "missed: PM due": "PM due",
    "missed: PM ✓": "PM ✓",
    "under 0.7": "< 0.7",
}
_READING_STYLE = {
    "missed: PM due": "bold $band-off-track",
    "missed: PM ✓": "$band-at-risk",
    "under 0.7": "$band-at-risk",
}


@dataclass(frozen=True, slots=True)
class TableLayout:
    """The table's columns for the panel's width; the KR title takes what is left.

    From 110 cells the kind and the reading are spelled out; below, they are abbreviated
    (`commit.`, then `com.` below 80; `PM due` for a committed KR short of 1.0 without its
    post-mortem). Below 80 the progress column goes (the detail line under the table says it)."""

    width: int
    longest_title: int = 200
    """The title column is never wider than the longest title."""

    @property
    def progress_column(self) -> bool:
        return self.width >= 80

    @property
    def full_kind(self) -> bool:
        return self.width >= 110

    @property
    def kind_width(self) -> int:
        return 12 if self.full_kind else 7 if self.progress_column else 4

    @property
    def reading_width(self) -> int:
        return 14 if self.full_kind else 8

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(label for label, _ in self.column_widths)

    @property
    def column_widths(self) -> tuple[tuple[str, int], ...]:
        progress = (("Prog.", 5),) if self.progress_column else ()
        fixed: tuple[tuple[str, int], ...] = (
            ("Ref", 8),
            ("Kind", self.kind_width),
            *progress,
            ("Sugg.", 5),
            ("Grade", 11),
            ("Reading", self.reading_width),
        )
        # each column is padded by one cell either side; the scrollbar takes one
        used = sum(width for _, width in fixed) + 2 * (len(fixed) + 1) + 1
        title = max(8, min(self.width - used, max(10, self.longest_title)))
        return (fixed[0], ("Key result", title), *fixed[1:])

    @property
    def title_width(self) -> int:
        return dict(self.column_widths)["Key result"]

    def kind(self, kind: ObjectiveKind) -> str:
        if self.full_kind:
            return kind.value
        if self.progress_column:
            return "commit." if kind is ObjectiveKind.COMMITTED else "aspir."
        return "com." if kind is ObjectiveKind.COMMITTED else "asp."

    def reading(self, reading: str) -> str:
        return reading if self.full_kind else _SHORT_READING.get(reading, reading)


class GradingPanel(StepPanel):
    KIND = "grading"

    DEFAULT_CSS = """
    GradingPanel {
        height: 1fr;
        layout: vertical;
    }
    GradingPanel > #grading-head {
        height: auto;
        padding: 0 1;
        text-style: bold;
    }
    GradingPanel > DataTable {
        height: 1fr;
        min-height: 4;
    }
    GradingPanel > #grading-detail {
        height: auto;
        max-height: 3;
        padding: 0 1;
    }
    GradingPanel > DataTable {
        scrollbar-size-vertical: 1;
    }
    GradingPanel > #grading-objectives {
        height: auto;
        max-height: 16;
        padding: 0 1;
        border-top: hkey $panel;
    }
    GradingPanel.-compact > #grading-objectives {
        max-height: 1;
        border-top: none;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    GradingPanel.-compact > #grading-detail {
        max-height: 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("0", "tenths(0)", "Tenths", key_display="0-9", id="grading.tenths.0"),
        *[
            Binding(str(d), f"tenths({d})", f"Grade 0.{d}", show=False, id=f"grading.tenths.{d}")
            for d in range(1, 10)
        ],
        Binding("t,exclamation_mark", "full", "1.0", key_display="t", id="grading.full"),
        Binding("equals_sign", "accept", "Suggested", key_display="=", id="grading.accept"),
        # In ? help only, so the footer keeps Next, End, Quit and Help at 80 columns.
        Binding(
            "full_stop",
            "hundredths",
            "Hundredths",
            key_display=".",
            id="grading.hundredths",
            show=False,
        ),
        Binding("e", "type_grade", "Type", id="grading.type", show=False),
        Binding("u", "ungraded", "Ungraded", id="grading.ungraded", show=False),
        Binding("n", "note", "Note", id="grading.note", show=False),
        Binding("j", "move(1)", "Next KR", show=False, id="grading.down"),
        Binding("k", "move(-1)", "Previous KR", show=False, id="grading.up"),
        Binding("escape", "cancel_hundredths", "Cancel", show=False, id="grading.cancel"),
    ]

    def init_state(self) -> None:
        self.read_only = bool(self.options.get("read_only", False))
        self.rows: list[GradingRow] = []
        self.objective_scores: list[ObjectiveScore] = []
        self._hundredths: str | None = None
        self.table_layout = TableLayout(100)
        self.compact = False
        """A short panel: the objectives summary shrinks to one line."""

    # -- building -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="grading-head")
        table: DataTable[Text] = DataTable(cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(id="grading-detail")
        yield Static(id="grading-objectives")
        yield Feedback(id="grading-feedback")

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one(DataTable)

    @property
    def feedback(self) -> Feedback:
        return self.query_one("#grading-feedback", Feedback)

    def on_mount(self) -> None:
        self.refresh_data()
        self.feedback.hint(self._usage())

    def _usage(self) -> str:
        """The line under the table when nothing needs saying (the footer lists the keys)."""
        if self.read_only:
            return "Grades as entered; this step only shows them."
        return ""

    def refresh_data(self) -> None:
        self.rows, self.objective_scores = load_grading(
            self.session.store, self.session.meeting, all_teams=self.all_teams
        )
        self.table_layout = self._layout(self.table_layout.width)
        self._fill_table()
        self._show_head()
        self._show_objectives()
        self._show_detail()

    def _layout(self, width: int) -> TableLayout:
        longest = max((len(clean_line(r.kr.title)) for r in self.rows), default=10)
        return TableLayout(width, longest)

    def _fill_table(self) -> None:
        table = self.table
        keep = self.current_row
        keep_id = keep.kr.id if keep is not None else None
        table.clear(columns=True)
        for label, width in self.table_layout.column_widths:
            table.add_column(label, key=label, width=width)
        for row in self.rows:
            table.add_row(*self._cells(row), key=str(row.kr.id))
        if keep_id is not None:
            index = next((i for i, r in enumerate(self.rows) if r.kr.id == keep_id), 0)
            table.move_cursor(row=index, animate=False)

    def _cells(self, row: GradingRow) -> list[Text]:
        if row.left_ungraded:
            grade = Text("n/a", style="dim")
        elif row.score is None:
            grade = Text("—", style="dim")
        else:
            grade = Text.assemble((f"{format_grade(row.score):<4} ", "bold"), band_text(row.score))
        layout = self.table_layout
        reading = row.reading()
        progress = [Text(f"{round(row.progress * 100):>3}%")] if layout.progress_column else []
        return [
            plain_rich(row.kr.ref),
            Text(_shorten(row.kr.title, layout.title_width)),
            Text(layout.kind(row.kind)),
            *progress,
            Text(format_grade(row.suggested)),
            grade,
            to_text(
                Content.styled(layout.reading(reading), _READING_STYLE.get(reading, "$text-muted"))
            ),
        ]

    def _show_head(self) -> None:
        graded = sum(r.grade is not None for r in self.rows)
        misses = sum(r.post_mortem for r in self.rows)
        mode = "read only · " if self.read_only else ""
        text = f"{mode}{graded} of {len(self.rows)} KRs graded"
        if misses:
            missing = sum(r.post_mortem and not r.note.strip() for r in self.rows)
            due = f"{missing} post-mortem{'' if missing == 1 else 's'} due"
            text += f" · {misses} committed under 1.0, {due}"
        self.query_one("#grading-head", Static).update(Content(text))

    def _show_objectives(self) -> None:
        target = self.query_one("#grading-objectives", Static)
        if not self.objective_scores:
            target.update(Content("No key results in scope."))
            return
        if self.compact:
            target.update(self._objective_line())
            return
        width = max(12, self.table_layout.width - 50)
        widest = max(len(clean_line(item.objective.title)) for item in self.objective_scores)
        width = min(width, widest)
        parts = [
            Content.assemble(
                (f"{clean_line(item.objective.ref):<8}", "bold"),
                f" {_shorten(item.objective.title, width):<{width}} ",
                f"{item.objective.kind.value:<12} ",
                *_score_parts(item),
                (f" {item.graded}/{item.total} graded", "$text-muted"),
            )
            for item in self.objective_scores
        ]
        target.update(Content("\n").join(parts))

    def _objective_line(self) -> Content:
        """One line: the objective of the KR under the cursor, and how many are scored."""
        row = self.current_row
        done = sum(item.graded == item.total for item in self.objective_scores)
        tail = (f" · {done}/{len(self.objective_scores)} objectives graded", "$text-muted")
        item = next(
            (
                o
                for o in self.objective_scores
                if row is not None and o.objective.id == row.objective.id
            ),
            None,
        )
        if item is None:
            return Content.assemble(tail[0].lstrip(" ·"))
        ref = clean_line(item.objective.ref)
        used = 2 + len(ref) + 1 + 1 + 11 + len(f" {item.graded}/{item.total}") + len(tail[0])
        room = max(8, self.table_layout.width - used)
        return Content.assemble(
            (f"{ref} ", "bold"),
            _shorten(item.objective.title, room),
            " ",
            *_score_parts(item),
            (f" {item.graded}/{item.total}", "$text-muted"),
            tail,
        )

    def _show_detail(self) -> None:
        row = self.current_row
        detail = self.query_one("#grading-detail", Static)
        if row is None:
            detail.update("")
            return
        parts: list[tuple[str, str] | str | Content] = [
            plain(row.kr.ref).stylize("bold"),
            " ",
            plain(row.kr.title),
            (
                f"  ({row.kind.value}, expected {format_grade(row.kind.expected_score)}; "
                f"progress {round(row.progress * 100)}%)",
                "$text-muted",
            ),
        ]
        if row.grade is not None and row.grade.ungraded_reason:
            parts += ["\nLeft ungraded: ", plain(row.grade.ungraded_reason)]
        elif row.note:
            parts += ["\nNote: ", plain(row.note)]
        elif row.post_mortem:
            assert row.score is not None
            parts.append(
                (
                    f"\nCommitted KRs expect 1.0: {format_grade(row.score)} is "
                    f"{grade_band(row.score).label} on the grade scale but short of the "
                    "commitment. Press n for its post-mortem note.",
                    "$text-warning",
                )
            )
        detail.update(Content.assemble(*parts))

    def on_resize(self, event: events.Resize) -> None:
        compact = event.size.height < COMPACT_BELOW
        if event.size.width != self.table_layout.width or compact != self.compact:
            self.table_layout = self._layout(event.size.width)
            self.compact = compact
            self.set_class(compact, "-compact")
            if self.is_mounted:
                self._fill_table()
                self._show_objectives()

    # -- where we are -------------------------------------------------------------

    @property
    def current_row(self) -> GradingRow | None:
        if not self.rows or not self.is_mounted:
            return None
        index = self.table.cursor_row
        return self.rows[index] if 0 <= index < len(self.rows) else None

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail()
        if self.compact:
            self._show_objectives()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if not self.read_only:
            self.action_type_grade()

    def focus_first(self) -> None:
        self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _EDITING and self.read_only:
            return False
        if action == "cancel_hundredths":
            return self._hundredths is not None
        return True

    # -- keys -----------------------------------------------------------------------

    def action_move(self, delta: int) -> None:
        if self.rows:
            target = min(max(self.table.cursor_row + delta, 0), len(self.rows) - 1)
            self.table.move_cursor(row=target, animate=False)

    def action_tenths(self, digit: int) -> None:
        if self._hundredths is not None:
            self._hundredths += str(digit)
            if len(self._hundredths) < 2:
                self.feedback.hint(f"Grade 0.{self._hundredths}_ : type the second digit")
                return
            typed, self._hundredths = f"0.{self._hundredths}", None
            self._grade(typed)
            return
        self._grade(str(digit))

    def action_full(self) -> None:
        self._hundredths = None
        self._grade("1.0")

    def action_accept(self) -> None:
        self._hundredths = None
        row = self.current_row
        if row is not None:
            self._grade(format_grade(row.suggested))

    def action_hundredths(self) -> None:
        if self.current_row is None:
            return
        self._hundredths = ""
        self.feedback.hint("Grade 0.__ : type two digits (Esc cancels)")

    def action_cancel_hundredths(self) -> None:
        self._hundredths = None
        self.feedback.hint(self._usage())

    def action_type_grade(self) -> None:
        row = self.current_row
        if row is None:
            return
        self._hundredths = None
        current = "" if row.score is None else format_grade(row.score)

        def parse(text: str) -> float:
            try:
                return parse_grade(text)
            except ValueError as error:
                raise InputProblem(f"{row.kr.ref}: {error}; nothing was saved") from None

        form = FormModal(
            f"Grade {row.kr.ref}",
            [
                FormField(
                    "grade", "Grade (0.0–1.0; 7 means 0.7):", "e.g. 0.7, 1.0, 0.75", current, parse
                )
            ],
        )

        def done(values: dict[str, object] | None) -> None:
            if values is not None:
                self._grade(format_grade(float(str(values["grade"]))), row)

        self.app.push_screen(form, done)

    def action_ungraded(self) -> None:
        row = self.current_row
        if row is None:
            return
        self._hundredths = None
        form = FormModal(
            f"Leave {row.kr.ref} ungraded",
            [
                text_field(
                    "reason",
                    "Why is it left ungraded?",
                    "e.g. dropped in week 6 when the vendor changed",
                )
            ],
        )

        def done(values: dict[str, object] | None) -> None:
            if values is not None:
                self._leave_ungraded(row, str(values["reason"]))

        self.app.push_screen(form, done)

    def action_note(self) -> None:
        row = self.current_row
        if row is None:
            return
        self._hundredths = None
        score = row.score
        if score is None:
            self.feedback.say(
                f"{row.kr.ref} has no grade yet: grade it first, then add a note", error=True
            )
            return
        self._open_note(row, score)

    def _open_note(self, row: GradingRow, score: float) -> None:
        post_mortem = needs_post_mortem(row.kind, score)
        label = (
            "Post-mortem: what happened, what would we do differently?" if post_mortem else "Note:"
        )
        title = (
            f"Post-mortem for {row.kr.ref}: committed, graded {format_grade(score)}"
            if post_mortem
            else f"Note for the grade of {row.kr.ref} ({format_grade(score)})"
        )
        hint = (
            "Enter: save · Esc: later (the summary and the close list missing post-mortems)"
            if post_mortem
            else ""
        )
        form = FormModal(
            title, [FormField("note", label, "a sentence or two", row.note)], hint=hint
        )

        def done(values: dict[str, object] | None) -> None:
            if values is not None:
                self._note(row, score, str(values["note"]))

        self.app.push_screen(form, done)

    # -- recording --------------------------------------------------------------------

    def _author(self) -> int | None:
        return self.me_id if self.me_id is not None else self.session.meeting.facilitator_id

    def _refuse_if_ended(self) -> bool:
        if self.session.ended:
            self.feedback.say("This meeting has ended: grades can no longer change", error=True)
            return True
        return False

    def _grade(self, typed: str, row: GradingRow | None = None) -> bool:
        row = row or self.current_row
        if row is None or self._refuse_if_ended():
            return False
        try:
            grade = grade_kr(
                self.session.store,
                row.kr.id,
                typed,
                note=row.note,
                author_id=self._author(),
                meeting_id=self.session.meeting.id,
            )
        except CycleError as error:
            self.feedback.say(f"{error}; nothing was saved", error=True)
            return False
        assert grade.score is not None
        self._after_record(row, f"{row.kr.ref} graded {format_grade(grade.score)}", advance=True)
        if needs_post_mortem(row.kind, grade.score) and not row.note.strip():
            # a committed KR short of 1.0: its post-mortem note is asked for at once
            self._open_note(row, grade.score)
        return True

    def _leave_ungraded(self, row: GradingRow, reason: str) -> bool:
        if self._refuse_if_ended():
            return False
        try:
            leave_ungraded(
                self.session.store,
                row.kr.id,
                reason,
                author_id=self._author(),
                meeting_id=self.session.meeting.id,
            )
        except CycleError as error:
            self.feedback.say(f"{error}; nothing was saved", error=True)
            return False
        self._after_record(row, f"{row.kr.ref} left ungraded", advance=True)
        return True

    def _note(self, row: GradingRow, score: float, note: str) -> bool:
        if self._refuse_if_ended():
            return False
        try:
            grade_kr(
                self.session.store,
                row.kr.id,
                score,
                note=note,
                author_id=self._author(),
                meeting_id=self.session.meeting.id,
            )
        except CycleError as error:
            self.feedback.say(f"{error}; nothing was saved", error=True)
            return False
        self._after_record(row, f"note saved for {row.kr.ref}", advance=False)
        return True

    def _after_record(self, row: GradingRow, what: str, *, advance: bool) -> None:
        self.refresh_data()
        if advance:
            index = next((i for i, r in enumerate(self.rows) if r.kr.id == row.kr.id), 0)
            self.table.move_cursor(row=min(index + 1, len(self.rows) - 1), animate=False)
        self.feedback.hint(self._usage())
        self.post_message(StepPanel.Recorded(what))


_CONTENT_BAND = GRADE_COLOURS


def _score_parts(item: ObjectiveScore) -> tuple[tuple[str, str], ...]:
    """`0.6 Yellow`, or a dash while no KR of the objective is graded."""
    if item.score is None:
        return (("   —       ", "$text-muted"),)
    band = grade_band(item.score)
    return ((f"{format_grade(item.score):>4} {band.label:<6}", _CONTENT_BAND[band]),)

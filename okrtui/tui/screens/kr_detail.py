"""One KR in full: status, its course over the cycle against the pace, every check-in,
and its blockers, wins, actions and grade."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Static

from okrtui.domain.bands import format_grade, grade_band
from okrtui.domain.sparkline import text_sparkline
from okrtui.text import clean_line
from okrtui.tui.screens.base import OkrScreen, help_only
from okrtui.tui.text import plain, plain_rich
from okrtui.tui.widgets.parts import BAND_STYLE, confidence_badge, pace_bar
from okrtui.views.format import days_ago, short_date
from okrtui.views.kr_detail import KRDetail, WeekPoint, load_kr_detail

GRADE_STYLE = {"red": "$text-error", "yellow": "$text-warning", "green": "$text-success"}


def header_content(d: KRDetail) -> Content:
    kind = d.objective.kind.value
    team = f"{clean_line(d.team.code)} {clean_line(d.team.name)}" if d.team else ""
    return Content.assemble(
        plain(d.kr.ref).stylize("bold $text-accent"),
        "  ",
        plain(d.kr.title).stylize("bold"),
        "\n",
        ("Objective ", "$text-muted"),
        plain(d.objective.ref).stylize("$text-muted"),
        " ",
        plain(d.objective.title),
        (f" · {kind}", "italic $text-secondary"),
        ("\n", ""),
        (team, "$text-muted"),
        (" · owner ", "$text-muted"),
        plain(d.owner or "nobody"),
        (f" · {clean_line(d.cycle.name)}, {d.week}", "$text-muted"),
    )


def status_content(d: KRDetail, width: int) -> Content:
    last = days_ago(d.days_since)
    return Content.assemble(
        ("Value      ", "$text-muted"),
        plain(d.value).stylize("bold"),
        "\n",
        ("Confidence ", "$text-muted"),
        confidence_badge(d.confidence, d.band, d.change),
        " ",
        (d.band.label, BAND_STYLE[d.band]),
        ("   last check-in ", "$text-muted"),
        (last, "$text-warning" if d.stale else ""),
        "\n",
        ("           ", ""),
        (f"▲▼ {d.since}" if d.since else "", "$text-muted"),
        "\n",
        ("Progress   ", "$text-muted"),
        pace_bar(d.progress, d.expected, max(10, min(40, width - 42))),
        (f"  pace expects {round(d.expected * 100)}%", "$text-muted"),
    )


def course_content(course: tuple[WeekPoint, ...], current_week: int) -> Content:
    """Week by week, two cells a week: confidence (0–10), progress and the expected pace
    (0–100%). Weeks still ahead show only the pace."""

    def row(label: str, cells: list[str], style: str) -> Content:
        return Content.assemble((label.ljust(12), "$text-muted"), (" ".join(cells), style))

    def bar(value: float | None, hi: float) -> str:
        return "  " if value is None else text_sparkline([value], 0, hi) * 2

    weeks = [str(p.week).rjust(2) for p in course]
    week_row = Content.assemble(
        ("Week".ljust(12), "$text-muted"),
        *(
            (
                f"{w} " if i < len(weeks) - 1 else w,
                "bold reverse" if p.week == current_week else "$text-muted",
            )
            for i, (w, p) in enumerate(zip(weeks, course, strict=True))
        ),
    )
    return Content("\n").join(
        [
            week_row,
            row("Confidence", [bar(p.confidence, 10) for p in course], "$text-accent"),
            row("Progress", [bar(p.progress, 1) for p in course], "$text-success"),
            row("Pace", [bar(p.expected, 1) for p in course], "$text-muted"),
        ]
    )


def owner_name(names: dict[int, str], owner_id: int | None) -> str:
    return clean_line(names.get(owner_id, "")) if owner_id else "no owner"


def related_content(d: KRDetail) -> Content:
    names = d.names
    lines: list[Content] = []

    def heading(text: str, count: int) -> None:
        if lines:
            lines.append(Content(""))
        lines.append(Content.styled(f"{text} ({count})", "bold $text-accent"))

    heading("Blockers", len(d.blockers))
    for b in d.blockers:
        resolution = clean_line(b.resolution)
        state = "open" if b.is_open else f"resolved: {resolution}" if resolution else "resolved"
        lines.append(
            Content.assemble(
                ("  ● " if b.is_open else "  ○ ", "$text-error" if b.is_open else "$text-muted"),
                plain(b.text),
                (f" · {owner_name(names, b.owner_id)}", "$text-muted"),
                (f" · {short_date(b.raised_at.date())} · {state}", "$text-muted"),
                (
                    f" · needed by {short_date(b.needed_by)}" if b.needed_by is not None else "",
                    "$text-warning" if b.is_open else "$text-muted",
                ),
            )
        )
    heading("Wins", len(d.wins))
    for w in d.wins:
        people = ", ".join(clean_line(names.get(p, "?")) for p in w.recognised_ids)
        lines.append(
            Content.assemble(
                ("  ★ ", "$text-success"),
                plain(w.text),
                (f" · {people}" if people else "", "$text-muted"),
                (f" · {short_date(w.at.date())}", "$text-muted"),
            )
        )
    heading("Actions", len(d.actions))
    for a in d.actions:
        due = f" · due {short_date(a.due)}" if a.due else ""
        lines.append(
            Content.assemble(
                ("  [x] " if not a.is_open else "  [ ] ", "$text-muted"),
                plain(a.text),
                (
                    f" · {owner_name(names, a.owner_id)}{due}",
                    "$text-muted",
                ),
            )
        )
    if d.decisions:
        heading("Decisions", len(d.decisions))
        for decision in d.decisions:
            owners = ", ".join(clean_line(names.get(p, "?")) for p in decision.owner_ids)
            lines.append(
                Content.assemble(
                    ("  ◆ ", "$text-accent"),
                    plain(decision.text),
                    (f" · {owners}" if owners else "", "$text-muted"),
                    (f" · {short_date(decision.at.date())}", "$text-muted"),
                )
            )
    lines.append(Content(""))
    if d.grade is None:
        lines.append(
            Content.assemble(("Grade ", "bold $text-accent"), ("not graded yet", "$text-muted"))
        )
    elif d.grade.score is None:
        lines.append(
            Content.assemble(
                ("Grade ", "bold $text-accent"), "ungraded: ", plain(d.grade.ungraded_reason)
            )
        )
    else:
        band = grade_band(d.grade.score).value
        lines.append(
            Content.assemble(
                ("Grade ", "bold $text-accent"),
                (format_grade(d.grade.score), f"bold {GRADE_STYLE[band]}"),
                (f"  {clean_line(d.grade.note)}" if d.grade.note else "", ""),
            )
        )
    return Content("\n").join(lines)


class KRDetailScreen(OkrScreen[KRDetail]):
    PURPOSE = (
        "One key result in full: its value, confidence and progress against the pace, how "
        "they moved week by week, every check-in, and its blockers, wins, actions and grade."
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back", id="kr.back"),
        *help_only(OkrScreen.BINDINGS, "nav.start_meeting"),
    ]

    def __init__(self, kr_id: int) -> None:
        super().__init__(id=f"kr-{kr_id}")
        self.kr_id = kr_id
        self.detail: KRDetail | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="kr-body"):
            yield Static(id="kr-header", markup=False)
            yield Static(id="kr-status", markup=False)
            yield Static("Over the cycle", classes="section", markup=False)
            yield Static(id="kr-course", markup=False)
            yield Static(id="kr-related", markup=False)
            yield Static("Check-ins, newest first", classes="section", markup=False)
            table: DataTable[Text] = DataTable(
                id="kr-checkins", cursor_type="row", zebra_stripes=True
            )
            yield table
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#kr-checkins", DataTable)
        table.add_columns("When", "Value", "Conf", "By", "Meeting", "Note")
        self.query_one("#kr-body").focus()
        # OkrScreen.on_mount, which loads and shows the KR, runs next (Textual calls the
        # handler of every class in the MRO).

    def load(self) -> KRDetail:
        app = self.okr
        return load_kr_detail(app.store, self.kr_id, app.today(), app.clock.now(), self.thresholds)

    def show(self, data: KRDetail) -> None:
        self.detail = data
        self.sub_title = data.kr.ref
        width = self.size.width or 80
        self.query_one("#kr-header", Static).update(header_content(data))
        self.query_one("#kr-status", Static).update(status_content(data, width))
        current = max((p.week for p in data.course if p.progress is not None), default=0)
        self.query_one("#kr-course", Static).update(course_content(data.course, current))
        table: DataTable[Text] = self.query_one("#kr-checkins", DataTable)
        table.clear()
        for row in data.checkins:
            c = row.checkin
            table.add_row(
                Text(row.when),
                plain_rich(row.value),
                Text(str(c.confidence), justify="right"),
                plain_rich(row.author),
                plain_rich(row.meeting),
                plain_rich(c.note + (f"  ✓ {row.acknowledged}" if row.acknowledged else "")),
            )
        if not data.checkins:
            table.add_row(Text("no check-ins yet"), *(Text("") for _ in range(5)))
        self.query_one("#kr-related", Static).update(related_content(data))

"""The dashboard's list: teams, their objectives and KRs, one line each.

A Line API widget: only the lines on screen are rendered, so an organisation of thousands
of KRs costs no more to show than the demo. Columns adapt to the width; the presenter
layout drops the secondary ones and spaces the groups.
"""

from __future__ import annotations

from typing import ClassVar, Literal, NamedTuple

from textual import events
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from okrtui.text import clean_line
from okrtui.tui.text import plain
from okrtui.tui.widgets.parts import confidence_badge, pace_bar
from okrtui.views.dashboard import KRView, ObjectiveView, TeamView
from okrtui.views.format import days_ago

RowKind = Literal["team", "objective", "kr", "spacer"]


class TableRow(NamedTuple):
    """One line of the list (a named tuple: a big organisation has thousands)."""

    kind: RowKind
    team: TeamView
    objective: ObjectiveView | None = None
    kr: KRView | None = None

    @property
    def key(self) -> tuple[RowKind, int]:
        if self.kr is not None:
            return ("kr", self.kr.id)
        if self.objective is not None:
            return ("objective", self.objective.id)
        return (self.kind, self.team.id)


class Columns(NamedTuple):
    ref: int
    title: int
    bar: int
    badge: int
    days: int
    owner: int


def columns(width: int, presenter: bool) -> Columns:
    """Column widths for a line `width` cells wide (indent and gaps included)."""
    ref = 8
    badge = 7
    if presenter:
        bar = max(10, min(30, width // 4))
        days, owner = 0, 0
    else:
        bar = 10 if width < 100 else 16 if width < 160 else 24
        days = 7
        owner = 0 if width < 70 else 10 if width < 100 else 16 if width < 160 else 22
    fixed = 4 + ref + 1 + 1 + bar + 5 + 1 + badge + (1 + days if days else 0)
    fixed += 1 + owner if owner else 0
    return Columns(ref, max(8, width - fixed), bar, badge, days, owner)


def table_rows(teams: tuple[TeamView, ...], presenter: bool) -> list[TableRow]:
    rows: list[TableRow] = []
    for team in teams:
        if presenter and rows:
            rows.append(TableRow("spacer", team))
        rows.append(TableRow("team", team))
        for objective in team.objectives:
            rows.append(TableRow("objective", team, objective))
            rows.extend(TableRow("kr", team, objective, kr) for kr in objective.krs)
    return rows


def _fit(text: str | Content, width: int, style: str = "") -> Content:
    """`text` cut (or padded) to `width` cells; user text comes as `plain(...)`."""
    content = text if isinstance(text, Content) else Content(text)
    return content.stylize(style).truncate(width, ellipsis=True, pad=True)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _owner_short(name: str, width: int) -> str:
    if len(name) <= width:
        return name
    first, _, rest = name.partition(" ")
    return f"{first} {rest[:1]}." if rest else first


class OkrTable(ScrollView, can_focus=True):
    """Teams, objectives and KRs; the cursor moves over objectives and KRs."""

    DEFAULT_CSS = """
    OkrTable {
        height: 1fr;
        background: $surface;
    }
    OkrTable > .okr-table--header { color: $text-muted; text-style: bold; }
    OkrTable > .okr-table--team { color: $text-accent; text-style: bold; }
    OkrTable > .okr-table--objective { text-style: bold; }
    OkrTable > .okr-table--cursor { background: $block-cursor-blurred-background; }
    OkrTable:focus > .okr-table--cursor { background: $block-cursor-background; }
    OkrTable.-presenter > .okr-table--kr { text-style: bold; }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "okr-table--header",
        "okr-table--team",
        "okr-table--objective",
        "okr-table--kr",
        "okr-table--cursor",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "Open KR", id="table.open"),
        Binding("down,j", "move(1)", "Down", show=False, id="table.down"),
        Binding("up,k", "move(-1)", "Up", show=False, id="table.up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.page_up"),
        Binding("home,g", "first", "First", show=False, id="table.first"),
        Binding("end,G", "last", "Last", show=False, id="table.last"),
    ]

    cursor: reactive[int] = reactive(0, always_update=True)
    presenter: reactive[bool] = reactive(False)

    class KrSelected(Message):
        def __init__(self, kr_id: int) -> None:
            super().__init__()
            self.kr_id = kr_id

    class Highlighted(Message):
        def __init__(self, row: TableRow | None) -> None:
            super().__init__()
            self.row = row

    _click_opened = False
    """The first click of the latest click chain opened its row."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._teams: tuple[TeamView, ...] = ()
        self.rows: list[TableRow] = []

    # -- data ---------------------------------------------------------------------

    def set_teams(self, teams: tuple[TeamView, ...]) -> None:
        """Show `teams`, keeping the cursor on the same objective or KR when it is still
        there (so a live refresh does not move the selection)."""
        current = self.current_row
        self._teams = teams
        self._rebuild(None if current is None else current.key)

    def _rebuild(self, keep: tuple[RowKind, int] | None) -> None:
        self.rows = table_rows(self._teams, self.presenter)
        index = next((i for i, r in enumerate(self.rows) if r.key == keep), None)
        if index is None:
            # nothing to keep (a fresh table): start on the first KR, so Enter opens one
            index = next((i for i, r in enumerate(self.rows) if r.kind == "kr"), 0)
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows) + 1)
        self.cursor = self._nearest_selectable(index if index is not None else 0, 1)
        self.refresh()

    def watch_presenter(self, presenter: bool) -> None:
        self.set_class(presenter, "-presenter")
        current = self.current_row
        self._rebuild(None if current is None else current.key)

    @property
    def current_row(self) -> TableRow | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    def move_to(self, key: tuple[RowKind, int]) -> bool:
        for i, row in enumerate(self.rows):
            if row.key == key:
                self.cursor = i
                return True
        return False

    # -- cursor -------------------------------------------------------------------

    def _selectable(self, index: int) -> bool:
        return 0 <= index < len(self.rows) and self.rows[index].kind in ("objective", "kr")

    def _nearest_selectable(self, index: int, step: int) -> int:
        if not self.rows:
            return 0
        index = max(0, min(index, len(self.rows) - 1))
        for direction in (step, -step):
            i = index
            while 0 <= i < len(self.rows):
                if self._selectable(i):
                    return i
                i += direction
        return index

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, max(0, len(self.rows) - 1)))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_lines_for(old)
        self.refresh_lines_for(new)
        self.scroll_to_row(new)
        self.post_message(self.Highlighted(self.current_row))

    def scroll_to_row(self, index: int) -> None:
        """Scroll so that row `index` is below the header, with its team heading when
        that fits (the heading says which team the row belongs to)."""
        visible = max(1, self.scrollable_content_region.height - 1)
        top = int(self.scroll_y)
        first = index
        while first > 0 and self.rows[first - 1].kind != "kr" and index - first < 2:
            first -= 1
        if first < top:
            self.scroll_to(y=first, animate=False, immediate=True)
        elif index >= top + visible:
            self.scroll_to(y=index - visible + 1, animate=False, immediate=True)

    def refresh_lines_for(self, index: int) -> None:
        y = index + 1 - int(self.scroll_offset.y)
        self.refresh(Region(0, y, self.size.width, 1))

    def action_move(self, step: int) -> None:
        target = self.cursor + step
        while 0 <= target < len(self.rows) and not self._selectable(target):
            target += step
        if self._selectable(target):
            self.cursor = target

    def action_page(self, direction: int) -> None:
        target = self.cursor + direction * max(1, self.size.height - 2)
        self.cursor = self._nearest_selectable(target, direction)

    def action_first(self) -> None:
        self.cursor = self._nearest_selectable(0, 1)

    def action_last(self) -> None:
        self.cursor = self._nearest_selectable(len(self.rows) - 1, -1)

    def action_open(self) -> None:
        row = self.current_row
        if row is None:
            return
        if row.kr is not None:
            self.post_message(self.KrSelected(row.kr.id))
        elif row.kind == "objective":
            self.action_move(1)

    def on_click(self, event: events.Click) -> None:
        index = event.y + int(self.scroll_offset.y) - 1
        if not self._selectable(index):
            return
        again = index == self.cursor
        self.cursor = index
        # a click on the row already selected opens it; so does a double click, unless its
        # first click opened it already
        if event.chain == 1:
            self._click_opened = again
            if again:
                self.action_open()
        elif event.chain == 2 and not self._click_opened:
            self._click_opened = True
            self.action_open()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.rows) + 1)

    # -- rendering ----------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.get_visual_style("okr-table--kr")
        if y == 0:
            return self._strip(self._header(width), "okr-table--header", width)
        index = y - 1 + int(self.scroll_offset.y)
        if index >= len(self.rows):
            return Strip.blank(width, base.rich_style)
        row = self.rows[index]
        component = {
            "team": "okr-table--team",
            "objective": "okr-table--objective",
            "kr": "okr-table--kr",
            "spacer": "okr-table--kr",
        }[row.kind]
        content = self._line(row, width)
        if index == self.cursor and self._selectable(index):
            return self._strip(content, component, width, cursor=True)
        return self._strip(content, component, width)

    def _strip(self, content: Content, component: str, width: int, cursor: bool = False) -> Strip:
        names = (component, "okr-table--cursor") if cursor else (component,)
        style = self.get_visual_style(*names)
        segments = content.render_segments(style)
        return Strip(segments).crop_extend(0, width, style.rich_style)

    def _header(self, width: int) -> Content:
        c = columns(width, self.presenter)
        parts: list[Content | str] = [
            _fit("    KR", 4 + c.ref + 1 + c.title),
            " ",
            _fit("progress │ pace", c.bar + 5),
            " ",
            _fit(" conf", c.badge),
        ]
        if c.days:
            parts += [" ", _fit("last".rjust(c.days), c.days)]
        if c.owner:
            parts += [" ", _fit("owner", c.owner)]
        return Content.assemble(*parts)

    def _line(self, row: TableRow, width: int) -> Content:
        c = columns(width, self.presenter)
        if row.kind == "spacer":
            return Content("")
        if row.kind == "team":
            count = sum(len(o.krs) for o in row.team.objectives)
            return Content.assemble(
                ("▍", "$accent"),
                plain(row.team.code),
                " ",
                plain(row.team.name),
                (
                    f"  {_count(len(row.team.objectives), 'objective')} · {_count(count, 'KR')}"
                    + (f" · ▲▼ {row.team.since}" if row.team.since else ""),
                    "$text-muted",
                ),
            ).truncate(width, ellipsis=True)
        if row.kr is None:
            assert row.objective is not None
            return self._objective_line(row.objective, c)
        return self._kr_line(row.kr, c)

    def _objective_line(self, o: ObjectiveView, c: Columns) -> Content:
        tag = "committed" if o.kind.value == "committed" else "aspirational"
        title_width = 2 + c.ref + 1 + c.title
        title = Content.assemble(
            "  ",
            (clean_line(o.ref).ljust(c.ref), "$text-primary"),
            " ",
            plain(o.title),
            (f"  {tag}", "italic $text-secondary"),
        ).truncate(title_width, ellipsis=True, pad=True)
        parts: list[Content | str] = [
            title,
            "   ",
            pace_bar(o.progress, 0 if not o.krs else o.krs[0].expected, c.bar),
            " " * (1 + c.badge),
        ]
        if c.days:
            parts.append(" " * (1 + c.days))
        if c.owner:
            parts += [" ", _fit(plain(_owner_short(o.owner, c.owner)), c.owner, "$text-muted")]
        return Content.assemble(*parts)

    def _kr_line(self, kr: KRView, c: Columns) -> Content:
        parts: list[Content | str] = [
            "    ",
            _fit(plain(kr.ref), c.ref, "$text-muted"),
            " ",
            _fit(plain(kr.title), c.title),
            " ",
            pace_bar(kr.progress, kr.expected, c.bar),
            " ",
            confidence_badge(kr.confidence, kr.band, kr.change),
        ]
        if c.days:
            style = "$text-warning" if kr.stale else "$text-muted"
            parts += [" ", _fit(days_ago(kr.days_since).rjust(c.days), c.days, style)]
        if c.owner:
            parts += [" ", _fit(plain(_owner_short(kr.owner, c.owner)), c.owner)]
        return Content.assemble(*parts)

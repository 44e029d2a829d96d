"""The room's view of the KR under discussion, for presenter mode in a meeting: its title,
its value against its target and its confidence in large digits, the change since the
baseline and the owner's note saying why.

Attributes down: the meeting screen sets `row` (any object with a KR round row's fields) and
the widget draws it; nothing here reads the store.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import Digits, Static

from okrtui.domain.krstate import is_milestone, number_text, value_text
from okrtui.text import clean_line
from okrtui.tui.widgets.parts import BAND_MARK, BAND_STYLE, change_arrow, pace_bar


def big_number(value: float | None) -> str:
    """What the large digits can draw: `1,234.5` as it is written, or `—`."""
    if value is None:
        return "-"
    return number_text(value)


def change_line(row: Any) -> Content:
    """`▼1 since Weekly check-in, Nov 9 · value 24 min → 21 min`."""
    kr = row.kr
    parts: list[Content | tuple[str, str] | str] = [
        Content.styled("Confidence ", "$text-muted"),
        change_arrow(row.change),
        Content.styled(f" (was {row.confidence_before}) ", "$text-muted"),
        Content.styled(row.baseline.label, "$text-muted"),
    ]
    if row.value_changed:
        before = value_text(kr, row.value_before) or "—"
        now = value_text(kr, row.value) or "—"
        parts += [Content.styled(" · value ", "$text-muted"), Content(f"{before} → {now}")]
    return Content.assemble(*parts)


class PresenterStage(Widget):
    """The KR under discussion, large. Hidden while `row` is None."""

    DEFAULT_CSS = """
    PresenterStage { height: auto; padding: 0 1; border: tall $accent; margin-bottom: 1; }
    PresenterStage #stage-title { text-style: bold; color: $text-accent; height: auto; }
    PresenterStage #stage-owner { color: $text-muted; height: auto; }
    PresenterStage #stage-numbers { height: auto; margin-top: 1; }
    PresenterStage .stage-box { width: 1fr; height: auto; }
    PresenterStage .stage-label { color: $text-muted; }
    PresenterStage Digits { width: auto; }
    PresenterStage .stage-unit { height: auto; text-style: bold; }
    PresenterStage #stage-change, PresenterStage #stage-why, PresenterStage #stage-bar {
        height: auto;
    }
    PresenterStage #stage-why { text-style: italic; }
    """

    row: reactive[Any | None] = reactive(None, always_update=True)

    def compose(self) -> ComposeResult:
        yield Static(id="stage-title")
        yield Static(id="stage-owner")
        with Horizontal(id="stage-numbers"):
            with Vertical(classes="stage-box"):
                yield Static(Content("Value"), classes="stage-label")
                yield Digits(id="stage-value")
                yield Static(id="stage-target", classes="stage-unit")
            with Vertical(classes="stage-box"):
                yield Static(Content("Confidence"), classes="stage-label")
                yield Digits(id="stage-confidence")
                yield Static(id="stage-band", classes="stage-unit")
        yield Static(id="stage-bar")
        yield Static(id="stage-change")
        yield Static(id="stage-why")

    def watch_row(self, row: Any | None) -> None:
        self.display = row is not None
        if row is None or not self.is_mounted:
            return
        kr = row.kr
        self.query_one("#stage-title", Static).update(
            Content.assemble((f"{clean_line(kr.ref)}  ", "bold"), Content(clean_line(kr.title)))
        )
        owner = clean_line(row.owner.name) if row.owner is not None else "no owner"
        kind = "committed" if row.committed else "aspirational"
        self.query_one("#stage-owner", Static).update(
            Content(f"{clean_line(row.objective.ref)} {clean_line(row.objective.title)}")
            + Content(f" · {owner} · {kind}")
        )
        if is_milestone(kr):
            self.query_one("#stage-value", Digits).update("1" if row.value >= 1 else "0")
            target = "done" if row.value >= 1 else "not done"
        else:
            self.query_one("#stage-value", Digits).update(big_number(row.value))
            unit = clean_line(kr.unit)
            goal = value_text(kr, kr.target) if kr.target is not None else "no target"
            target = f"{unit} against {goal}".strip()
        self.query_one("#stage-target", Static).update(Content(target))
        self.query_one("#stage-confidence", Digits).update(f"{row.confidence}/10")
        self.query_one("#stage-band", Static).update(
            Content.styled(
                f"{BAND_MARK[row.band]} {row.band.label}", f"bold {BAND_STYLE[row.band]}"
            )
        )
        width = max(10, self.content_region.width - 20)
        self.query_one("#stage-bar", Static).update(
            Content.assemble(
                Content.styled("Progress ", "$text-muted"),
                pace_bar(row.progress, row.expected, width),
                Content.styled(f"  pace {round(row.expected * 100)}%", "$text-muted"),
            )
        )
        self.query_one("#stage-change", Static).update(change_line(row))
        why = self.query_one("#stage-why", Static)
        why.update(Content(f"Why: {clean_line(row.last_note)}") if row.last_note else Content(""))
        why.display = bool(row.last_note)


class PresenterHead(Widget):
    """The step and its time left, large, for the room; hidden outside presenter mode."""

    DEFAULT_CSS = """
    PresenterHead { height: auto; layout: horizontal; margin-bottom: 1; }
    PresenterHead #head-step { width: 1fr; height: 3; content-align: left middle;
        text-style: bold; color: $text-accent; }
    PresenterHead Digits { width: auto; }
    PresenterHead.-over Digits { color: $text-error; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="head-step")
        yield Digits(id="head-timer")

    def show(self, step: str, remaining: float) -> None:
        """`step` (e.g. `Step 2 of 5 · KR round`) and the step's time left in seconds
        (negative: over, shown as `+mm:ss`)."""
        seconds = max(0, int(abs(remaining)))
        minutes, secs = divmod(seconds, 60)
        text = f"{'+' if remaining < 0 else ''}{minutes:02d}:{secs:02d}"
        self.set_class(remaining < 0, "-over")
        head = self.query_one("#head-step", Static)
        if str(head.content) != step:
            head.update(Content(step))
        timer = self.query_one("#head-timer", Digits)
        if timer.value != text:
            timer.update(text)

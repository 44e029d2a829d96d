"""Small KR widgets for screens that show one KR at a time (KR detail, the KR round)."""

from __future__ import annotations

from collections.abc import Sequence

from textual.app import RenderResult
from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from okrtui.domain.bands import ConfidenceBand
from okrtui.domain.sparkline import text_sparkline
from okrtui.tui.widgets.parts import BAND_STYLE, confidence_badge, pace_bar


class PaceBar(Widget):
    """Progress against the expected pace, as wide as the widget."""

    DEFAULT_CSS = "PaceBar { height: 1; }"

    progress: reactive[float] = reactive(0.0)
    expected: reactive[float] = reactive(0.0)

    def __init__(self, progress: float = 0.0, expected: float = 0.0, *, id: str | None = None):
        super().__init__(id=id)
        self.set_reactive(PaceBar.progress, progress)
        self.set_reactive(PaceBar.expected, expected)

    def render(self) -> RenderResult:
        return pace_bar(self.progress, self.expected, max(1, self.content_region.width - 5))


class ConfidenceBadge(Widget):
    """The confidence number in its band's colour, with the arrow of its change."""

    DEFAULT_CSS = "ConfidenceBadge { height: 1; width: auto; }"

    confidence: reactive[int] = reactive(5)
    band: reactive[ConfidenceBand] = reactive(ConfidenceBand.AT_RISK)
    change: reactive[int | None] = reactive(None)

    def __init__(
        self,
        confidence: int = 5,
        band: ConfidenceBand = ConfidenceBand.AT_RISK,
        change: int | None = None,
        *,
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.set_reactive(ConfidenceBadge.confidence, confidence)
        self.set_reactive(ConfidenceBadge.band, band)
        self.set_reactive(ConfidenceBadge.change, change)

    def render(self) -> RenderResult:
        return Content.assemble(
            confidence_badge(self.confidence, self.band, self.change),
            " ",
            (self.band.label, BAND_STYLE[self.band]),
        )


class Sparkline(Widget):
    """A one-line text sparkline of `values` on `lo`..`hi` (confidence 0–10 by default)."""

    DEFAULT_CSS = "Sparkline { height: 1; width: auto; }"

    values: reactive[tuple[float, ...]] = reactive(())

    def __init__(
        self,
        values: Sequence[float] = (),
        lo: float = 0,
        hi: float = 10,
        *,
        style: str = "$text-accent",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.lo, self.hi, self.line_style = lo, hi, style
        self.set_reactive(Sparkline.values, tuple(values))

    def render(self) -> RenderResult:
        return Content.styled(text_sparkline(self.values, self.lo, self.hi), self.line_style)

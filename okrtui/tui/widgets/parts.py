"""Pieces of styled text the widgets and screens assemble: the pace bar, the confidence
badge, the change arrow. Styles are theme variables, so every theme colours them.

User text never passes through here as markup: every piece is plain text with a style.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from okrtui.domain.bands import ConfidenceBand
from okrtui.domain.krstate import clamp01

BAND_STYLE: dict[ConfidenceBand, str] = {
    ConfidenceBand.OFF_TRACK: "$text-error",
    ConfidenceBand.AT_RISK: "$text-warning",
    ConfidenceBand.ON_TRACK: "$text-success",
}
BAND_BADGE_STYLE: dict[ConfidenceBand, str] = {
    ConfidenceBand.OFF_TRACK: "bold $error-darken-1 on $error-muted",
    ConfidenceBand.AT_RISK: "bold $warning-darken-1 on $warning-muted",
    ConfidenceBand.ON_TRACK: "bold $success-darken-1 on $success-muted",
}
_EIGHTHS = " ▏▎▍▌▋▊▉"
BEHIND = -0.15
"""Progress this far under the expected pace reads as behind."""


def pace_style(progress: float, expected: float) -> str:
    gap = progress - expected
    if gap >= -0.05:
        return "$success"
    if gap >= BEHIND:
        return "$warning"
    return "$error"


def pace_bar(progress: float, expected: float, width: int, *, percent: bool = True) -> Content:
    """A bar `width` cells wide filled to `progress`, with a `│` where the pace expects it
    to be by now; then the percentage when `percent`."""
    width = max(1, width)
    p = clamp01(progress)
    eighths = round(p * width * 8)
    full, part = divmod(eighths, 8)
    cells = ["█"] * full
    if full < width:
        cells.append(_EIGHTHS[part] if part else " ")
        cells.extend(" " * (width - full - 1))
    pace_at = min(width - 1, int(clamp01(expected) * width))
    fill = pace_style(p, expected)
    cell_style = f"{fill} on $panel"
    under = fill if pace_at < full else "$panel"
    parts: list[tuple[str, str]] = [
        ("".join(cells[:pace_at]), cell_style),
        ("│", f"bold $foreground on {under}"),
        ("".join(cells[pace_at + 1 :]), cell_style),
    ]
    if percent:
        parts.append((f" {round(p * 100):>3}%", ""))
    return Content.assemble(*(part for part in parts if part[0]))


def change_arrow(change: int | None) -> Content:
    """`▲2`, `▼3`, `=` for no change, blank when there is nothing to compare with."""
    if change is None:
        return Content("  ")
    if change > 0:
        return Content.styled(f"▲{change}", "$text-success")
    if change < 0:
        return Content.styled(f"▼{-change}", "$text-error")
    return Content.styled("= ", "$text-muted")


def confidence_badge(confidence: int, band: ConfidenceBand, change: int | None) -> Content:
    """The confidence as a coloured number, then the arrow of its change since last week."""
    return Content.assemble(
        (f"{confidence:>3} ", BAND_BADGE_STYLE[band]), " ", change_arrow(change)
    )


def band_label(band: ConfidenceBand) -> Content:
    return Content.styled(band.label, BAND_STYLE[band])


def to_text(content: Content) -> Text:
    """`content` as a Rich `Text` (for widgets such as `Tree` that take only Text), with the
    theme variables resolved now; plain strings, so nothing is read as markup."""
    return Text.assemble(*((text, style.rich_style) for text, style in content.render(end="")))

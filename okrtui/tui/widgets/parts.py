"""Pieces of styled text the widgets and screens assemble: the pace bar, the confidence
badge, the change arrow. Styles are theme variables, so every theme colours them.

User text never passes through here as markup: every piece is plain text with a style.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from okrtui.domain.bands import ConfidenceBand
from okrtui.domain.krstate import change_mark, clamp01

# The band colours are the app's `$band-*` variables (okrtui.tui.contrast): each reads at
# 4.5:1 or more in every theme. The badge also says its band by a mark, never by colour alone.
BAND_STYLE: dict[ConfidenceBand, str] = {
    ConfidenceBand.OFF_TRACK: "$band-off-track",
    ConfidenceBand.AT_RISK: "$band-at-risk",
    ConfidenceBand.ON_TRACK: "$band-on-track",
}
BAND_BADGE_STYLE: dict[ConfidenceBand, str] = {
    ConfidenceBand.OFF_TRACK: "bold $band-off-track-badge-text on $band-off-track-badge",
    ConfidenceBand.AT_RISK: "bold $band-at-risk-badge-text on $band-at-risk-badge",
    ConfidenceBand.ON_TRACK: "bold $band-on-track-badge-text on $band-on-track-badge",
}
BAND_MARK: dict[ConfidenceBand, str] = {
    ConfidenceBand.OFF_TRACK: "✗",
    ConfidenceBand.AT_RISK: "!",
    ConfidenceBand.ON_TRACK: "✓",
}
"""The band as a shape inside the badge: ✗ off track, ! at risk, ✓ on track."""
_EIGHTHS = " ▏▎▍▌▋▊▉"
BEHIND = -0.15
"""Progress this far under the expected pace reads as behind."""


def pace_style(progress: float, expected: float) -> str:
    gap = progress - expected
    if gap >= -0.05:
        return "$band-on-track"
    if gap >= BEHIND:
        return "$band-at-risk"
    return "$band-off-track"


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
    """`domain.krstate.change_mark`, coloured: `▲2`, `▼3`, `=`, blank with nothing to
    compare with."""
    mark = change_mark(change).ljust(2)
    if change is None:
        return Content(mark)
    if change > 0:
        return Content.styled(mark, "$text-success")
    if change < 0:
        return Content.styled(mark, "$text-error")
    return Content.styled(mark, "$text-muted")


def confidence_badge(confidence: int, band: ConfidenceBand, change: int | None) -> Content:
    """The confidence as a coloured number with its band's mark (`✗ 3`, `! 5`, `✓10`), then
    the arrow of its change since the KR's baseline (its team's last meeting)."""
    return Content.assemble(
        (f"{BAND_MARK[band]}{confidence:>2} ", BAND_BADGE_STYLE[band]), " ", change_arrow(change)
    )


def band_label(band: ConfidenceBand) -> Content:
    return Content.styled(band.label, BAND_STYLE[band])


def to_text(content: Content) -> Text:
    """`content` as a Rich `Text` (for widgets such as `Tree` that take only Text), with the
    theme variables resolved now; plain strings, so nothing is read as markup."""
    return Text.assemble(*((text, style.rich_style) for text, style in content.render(end="")))

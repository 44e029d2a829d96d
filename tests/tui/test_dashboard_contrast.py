"""Every band colour (confidence, grade, pace) reads at 4.5:1 or more in every theme the app
offers, measured here with WCAG's own formula from the theme's colours; and every band is
also said by a mark or a word, never by colour alone."""

from __future__ import annotations

import re

import pytest
from textual.app import App

from okrtui.domain.bands import ConfidenceBand, GradeBand
from okrtui.tui.app import OkrApp
from okrtui.tui.contrast import BACKGROUNDS, band_variables
from okrtui.tui.steps.grading import GRADE_COLOURS
from okrtui.tui.widgets.parts import (
    BAND_BADGE_STYLE,
    BAND_STYLE,
    confidence_badge,
    pace_style,
)

THEMES = sorted(App().available_themes)
BANDS = ("off-track", "at-risk", "on-track")


def rgb(hex_colour: str) -> tuple[float, float, float, float]:
    """`#RRGGBB` or `#RRGGBBAA` as four 0–1 channels."""
    digits = hex_colour.lstrip("#")
    assert re.fullmatch(r"[0-9A-Fa-f]{6}([0-9A-Fa-f]{2})?", digits), hex_colour
    channels = [int(digits[i : i + 2], 16) / 255 for i in range(0, len(digits), 2)]
    return (channels[0], channels[1], channels[2], channels[3] if len(channels) == 4 else 1.0)


def over(top: str, bottom: str) -> tuple[float, float, float]:
    r, g, b, a = rgb(top)
    br, bg, bb, _ = rgb(bottom)
    return (r * a + br * (1 - a), g * a + bg * (1 - a), b * a + bb * (1 - a))


def luminance(colour: tuple[float, float, float]) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def wcag(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def theme_variables(name: str) -> dict[str, str]:
    theme = App().available_themes[name]
    return {**theme.to_color_system().generate(), **theme.variables}


def test_the_app_offers_the_themes_measured_here() -> None:
    assert "textual-dark" in THEMES and "textual-light" in THEMES and len(THEMES) >= 10


@pytest.mark.parametrize("theme", THEMES)
def test_every_band_reads_at_4_5_to_1(theme: str) -> None:
    variables = theme_variables(theme)
    bands = band_variables(variables)
    if variables["background"].startswith("ansi"):
        # the terminal picks these colours: nothing to measure, but each band has one
        assert all(bands[f"band-{b}"].startswith("ansi_") for b in BANDS)
        return
    base = variables["background"]
    for band in BANDS:
        text = over(bands[f"band-{band}"], base)
        for name in BACKGROUNDS:
            ratio = wcag(text, over(variables[name], base))
            assert ratio >= 4.5, f"{theme}: {band} on ${name} is {ratio:.2f}:1"
        badge = over(bands[f"band-{band}-badge"], base)
        badge_text = over(bands[f"band-{band}-badge-text"], base)
        ratio = wcag(badge_text, badge)
        assert ratio >= 4.5, f"{theme}: the {band} badge is {ratio:.2f}:1"


def test_the_default_theme_badges_were_unreadable_and_are_not_now() -> None:
    """The issue measured 2.0:1 for the off-track badge (red on maroon) in textual-dark."""
    variables = theme_variables("textual-dark")
    base = variables["background"]
    old = wcag(over(variables["error-darken-1"], base), over(variables["error-muted"], base))
    assert old < 3
    bands = band_variables(variables)
    new = wcag(
        over(bands["band-off-track-badge-text"], base), over(bands["band-off-track-badge"], base)
    )
    assert new >= 4.5


def test_every_band_style_uses_the_measured_colours() -> None:
    """Confidence text and badges, grades and the pace bar take only `$band-*` colours."""
    styles = [
        *BAND_STYLE.values(),
        *BAND_BADGE_STYLE.values(),
        *GRADE_COLOURS.values(),
        pace_style(0.5, 0.5),
        pace_style(0.4, 0.5),
        pace_style(0.1, 0.5),
    ]
    for style in styles:
        colours = re.findall(r"\$[\w-]+", style)
        assert colours and all(c.startswith("$band-") for c in colours), style


async def test_the_app_defines_the_band_colours_for_its_theme(app: OkrApp) -> None:
    async with app.run_test(size=(80, 24)):
        variables = app.get_css_variables()
        for band in BANDS:
            for suffix in ("", "-badge", "-badge-text"):
                assert f"band-{band}{suffix}" in variables
        app.theme = "textual-light"
        light = app.get_css_variables()
        assert light["band-at-risk"] != variables["band-at-risk"]


def test_each_band_is_said_without_colour() -> None:
    badges = {band: confidence_badge(5, band, None).plain for band in ConfidenceBand}
    marks = {text.strip()[0] for text in badges.values()}
    assert len(marks) == 3  # a different mark per band
    assert confidence_badge(10, ConfidenceBand.ON_TRACK, 2).plain.startswith("✓10")
    assert {band.label for band in GradeBand} == {"Red", "Yellow", "Green"}

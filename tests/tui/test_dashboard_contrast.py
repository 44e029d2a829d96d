"""Every band colour (confidence, grade, pace) reads at 4.5:1 or more in every theme the app
offers, measured here with WCAG's own formula from the theme's colours, and on the check-in
screen as drawn; and every band is also said by a mark or a word, never by colour alone."""

from __future__ import annotations

import re

import pytest
from rich.color import Color
from textual.app import App

from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.domain.bands import ConfidenceBand, GradeBand
from okrtui.store import Store
from okrtui.tui.app import OkrApp, make_app
from okrtui.tui.checkin_app import DONE_STYLE, ROW_BAND_STYLE, CheckinApp
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


# -- the check-in screen (`okrtui checkin`) ------------------------------------------------

CHECKIN_BAND_TEXT = {band.label for band in ConfidenceBand} | {"✓"}
"""What the check-in screen writes in a band's colour: the band's name, the ✓ of a KR
checked in (the confidence number beside the name shares the name's style)."""


def test_the_checkin_screen_styles_its_bands_with_the_measured_colours() -> None:
    for style in (*ROW_BAND_STYLE.values(), DONE_STYLE):
        colours = re.findall(r"\$[\w-]+", style)
        assert colours and all(c.startswith("$band-") for c in colours), style


@pytest.fixture
def checkin_app(store: Store, small_org: dict[str, int], clock: FixedClock) -> CheckinApp:
    """Ana owns all four KRs of the small organisation."""
    store.db.execute("UPDATE key_results SET owner_id = ?", [small_org["ana"]])
    settings = Settings(theme="textual-dark")
    return make_app(
        store, clock, settings, me_id=small_org["ana"], checkin=True, live_refresh=False
    )


def band_segments(app: CheckinApp) -> list[tuple[str, Color, Color]]:
    """Each piece of band text on the screen, with its colour and its background."""
    found = []
    for strip in app.screen._compositor.render_strips():
        for segment in strip:
            style = segment.style
            if segment.text.strip() in CHECKIN_BAND_TEXT and style is not None:
                assert style.color is not None and style.bgcolor is not None
                found.append((segment.text.strip(), style.color, style.bgcolor))
    return found


async def test_every_band_on_the_checkin_screen_reads_at_4_5_to_1(
    checkin_app: CheckinApp,
) -> None:
    """Measured on the screen as drawn, in every theme: the bands on a KR checked in (its
    row muted), on one not yet, and on the current row (its own background)."""
    app = checkin_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "enter", "5", "enter", "8")  # off track, at risk, on track
        await pilot.pause()
        for theme in THEMES:
            app.theme = theme
            if theme_variables(theme)["background"].startswith("ansi"):
                continue  # the terminal picks these colours: nothing to measure
            for cursor in range(len(app.session.lines)):
                app.move(cursor - app.cursor)
                await pilot.pause()
                seen = band_segments(app)
                assert {text for text, _, _ in seen} == CHECKIN_BAND_TEXT, theme
                for text, colour, background in seen:
                    fg, bg = colour.get_truecolor(), background.get_truecolor()
                    ratio = wcag(
                        (fg.red / 255, fg.green / 255, fg.blue / 255),
                        (bg.red / 255, bg.green / 255, bg.blue / 255),
                    )
                    assert ratio >= 4.5, f"{theme}: {text} at row {cursor} is {ratio:.2f}:1"


async def test_the_checkin_screen_says_each_band_in_words(checkin_app: CheckinApp) -> None:
    app = checkin_app
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("2", "enter", "5", "enter", "8")
        await pilot.pause()
        rows = [str(app.row(i).render()) for i in range(3)]
    assert "Off track" in rows[0] and "At risk" in rows[1] and "On track" in rows[2]


def message_segments(app: CheckinApp) -> list[tuple[str, Color, Color]]:
    """The words of the message line under the KRs, with their colour and background."""
    row = app.query_one("#message").region.y
    strip = app.screen._compositor.render_strips()[row]
    found = []
    for segment in strip:
        style = segment.style
        if segment.text.strip() and style is not None:
            assert style.color is not None and style.bgcolor is not None
            found.append((segment.text.strip(), style.color, style.bgcolor))
    return found


async def test_the_checkin_screen_error_and_closing_lines_read_at_4_5_to_1(
    checkin_app: CheckinApp,
) -> None:
    """The refusal (off-track colour) and the closing thanks (on-track colour), measured
    as drawn in every theme."""
    app = checkin_app

    async def measure(words: str) -> None:
        for theme in THEMES:
            if theme_variables(theme)["background"].startswith("ansi"):
                continue
            app.theme = theme
            await pilot.pause()
            seen = message_segments(app)
            assert words in " ".join(text for text, _, _ in seen), theme
            for text, colour, background in seen:
                fg, bg = colour.get_truecolor(), background.get_truecolor()
                ratio = wcag(
                    (fg.red / 255, fg.green / 255, fg.blue / 255),
                    (bg.red / 255, bg.green / 255, bg.blue / 255),
                )
                assert ratio >= 4.5, f"{theme}: {text!r} is {ratio:.2f}:1"

    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("v", *"lots", "enter")
        await measure("ENG-1.1:")
        await pilot.press("escape", "7", "down", "6", "down", "5", "down", "8")
        await measure("Thank you!")

"""Band colours every theme can be read in: WCAG contrast of at least 4.5:1.

A theme's error, warning and success colours are made for accents, not for small text: in
the default dark theme the off-track red on its muted background measures 2:1. Here each
band (off track / red, at risk / yellow, on track / green; the pace bar uses the same three)
gets its own CSS variables, derived from the theme's colour and moved lighter or darker
until it reads at 4.5:1:

- `$band-<name>`: the band as text on the screen's backgrounds ($background, $surface,
  $panel);
- `$band-<name>-badge` and `$band-<name>-badge-text`: a badge's background, and the black
  or white text written on it.

`<name>` is `off-track`, `at-risk` or `on-track`. Themes built on the terminal's own ANSI
colours cannot be measured: there the variables are the ANSI colours themselves.
"""

from __future__ import annotations

from collections.abc import Mapping

from textual.color import Color, ColorParseError

MINIMUM_CONTRAST = 4.5
"""WCAG AA for normal text."""

BAND_BASES: dict[str, str] = {"off-track": "error", "at-risk": "warning", "on-track": "success"}
"""Each band's variable name and the theme colour it starts from."""

BACKGROUNDS = ("background", "surface", "panel")
"""What band text is drawn on."""

_WHITE = Color(255, 255, 255)
_BLACK = Color(0, 0, 0)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: Color) -> float:
    """WCAG 2 relative luminance of an opaque colour."""
    return 0.2126 * _channel(colour.r) + 0.7152 * _channel(colour.g) + 0.0722 * _channel(colour.b)


def contrast_ratio(a: Color, b: Color) -> float:
    """WCAG 2 contrast ratio, 1.0 to 21.0."""
    la, lb = relative_luminance(a), relative_luminance(b)
    light, dark = max(la, lb), min(la, lb)
    return (light + 0.05) / (dark + 0.05)


def _opaque(colour: Color, under: Color) -> Color:
    return under.blend(colour.with_alpha(1.0), colour.a) if colour.a < 1 else colour


def readable_on(colour: Color, backgrounds: list[Color]) -> Color:
    """`colour`, moved lighter (on dark backgrounds) or darker (on light ones) in small steps
    until it reads at `MINIMUM_CONTRAST` on every one of `backgrounds`."""
    darkest = min(relative_luminance(b) for b in backgrounds)
    lighter = darkest < 0.18
    target = _WHITE if lighter else _BLACK
    for step in range(21):
        candidate = colour.blend(target, step / 20)
        if min(contrast_ratio(candidate, b) for b in backgrounds) >= MINIMUM_CONTRAST:
            return candidate
    return target


def badge_colours(colour: Color) -> tuple[Color, Color]:
    """A badge's background (`colour`, darkened or lightened if need be) and its text, black
    or white, whichever reads better, at `MINIMUM_CONTRAST` or more."""
    text = _WHITE if contrast_ratio(colour, _WHITE) >= contrast_ratio(colour, _BLACK) else _BLACK
    away = _BLACK if text is _WHITE else _WHITE
    for step in range(21):
        candidate = colour.blend(away, step / 20)
        if contrast_ratio(candidate, text) >= MINIMUM_CONTRAST:
            return candidate, text
    return away, text


def band_variables(variables: Mapping[str, str]) -> dict[str, str]:
    """The band variables for a theme's generated CSS variables (see the module doc)."""
    try:
        base = Color.parse(variables["background"])
        backgrounds = [_opaque(Color.parse(variables[name]), base) for name in BACKGROUNDS]
        colours = {name: Color.parse(variables[src]) for name, src in BAND_BASES.items()}
    except (ColorParseError, KeyError):
        return _ansi_band_variables(variables)
    measured = [base, *colours.values()]
    if any(c.ansi is not None or c.a < 1 for c in measured):
        return _ansi_band_variables(variables)
    out: dict[str, str] = {}
    for name, colour in colours.items():
        out[f"band-{name}"] = readable_on(colour, backgrounds).hex
        badge, text = badge_colours(colour)
        out[f"band-{name}-badge"] = badge.hex
        out[f"band-{name}-badge-text"] = text.hex
    return out


def _ansi_band_variables(variables: Mapping[str, str]) -> dict[str, str]:
    """For a theme of the terminal's own colours: the ANSI colours, badges in reverse."""
    out: dict[str, str] = {}
    for name, src in BAND_BASES.items():
        colour = variables.get(src, "ansi_default")
        out[f"band-{name}"] = colour
        out[f"band-{name}-badge"] = colour
        out[f"band-{name}-badge-text"] = "ansi_black"
    return out

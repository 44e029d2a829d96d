from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from okrtui.domain.sparkline import BARS, text_sparkline


def test_confidence_scale() -> None:
    assert text_sparkline([]) == ""
    assert text_sparkline([0, 5, 10]) == "▁▅█"
    assert text_sparkline(range(11)) == "▁▂▂▃▄▅▅▆▇▇█"


def test_values_outside_the_scale_clamp() -> None:
    assert text_sparkline([-3, 14]) == "▁█"


def test_custom_scale() -> None:
    assert text_sparkline([0.0, 0.5, 1.0], lo=0, hi=1) == "▁▅█"


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="hi > lo"):
        text_sparkline([1], lo=5, hi=5)
    with pytest.raises(ValueError, match="finite"):
        text_sparkline([float("nan")])


@given(st.lists(st.floats(-20, 30)))
def test_one_bar_per_value(values: list[float]) -> None:
    line = text_sparkline(values)
    assert len(line) == len(values)
    assert set(line) <= set(BARS)


@given(st.floats(-20, 30), st.floats(-20, 30))
def test_bars_monotone(a: float, b: float) -> None:
    lo, hi = sorted((a, b))
    line = text_sparkline([lo, hi])
    low_bar, high_bar = line[0], line[1]
    assert BARS.index(low_bar) <= BARS.index(high_bar)

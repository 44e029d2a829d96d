"""A template survives being written as a snapshot and read back; the parser never crashes."""

from __future__ import annotations

import math
import tomllib
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from okrtui.agenda import (
    STEP_TYPES,
    TEMPLATE_KINDS,
    AgendaError,
    AgendaTemplate,
    parse_template,
    template_to_toml,
)
from okrtui.agenda.loader import describe_validation_error
from okrtui.agenda.serialize import toml_string

titles = st.text(
    alphabet=st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=80
).filter(lambda s: bool(s.strip()))
texts = st.none() | st.text()
minutes = st.integers(1, 120).map(float) | st.floats(
    min_value=0, max_value=100, exclude_min=True, allow_nan=False, allow_infinity=False
)
OPTIONS: dict[str, st.SearchStrategy[Any]] = {
    "scope": st.sampled_from(["team", "all"]),
    "only_stale": st.booleans(),
    "read_only": st.booleans(),
    "cycle": st.sampled_from(["current", "next"]),
    "mode": st.sampled_from(["draft", "align"]),
}


def step_strategy(kind: str) -> st.SearchStrategy[Any]:
    cls = STEP_TYPES[kind]
    options = {name: OPTIONS[name] for name in cls.model_fields if name in OPTIONS}
    assert set(cls.model_fields) == {"kind", "title", "minutes", "prompt", *options}
    return st.builds(cls, title=titles, minutes=minutes, prompt=texts, **options)


steps = st.lists(st.sampled_from(sorted(STEP_TYPES)).flatmap(step_strategy), min_size=1, max_size=6)


@st.composite
def templates(draw: st.DrawFn) -> AgendaTemplate:
    drawn = tuple(draw(steps))
    return AgendaTemplate(
        slug=draw(st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)),
        title=draw(titles),
        kind=draw(st.sampled_from(TEMPLATE_KINDS)),
        minutes=math.fsum(step.minutes for step in drawn),
        description=draw(texts),
        steps=drawn,
    )


@settings(max_examples=300)
@given(templates())
def test_snapshot_round_trip(template: AgendaTemplate) -> None:
    assert parse_template(template_to_toml(template), "snapshot") == template


@given(st.text())
def test_any_string_survives_as_a_toml_basic_string(text: str) -> None:
    assert tomllib.loads(f"s = {toml_string(text)}") == {"s": text}


def test_control_characters_and_quotes_round_trip() -> None:
    text = 'say "hi"\\ \x00\x1b[31m\x7f\t\r\n\u2028 — ok'
    assert tomllib.loads(f"s = {toml_string(text)}")["s"] == text


@given(st.text(max_size=300))
def test_parse_template_only_ever_raises_agenda_error(text: str) -> None:
    try:
        parse_template(text, "x.toml")
    except AgendaError as exc:
        assert str(exc).startswith("x.toml: ")


scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)
step_keys = st.sampled_from(
    ["kind", "title", "minutes", "prompt", "scope", "only_stale", "x"]
) | st.text(max_size=5)
raw_steps = st.lists(
    st.dictionaries(step_keys, st.sampled_from(sorted(STEP_TYPES)) | values, max_size=6) | values,
    max_size=4,
)
top_keys = st.sampled_from(["slug", "title", "kind", "minutes", "description", "other"]) | st.text(
    max_size=5
)


@given(st.dictionaries(top_keys, values, max_size=6), raw_steps | values)
def test_every_validation_error_becomes_a_message(data: dict[str, Any], raw: Any) -> None:
    data = {**data, "steps": raw}
    try:
        AgendaTemplate.model_validate(data)
    except ValidationError as exc:
        lines = describe_validation_error(exc, data)
        assert lines
        assert all(line and "\n" not in line for line in lines)

"""Every way a template can be wrong gets a message naming the file, the step and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from okrtui.agenda import (
    STEP_KINDS,
    AgendaError,
    AgendaTemplate,
    KrsStep,
    NotesStep,
    WinsStep,
    load_template,
    parse_template,
)

HEAD = """\
slug = "weekly"
title = "Weekly"
kind = "weekly"
minutes = {total}
"""

WINS = """
[[steps]]
kind = "wins"
title = "Wins"
minutes = 5
"""

KRS = """
[[steps]]
kind = "krs"
title = "KR round"
minutes = 20
"""


def step(
    kind: str = "blockers", title: str = "Blockers", minutes: str = "5", extra: str = ""
) -> str:
    return f'\n[[steps]]\nkind = "{kind}"\ntitle = "{title}"\nminutes = {minutes}\n{extra}'


def error_of(text: str) -> AgendaError:
    with pytest.raises(AgendaError) as info:
        parse_template(text, "weekly.toml")
    return info.value


def test_a_valid_template_parses_into_typed_steps() -> None:
    template = parse_template(HEAD.format(total=30) + WINS + KRS + step(), "weekly.toml")
    assert template.slug == "weekly"
    assert template.minutes == 30
    assert [s.kind for s in template.steps] == ["wins", "krs", "blockers"]
    assert isinstance(template.steps[1], KrsStep)
    assert template.steps[1].scope == "team"
    assert template.steps[1].only_stale is False


def test_fractional_minutes_that_add_up_are_accepted() -> None:
    text = HEAD.format(total=1.0) + step("notes", "A", "0.1") + step("notes", "B", "0.9")
    assert parse_template(text).minutes == 1.0


def test_step_minutes_must_be_positive_naming_step_and_field() -> None:
    err = error_of(HEAD.format(total=25) + WINS + KRS + step(minutes="0"))
    assert str(err).startswith("weekly.toml: steps[2] (Blockers).minutes: must be greater than 0")


def test_unknown_step_kind_lists_the_known_ones() -> None:
    err = error_of(HEAD.format(total=25) + WINS + step("kr", "KR round", "20"))
    assert str(err) == (
        "weekly.toml: steps[1] (KR round).kind: unknown step kind 'kr' "
        f"(expected one of: {', '.join(STEP_KINDS)})"
    )


def test_missing_step_kind() -> None:
    err = error_of(HEAD.format(total=5) + '\n[[steps]]\ntitle = "Wins"\nminutes = 5\n')
    assert str(err).startswith("weekly.toml: steps[0] (Wins).kind: missing")


def test_invalid_toml_names_the_line() -> None:
    err = error_of('slug = "weekly"\ntitle = "Weekly"\nkind = "weekly"\nminutes 30\n')
    assert str(err).startswith("weekly.toml: line 4, column 9: invalid TOML: ")


def test_steps_that_do_not_add_up_give_both_numbers() -> None:
    err = error_of(HEAD.format(total=30) + WINS + KRS)
    assert str(err) == "weekly.toml: minutes is 30 but the steps add up to 25; make them equal"


def test_unknown_field_on_a_step_is_an_error_listing_the_allowed_fields() -> None:
    err = error_of(HEAD.format(total=5) + step("wins", "Wins", "5", 'colour = "red"\n'))
    assert str(err) == (
        "weekly.toml: steps[0] (Wins).colour: unknown field "
        "(expected one of: kind, title, minutes, prompt, scope)"
    )


def test_option_of_another_kind_is_an_unknown_field() -> None:
    err = error_of(HEAD.format(total=5) + step("notes", "Notes", "5", "only_stale = true\n"))
    assert "steps[0] (Notes).only_stale: unknown field" in str(err)


def test_unknown_top_level_field() -> None:
    err = error_of(HEAD.format(total=5) + 'owner = "ana"\n' + WINS)
    assert str(err).startswith("weekly.toml: owner: unknown field (expected one of: slug, title")


def test_option_values_are_checked() -> None:
    err = error_of(HEAD.format(total=20) + KRS.replace("20\n", '20\nscope = "everyone"\n'))
    assert str(err) == (
        "weekly.toml: steps[0] (KR round).scope: must be 'team' or 'all' (got 'everyone')"
    )


def test_numbers_and_booleans_are_not_coerced_from_strings() -> None:
    err = error_of(HEAD.format(total=5) + step(minutes='"5"'))
    assert str(err).startswith("weekly.toml: steps[0] (Blockers).minutes: must be a valid number")
    err = error_of(HEAD.format(total=20) + KRS.replace("20\n", '20\nonly_stale = "yes"\n'))
    assert "steps[0] (KR round).only_stale: must be a valid boolean (got 'yes')" in str(err)


def test_bad_slug_and_template_kind() -> None:
    text = HEAD.format(total=5).replace('"weekly"', '"Weekly Check"', 1) + WINS
    assert str(error_of(text)).startswith("weekly.toml: slug: must be lowercase letters")
    text = HEAD.format(total=5).replace('kind = "weekly"', 'kind = "monthly"') + WINS
    err = error_of(text)
    assert str(err).startswith("weekly.toml: kind: must be 'weekly', 'mid-cycle'")
    assert "(got 'monthly')" in str(err)


def test_a_template_without_steps() -> None:
    assert str(error_of(HEAD.format(total=5))) == ("weekly.toml: steps: missing (required)")
    assert str(error_of(HEAD.format(total=5) + "steps = []\n")) == (
        "weekly.toml: steps: at least one [[steps]] table is required"
    )


def test_a_step_that_is_not_a_table() -> None:
    err = error_of(HEAD.format(total=5) + "steps = [1]\n")
    assert str(err) == "weekly.toml: steps[0]: must be a table of step fields ([[steps]])"


def test_blank_or_multiline_titles_are_rejected() -> None:
    err = error_of(HEAD.format(total=5) + step(title="  "))
    assert "steps[0].title: must not be blank" in str(err)
    err = error_of(HEAD.format(total=5) + step(title="two\\nlines"))
    assert "steps[0] (two lines).title: must be one line" in str(err)


def test_every_problem_is_kept_and_the_message_counts_the_rest() -> None:
    err = error_of(HEAD.format(total=5) + step(minutes="-1") + step("nope", "X", "5"))
    assert len(err.problems) == 2
    assert err.problems[0].startswith("weekly.toml: steps[0] (Blockers).minutes:")
    assert err.problems[1].startswith("weekly.toml: steps[1] (X).kind: unknown step kind 'nope'")
    assert str(err).endswith("(and 1 more problem)")


def test_load_template_names_the_path(tmp_path: Path) -> None:
    missing = tmp_path / "gone.toml"
    with pytest.raises(AgendaError, match=r"gone\.toml: no such file"):
        load_template(missing)
    with pytest.raises(AgendaError, match="is a directory"):
        load_template(tmp_path)
    binary = tmp_path / "binary.toml"
    binary.write_bytes(b'slug = "\xff"\n')
    with pytest.raises(AgendaError, match=r"binary\.toml: not UTF-8 text"):
        load_template(binary)
    bad = tmp_path / "bad.toml"
    bad.write_text(HEAD.format(total=5) + step(minutes="0"), encoding="utf-8")
    with pytest.raises(AgendaError) as info:
        load_template(bad)
    assert str(info.value).startswith(f"{bad}: steps[0] (Blockers).minutes:")


def test_a_byte_order_mark_is_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + (HEAD.format(total=5) + WINS).encode())
    assert load_template(path).slug == "weekly"


def test_models_built_in_python_are_checked_too() -> None:
    with pytest.raises(ValueError, match="steps add up to 5"):
        AgendaTemplate(
            slug="x", title="X", kind="custom", minutes=6, steps=(WinsStep(title="W", minutes=5),)
        )
    assert NotesStep(title="N", minutes=2.5).kind == "notes"

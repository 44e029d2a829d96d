"""A template as TOML text: what a meeting stores as its agenda snapshot.

Written by hand (the standard library reads TOML but does not write it). Every field is
written, defaults included, so a snapshot means the same thing even if a default changes
later. `parse_template(template_to_toml(t)) == t` holds for every valid template.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel

from okrtui.agenda.models import AgendaTemplate

_ESCAPES = {
    '"': '\\"',
    "\\": "\\\\",
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}

_TEMPLATE_ORDER = ("slug", "title", "kind", "minutes", "description")
_STEP_ORDER = ("kind", "title", "minutes", "prompt")


def template_to_toml(template: AgendaTemplate) -> str:
    blocks = [_table(template, _TEMPLATE_ORDER)]
    for step in template.steps:
        names = [*_STEP_ORDER, *(n for n in type(step).model_fields if n not in _STEP_ORDER)]
        blocks.append("[[steps]]\n" + _table(step, names))
    return "\n\n".join(blocks) + "\n"


def _table(model: BaseModel, names: Iterable[str]) -> str:
    pairs = ((name, getattr(model, name)) for name in names)
    return "\n".join(f"{name} = {toml_value(value)}" for name, value in pairs if value is not None)


def toml_value(value: object) -> str:
    """A str, bool, int or float as a TOML value."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    if isinstance(value, str):
        return toml_string(value)
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def toml_string(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = ['"']
    for ch in text:
        escaped = _ESCAPES.get(ch)
        if escaped is not None:
            out.append(escaped)
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)

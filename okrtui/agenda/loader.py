"""Reading a template from TOML, and turning pydantic's errors into lines a user can act on.

An error reads `weekly.toml: steps[2] (Blockers).minutes: must be greater than 0 (got 0)`:
the source, the place (steps counted from 0, as in the file's order, with their title when
they have one) and what is wrong.
"""

from __future__ import annotations

import os
import re
import stat
import tomllib
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from okrtui.agenda.errors import AgendaError
from okrtui.agenda.models import STEP_KINDS, STEP_TYPES, AgendaTemplate
from okrtui.tomlsafe import loads as toml_loads

_TOML_PLACE = re.compile(r"\s*\((at line (\d+), column (\d+)|at end of document)\)\s*$")
MAX_TEMPLATE_BYTES = 1024 * 1024
"""A template is a page of TOML; anything much bigger is a mistake or an attack."""

_SHOULD = re.compile(r"^(Input|String|Value|Tuple|List|Number) should ")


def load_template(path: Path | str) -> AgendaTemplate:
    """Read and validate one template file; the error message names the path as given."""
    path = Path(path)
    raw = _read_regular_file(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise AgendaError(f"{path}: not UTF-8 text (bad byte at offset {exc.start})") from None
    return parse_template(text, str(path))


def _read_regular_file(path: Path) -> bytes:
    """The bytes of `path`, which must be a regular file of at most `MAX_TEMPLATE_BYTES`.

    The file is opened without blocking and checked before it is read, so a FIFO, a
    device or a socket named `x.toml` is refused at once instead of hanging the reader.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        raise AgendaError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise AgendaError(f"{path}: is a directory, not a template file") from None
    except OSError as exc:
        raise AgendaError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise AgendaError(f"{path}: is a directory, not a template file")
        if not stat.S_ISREG(info.st_mode):
            raise AgendaError(f"{path}: is not a regular file (a pipe or a device); not read")
        if info.st_size > MAX_TEMPLATE_BYTES:
            raise AgendaError(
                f"{path}: is {info.st_size} bytes; a template is at most "
                f"{MAX_TEMPLATE_BYTES // 1024} KiB"
            )
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return handle.read(MAX_TEMPLATE_BYTES + 1)[:MAX_TEMPLATE_BYTES]
    except OSError as exc:
        raise AgendaError(f"{path}: cannot read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)


def parse_template(text: str, source: str = "<template>") -> AgendaTemplate:
    """Validate TOML text as a template. `source` names it in error messages."""
    try:
        data = toml_loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise AgendaError(f"{source}: {_toml_problem(str(exc))}") from None
    try:
        return AgendaTemplate.model_validate(data)
    except ValidationError as exc:
        problems = [f"{source}: {line}" for line in describe_validation_error(exc, data)]
        raise AgendaError.from_problems(problems) from None


def _toml_problem(message: str) -> str:
    match = _TOML_PLACE.search(message)
    if match is None:
        return f"invalid TOML: {message}"
    what = message[: match.start()]
    if match.group(2) is None:
        return f"end of file: invalid TOML: {what}"
    return f"line {match.group(2)}, column {match.group(3)}: invalid TOML: {what}"


def describe_validation_error(exc: ValidationError, data: Mapping[str, Any]) -> list[str]:
    """One `place: problem` line per error, in the order pydantic found them."""
    errors = exc.errors(include_url=False)
    step_errors = any(len(e["loc"]) > 1 and e["loc"][0] == "steps" for e in errors)
    lines: list[str] = []
    for error in errors:
        if error["type"] == "too_short" and error["loc"] == ("steps",) and step_errors:
            continue  # pydantic counts only the valid steps; the real errors are reported
        lines.append(_describe(error, data))
    return lines


def _describe(error: ErrorDetails, data: Mapping[str, Any]) -> str:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    place, fields = _place(loc, data)

    if kind == "union_tag_invalid" and isinstance(value, Mapping):
        return (
            f"{place}.kind: unknown step kind {_show(value.get('kind'))} "
            f"(expected one of: {', '.join(STEP_KINDS)})"
        )
    if kind == "union_tag_not_found":
        return f"{place}.kind: missing (expected one of: {', '.join(STEP_KINDS)})"
    if kind == "model_attributes_type":
        return f"{place}: must be a table of step fields ([[steps]])"
    if loc == ("steps",) and kind in ("tuple_type", "too_short"):
        return "steps: at least one [[steps]] table is required"
    if kind == "missing":
        return f"{place}: missing (required)"
    if kind == "extra_forbidden":
        return f"{place}: unknown field (expected one of: {', '.join(fields)})"

    message = _SHOULD.sub("must ", error["msg"])
    if isinstance(value, str | int | float | bool):
        message = f"{message} (got {_show(value)})"
    return f"{place}: {message}" if place else message


def _place(loc: tuple[int | str, ...], data: Mapping[str, Any]) -> tuple[str, Sequence[str]]:
    """The dotted path of a loc, and the fields allowed where it points."""
    fields: Sequence[str] = list(AgendaTemplate.model_fields)
    if len(loc) < 2 or loc[0] != "steps" or not isinstance(loc[1], int):
        return ".".join(_one_line(str(part), 40) for part in loc), fields
    index = loc[1]
    place = f"steps[{index}]"
    title = _raw_step_title(data, index)
    if title:
        place += f" ({title})"
    rest = loc[2:]
    if rest and rest[0] in STEP_TYPES:
        step_type = STEP_TYPES[str(rest[0])]
        fields = ["kind", *(name for name in step_type.model_fields if name != "kind")]
        rest = rest[1:]
    return ".".join([place, *(_one_line(str(part), 40) for part in rest)]), fields


def _raw_step_title(data: Mapping[str, Any], index: int) -> str:
    steps = data.get("steps")
    if not isinstance(steps, list) or index >= len(steps) or not isinstance(steps[index], dict):
        return ""
    title = steps[index].get("title")
    if not isinstance(title, str):
        return ""
    return _one_line(title, 40)


def _one_line(text: str, limit: int) -> str:
    clean = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text).strip()
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def _show(value: object) -> str:
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:39] + "…")
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value)

"""OKR sets as TOML: read, parse, write, import and export.

The writer lays the document out itself (tables in a fixed order, one key per line,
short string arrays inline) and leaves the spelling of strings and floats to `tomli_w`,
so the same content always gives the same text: datetimes as UTC with `Z`, floats as
Python's shortest round-tripping form (`12.0` stays `12.0`).
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import tomli_w

from okrtui.io.exporter import build_document
from okrtui.io.importer import ImportSummary, import_okrset
from okrtui.io.okrset import OKRSet, OKRSetDoc, OKRSetError, document_data, parse_document
from okrtui.io.okrset import utc_text as _utc_text
from okrtui.store.store import Store
from okrtui.tomlsafe import loads as toml_loads

__all__ = [
    "ImportSummary",
    "OKRSetError",
    "dump_toml",
    "export_toml",
    "import_okrset",
    "parse_toml",
    "read_text",
    "read_toml",
]

_TOML_POSITION = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")


def read_text(path: Path | str) -> str:
    """A UTF-8 text file, or an `OKRSetError` that says why it cannot be read."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise OKRSetError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise OKRSetError(f"{path}: is a directory, not a file") from None
    except OSError as error:
        raise OKRSetError(f"{path}: cannot be read ({error.strerror})") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise OKRSetError(f"{path}: is not UTF-8 text (byte {error.start})") from None


def read_toml(path: Path | str) -> OKRSet:
    return parse_toml(read_text(path), str(path))


def parse_toml(text: str, source: str) -> OKRSet:
    """Parse and validate an OKR-set document; `source` names it in error messages."""
    try:
        data = toml_loads(text)
    except tomllib.TOMLDecodeError as error:
        raise OKRSetError(f"{source}: {_toml_problem(str(error))}") from None
    return parse_document(data, source)


def _toml_problem(message: str) -> str:
    match = _TOML_POSITION.search(message)
    if match is None:
        return f"invalid TOML: {message}"
    line, column = match.groups()
    return f"line {line}: invalid TOML: {message[: match.start()]} (column {column})"


def export_toml(store: Store, cycle_slug: str | None = None) -> str:
    """The organisation and one cycle as TOML text (the current cycle unless named)."""
    return dump_toml(build_document(store, cycle_slug))


def dump_toml(doc: OKRSetDoc) -> str:
    return _table(None, document_data(doc))


def _table(name: str | None, data: dict[str, Any], *, array: bool = False) -> str:
    lines: list[str] = []
    if name is not None:
        lines.append(f"[[{name}]]" if array else f"[{name}]")
    nested: list[tuple[str, Any]] = []
    for key, value in data.items():
        if isinstance(value, dict) or _is_table_array(value):
            nested.append((key, value))
        else:
            lines.append(f"{key} = {_literal(value)}")
    parts = ["\n".join(lines) + "\n"] if lines else []
    for key, value in nested:
        full = key if name is None else f"{name}.{key}"
        if isinstance(value, dict):
            parts.append(_table(full, value))
        else:
            parts.extend(_table(full, item, array=True) for item in value)
    return "\n".join(parts)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return _utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, int | float | str):
        return tomli_w.dumps({"v": value})[len("v = ") : -1]
    raise TypeError(f"cannot write {type(value).__name__} as TOML")

"""Where the built-in agendas and the demo organisation live.

In a wheel they are copied into the package (`okrtui/_agendas`, `okrtui/_data`); in a
source checkout or an editable install they sit at the top of the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(installed: str, checkout: str) -> Path:
    inside = _PACKAGE / installed
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / checkout


def builtin_agendas_dir() -> Path:
    return _find("_agendas", "agendas")


def data_dir() -> Path:
    return _find("_data", "data")


def demo_file() -> Path:
    return data_dir() / "demo.toml"

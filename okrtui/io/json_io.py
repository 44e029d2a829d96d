"""OKR sets as JSON (export only): the same content as the TOML document.

Dates are ISO `YYYY-MM-DD`; datetimes are ISO-8601 in UTC with a `Z`.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from okrtui.io.exporter import build_document
from okrtui.io.okrset import OKRSetDoc, document_data, utc_text
from okrtui.store.store import Store


def export_json(store: Store, cycle_slug: str | None = None) -> str:
    """The organisation and one cycle as JSON text (the current cycle unless named)."""
    return dump_json(build_document(store, cycle_slug))


def dump_json(doc: OKRSetDoc) -> str:
    return json.dumps(_plain(document_data(doc)), indent=2, ensure_ascii=False) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime):
        return utc_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return value

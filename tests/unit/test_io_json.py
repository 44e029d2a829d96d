"""JSON export: the same content as the TOML document, with ISO dates and UTC datetimes."""

from __future__ import annotations

import json
import tomllib
from datetime import date, datetime
from typing import Any

from okrtui.io.json_io import export_json
from okrtui.io.toml_io import export_toml, import_okrset, parse_toml
from okrtui.store import Store

SMALL = """\
format = 1
organisation = "Acme"
timezone = "Europe/Berlin"

[[people]]
handle = "ana"
name = "Ana Silva"

[[people]]
handle = "li"
name = "Li Wei"

[[teams]]
code = "ENG"
name = "Engineering"

[cycle]
slug = "2026-Q4"
name = "Q4 2026"
start = 2026-10-05
end = 2027-01-03

[[objectives]]
team = "ENG"
title = "Be fast"

[[objectives.key_results]]
title = "p95 latency"
start = 800
target = 200

[[objectives.key_results.checkins]]
at = 2026-10-05T09:00:00+02:00
value = 800
confidence = 5

[[wins]]
text = "Cache shipped"
at = 2026-10-12T08:00:00Z
recognised = ["li", "ana"]
"""


def _isoformat(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _isoformat(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_isoformat(v) for v in value]
    if isinstance(value, datetime):
        return value.replace(tzinfo=None).isoformat() + "Z"
    if isinstance(value, date):
        return value.isoformat()
    return value


def test_json_holds_the_toml_content(store: Store) -> None:
    import_okrset(store, parse_toml(SMALL, "a.toml"))
    data = json.loads(export_json(store))
    assert data == _isoformat(tomllib.loads(export_toml(store)))
    checkin = data["objectives"][0]["key_results"][0]["checkins"][0]
    assert checkin["at"] == "2026-10-05T07:00:00Z"
    assert data["cycle"]["start"] == "2026-10-05"
    assert data["wins"][0]["recognised"] == ["li", "ana"]


def test_json_of_the_demo_is_deterministic(store: Store) -> None:
    from okrtui.io.demo import load_demo

    load_demo(store, date(2026, 11, 18))
    assert export_json(store) == export_json(store)
    assert json.loads(export_json(store))["organisation"] == "Northwind Labs"

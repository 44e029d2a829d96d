"""Property tests: generated OKR sets survive printing, parsing, importing and exporting."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from okrtui.clock import FixedClock
from okrtui.domain.models import CycleStatus, MilestoneKind, ObjectiveKind, Role
from okrtui.io.okrset import OKRSetDoc, parse_document
from okrtui.io.toml_io import dump_toml, export_toml, import_okrset, parse_toml
from okrtui.store import Store, open_db

TEXT = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=12)
TITLE = TEXT.filter(lambda s: bool(s.strip()))
FLOAT = st.floats(allow_nan=False, allow_infinity=False, width=64)
ZONES = st.sampled_from(
    [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30))]
)
MOMENT = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=ZONES
)


def _optional(draw: st.DrawFn, values: list[str]) -> str | None:
    return draw(st.sampled_from([None, *values])) if values else None


@st.composite
def okr_sets(draw: st.DrawFn) -> dict[str, Any]:
    handles = draw(
        st.lists(
            st.from_regex(r"[a-z][a-z0-9._-]{0,5}", fullmatch=True),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    people = [
        {
            "handle": h,
            "name": draw(TITLE),
            "roles": draw(st.lists(st.sampled_from(list(Role)), max_size=3, unique=True)),
        }
        for h in handles
    ]
    codes = draw(
        st.lists(
            st.from_regex(r"[A-Z][A-Z0-9]{0,3}", fullmatch=True),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    teams = []
    for i, code in enumerate(codes):
        team: dict[str, Any] = {
            "code": code,
            "name": draw(TITLE),
            "members": draw(st.lists(st.sampled_from(handles), unique=True)),
        }
        parent = _optional(draw, codes[:i])
        if parent:
            team["parent"] = parent
        teams.append(team)
    start = draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)))
    cycle = {
        "slug": draw(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,8}", fullmatch=True)),
        "name": draw(TITLE),
        "start": start,
        "end": start + timedelta(days=draw(st.integers(1, 120))),
        "status": draw(st.sampled_from(list(CycleStatus))),
        "locked": draw(st.booleans()),
        "milestones": [
            {
                "kind": draw(st.sampled_from(list(MilestoneKind))),
                "title": draw(TITLE),
                "on": draw(st.dates(min_value=start, max_value=start + timedelta(days=120))),
                **({"held_on": start} if draw(st.booleans()) else {}),
            }
            for _ in range(draw(st.integers(0, 3)))
        ],
    }
    objectives: list[dict[str, Any]] = []
    kr_refs: list[str] = []
    numbers = draw(st.lists(st.integers(1, 30), max_size=4, unique=True))
    for number in numbers:
        code = draw(st.sampled_from(codes))
        ref = f"{code}-{number}"
        objective: dict[str, Any] = {
            "ref": ref,
            "team": code,
            "title": draw(TITLE),
            "kind": draw(st.sampled_from(list(ObjectiveKind))),
            "description": draw(TEXT),
            "key_results": [],
        }
        owner = _optional(draw, handles)
        if owner:
            objective["owner"] = owner
        parent = _optional(draw, [o["ref"] for o in objectives])
        if parent:
            objective["parent"] = parent
        explicit = draw(st.booleans())
        for m in range(1, draw(st.integers(0, 3)) + 1):
            milestone = draw(st.booleans())
            kr: dict[str, Any] = {"title": draw(TITLE), "unit": draw(TEXT)}
            if explicit:
                kr["ref"] = f"{ref}.{m}"
            if milestone:
                kr["kind"] = "milestone"
            else:
                first, second = draw(st.tuples(FLOAT, FLOAT).filter(lambda p: p[0] != p[1]))
                kr |= {"start": first, "target": second}
            kr["checkins"] = [
                {
                    "at": draw(MOMENT),
                    "value": draw(st.sampled_from([0.0, 1.0]) if milestone else FLOAT),
                    "confidence": draw(st.integers(0, 10)),
                    "note": draw(TEXT),
                    **({"author": a} if (a := _optional(draw, handles)) else {}),
                }
                for _ in range(draw(st.integers(0, 3)))
            ]
            objective["key_results"].append(kr)
            kr_refs.append(f"{ref}.{m}")
        objectives.append(objective)
    moments = [draw(MOMENT) for _ in range(3)]
    data: dict[str, Any] = {
        "format": 1,
        "organisation": draw(TEXT),
        "timezone": "Europe/Berlin",
        "people": people,
        "teams": draw(st.permutations(teams)),
        "cycle": cycle,
        "objectives": draw(st.permutations(objectives)),
        "blockers": [
            {
                "text": draw(TITLE),
                "raised_at": moments[0],
                "kr": _optional(draw, kr_refs),
                "owner": _optional(draw, handles),
                "resolved_at": moments[0] + timedelta(days=1),
                "resolution": draw(TEXT),
            }
            for _ in range(draw(st.integers(0, 2)))
        ],
        "wins": [
            {
                "text": draw(TITLE),
                "at": moments[1],
                "team": _optional(draw, codes),
                "recognised": draw(st.lists(st.sampled_from(handles), unique=True)),
            }
            for _ in range(draw(st.integers(0, 2)))
        ],
        "actions": [
            {
                "text": draw(TITLE),
                "created_at": moments[2],
                "owner": _optional(draw, handles),
                "due": draw(
                    st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))
                ),
            }
            for _ in range(draw(st.integers(0, 2)))
        ],
    }
    return data


def _store() -> Store:
    return Store(open_db(":memory:"), FixedClock(datetime(2026, 1, 1, tzinfo=UTC)))


def _checkins(doc: OKRSetDoc) -> dict[str, list[tuple[Any, ...]]]:
    return {
        kr.ref or "": sorted(
            ((c.at, c.value, c.confidence, c.note, c.author) for c in kr.checkins),
            key=lambda t: t[0],
        )
        for o in doc.objectives
        for kr in o.key_results
    }


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(okr_sets())
def test_generated_sets_round_trip(data: dict[str, Any]) -> None:
    doc = parse_document(data, "generated").doc
    text = dump_toml(doc)
    assert parse_toml(text, "printed.toml").doc == doc

    first_store = _store()
    import_okrset(first_store, parse_toml(text, "printed.toml"))
    first = export_toml(first_store)
    second_store = _store()
    import_okrset(second_store, parse_toml(first, "first.toml"))
    assert export_toml(second_store) == first

    exported = parse_toml(first, "first.toml").doc
    assert _checkins(exported) == _checkins(doc)
    assert {o.ref: (o.team, o.title, o.parent) for o in exported.objectives} == {
        o.ref: (o.team, o.title, o.parent) for o in doc.objectives
    }
    assert {t.code: (t.parent, set(t.members)) for t in exported.teams} == {
        t.code: (t.parent, set(t.members)) for t in doc.teams
    }
    assert exported.cycle.model_copy(update={"milestones": ()}) == doc.cycle.model_copy(
        update={"milestones": ()}
    )
    assert sorted(m.on for m in exported.cycle.milestones) == sorted(
        m.on for m in doc.cycle.milestones
    )
    assert [w.recognised for w in exported.wins] == [w.recognised for w in doc.wins]

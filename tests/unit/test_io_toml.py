"""The TOML OKR-set importer and exporter: messages for bad input, all-or-nothing, round trips."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from okrtui.clock import FixedClock
from okrtui.domain.models import ActionItem, CycleStatus, Direction, KRKind
from okrtui.io.okrset import OKRSetError
from okrtui.io.toml_io import export_toml, import_okrset, parse_toml, read_toml
from okrtui.store import Store, StoreError, open_db

SMALL = """\
format = 1
organisation = "Acme"
timezone = "Europe/Berlin"

[[people]]
handle = "ana"
name = "Ana Silva"
roles = ["okr-champion", "team-manager"]

[[people]]
handle = "li"
name = "Li Wei"

[[teams]]
code = "ENG"
name = "Engineering"
parent = "ORG"
members = ["ana", "LI"]

[[teams]]
code = "ORG"
name = "Acme"
members = ["ana"]

[cycle]
slug = "2026-Q4"
name = "Q4 2026"
start = 2026-10-05
end = 2027-01-03
status = "active"
locked = true

[[cycle.milestones]]
kind = "kickoff"
title = "Kickoff"
on = 2026-10-05
held_on = 2026-10-05

[[objectives]]
team = "ORG"
title = "Grow"
owner = "ana"

[[objectives]]
team = "ENG"
title = "Be fast"
owner = "li"
kind = "aspirational"
parent = "ORG-1"

[[objectives.key_results]]
title = "p95 latency"
owner = "li"
start = 800
target = 200
unit = "ms"

[[objectives.key_results.checkins]]
at = 2026-10-05T09:00:00+02:00
value = 800
confidence = 5
author = "li"

[[objectives.key_results.checkins]]
at = 2026-10-12T07:00:00Z
value = 640.5
confidence = 6
note = "cache \\"warm\\""

[[objectives.key_results]]
title = "Ship the cache"
kind = "milestone"

[[objectives.key_results.checkins]]
at = 2026-10-12T07:00:00Z
value = 1
confidence = 10

[[blockers]]
text = "No staging data"
kr = "ENG-1.1"
owner = "li"
raised_at = 2026-10-06T10:00:00Z
resolved_at = 2026-10-08T10:00:00Z
resolution = "Copied"

[[wins]]
text = "Cache shipped"
kr = "eng-1.2"
at = 2026-10-12T08:00:00Z
recognised = ["li", "ana"]

[[actions]]
text = "Write it up"
owner = "ana"
due = 2026-10-20
team = "ENG"
created_at = 2026-10-12T08:00:00Z
"""


def fresh_store() -> Store:
    return Store(open_db(":memory:"), FixedClock(datetime(2026, 11, 18, 9, 30, tzinfo=UTC)))


def row_counts(store: Store) -> dict[str, int]:
    return {name: store.db.count(name) for name in store.db.table_names()}


def error_of(text: str, source: str = "a.toml") -> str:
    with pytest.raises(OKRSetError) as caught:
        parse_toml(text, source)
    return str(caught.value)


def test_import_resolves_references_and_defaults(store: Store) -> None:
    summary = import_okrset(store, parse_toml(SMALL, "a.toml"))
    assert (summary.objectives, summary.key_results, summary.checkins) == (2, 2, 3)
    cycle = store.cycle_by_slug("2026-Q4")
    assert cycle.locked and cycle.status is CycleStatus.ACTIVE
    assert store.timezone == "Europe/Berlin" and store.organisation == "Acme"
    eng, org = store.team_by_code("ENG"), store.team_by_code("ORG")
    assert eng.parent_id == org.id
    objective = store.objective(store.kr_by_ref("ENG-1.1", cycle.id).objective_id)
    assert objective.ref == "ENG-1" and objective.parent_id is not None
    assert store.objective(objective.parent_id).ref == "ORG-1"
    latency = store.kr_by_ref("ENG-1.1", cycle.id)
    assert latency.direction is Direction.DECREASING and latency.start == 800.0
    assert store.kr_by_ref("ENG-1.2", cycle.id).kind is KRKind.MILESTONE
    history = store.checkins(latency.id)
    assert [c.at for c in history] == [
        datetime(2026, 10, 5, 7, 0, tzinfo=UTC),
        datetime(2026, 10, 12, 7, 0, tzinfo=UTC),
    ]
    assert history[1].note == 'cache "warm"'
    (win,) = store.wins(cycle.id)
    assert [store.person(p).handle for p in win.recognised_ids] == ["li", "ana"]
    assert store.blockers(cycle.id)[0].resolution == "Copied"


def test_export_import_export_is_identical(store: Store) -> None:
    import_okrset(store, parse_toml(SMALL, "a.toml"))
    first = export_toml(store)
    other = fresh_store()
    import_okrset(other, parse_toml(first, "first.toml"))
    assert export_toml(other) == first


def test_export_writes_utc_z_and_stable_floats(store: Store) -> None:
    import_okrset(store, parse_toml(SMALL, "a.toml"))
    text = export_toml(store)
    assert "at = 2026-10-05T07:00:00Z\n" in text
    assert "start = 800.0\n" in text and "value = 640.5\n" in text
    assert 'ref = "ENG-1.2"' in text and 'kr = "ENG-1.2"' in text
    assert "+00:00" not in text


def test_closed_cycle_keeps_its_history(store: Store) -> None:
    import_okrset(store, parse_toml(SMALL.replace('"active"', '"closed"'), "a.toml"))
    cycle = store.cycle_by_slug("2026-Q4")
    assert cycle.status is CycleStatus.CLOSED
    assert len(store.checkin_history(cycle.id)) == 2


# -- bad input -----------------------------------------------------------------------


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    with pytest.raises(OKRSetError, match=r"nope\.toml: no such file$"):
        read_toml(missing)


def test_malformed_toml_names_the_line() -> None:
    bad = SMALL.replace('name = "Li Wei"', 'name = "Li Wei')
    assert error_of(bad).startswith("a.toml: line 12: invalid TOML: ")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            'title = "Kickoff"',
            'title = "Kickoff"\ncolour = "red"',
            "a.toml: cycle.milestones[0].colour: unknown field",
        ),
        ("format = 1", 'format = 1\nextra = "x"', "a.toml: extra: unknown field"),
        (
            "confidence = 6",
            "confidence = 11",
            "a.toml: objectives[1].key_results[0].checkins[1].confidence: "
            "must be between 0 and 10 (got 11)",
        ),
        (
            "confidence = 10",
            "confidence = -1",
            "a.toml: objectives[1].key_results[1].checkins[0].confidence: "
            "must be between 0 and 10 (got -1)",
        ),
        (
            "target = 200",
            "target = 800",
            "a.toml: objectives[1].key_results[0].target: must differ from start",
        ),
        (
            'owner = "li"\nkind = "aspirational"',
            'owner = "zed"\nkind = "aspirational"',
            "a.toml: objectives[1].owner: unknown person 'zed'",
        ),
        (
            'team = "ENG"\ntitle = "Be fast"',
            'team = "OPS"\ntitle = "Be fast"',
            "a.toml: objectives[1].team: unknown team 'OPS'",
        ),
        (
            'title = "Ship the cache"',
            'ref = "ENG-1.1"\ntitle = "Ship the cache"',
            "a.toml: objectives[1].key_results[1].ref: duplicate KR reference 'ENG-1.1'",
        ),
        (
            'handle = "li"',
            'handle = "ANA"',
            "a.toml: people[1].handle: duplicate handle 'ANA'",
        ),
        (
            'members = ["ana", "LI"]',
            'members = ["ana", "bo"]',
            "a.toml: teams[0].members[1]: unknown person 'bo'",
        ),
        (
            'parent = "ORG-1"',
            'parent = "ORG-7"',
            "a.toml: objectives[1].parent: unknown parent objective 'ORG-7'",
        ),
        (
            'kr = "eng-1.2"',
            'kr = "ENG-3.1"',
            "a.toml: wins[0].kr: unknown KR reference 'ENG-3.1'",
        ),
        (
            'kind = "milestone"',
            'kind = "milestone"\nstart = 0',
            "a.toml: objectives[1].key_results[1].start: "
            "a milestone key result has no start or target",
        ),
        (
            "value = 1\n",
            "value = 0.5\n",
            "a.toml: objectives[1].key_results[1].checkins[0].value: "
            "a milestone key result takes 0 (not done) or 1 (done), got 0.5",
        ),
        (
            'timezone = "Europe/Berlin"',
            'timezone = "Mars/Olympus"',
            "a.toml: timezone: unknown time zone 'Mars/Olympus'",
        ),
        (
            "at = 2026-10-12T07:00:00Z\nvalue = 640.5",
            "at = 2026-10-12T07:00:00\nvalue = 640.5",
            "a.toml: objectives[1].key_results[0].checkins[1].at: needs a UTC offset",
        ),
        (
            'kind = "aspirational"',
            'kind = "stretch"',
            "a.toml: objectives[1].kind: must be one of 'committed' or 'aspirational'",
        ),
        (
            'title = "p95 latency"',
            'title = "p95 latency"\ndirection = "increasing"',
            "a.toml: objectives[1].key_results[0].direction: is increasing",
        ),
        ("end = 2027-01-03", "end = 2026-10-01", "a.toml: cycle.end: must be after start"),
        ('code = "ORG"', 'code = "ENG"', "a.toml: teams[1].code: duplicate team code 'ENG'"),
        ("format = 1", "format = 2", "a.toml: format: unsupported format version 2"),
        ('parent = "ORG"\n', 'parent = "ENG"\n', "a.toml: teams[0].parent: the team tree loops"),
        ('slug = "2026-Q4"\n', "", "a.toml: cycle.slug: is required"),
    ],
)
def test_bad_input_names_the_place(old: str, new: str, message: str) -> None:
    assert old in SMALL
    assert error_of(SMALL.replace(old, new, 1)).startswith(message)


def test_rejected_file_leaves_the_database_unchanged(store: Store) -> None:
    import_okrset(store, parse_toml(SMALL, "a.toml"))
    before = row_counts(store)
    for bad in (SMALL.replace("confidence = 6", "confidence = 11"), "format = "):
        with pytest.raises(OKRSetError):
            import_okrset(store, parse_toml(bad.replace("2026-Q4", "2027-Q1"), "b.toml"))
    assert row_counts(store) == before


def test_error_in_the_last_record_writes_nothing(store: Store) -> None:
    before = row_counts(store)
    bad = SMALL.replace('owner = "ana"\ndue', 'owner = "zed"\ndue')
    with pytest.raises(OKRSetError, match=r"^a\.toml: actions\[0\]\.owner: unknown person 'zed'$"):
        import_okrset(store, parse_toml(bad, "a.toml"))
    assert row_counts(store) == before


def test_failure_on_the_last_write_rolls_everything_back(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """People, teams, cycle, KRs, check-ins, blockers and wins are written before it fails."""
    before = row_counts(store)

    def disk_full(action: ActionItem) -> ActionItem:
        raise StoreError("disk I/O error")

    monkeypatch.setattr(store, "add_action", disk_full)
    with pytest.raises(OKRSetError, match=r"^a\.toml: disk I/O error$"):
        import_okrset(store, parse_toml(SMALL, "a.toml"))
    assert row_counts(store) == before
    assert store.setting("timezone") is None


def test_existing_cycle_is_refused_and_nothing_written(store: Store) -> None:
    import_okrset(store, parse_toml(SMALL, "a.toml"))
    before = row_counts(store)
    with pytest.raises(OKRSetError, match=r"^a\.toml: cycle\.slug: a cycle called '2026-Q4'"):
        import_okrset(store, parse_toml(SMALL, "a.toml"))
    assert row_counts(store) == before


def test_known_people_and_teams_are_reused(store: Store) -> None:
    import_okrset(store, parse_toml(SMALL, "a.toml"))
    summary = import_okrset(store, parse_toml(SMALL.replace("2026-Q4", "2027-Q1"), "b.toml"))
    assert (summary.people_added, summary.people_matched) == (0, 2)
    assert (summary.teams_added, summary.teams_matched) == (0, 2)
    assert len(store.people()) == 2 and len(store.cycles()) == 2


def test_other_timezone_is_refused_once_there_is_a_cycle(store: Store) -> None:
    import_okrset(store, parse_toml(SMALL, "a.toml"))
    other = SMALL.replace("2026-Q4", "2027-Q1").replace("Europe/Berlin", "America/Chicago")
    before = row_counts(store)
    with pytest.raises(OKRSetError, match=r"^b\.toml: timezone: the database uses Europe/Berlin"):
        import_okrset(store, parse_toml(other, "b.toml"))
    assert row_counts(store) == before

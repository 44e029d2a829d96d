"""The Store's light whole-cycle rows carry the facts the one KR-state rule needs.

`kr_overview`, `kr_labels`, `meeting_headers` and `checkin_summaries` are read by the
dashboard, the palette and the report instead of a model per KR and per check-in; the
state `domain.krstate` derives from them must be the state of the KR's history.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from okrtui.clock import FixedClock, local_today
from okrtui.config import Settings, SettingsError, SettingsValueError, load_settings
from okrtui.domain.krstate import (
    STARTING_CONFIDENCE,
    current_value,
    last_value,
    state_after,
    state_of,
)
from okrtui.store import Store, open_db

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def _demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from okrtui.io.demo import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    clock = FixedClock(NOW)
    db = open_db(path)
    load_demo(Store(db, clock), local_today(clock, "UTC"))
    db.close()
    return path


@pytest.fixture
def demo(_demo_file: Path) -> Iterator[Store]:
    db = open_db(_demo_file)
    yield Store(db, FixedClock(NOW))
    db.close()


def test_kr_overview_matches_the_models(demo: Store) -> None:
    cycle = demo.resolve_cycle(None)
    baselines = demo.team_baselines(cycle.id, NOW)
    rows = demo.kr_overview(cycle.id, baselines={t: b.at for t, b in baselines.items()})
    krs = demo.key_results(cycle.id)
    assert [r.id for r in rows] == [k.id for k in krs]
    latest = demo.latest_checkins(cycle.id)
    team_of = {o.id: o.team_id for o in demo.objectives(cycle.id)}
    history = demo.checkin_history(cycle.id)
    for row, kr in zip(rows, krs, strict=True):
        assert (row.ref, row.title, row.owner_id, row.objective_id) == (
            kr.ref,
            kr.title,
            kr.owner_id,
            kr.objective_id,
        )
        assert (row.kind, row.start, row.target, row.unit, row.direction) == (
            kr.kind,
            kr.start,
            kr.target,
            kr.unit,
            kr.direction,
        )
        last = latest.get(kr.id)
        assert row.latest_confidence == (None if last is None else last.confidence)
        assert row.latest_at == (None if last is None else last.at)
        kr_history = history.get(kr.id, [])
        baseline = baselines[team_of[kr.objective_id]]
        at_baseline = state_after(kr, [c for c in kr_history if c.at <= baseline.at])
        assert row.confidence_before == at_baseline.confidence
        assert row.latest_value == last_value(kr_history)
        state = state_of(row, row.latest_value, row.latest_confidence, row.latest_at)
        assert (state.value, state.confidence) == (
            state_after(kr, kr_history).value,
            state_after(kr, kr_history).confidence,
        )
    assert any(r.latest_value is not None for r in rows)


def test_labels_and_meeting_headers_match_the_models(demo: Store) -> None:
    cycle = demo.resolve_cycle(None)
    labels = {label.id: label for label in demo.kr_labels(cycle.id)}
    for kr in demo.key_results(cycle.id):
        assert (labels[kr.id].ref, labels[kr.id].title, labels[kr.id].owner_id) == (
            kr.ref,
            kr.title,
            kr.owner_id,
        )
    meetings = sorted(demo.meetings(cycle.id), key=lambda m: (m.started_at, m.id))
    headers = demo.meeting_headers(cycle.id)
    assert [(h.id, h.title, h.started_at) for h in headers] == [
        (m.id, m.title, m.started_at) for m in meetings
    ]


def test_checkin_summaries_match_the_history(demo: Store) -> None:
    """Weekly confidences: the last one before each boundary, the starting confidence
    before the first check-in, everything for a `None` boundary."""
    cycle = demo.resolve_cycle(None)
    history = demo.checkin_history(cycle.id)
    start = datetime.combine(cycle.start, datetime.min.time(), tzinfo=UTC)
    boundaries: list[datetime | None] = [start + timedelta(days=7 * w) for w in range(1, 8)]
    boundaries.append(None)
    summaries = demo.checkin_summaries(cycle.id, boundaries)
    assert set(summaries) == {kr_id for kr_id, checkins in history.items() if checkins}
    for kr_id, checkins in history.items():
        summary = summaries[kr_id]
        assert summary.count == len(checkins)
        assert summary.latest_value == last_value(checkins)
        for boundary, confidence in zip(boundaries, summary.weekly_confidence, strict=True):
            seen = [c for c in checkins if boundary is None or c.at < boundary]
            assert confidence == (seen[-1].confidence if seen else STARTING_CONFIDENCE)
    kr = demo.key_results(cycle.id)[0]
    value = summaries[kr.id].latest_value if kr.id in summaries else None
    assert current_value(kr, value) == state_after(kr, history.get(kr.id, [])).value


def test_people_are_read_again_after_a_change(store: Store, small_org: dict[str, int]) -> None:
    """People's models are reused between reads, but never once their row changed."""
    first = store.people()
    assert store.people() == first
    person = first[0]
    store.db.execute("UPDATE people SET name = ? WHERE id = ?", ["Renamed", person.id])
    assert store.person(person.id).name == "Renamed"


@pytest.mark.parametrize(
    ("data", "where", "msg"),
    [
        ({"bogus": 1}, "bogus", "Extra inputs are not permitted"),
        ({"at_risk_from": 0}, "at_risk_from", "Input should be greater than or equal to 1"),
        ({"on_track_from": 11}, "on_track_from", "Input should be less than or equal to 10"),
        (
            {"at_risk_from": 4.5},
            "at_risk_from",
            "Input should be a valid integer, got a number with a fractional part",
        ),
        ({"at_risk_from": 8}, "", "Value error, at_risk_from must be below on_track_from"),
        ({"theme": 3}, "theme", "Input should be a valid string"),
        ({"presenter": "maybe"}, "presenter", "Input should be a valid boolean"),
        ({"theme": 3, "bogus": 1}, "theme", "Input should be a valid string"),
    ],
)
def test_settings_refuse_bad_values_naming_the_key(
    data: dict[str, object], where: str, msg: str
) -> None:
    with pytest.raises(SettingsValueError) as caught:
        Settings.model_validate(data)
    assert caught.value.where == where
    assert caught.value.msg.startswith(msg)


def test_settings_accept_what_toml_gives(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        'db = "~/x.db"\ntheme = "nord"\nat_risk_from = 3\non_track_from = 8\npresenter = true\n'
    )
    settings = load_settings(path)
    assert settings == Settings(
        db=Path("~/x.db"), theme="nord", at_risk_from=3, on_track_from=8, presenter=True
    )
    assert settings.model_copy(update={"theme": "dracula"}).theme == "dracula"
    with pytest.raises(SettingsValueError):
        settings.model_copy(update={"at_risk_from": 9})
    path.write_text("at_risk_from = 0\n")
    with pytest.raises(SettingsError, match=r"settings.toml: at_risk_from: Input should be"):
        load_settings(path)


def test_the_settings_module_does_not_import_pydantic() -> None:
    import subprocess
    import sys

    code = "import sys, okrtui.config; print('pydantic' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"

"""The check-in screen: my KRs only, one key per confidence, four KRs in at most eight keys."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from textual.app import App

from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.domain.krstate import state_after
from okrtui.domain.models import CheckIn, KeyResult, KRKind
from okrtui.errors import UserError
from okrtui.store import Store
from okrtui.tui.app import make_app
from okrtui.tui.checkin_app import CheckinApp
from okrtui.views.checkin import CheckinSession

REFS = ["ENG-1.1", "ENG-1.3", "ENG-2.2", "ENG-2.3"]


def give_ana_four_krs(store: Store, org: dict[str, int], clock: FixedClock) -> dict[str, int]:
    """Ana owns ENG-1.1 and ENG-2.2 already; add a milestone and a metric with markup."""
    o1, o2 = (store.kr_by_ref(ref).objective_id for ref in ("ENG-1.1", "ENG-2.2"))
    extra = [
        KeyResult(
            objective_id=o1,
            number=3,
            ref="ENG-1.3",
            title="Runbook for the cache",
            owner_id=org["ana"],
            kind=KRKind.MILESTONE,
        ),
        KeyResult(
            objective_id=o2,
            number=3,
            ref="ENG-2.3",
            title="Docs rated [b]useful[/b] [@click=app.quit]",
            owner_id=org["ana"],
            start=50,
            target=80,
            unit="%",
        ),
    ]
    ids = dict(org)
    for kr in extra:
        ids[kr.ref] = store.add_key_result(kr, org["cycle"]).id
    earlier = clock.now() - timedelta(days=7)
    for ref, value, confidence in (("ENG-1.1", 700.0, 6), ("ENG-2.2", 12.0, 3)):
        store.add_checkin(
            CheckIn(
                kr_id=ids[ref], at=earlier, value=value, confidence=confidence, author_id=org["ana"]
            )
        )
    return ids


@pytest.fixture
def org(store: Store, small_org: dict[str, int], clock: FixedClock) -> dict[str, int]:
    return give_ana_four_krs(store, small_org, clock)


def checkin_app(store: Store, clock: FixedClock, me_id: int) -> CheckinApp:
    return make_app(store, clock, Settings(), me_id=me_id, checkin=True, live_refresh=False)


def screen_text(app: App[Any]) -> str:
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def mine_since(store: Store, org: dict[str, int], clock: FixedClock) -> dict[str, CheckIn]:
    found = {}
    for ref in REFS:
        latest = store.latest_checkin(org[ref])
        if latest is not None and latest.at == clock.now():
            found[ref] = latest
    return found


def test_only_my_krs_are_shown(store: Store, org: dict[str, int], clock: FixedClock) -> None:
    session = CheckinSession.load(store, clock, org["ana"])
    assert [line.kr.ref for line in session.lines] == REFS


@pytest.mark.parametrize(
    ("keys", "expected"),
    [
        (["7", "enter", "6", "enter", "enter", "5", "enter"], [7, 6, 3, 5]),
        (["t", "enter", "0", "enter", "4", "enter", "9", "enter"], [10, 0, 4, 9]),
        (["enter", "enter", "enter", "enter"], [6, 5, 3, 5]),
    ],
)
async def test_four_krs_in_at_most_eight_keys(
    store: Store, org: dict[str, int], clock: FixedClock, keys: list[str], expected: list[int]
) -> None:
    assert len(keys) <= 8
    app = checkin_app(store, clock, org["ana"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
    saved = mine_since(store, org, clock)
    assert [saved[ref].confidence for ref in REFS] == expected
    assert all(c.author_id == org["ana"] and c.meeting_id is None for c in saved.values())
    # Confidence alone: nothing staged, so no value is recorded and each KR keeps its own.
    assert all(c.value is None for c in saved.values())
    values = {
        ref: state_after(store.key_result(org[ref]), store.checkins(org[ref])).value for ref in REFS
    }
    assert (values["ENG-1.1"], values["ENG-2.2"], values["ENG-1.3"]) == (700, 12, 0.0)
    assert sum(len(store.checkins(org[ref])) for ref in REFS) == 6
    assert app.return_value is not None
    assert app.return_value.startswith("Checked in 4 of 4 key results")


async def test_a_digit_saves_at_once_and_the_screen_says_so(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    app = checkin_app(store, clock, org["ana"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("8")
        await pilot.pause()
        latest = store.latest_checkin(org["ENG-1.1"])
        assert latest is not None and (latest.confidence, latest.at) == (8, clock.now())
        text = screen_text(app)
        assert "6 → 8" in text and "On track" in text
        assert app.cursor == 0
        assert not app.session.all_done


async def test_a_value_and_a_note_are_saved_with_the_confidence(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    app = checkin_app(store, clock, org["ana"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v", *"520 ms", "enter", "n", *"cache warm", "enter")
        await pilot.pause()
        assert "700 ms → 520 ms (unsaved)" in screen_text(app)
        assert store.latest_checkin(org["ENG-1.1"]) is not None
        assert len(store.checkins(org["ENG-1.1"])) == 1
        await pilot.press("7")
    latest = store.latest_checkin(org["ENG-1.1"])
    assert latest is not None
    assert (latest.value, latest.confidence, latest.note) == (520, 7, "cache warm")


async def test_enter_keeps_the_confidence_but_saves_a_staged_value(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    app = checkin_app(store, clock, org["ana"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "down", "v", *"61.5", "enter", "enter")
        await pilot.pause()
    latest = store.latest_checkin(org["ENG-2.3"])
    assert latest is not None and (latest.value, latest.confidence) == (61.5, 5)
    assert mine_since(store, org, clock).keys() == {"ENG-2.3"}


async def test_v_on_a_milestone_toggles_done(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    app = checkin_app(store, clock, org["ana"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "v")
        await pilot.pause()
        assert "not done → done (unsaved)" in screen_text(app)
        await pilot.press("6")
    latest = store.latest_checkin(org["ENG-1.3"])
    assert latest is not None and (latest.value, latest.confidence) == (1.0, 6)


async def test_a_bad_value_is_named_and_nothing_is_written(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    app = checkin_app(store, clock, org["ana"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v", *"fast", "enter")
        await pilot.pause()
        assert "ENG-1.1: 'fast' is not a number" in screen_text(app)
        assert app.editing == "value"
        await pilot.press("escape", "q")
    assert mine_since(store, org, clock) == {}


async def test_quitting_with_a_staged_value_asks_again(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    app = checkin_app(store, clock, org["ana"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n", *"later", "enter", "q")
        await pilot.pause()
        assert app.is_running
        assert "not saved yet" in screen_text(app)
        await pilot.press("q")
    assert mine_since(store, org, clock) == {}
    assert app.return_value == "Checked in 0 of 4 key results."


async def test_a_title_with_markup_is_shown_as_written(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    app = checkin_app(store, clock, org["ana"])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "Docs rated [b]useful[/b] [@click=app.quit]" in screen_text(app)
        await pilot.click("#kr-3")
        assert app.is_running


def test_nobody_without_krs_gets_a_screen(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    nobody = store.person_by_handle("ben").id
    store.db.execute("UPDATE key_results SET owner_id = ? WHERE owner_id = ?", [org["ana"], nobody])
    with pytest.raises(UserError, match="ben owns no key results in cycle 2026-Q4"):
        CheckinSession.load(store, clock, nobody)


@pytest.fixture
def patient_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """A `1` waits for its `0` far longer than a test takes: no test depends on key timing."""
    monkeypatch.setattr(CheckinApp, "TWO_DIGIT_SECONDS", 600.0)


async def test_one_then_zero_is_one_checkin_of_ten(
    store: Store, org: dict[str, int], clock: FixedClock, patient_one: None
) -> None:
    app = checkin_app(store, clock, org["ana"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1")
        await pilot.pause()
        assert "1…" in screen_text(app)
        assert mine_since(store, org, clock) == {}
        await pilot.press("0")
        await pilot.pause()
        saved = mine_since(store, org, clock)
        assert {ref: c.confidence for ref, c in saved.items()} == {"ENG-1.1": 10}
        assert len(store.checkins(org["ENG-1.1"])) == 2  # the earlier one and this one


async def test_a_one_alone_is_saved_by_the_next_key_or_on_quitting(
    store: Store, org: dict[str, int], clock: FixedClock, patient_one: None
) -> None:
    app = checkin_app(store, clock, org["ana"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("1", "enter", "1", "q")
        await pilot.pause()
    saved = mine_since(store, org, clock)
    assert {ref: c.confidence for ref, c in saved.items()} == {"ENG-1.1": 1, "ENG-1.3": 1}
    assert app.return_value is not None and "ENG-1.3" in app.return_value


async def test_the_summary_names_value_and_milestone_changes(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    store.add_checkin(
        CheckIn(
            kr_id=org["ENG-1.3"],
            at=clock.now() - timedelta(days=1),
            value=1.0,
            confidence=6,
            author_id=org["ana"],
        )
    )
    app = checkin_app(store, clock, org["ana"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("v", *"520", "enter", "enter")  # ENG-1.1: value only
        await pilot.press("v", "enter")  # ENG-1.3: done → not done, same confidence
        await pilot.press("q")
    summary = app.return_value
    assert summary is not None
    assert "ENG-1.1 700 ms → 520 ms" in summary
    assert "ENG-1.3 done → not done" in summary
    assert "no change" not in summary


async def test_the_summary_credits_me_only_with_my_own_changes(
    store: Store, org: dict[str, int], clock: FixedClock
) -> None:
    app = checkin_app(store, clock, org["ana"])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        # Someone else sets ENG-1.1 to 9 while my screen is open; I confirm it unchanged.
        store.add_checkin(
            CheckIn(kr_id=org["ENG-1.1"], at=clock.now(), value=700.0, confidence=9, author_id=None)
        )
        app.session.reload()
        await pilot.press("enter", "q")
    assert app.return_value == "Checked in 1 of 4 key results: ENG-1.1 no change."

"""Store reads that the big-organisation benchmarks lean on: narrowed histories, a team's
KRs, and check-in models reused only while their row is unchanged."""

from __future__ import annotations

from datetime import timedelta

from okrtui.clock import FixedClock
from okrtui.domain.models import CheckIn
from okrtui.store import Store


def _checkins(store: Store, org: dict[str, int], clock: FixedClock) -> None:
    for week in range(3):
        for ref in ("ENG-1.1", "ENG-2.1"):
            store.add_checkin(
                CheckIn(
                    kr_id=org[ref], at=clock.now() - timedelta(days=7 * (3 - week)),
                    value=float(10 * week), confidence=4 + week,
                )
            )  # fmt: skip


def test_history_narrowed_to_some_krs_is_that_part_of_the_whole(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    _checkins(store, small_org, clock)
    whole = store.checkin_history(small_org["cycle"])
    part = store.checkin_history(small_org["cycle"], [small_org["ENG-2.1"], 999_999])
    assert part == {small_org["ENG-2.1"]: whole[small_org["ENG-2.1"]]}
    assert [c.confidence for c in part[small_org["ENG-2.1"]]] == [4, 5, 6]
    assert store.checkin_history(small_org["cycle"], []) == {}


def test_key_results_of_one_team_keep_the_usual_order(
    store: Store, small_org: dict[str, int]
) -> None:
    every = store.key_results(small_org["cycle"])
    assert [kr.ref for kr in every] == ["ENG-1.1", "ENG-1.2", "ENG-2.1", "ENG-2.2"]
    assert store.key_results(small_org["cycle"], team_id=small_org["team"]) == every
    assert store.key_results(small_org["cycle"], team_id=small_org["team"] + 1) == []


def test_a_reread_checkin_is_the_same_model_until_its_row_changes(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    _checkins(store, small_org, clock)
    kr = small_org["ENG-1.1"]
    first = store.checkins(kr)
    again = store.checkins(kr)
    assert all(a is b for a, b in zip(first, again, strict=True))
    # Rows are never edited by okrtui; if one is (by hand), the model follows the row.
    store.db.execute("UPDATE checkins SET note = 'fixed by hand' WHERE id = ?", [first[0].id])
    changed = store.checkins(kr)
    assert changed[0].note == "fixed by hand"
    assert changed[1:] == first[1:]
    latest = store.latest_checkins(small_org["cycle"])
    assert latest[kr] == first[-1]

"""The KR detail's history shows acknowledgements with their comments, and decisions
about the KR (issue 19)."""

from __future__ import annotations

from okrtui.clock import FixedClock
from okrtui.domain.bands import DEFAULT_THRESHOLDS
from okrtui.domain.decision import Decision
from okrtui.domain.kinds import Role
from okrtui.domain.models import Person
from okrtui.store import Store
from okrtui.tui.app import OkrApp
from okrtui.views.kr_detail import load_kr_detail

from .conftest import screen_text, settle


def _story(store: Store, clock: FixedClock) -> tuple[int, int]:
    kr = store.kr_by_ref("GROW-1.1")
    cycle = store.current_cycle()
    assert cycle is not None
    coach = store.add_person(Person(handle="cara", name="Cara Coach", roles=(Role.OKR_COACH,)))
    latest = store.checkins(kr.id)[-1]
    store.acknowledge(latest.id, coach.id, "Seen [b]thanks[/b]")
    store.add_decision(
        Decision(
            text="Run the pricing test for two more weeks",
            at=clock.now(),
            cycle_id=cycle.id,
            owner_ids=(coach.id,),
            kr_id=kr.id,
        )
    )
    return kr.id, latest.id


def test_the_view_carries_acknowledgements_and_decisions(
    demo_store: Store, demo_clock: FixedClock
) -> None:
    kr_id, checkin_id = _story(demo_store, demo_clock)
    detail = load_kr_detail(
        demo_store, kr_id, demo_clock.now().date(), demo_clock.now(), DEFAULT_THRESHOLDS
    )
    by_id = {row.checkin.id: row.acknowledged for row in detail.checkins}
    assert by_id[checkin_id] == "Cara Coach: Seen [b]thanks[/b]"
    assert sum(1 for text in by_id.values() if text) == 1
    assert [d.text for d in detail.decisions] == ["Run the pricing test for two more weeks"]


async def test_the_screen_shows_them_as_plain_text(
    app: OkrApp, demo_store: Store, demo_clock: FixedClock
) -> None:
    kr_id, _ = _story(demo_store, demo_clock)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(app, pilot)
        app.open_kr(kr_id)
        await settle(app, pilot)
        text = screen_text(app)
        assert "Decisions (1)" in text
        assert "Run the pricing test for two more weeks · Cara Coach" in text
        assert "✓ Cara Coach: Seen [b]thanks[/b]" in text

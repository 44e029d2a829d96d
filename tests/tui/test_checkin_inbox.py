"""`okrtui checkin` shows what else is mine first: open actions, blockers, check-ins waiting
for my acknowledgement (issue 19)."""

from __future__ import annotations

from datetime import date

from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.domain.kinds import Role
from okrtui.domain.models import ActionItem, Person
from okrtui.store import Store
from okrtui.tui.app import make_app
from okrtui.tui.widgets.between import InboxPanel


async def test_the_inbox_comes_first_and_updates_after_an_acknowledgement(
    store: Store, small_org: dict[str, int], clock: FixedClock
) -> None:
    ids = small_org
    ana = store.person(ids["ana"])
    mia = store.add_person(Person(handle="mia", name="Mia Manager", roles=(Role.TEAM_MANAGER,)))
    store.set_team_members(ids["team"], [ana.id, ids["ben"], mia.id])
    store.add_action(
        ActionItem(
            cycle_id=ids["cycle"],
            text="Book the [b]review[/b]",
            owner_id=mia.id,
            due=date(2026, 11, 10),
            created_at=clock.now(),
        )
    )
    checkin = store.record_checkin(ids["ENG-1.2"], confidence=4, author_id=ids["ben"])
    # the check-in screen needs a KR of Mia's own
    store.update_key_result(store.kr_by_ref("ENG-2.1").id, owner_id=mia.id)
    app = make_app(store, clock, Settings(), me_id=mia.id, checkin=True, live_refresh=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        panel = app.query_one(InboxPanel)
        assert panel.display
        text = str(panel.render())
        assert text.splitlines()[0] == (
            "Your inbox  1 action (1 overdue) · 1 check-in to acknowledge"
        )
        assert "overdue  Book the [b]review[/b]  Nov 10" in text
        assert f"ENG-1.2 confidence 4 by Ben Okafor  okrtui ack {checkin.id}" in text
        store.acknowledge(checkin.id, mia.id)
        app.show_all()
        await pilot.pause()
        assert "to acknowledge" not in str(panel.render())

"""Snapshots of the check-in screen (80×24, 120×40 and 200×50) and the facilitator's vote
panel (80×24 and 120×40)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from textual.app import App, ComposeResult

from okrtui.clock import FixedClock
from okrtui.config import Settings
from okrtui.domain.models import CheckIn, KeyResult, KRKind, Meeting, Person
from okrtui.meeting.vote import cast_vote, open_vote, reveal_vote
from okrtui.store import Store
from okrtui.tui.app import make_app
from okrtui.tui.checkin_app import CheckinApp
from okrtui.tui.contrast import band_variables
from okrtui.tui.widgets.vote_panel import VotePanel

SnapCompare = Callable[..., bool]
SIZES = [(80, 24), (120, 40)]
CHECKIN_SIZES = [*SIZES, (200, 50)]


@pytest.fixture
def checkin_app(store: Store, small_org: dict[str, int], clock: FixedClock) -> CheckinApp:
    ana = small_org["ana"]
    o1, o2 = (store.kr_by_ref(ref).objective_id for ref in ("ENG-1.1", "ENG-2.2"))
    store.add_key_result(
        KeyResult(
            objective_id=o1,
            number=3,
            ref="ENG-1.3",
            title="Runbook for the cache",
            owner_id=ana,
            kind=KRKind.MILESTONE,
        ),
        small_org["cycle"],
    )
    store.add_key_result(
        KeyResult(
            objective_id=o2,
            number=3,
            ref="ENG-2.3",
            title="Docs pages rated useful by readers of the getting-started guide",
            owner_id=ana,
            start=50,
            target=80,
            unit="%",
        ),
        small_org["cycle"],
    )
    for weeks_ago, value, confidence in ((3, 760.0, 5), (2, 720.0, 6), (1, 700.0, 4)):
        store.add_checkin(
            CheckIn(
                kr_id=small_org["ENG-1.1"],
                value=value,
                confidence=confidence,
                at=clock.now() - timedelta(weeks=weeks_ago),
                author_id=ana,
            )
        )
    store.add_checkin(
        CheckIn(
            kr_id=small_org["ENG-2.2"],
            value=12,
            confidence=2,
            at=clock.now() - timedelta(weeks=1),
            author_id=ana,
        )
    )
    return make_app(store, clock, Settings(), me_id=ana, checkin=True, live_refresh=False)


@pytest.mark.parametrize("size", CHECKIN_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_checkin_screen(
    snap_compare: SnapCompare, checkin_app: CheckinApp, size: tuple[int, int]
) -> None:
    assert snap_compare(checkin_app, terminal_size=size)


@pytest.mark.parametrize("size", CHECKIN_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_checkin_screen_editing_a_value(
    snap_compare: SnapCompare, checkin_app: CheckinApp, size: tuple[int, int]
) -> None:
    assert snap_compare(
        checkin_app,
        terminal_size=size,
        press=["7", "enter", "v", "enter", "n", *"blocked on infra"],
    )


@pytest.mark.parametrize("size", CHECKIN_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_checkin_screen_all_done(
    snap_compare: SnapCompare, checkin_app: CheckinApp, size: tuple[int, int]
) -> None:
    assert snap_compare(
        checkin_app, terminal_size=size, press=["7", "down", "9", "down", "3", "down", "t"]
    )


class PanelHost(App[None]):
    def get_css_variables(self) -> dict[str, str]:
        """The band colours, as the okrtui apps define them."""
        variables = super().get_css_variables()
        return {**variables, **band_variables(variables)}

    def __init__(self, store: Store, round_id: int) -> None:
        super().__init__()
        self.store, self.round_id = store, round_id

    def compose(self) -> ComposeResult:
        yield VotePanel(self.store, self.round_id)

    def on_mount(self) -> None:
        self.query_one(VotePanel).focus()


@pytest.fixture
def vote_round(store: Store, small_org: dict[str, int], clock: FixedClock) -> int:
    cy = store.add_person(Person(handle="cy", name="Cy Tran")).id
    room = (small_org["ana"], small_org["ben"], cy)
    meeting = store.create_meeting(
        Meeting(
            cycle_id=small_org["cycle"],
            team_id=small_org["team"],
            agenda_slug="weekly-checkin",
            title="Weekly check-in",
            agenda_snapshot="{}",
            facilitator_id=small_org["ana"],
            started_at=clock.now(),
            attendee_ids=room,
        ),
        [],
    ).id
    round_id = open_vote(store, meeting, small_org["ENG-2.1"]).id
    cast_vote(store, round_id, small_org["ben"], 6)
    cast_vote(store, round_id, cy, 8)
    return round_id


@pytest.mark.parametrize("size", CHECKIN_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_vote_panel_before_reveal(
    snap_compare: SnapCompare, store: Store, vote_round: int, size: tuple[int, int]
) -> None:
    assert snap_compare(PanelHost(store, vote_round), terminal_size=size)


@pytest.mark.parametrize("size", CHECKIN_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_vote_panel_revealed(
    snap_compare: SnapCompare,
    store: Store,
    small_org: dict[str, int],
    vote_round: int,
    size: tuple[int, int],
) -> None:
    cast_vote(store, vote_round, small_org["ana"], 6)
    reveal_vote(store, vote_round)
    kwargs: dict[str, Any] = {"terminal_size": size}
    assert snap_compare(PanelHost(store, vote_round), **kwargs)

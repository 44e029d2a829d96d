"""Keystroke latency in the KR round, in-process with `App.run_test()`.

A digit key is handed to the app's driver (as a terminal would) and the clock stops at
the first screen update after the check-in it records has been committed. The store's
`add_checkin` and the app's `_display` are wrapped to note those two moments; nothing
else is changed. The baseline is a bare Textual app whose digit keys update a Static,
timed the same way (key in, screen updated).

Run as `python -m bench.keys okrtui DB HANDLE TEAM N` or `python -m bench.keys bare N`;
prints the latencies in milliseconds as JSON.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App

SIZE = (120, 40)
TIMEOUT = 30.0
ONE_KEY_DIGITS = "023456789"


class _Probe:
    """Notes when the store committed a check-in and when the screen was next drawn."""

    def __init__(self, app: App[Any]) -> None:
        self.committed: float | None = None
        self.drawn = asyncio.Event()
        display = app._display

        def timed_display(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None and self.committed is not None:
                self.drawn.set()

        app._display = timed_display  # type: ignore[method-assign]

    def commit(self) -> None:
        self.committed = time.perf_counter()

    def reset(self) -> None:
        self.committed = None
        self.drawn.clear()


async def _press(app: App[Any], probe: _Probe, key: str) -> float:
    probe.reset()
    started = time.perf_counter()
    assert app._driver is not None
    app._driver.send_message(events.Key(key, key))
    await asyncio.wait_for(probe.drawn.wait(), TIMEOUT)
    return (time.perf_counter() - started) * 1000


async def okrtui_latencies(db: str, handle: str, team_code: str, n: int) -> list[float]:
    from okrtui.agenda import AgendaLibrary
    from okrtui.clock import SystemClock
    from okrtui.config import Settings
    from okrtui.meeting.session import MeetingSession
    from okrtui.resources import builtin_agendas_dir
    from okrtui.store import Store, open_db
    from okrtui.tui.app import make_app

    store = Store(open_db(db), SystemClock(), actor="bench")
    me = store.person_by_handle(handle)
    team = store.team_by_code(team_code)
    cycle = store.resolve_cycle(None)
    template = AgendaLibrary(None, builtin_agendas_dir()).get("weekly-checkin")
    session = MeetingSession.start(
        store,
        template,
        cycle=cycle,
        team_id=team.id,
        facilitator_id=me.id,
        attendee_ids=team.member_ids,
    )
    app = make_app(
        store,
        store.clock,
        Settings(),
        me_id=me.id,
        meeting_id=session.meeting.id,
        remember_settings=False,
    )
    probe = _Probe(app)
    write_checkin = store.write_checkin  # every check-in goes through it

    def timed_write_checkin(*args: Any, **kwargs: Any) -> Any:
        saved = write_checkin(*args, **kwargs)
        probe.commit()
        return saved

    store.write_checkin = timed_write_checkin  # type: ignore[method-assign]
    latencies: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        while session.store.meeting(session.meeting.id).current_step != 1:
            await pilot.press("right_square_bracket")
            await pilot.pause()
        await pilot.pause()
        for i in range(n):
            # Not `1`: it waits for a possible `0` (10) before it is written.
            latencies.append(await _press(app, probe, ONE_KEY_DIGITS[i % len(ONE_KEY_DIGITS)]))
            await pilot.pause()
    return latencies


class _BareKeys(App[None]):
    def compose(self) -> Any:
        from textual.widgets import Footer, Header, Static

        yield Header()
        yield Static("confidence -", id="text", markup=False)
        yield Footer()

    def on_key(self, event: events.Key) -> None:
        from textual.widgets import Static

        if event.character and event.character.isdigit():
            self.query_one("#text", Static).update(f"confidence {event.character}")
            self.committed()

    committed: Callable[[], None] = staticmethod(lambda: None)


async def bare_latencies(n: int) -> list[float]:
    app = _BareKeys()
    probe = _Probe(app)
    app.committed = probe.commit
    latencies: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for i in range(n):
            # Not `1`: it waits for a possible `0` (10) before it is written.
            latencies.append(await _press(app, probe, ONE_KEY_DIGITS[i % len(ONE_KEY_DIGITS)]))
            await pilot.pause()
    return latencies


def main(argv: list[str]) -> None:
    if argv[0] == "bare":
        result = asyncio.run(bare_latencies(int(argv[1])))
    else:
        _, db, handle, team, n = argv
        result = asyncio.run(okrtui_latencies(db, handle, team, int(n)))
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv[1:])

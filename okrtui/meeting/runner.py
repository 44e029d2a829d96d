"""Who runs a running meeting: one facilitator's okrtui at a time.

The process running a meeting records itself (person, name, host, pid, since when) and a
heartbeat every few seconds in `meeting_runners`. Another okrtui on the same file sees
"PLAT weekly check-in is being run by Amara on team-box since 10:02" and may follow it
read-only or take it over (after a confirmation); the first runner notices at its next
write or heartbeat that the meeting is no longer its own, says so and stops writing. A
runner whose heartbeat is older than `STALE_SECONDS` has stopped (killed, disconnected):
only such a meeting is offered for resumption. No Textual here.
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from okrtui.meeting.errors import MeetingError
from okrtui.store import Store
from okrtui.store.convert import from_text, to_text
from okrtui.text import clean_line

STALE_SECONDS = 15.0
"""A runner silent for longer than this has stopped."""
HEARTBEAT_SECONDS = 3.0
"""How often a runner says it is still there (and learns whether it was taken over)."""

PROCESS_TOKEN = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"
"""This process, as a runner: the same in every screen of one okrtui."""


@dataclass(frozen=True, slots=True)
class Runner:
    meeting_id: int
    token: str
    person_id: int | None
    name: str
    host: str
    pid: int
    since: datetime
    heartbeat_at: datetime
    step: int

    @property
    def is_me(self) -> bool:
        return self.token == PROCESS_TOKEN

    def alive(self, now: datetime) -> bool:
        """Whether the runner's last heartbeat is recent (a heartbeat dated after `now`,
        from a clock set back, counts as recent); on this host, also whether its process
        still exists, so a meeting whose okrtui was killed here is resumable at once."""
        if self.host == socket.gethostname() and not _process_exists(self.pid):
            return False
        return now - self.heartbeat_at <= timedelta(seconds=STALE_SECONDS)

    def describe(self, meeting_label: str, zone: str) -> str:
        """`PLAT weekly check-in is being run by Amara on team-box since 10:02`."""
        since = self.since.astimezone(ZoneInfo(zone))
        return (
            f"{meeting_label} is being run by {clean_line(self.name)} on "
            f"{clean_line(self.host)} since {since:%H:%M}"
        )


class RunnerBusy(MeetingError):
    """Someone else runs the meeting, and their okrtui is alive."""

    def __init__(self, runner: Runner, message: str) -> None:
        super().__init__(message)
        self.runner = runner


class TakenOver(MeetingError):
    """This process ran the meeting, and someone took it over."""

    def __init__(self, runner: Runner | None, message: str) -> None:
        super().__init__(message)
        self.runner = runner


def meeting_label(team_code: str | None, title: str) -> str:
    """`PLAT weekly check-in`: the team's code, then the title (its first letter lowered
    when the title is a phrase rather than a name)."""
    title = clean_line(title)
    if len(title) > 1 and title[0].isupper() and title[1].islower():
        title = title[0].lower() + title[1:]
    return f"{team_code} {title}" if team_code else title


def current_runner(store: Store, meeting_id: int) -> Runner | None:
    row = store.db.execute(
        "SELECT meeting_id, token, person_id, name, host, pid, since, heartbeat_at, step "
        "FROM meeting_runners WHERE meeting_id = ?",
        [meeting_id],
    ).fetchone()
    if row is None:
        return None
    mid, token, person_id, name, host, pid, since, beat, step = tuple(row)
    return Runner(
        int(mid),
        str(token),
        None if person_id is None else int(person_id),
        str(name),
        str(host),
        int(pid),
        from_text(str(since)),
        from_text(str(beat)),
        int(step),
    )


def claim(
    store: Store,
    meeting_id: int,
    *,
    name: str,
    person_id: int | None,
    step: int,
    take_over: bool = False,
) -> Runner:
    """Make this process the meeting's runner. Refused (`RunnerBusy`) while another live
    okrtui runs it, unless `take_over` (asked for after a confirmation)."""
    now = store.clock.now()
    with store.write():
        current = current_runner(store, meeting_id)
        if current is not None and not current.is_me and current.alive(now) and not take_over:
            raise RunnerBusy(current, f"the meeting is run by {current.name} on {current.host}")
        since = current.since if current is not None and current.is_me else now
        store.db.execute(
            "INSERT INTO meeting_runners "
            "(meeting_id, token, person_id, name, host, pid, since, heartbeat_at, step) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(meeting_id) DO UPDATE SET "
            "token = excluded.token, person_id = excluded.person_id, name = excluded.name, "
            "host = excluded.host, pid = excluded.pid, since = excluded.since, "
            "heartbeat_at = excluded.heartbeat_at, step = excluded.step",
            [
                meeting_id,
                PROCESS_TOKEN,
                person_id,
                name,
                socket.gethostname(),
                os.getpid(),
                to_text(since),
                to_text(now),
                step,
            ],
        )
    runner = current_runner(store, meeting_id)
    assert runner is not None
    return runner


def beat(store: Store, meeting_id: int, step: int) -> None:
    """The heartbeat: still here, at `step`. `TakenOver` when the meeting is no longer
    this process's (someone took it over)."""
    with store.write() as db:
        cursor = db.execute(
            "UPDATE meeting_runners SET heartbeat_at = ?, step = ? "
            "WHERE meeting_id = ? AND token = ?",
            [to_text(store.clock.now()), step, meeting_id, PROCESS_TOKEN],
        )
        if cursor.rowcount == 1:
            return
    raise_taken_over(store, meeting_id)


def require_mine(store: Store, meeting_id: int) -> None:
    """Before a write: `TakenOver` unless this process runs the meeting (a meeting with
    no runner recorded, as from an older okrtui, is anyone's)."""
    current = current_runner(store, meeting_id)
    if current is None or current.is_me:
        return
    raise_taken_over(store, meeting_id)


def raise_taken_over(store: Store, meeting_id: int) -> None:
    current = current_runner(store, meeting_id)
    if current is None:
        raise TakenOver(None, "this meeting is no longer run from here")
    zone = ZoneInfo(store.timezone)
    at = current.since.astimezone(zone)
    raise TakenOver(
        current,
        f"{clean_line(current.name)} on {clean_line(current.host)} took this meeting over at "
        f"{at:%H:%M}: this screen now follows it read-only and writes nothing",
    )


def release(store: Store, meeting_id: int) -> None:
    """This process stops running the meeting (a clean quit): it can be resumed at once."""
    with store.write() as db:
        db.execute(
            "DELETE FROM meeting_runners WHERE meeting_id = ? AND token = ?",
            [meeting_id, PROCESS_TOKEN],
        )


def last_heartbeat(store: Store, meeting_id: int) -> datetime | None:
    runner = current_runner(store, meeting_id)
    return None if runner is None else runner.heartbeat_at


def _process_exists(pid: int) -> bool:
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True

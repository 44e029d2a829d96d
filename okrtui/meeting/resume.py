"""Meetings left running (the app was killed, the SSH connection dropped), to offer
resuming them when okrtui next opens."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from okrtui.domain.models import Meeting, MeetingStep
from okrtui.meeting.runner import Runner, current_runner
from okrtui.store import Store
from okrtui.text import clean_line


@dataclass(frozen=True, slots=True)
class ResumeOffer:
    meeting: Meeting
    step: MeetingStep
    step_count: int
    team_label: str
    checkins: int
    started_local: datetime
    runner: Runner | None = None
    """Who runs it, when another live okrtui does: then it is followed or taken over,
    not resumed."""

    @property
    def label(self) -> str:
        """One plain line, e.g. `Weekly check-in · ENG · step 2 of 5: KR round · started
        Wed 18 Nov 09:30 · 3 check-ins`. User text is cleaned of control characters."""
        count = f"{self.checkins} check-in{'' if self.checkins == 1 else 's'}"
        step = f"step {self.step.position + 1} of {self.step_count}: {clean_line(self.step.title)}"
        return " · ".join(
            [
                clean_line(self.meeting.title),
                self.team_label,
                step,
                f"started {self.started_local:%a %d %b %H:%M}",
                count,
            ]
        )


def find_resumable(store: Store) -> list[Meeting]:
    """Running meetings, the most recently started first."""
    return store.running_meetings()


def resume_offers(store: Store) -> list[ResumeOffer]:
    """What to show when offering to resume: one offer per running meeting."""
    teams = {t.id: t.code for t in store.teams()}
    zone = ZoneInfo(store.timezone)
    offers = []
    for meeting in find_resumable(store):
        steps = store.meeting_steps(meeting.id)
        if not steps:
            continue
        position = min(max(meeting.current_step, 0), len(steps) - 1)
        offers.append(
            ResumeOffer(
                meeting=meeting,
                step=steps[position],
                step_count=len(steps),
                team_label=teams.get(meeting.team_id, "?") if meeting.team_id else "everyone",
                checkins=len(store.meeting_checkins(meeting.id)),
                started_local=meeting.started_at.astimezone(zone),
                runner=_live_runner(store, meeting.id),
            )
        )
    return offers


def _live_runner(store: Store, meeting_id: int) -> Runner | None:
    """The okrtui running the meeting now, if another live one does."""
    current = current_runner(store, meeting_id)
    if current is None or current.is_me or not current.alive(store.clock.now()):
        return None
    return current

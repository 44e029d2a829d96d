"""A running meeting: its steps, where it is, the time spent, and what it records.

Every change is written to the store before the method returns. Moving between steps
closes the open visit of the step being left (its time is added to `elapsed_seconds`) and
opens one on the step entered (`entered_at`), in one transaction, so a meeting killed at
any moment resumes at the step it was on, its timers continuing from the stored times.

Leaving a step forwards marks it done (or skipped, with `skip`); leaving it backwards
returns it to pending: it was not finished, only its time so far is kept.

Time only moves forward: within a process a visit is timed by a monotonic clock (`ticks`),
not by the wall clock, which can be stepped back. Time while no process ran the meeting is
not counted: a clean quit pauses the step, and a meeting resumed after a crash counts its
step only up to the runner's last heartbeat (`okrtui.meeting.runner`).
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from okrtui.agenda import AgendaError, AgendaTemplate, parse_template, template_to_toml
from okrtui.clock import Clock, SystemClock
from okrtui.domain.krstate import state_after
from okrtui.domain.models import (
    ActionItem,
    Blocker,
    CheckIn,
    Cycle,
    KeyResult,
    Meeting,
    MeetingStatus,
    MeetingStep,
    StepStatus,
    Win,
)
from okrtui.meeting.errors import MeetingError
from okrtui.meeting.scope import require_krs_in_scope
from okrtui.store import Store
from okrtui.text import clean_line

if TYPE_CHECKING:
    from okrtui.domain.decision import Decision

_BASE_STEP_FIELDS = frozenset({"kind", "title", "minutes", "prompt"})


def _options_json(step: object) -> str:
    fields = getattr(type(step), "model_fields", {})
    options = {name: getattr(step, name) for name in fields if name not in _BASE_STEP_FIELDS}
    return json.dumps(options, sort_keys=True)


@dataclass(frozen=True, slots=True)
class StepTiming:
    position: int
    title: str
    kind: str
    status: StepStatus
    planned_seconds: float
    actual_seconds: float

    @property
    def overrun_seconds(self) -> float:
        return max(0.0, self.actual_seconds - self.planned_seconds)


@dataclass(frozen=True, slots=True)
class ConfidenceChange:
    kr: KeyResult
    before: int
    """The confidence at the KR's baseline (`since`)."""
    after: int
    since: str = ""
    """What `before` is: `since Weekly check-in, Nov 11` (`okrtui.domain.baseline`)."""


@dataclass(frozen=True)
class MeetingSummary:
    meeting: Meeting
    checkins: list[CheckIn]
    krs_updated: list[KeyResult]
    confidence_changes: list[ConfidenceChange]
    blockers_raised: list[Blocker]
    blockers_resolved: list[Blocker]
    wins: list[Win]
    actions_added: list[ActionItem]
    actions_done: list[ActionItem]
    steps: list[StepTiming] = field(default_factory=list)
    planned_seconds: float = 0.0
    actual_seconds: float = 0.0

    @property
    def overrun_seconds(self) -> float:
        return max(0.0, self.actual_seconds - self.planned_seconds)


class MeetingSession:
    """One meeting, driven by the facilitator. Build it with `start` or `resume`."""

    def __init__(
        self, store: Store, meeting: Meeting, steps: list[MeetingStep], clock: Clock | None = None
    ) -> None:
        if not steps:
            raise MeetingError(f"meeting {meeting.id} has no steps")
        self.store = store
        self.clock: Clock = clock or store.clock
        self.meeting = meeting
        self.steps = steps
        self.ticks: Callable[[], float] = _ticks_of(self.clock)
        """Seconds from a clock that never goes back (the wall clock's, for a fixed one)."""
        self._open: tuple[int, float] | None = None
        """The step whose visit this process opened, and `ticks()` then."""
        self.write_check: Callable[[], None] | None = None
        """Called before every write; raises to refuse it (a meeting taken over)."""

    # -- starting and resuming ----------------------------------------------------

    @classmethod
    def start(
        cls,
        store: Store,
        template: AgendaTemplate,
        *,
        cycle: Cycle,
        team_id: int | None,
        facilitator_id: int | None,
        attendee_ids: Iterable[int] = (),
        clock: Clock | None = None,
    ) -> MeetingSession:
        """Start a meeting from a template; the template is snapshotted into the meeting."""
        clock = clock or store.clock
        if team_id is not None:
            store.team(team_id)
        _refuse_a_second_meeting(store, team_id)
        require_krs_in_scope(store, template, cycle, team_id)
        now = clock.now()
        meeting = Meeting(
            cycle_id=cycle.id,
            team_id=team_id,
            agenda_slug=template.slug,
            title=template.title,
            agenda_snapshot=template_to_toml(template),
            facilitator_id=facilitator_id,
            status=MeetingStatus.RUNNING,
            started_at=now,
            current_step=0,
            attendee_ids=tuple(attendee_ids),
        )
        steps = [
            MeetingStep(
                position=i,
                kind=step.kind,
                title=step.title,
                prompt=step.prompt or "",
                planned_minutes=step.minutes,
                status=StepStatus.CURRENT if i == 0 else StepStatus.PENDING,
                entered_at=now if i == 0 else None,
                options=_options_json(step),
            )
            for i, step in enumerate(template.steps)
        ]
        created = store.create_meeting(meeting, steps)
        session = cls(store, created, store.meeting_steps(created.id), clock)
        session._open = (0, session.ticks())
        return session

    @classmethod
    def load(cls, store: Store, meeting_id: int, clock: Clock | None = None) -> MeetingSession:
        """A session over any meeting, running or ended (for its summary and notes)."""
        meeting = store.meeting(meeting_id)
        return cls(store, meeting, store.meeting_steps(meeting_id), clock)

    @classmethod
    def resume(cls, store: Store, meeting_id: int, clock: Clock | None = None) -> MeetingSession:
        """Carry on with a running meeting. Needs only the database, not the template file."""
        session = cls.load(store, meeting_id, clock)
        if session.ended:
            raise MeetingError(f"meeting {meeting_id} has ended: there is nothing to resume")
        session._reopen()
        return session

    def _reopen(self) -> None:
        """Open the current step's visit in this process. The time since the last runner
        stopped is not counted: the open visit is closed at the last heartbeat (or was
        paused by a clean quit). A meeting another live okrtui runs is left alone."""
        from okrtui.meeting.runner import current_runner

        now = self.clock.now()
        runner = current_runner(self.store, self.meeting.id)
        if runner is not None and not runner.is_me and runner.alive(now):
            return
        step = self.current
        elapsed = step.elapsed_seconds
        if step.entered_at is not None:
            until = now
            if runner is not None:
                until = min(now, max(runner.heartbeat_at, step.entered_at))
            elapsed += max(0.0, (until - step.entered_at).total_seconds())
        reopened = step.model_copy(update={"elapsed_seconds": elapsed, "entered_at": now})
        self.store.save_step(reopened)
        self.steps[step.position] = reopened
        self._open = (step.position, self.ticks())

    def pause(self) -> None:
        """A clean quit with the meeting left running: the step's clock stops here."""
        if self.ended:
            return
        step = self.current
        paused = self._close_visit(step, step.status, self.clock.now())
        self.store.save_step(paused)
        self.steps[step.position] = paused
        self._open = None

    # -- where we are -------------------------------------------------------------

    @property
    def ended(self) -> bool:
        return self.meeting.status is MeetingStatus.ENDED

    @property
    def position(self) -> int:
        return self.meeting.current_step

    @property
    def current(self) -> MeetingStep:
        return self.steps[self.position]

    @property
    def is_first(self) -> bool:
        return self.position == 0

    @property
    def is_last(self) -> bool:
        return self.position == len(self.steps) - 1

    @property
    def template(self) -> AgendaTemplate:
        """The agenda as it was when the meeting started (from the snapshot)."""
        try:
            return parse_template(
                self.meeting.agenda_snapshot, f"the agenda snapshot of meeting {self.meeting.id}"
            )
        except AgendaError as error:
            raise MeetingError(str(error)) from None

    # -- navigation ---------------------------------------------------------------

    def next(self) -> MeetingStep:
        self._require_running()
        if self.is_last:
            raise MeetingError("this is the last step: end the meeting instead")
        return self._move(self.position + 1, StepStatus.DONE)

    def skip(self) -> MeetingStep:
        self._require_running()
        if self.is_last:
            raise MeetingError("this is the last step: end the meeting instead")
        return self._move(self.position + 1, StepStatus.SKIPPED)

    def previous(self) -> MeetingStep:
        self._require_running()
        if self.is_first:
            raise MeetingError("this is the first step: there is no previous one")
        return self._move(self.position - 1, StepStatus.PENDING)

    def jump(self, position: int) -> MeetingStep:
        self._require_running()
        if not 0 <= position < len(self.steps):
            raise MeetingError(
                f"there is no step {position + 1}: the agenda has {len(self.steps)} steps"
            )
        if position == self.position:
            return self.current
        leaving = StepStatus.DONE if position > self.position else StepStatus.PENDING
        return self._move(position, leaving)

    def end(self) -> Meeting:
        """Close the current step (done) and the meeting."""
        self._require_running()
        now = self.clock.now()
        left = self._close_visit(self.current, StepStatus.DONE, now)
        with self.store.write():
            self.store.save_step(left)
            self.meeting = self.store.end_meeting(self.meeting.id, now)
        self.steps[left.position] = left
        return self.meeting

    def _move(self, position: int, leaving: StepStatus) -> MeetingStep:
        self._require_running()
        now = self.clock.now()
        left = self._close_visit(self.current, leaving, now)
        self._open = (position, self.ticks())
        entered = self.steps[position].model_copy(
            update={"status": StepStatus.CURRENT, "entered_at": now}
        )
        with self.store.write():
            self.store.save_step(left)
            self.store.save_step(entered)
            self.store.set_current_step(self.meeting.id, position)
        self.steps[left.position] = left
        self.steps[position] = entered
        self.meeting = self.meeting.model_copy(update={"current_step": position})
        return entered

    def _close_visit(self, step: MeetingStep, status: StepStatus, now: datetime) -> MeetingStep:
        elapsed = step.elapsed_seconds + self._open_seconds(step, now)
        return step.model_copy(
            update={"status": status, "elapsed_seconds": elapsed, "entered_at": None}
        )

    def _open_seconds(self, step: MeetingStep, now: datetime) -> float:
        """The open visit's time: by `ticks` when this process opened it, else (another
        process's visit) by the wall clock; never negative."""
        if step.entered_at is None:
            return 0.0
        if self._open is not None and self._open[0] == step.position:
            return max(0.0, self.ticks() - self._open[1])
        return max(0.0, (now - step.entered_at).total_seconds())

    def _require_running(self) -> None:
        if self.ended:
            raise MeetingError(f"meeting {self.meeting.id} has ended: it cannot be changed")
        if self.write_check is not None:
            self.write_check()

    # -- time -----------------------------------------------------------------------

    def step_elapsed(self, step: MeetingStep | None = None) -> float:
        """Seconds spent on a step: its closed visits plus the open one."""
        step = step or self.current
        elapsed = step.elapsed_seconds
        if not self.ended:
            elapsed += self._open_seconds(step, self.clock.now())
        return elapsed

    @staticmethod
    def step_planned(step: MeetingStep) -> float:
        return step.planned_minutes * 60

    def step_remaining(self, step: MeetingStep | None = None) -> float:
        """Planned minus spent, in seconds; negative once the step runs over."""
        step = step or self.current
        return self.step_planned(step) - self.step_elapsed(step)

    def step_overrun(self, step: MeetingStep | None = None) -> float:
        return max(0.0, -self.step_remaining(step))

    def meeting_elapsed(self) -> float:
        """The time spent on the meeting's steps: unlike the wall clock from its start, it
        does not go back with the clock, nor count time while no okrtui ran it."""
        return math.fsum(self.step_elapsed(step) for step in self.steps)

    @property
    def planned_seconds(self) -> float:
        return math.fsum(self.step_planned(s) for s in self.steps)

    def meeting_remaining(self) -> float:
        return self.planned_seconds - self.meeting_elapsed()

    def meeting_overrun(self) -> float:
        return max(0.0, -self.meeting_remaining())

    def timings(self) -> list[StepTiming]:
        return [
            StepTiming(
                s.position, s.title, s.kind, s.status, self.step_planned(s), self.step_elapsed(s)
            )
            for s in self.steps
        ]

    # -- attendance -----------------------------------------------------------------

    def set_attendance(self, person_ids: Iterable[int]) -> None:
        self._require_running()
        ids = tuple(dict.fromkeys(person_ids))
        known = self.store.people_by_id()
        unknown = [pid for pid in ids if pid not in known]
        if unknown:
            raise MeetingError(f"no person with id {unknown[0]}")
        self.store.set_attendance(self.meeting.id, ids)
        self.meeting = self.meeting.model_copy(update={"attendee_ids": ids})

    # -- records --------------------------------------------------------------------

    def record_confidence(
        self,
        kr_id: int,
        confidence: int,
        *,
        value: float | None = None,
        note: str = "",
        author_id: int | None = None,
    ) -> CheckIn:
        """A check-in made in this meeting, through the store's one writer. `value` None
        records the confidence alone: the KR keeps its value."""
        return self._record(kr_id, confidence, value, note, author_id)

    def confirm_no_change(self, kr_id: int, *, author_id: int | None = None) -> CheckIn:
        """A check-in that keeps the KR's latest confidence and value (5 if none yet),
        as the writer reads them inside its transaction."""
        return self._record(kr_id, None, None, "", author_id)

    def _record(
        self,
        kr_id: int,
        confidence: int | None,
        value: float | None,
        note: str,
        author_id: int | None,
    ) -> CheckIn:
        self._require_running()
        return self.store.record_checkin(
            kr_id,
            confidence=confidence,
            value=value,
            note=note.strip(),
            author_id=author_id if author_id is not None else self.meeting.facilitator_id,
            meeting_id=self.meeting.id,
            at=self.clock.now(),
            in_cycle=self.meeting.cycle_id,
        )

    def raise_blocker(
        self,
        text: str,
        owner_id: int | None,
        kr_id: int | None = None,
        *,
        needed_by: date | None = None,
    ) -> Blocker:
        """A new blocker, with its owner and, if said, the day it must be cleared by."""
        self._require_running()
        self._check_person(owner_id, "owner")
        if kr_id is not None:
            self._kr(kr_id)
        blocker = Blocker(
            cycle_id=self.meeting.cycle_id,
            text=self._text(text, "a blocker"),
            kr_id=kr_id,
            team_id=self.meeting.team_id,
            owner_id=owner_id,
            raised_at=self.clock.now(),
            raised_by_id=self.meeting.facilitator_id,
            raised_meeting_id=self.meeting.id,
            needed_by=needed_by,
        )
        return self.store.raise_blocker(blocker)

    def resolve_blocker(self, blocker_id: int, resolution: str) -> Blocker:
        self._require_running()
        return self.store.resolve_blocker(blocker_id, resolution.strip(), self.meeting.id)

    def add_win(
        self, text: str, recognised_ids: Iterable[int] = (), kr_id: int | None = None
    ) -> Win:
        self._require_running()
        recognised = tuple(dict.fromkeys(recognised_ids))
        for pid in recognised:
            self._check_person(pid, "person recognised")
        if kr_id is not None:
            self._kr(kr_id)
        win = Win(
            cycle_id=self.meeting.cycle_id,
            text=self._text(text, "a win"),
            kr_id=kr_id,
            team_id=self.meeting.team_id,
            at=self.clock.now(),
            author_id=self.meeting.facilitator_id,
            meeting_id=self.meeting.id,
            recognised_ids=recognised,
        )
        return self.store.add_win(win)

    def add_action(
        self, text: str, owner_id: int | None, due: date | None, kr_id: int | None = None
    ) -> ActionItem:
        self._require_running()
        self._check_person(owner_id, "owner")
        if kr_id is not None:
            self._kr(kr_id)
        action = ActionItem(
            cycle_id=self.meeting.cycle_id,
            text=self._text(text, "an action item"),
            owner_id=owner_id,
            due=due,
            kr_id=kr_id,
            team_id=self.meeting.team_id,
            created_at=self.clock.now(),
            meeting_id=self.meeting.id,
        )
        return self.store.add_action(action)

    def complete_action(self, action_id: int) -> ActionItem:
        self._require_running()
        return self.store.complete_action(action_id, self.meeting.id)

    def record_decision(
        self, text: str, owner_ids: Iterable[int] = (), kr_id: int | None = None
    ) -> Decision:
        """A decision taken in this meeting, with the people who own it and the key
        result it concerns (issue 19); written at once, like every other record."""
        from okrtui.domain.decision import Decision

        self._require_running()
        owners = tuple(dict.fromkeys(owner_ids))
        for pid in owners:
            self._check_person(pid, "owner")
        if kr_id is not None:
            self._kr(kr_id)
        decision = Decision(
            text=self._text(text, "a decision"),
            at=self.clock.now(),
            cycle_id=self.meeting.cycle_id,
            owner_ids=owners,
            kr_id=kr_id,
            team_id=self.meeting.team_id,
            meeting_id=self.meeting.id,
            author_id=self.meeting.facilitator_id,
        )
        return self.store.add_decision(decision)

    def save_notes(self, text: str, position: int | None = None) -> MeetingStep:
        """Replace the notes of the current step (or of the step at `position`)."""
        self._require_running()
        step = self.steps[self.position if position is None else position]
        self.store.set_step_notes(step.id, text)
        saved = step.model_copy(update={"notes": text})
        self.steps[saved.position] = saved
        return saved

    def _kr(self, kr_id: int) -> KeyResult:
        kr = self.store.key_result(kr_id)
        if self.store.kr_cycle_id(kr_id) != self.meeting.cycle_id:
            raise MeetingError(f"key result {kr.ref} is not in this meeting's cycle")
        return kr

    def _check_person(self, person_id: int | None, what: str) -> None:
        if person_id is not None and person_id not in self.store.people_by_id():
            raise MeetingError(f"the {what} (person id {person_id}) does not exist")

    @staticmethod
    def _text(text: str, what: str) -> str:
        stripped = text.strip()
        if not stripped:
            raise MeetingError(f"{what} needs some text")
        return stripped

    # -- summary --------------------------------------------------------------------

    def summary(self) -> MeetingSummary:
        """What this meeting recorded, and its time against the plan."""
        mid, cycle_id = self.meeting.id, self.meeting.cycle_id
        checkins = self.store.meeting_checkins(mid)
        history = self.store.checkin_history(cycle_id)
        krs = {kr.id: kr for kr in self.store.key_results(cycle_id)}
        updated = list(dict.fromkeys(c.kr_id for c in checkins))
        baselines = self.store.team_baselines(
            cycle_id, self.meeting.started_at, excluding=self.meeting.id
        )
        team_of = {o.id: o.team_id for o in self.store.objectives(cycle_id)}
        changes = []
        for kr_id in updated:
            kr = krs[kr_id]
            baseline = baselines.get(team_of.get(kr.objective_id, -1))
            earlier = [c for c in history.get(kr_id, []) if baseline is None or c.at <= baseline.at]
            before = state_after(kr, earlier).confidence
            after = [c for c in checkins if c.kr_id == kr_id][-1].confidence
            if after != before:
                since = "" if baseline is None else baseline.label
                changes.append(ConfidenceChange(kr, before, after, since))
        blockers = self.store.blockers(cycle_id)
        actions = self.store.actions(cycle_id)
        return MeetingSummary(
            meeting=self.meeting,
            checkins=checkins,
            krs_updated=[krs[kr_id] for kr_id in updated],
            confidence_changes=changes,
            blockers_raised=[b for b in blockers if b.raised_meeting_id == mid],
            blockers_resolved=[b for b in blockers if b.resolved_meeting_id == mid],
            wins=[w for w in self.store.wins(cycle_id) if w.meeting_id == mid],
            actions_added=[a for a in actions if a.meeting_id == mid],
            actions_done=[a for a in actions if a.done_meeting_id == mid],
            steps=self.timings(),
            planned_seconds=self.planned_seconds,
            actual_seconds=self.meeting_elapsed(),
        )


def _ticks_of(clock: Clock) -> Callable[[], float]:
    if isinstance(clock, SystemClock):
        return time.monotonic
    return lambda: clock.now().timestamp()


def _refuse_a_second_meeting(store: Store, team_id: int | None) -> None:
    """One running meeting per team (and one for everyone): a second is refused by name."""
    for other in store.running_meetings():
        if other.team_id == team_id:
            team = store.team(team_id).code if team_id is not None else "everyone"
            started = other.started_at.astimezone(ZoneInfo(store.timezone))
            raise MeetingError(
                f"{team} has a meeting running already: '{clean_line(other.title)}', started "
                f"{started:%a %d %b %H:%M}; resume it (okrtui) or end it first"
            )

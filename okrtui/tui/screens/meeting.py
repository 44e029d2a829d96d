"""The meeting runner: the agenda down the side, the current step with its prompt and panel,
a step timer and a meeting timer, and the keys that move through the agenda."""

from __future__ import annotations

import contextlib
import getpass
import json
import time
from collections.abc import Callable
from typing import ClassVar, Self

from textual.app import ComposeResult
from textual.await_complete import AwaitComplete
from textual.binding import Binding, BindingType
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.geometry import Region
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Static

from okrtui.errors import UserError
from okrtui.meeting import runner
from okrtui.meeting.drafts import drafts, save_draft
from okrtui.meeting.errors import MeetingError
from okrtui.meeting.runner import HEARTBEAT_SECONDS
from okrtui.meeting.session import MeetingSession
from okrtui.text import clean_line, clean_text
from okrtui.tui.messages import StoreChanged
from okrtui.tui.steps import panel_class
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.widgets.meeting_form import ConfirmModal
from okrtui.tui.widgets.meeting_sidebar import MeetingSidebar
from okrtui.tui.widgets.meeting_timer import MeetingTimer
from okrtui.tui.widgets.presenter import PresenterHead, PresenterStage
from okrtui.tui.widgets.step_prompt import StepPrompt

TICK_SECONDS = 1.0
FOLLOW_SECONDS = 0.5
TAKEN_OVER_SECONDS = 1.0
"""How soon a runner whose meeting was taken over stops writing and says so."""
"""How soon a screen that follows the meeting goes where the facilitator went."""
WRITING_ACTIONS = frozenset(
    {"next_step", "previous_step", "skip_step", "jump", "attendance", "end_meeting"}
)
"""The screen's own keys that write; a follower has none of them."""
FOLLOWER_KEYS = frozenset({"q", "question_mark", "f1", "ctrl+q", "ctrl+c", "p"})
"""The keys a follower has: leave, help, presenter mode (T takes the meeting over)."""
STAGE_SECONDS = 0.2
"""How soon presenter mode follows the KR round's cursor."""


class MeetingScreen(Screen[None]):
    """Runs one meeting through its session. Every move is saved before it shows."""

    PURPOSE: ClassVar[str] = (
        "Runs the meeting step by step. Every entry is saved the moment it is made, and "
        "text as you type (within a second). A confidence is one key, 0–9; 10 is 1 then 0 "
        "(or t): a 1 waits 0.6 s for a 0, then is saved, and any other key, a move or a "
        "step change saves it at once, so a crash in that moment loses at most that one "
        "key. Another okrtui on this file follows the meeting read-only, live, and can "
        "take it over (T) after a confirmation."
    )
    CSS_PATH = "../styles/meeting.tcss"
    HORIZONTAL_BREAKPOINTS = [(0, "-tiny"), (80, "-narrow"), (100, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (30, "-tall")]  # noqa: RUF012

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "right_square_bracket,ctrl+right",
            "next_step",
            "Next",
            key_display="]",
            id="meeting.next",
        ),
        Binding(
            "left_square_bracket,ctrl+left",
            "previous_step",
            "Back",
            key_display="[",
            id="meeting.previous",
            show=False,
        ),
        # Back, Skip, Go to and Present are in the help (?); the footer keeps room for the
        # step's own keys and for Next, End, Quit and Help even at 120 columns.
        Binding(
            "right_curly_bracket",
            "skip_step",
            "Skip",
            key_display="}",
            id="meeting.skip",
            show=False,
        ),
        Binding("g", "jump", "Go to", id="meeting.jump", show=False),
        Binding(
            "at", "attendance", "Present", key_display="@", id="meeting.attendance", show=False
        ),
        Binding("D", "record_decision", "Decision", id="meeting.decision", show=False),
        Binding("ctrl+e", "end_meeting", "End", priority=True, id="meeting.end"),
        Binding("q", "quit_meeting", "Quit", id="meeting.quit"),
        Binding("T", "take_over", "Take over", id="meeting.take_over"),
    ]

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """As on every screen, but a focus change does not repaint the whole screen (the
    focused and blurred widgets redraw themselves): each step change moves the focus."""

    def __init__(
        self, session: MeetingSession, *, me_id: int | None = None, resumed: bool = False
    ) -> None:
        super().__init__()
        self.session = session
        self.me_id = me_id
        self.resumed = resumed
        self.panel: StepPanel | None = None
        self._moved_at = 0.0
        """When the keyboard last went elsewhere (step change, jump dialog): a key made
        before that and still on its way up from the old panel is sent on, not dropped."""
        self._held: list[Key] | None = None
        """Keys typed while a jump chosen in the jump dialog is under way."""
        self._stale: list[Key] = []
        """Keys typed before the keyboard moved, waiting for where it went."""
        self.following = False
        """Another okrtui runs this meeting: this screen follows it and writes nothing."""
        self._followed: runner.Runner | None = None
        self._taken_over: runner.TakenOver | None = None
        """Set once another okrtui took the meeting over: every write is refused."""
        self._seen_version = session.store.data_version()

    # -- layout -------------------------------------------------------------------

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        """Textual repaints the top screen wherever a screen under it changed (it calls
        this with those regions, and nothing else does). Nothing shows through the opaque
        meeting screen, and the dashboard under it keeps loading and refreshing: each of
        its changes would rewrite the whole terminal for nothing."""
        if regions and not (layout or recompose) and self.styles.background.a == 1:
            return self
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def compose(self) -> ComposeResult:
        with Horizontal(id="meeting-bar"):
            yield Static(id="meeting-title")
            yield MeetingTimer("Step", id="step-timer")
            yield MeetingTimer("Meeting", id="meeting-timer")
        with Horizontal(id="meeting-body"):
            with VerticalScroll(id="meeting-sidebar", can_focus=False):
                yield MeetingSidebar(len(self.session.steps))
            with Vertical(id="meeting-main"):
                yield Static(id="step-title")
                yield PresenterHead(id="presenter-head")
                yield PresenterStage(id="presenter-stage")
                yield StepPrompt(id="step-prompt")
                yield Container(id="panel-host")
                yield Static(id="status-line")
        yield Footer()

    async def on_mount(self) -> None:
        self._show_title()
        await self._show_step()
        if self.resumed:
            step = self.session.current
            self.status(
                f"Resumed at step {step.position + 1} of {len(self.session.steps)}: "
                f"{clean_line(step.title)} (everything entered before is kept)"
            )
        self.set_interval(TICK_SECONDS, self.tick)
        self.set_interval(STAGE_SECONDS, self.show_stage)
        if not self.session.ended:
            self.run_meeting()
            self.set_interval(HEARTBEAT_SECONDS, self._heartbeat)
            self.set_interval(TAKEN_OVER_SECONDS, self._still_mine)
            self.set_interval(FOLLOW_SECONDS, self._follow_tick)

    # -- who runs the meeting: this okrtui, or another one that this screen follows --------

    def _runner_identity(self) -> tuple[str, int | None]:
        store = self.session.store
        person_id = self.me_id if self.me_id is not None else self.session.meeting.facilitator_id
        if person_id is not None:
            with contextlib.suppress(UserError, LookupError):
                return store.person(person_id).name, person_id
        try:
            return getpass.getuser(), None
        except (OSError, KeyError, ImportError):
            return "someone", None

    def meeting_label(self) -> str:
        store, meeting = self.session.store, self.session.meeting
        code = store.team(meeting.team_id).code if meeting.team_id is not None else None
        return runner.meeting_label(code, meeting.title)

    def run_meeting(self, *, take_over: bool = False) -> bool:
        """Become the meeting's runner; follow it read-only when another live okrtui runs
        it (and `take_over` was not confirmed)."""
        store, mid = self.session.store, self.session.meeting.id
        name, person_id = self._runner_identity()
        try:
            runner.claim(
                store,
                mid,
                name=name,
                person_id=person_id,
                step=self.session.position,
                take_over=take_over,
            )
        except runner.RunnerBusy as busy:
            self.follow(busy.runner)
            return False
        except UserError as error:
            self.notify(str(error), severity="error", markup=False)
            return False
        was_following = self.following
        self.following = False
        self._taken_over = None
        self.session.write_check = self._refuse_if_taken_over
        self.remove_class("-following")
        self.refresh_bindings()
        if was_following:
            self._reload_session()
            self.call_later(self._show_step)
            self.status(f"You run {self.meeting_label()} now; the other okrtui was told.")
        return True

    def follow(self, current: runner.Runner | None) -> None:
        """Read-only: the same screen, the facilitator's step, no key that writes."""
        self.following = True
        self._followed = current
        self.add_class("-following")
        self.refresh_bindings()
        self.session.write_check = self._refuse_write
        if self.panel is not None:
            self.panel.disabled = True
        self.set_focus(None)
        self._say_following()

    def _say_following(self) -> None:
        who = self._followed
        if who is None:
            text = f"Following {self.meeting_label()} read-only"
        else:
            text = who.describe(self.meeting_label(), self.session.store.timezone)
        self.status(f"{text} · read-only · T takes it over · q leaves")

    def _refuse_write(self) -> None:
        raise MeetingError("this screen follows the meeting read-only: T takes it over")

    def _refuse_if_taken_over(self) -> None:
        """Before each write: no SQL of its own (a confidence key stays five statements);
        `_still_mine` looks every `TAKEN_OVER_SECONDS`."""
        if self._taken_over is not None:
            raise self._taken_over

    def _still_mine(self) -> None:
        """Whether another okrtui took the meeting over: one read, every second."""
        if self.following or self.session.ended:
            return
        try:
            runner.require_mine(self.session.store, self.session.meeting.id)
        except runner.TakenOver as taken:
            self._taken_over = taken
            self.notify(str(taken), title="Meeting taken over", severity="warning", timeout=20)
            self.follow(taken.runner)
        except UserError:
            pass

    def _heartbeat(self) -> None:
        if self.following or self.session.ended:
            return
        try:
            runner.beat(self.session.store, self.session.meeting.id, self.session.position)
        except runner.TakenOver as taken:
            self.notify(str(taken), title="Meeting taken over", severity="warning", timeout=20)
            self.follow(taken.runner)
        except UserError:
            pass  # a busy or lost file: the writes themselves say so

    def _reload_session(self) -> None:
        store, mid = self.session.store, self.session.meeting.id
        self.session.meeting = store.meeting(mid)
        self.session.steps = store.meeting_steps(mid)

    async def _follow_tick(self) -> None:
        """Following: go where the facilitator goes, show what they write."""
        if not self.following:
            return
        store, mid = self.session.store, self.session.meeting.id
        meeting = store.meeting(mid)
        current = runner.current_runner(store, mid)
        if current is not None and current.token != getattr(self._followed, "token", None):
            self._followed = current
            self._say_following()
        if meeting.current_step != self.session.position or meeting.status.value == "ended":
            self._reload_session()
            if self.session.ended:
                self.status(f"{self.meeting_label()} has ended.")
                return
            await self._show_step()
            self._say_following()
        elif store.data_version() != self._seen_version and self.panel is not None:
            self.panel.refresh_data()
        self._seen_version = store.data_version()
        self.tick()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A follower sees only its own keys: take over, quit, help."""
        following = getattr(self, "following", False)
        if action == "take_over":
            return following
        return not (following and action in WRITING_ACTIONS)

    def action_take_over(self) -> None:
        who = self._followed
        holder = f" from {who.name} on {who.host}" if who is not None else ""

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_meeting(take_over=True)

        self.app.push_screen(
            ConfirmModal(
                f"Take over {self.meeting_label()}{holder}?",
                "Their okrtui is told and stops writing; this one runs the meeting from here.",
            ),
            answered,
        )

    def on_unmount(self) -> None:
        """Leaving without ending: this step's clock stops, and the meeting is free to be
        resumed at once."""
        if self.following or self.session.ended:
            return
        with contextlib.suppress(UserError):
            self.session.pause()
            runner.release(self.session.store, self.session.meeting.id)

    def _show_title(self) -> None:
        store, meeting = self.session.store, self.session.meeting
        present = f"{len(meeting.attendee_ids)} present"
        if meeting.team_id is not None:
            team = store.team(meeting.team_id)
            # the team's name last: a narrow bar cuts it, never the count
            scope = f"{team.code} · {present} · {team.name}"
        else:
            scope = f"Everyone · {present}"
        self.query_one("#meeting-title", Static).update(
            Content.assemble((clean_line(meeting.title), "bold"), f"  {clean_line(scope)}")
        )

    async def _show_step(self) -> None:
        step = self.session.current
        count = len(self.session.steps)
        self.query_one("#step-title", Static).update(
            Content.assemble(
                (f"Step {step.position + 1} of {count}  ", "$text-muted"),
                (clean_line(step.title), "bold"),
            )
        )
        self.query_one(StepPrompt).show(clean_text(step.prompt).strip())
        host = self.query_one("#panel-host", Container)
        await host.remove_children()
        panel_type = self._panel_type(step.kind)
        self.panel = panel_type(self.session, step, me_id=self.me_id, id="step-panel")
        await host.mount(self.panel)
        if self.following:
            self.panel.disabled = True
            self.set_focus(None)
        else:
            self.panel.focus_first()
            # Focus now, not after the next refresh: keys already typed are sent on to it.
            target: Callable[[], Widget] | None = getattr(self.panel, "focus_target", None)
            self.set_focus(target() if target is not None else self.panel)
        # Keys made before now and still travelling up from the old panel are sent on.
        self._moved_at = time.monotonic()
        self.call_after_refresh(self.refresh_bindings)
        self.tick()

    def _panel_type(self, kind: str) -> type[StepPanel]:
        try:
            return panel_class(kind)
        except (ImportError, AttributeError):
            self.notify(
                f"The '{kind}' step cannot be shown by this version of okrtui: take notes instead.",
                severity="warning",
                markup=False,
            )
            from okrtui.tui.steps.notes import NotesPanel

            return NotesPanel

    # -- time -----------------------------------------------------------------------

    def tick(self) -> None:
        """Redraw the timers and the sidebar from the session's clock (each widget redraws
        only what changed since the last tick)."""
        if self.session.ended:
            return
        self.query_one("#step-timer", MeetingTimer).show(self.session.step_remaining())
        self.query_one("#meeting-timer", MeetingTimer).show(self.session.meeting_remaining())
        self.query_one(MeetingSidebar).show(self.session.timings())

    def show_stage(self) -> None:
        """Presenter mode: the KR under discussion, large, above the step's list."""
        presenting = bool(getattr(self.app, "presenter", False))
        row = getattr(self.panel, "selected", None) if presenting else None
        stage = self.query_one(PresenterStage)
        if row is None or not hasattr(row, "confidence_before"):
            row = None
        if row != stage.row:
            stage.row = row
        head = self.query_one(PresenterHead)
        head.display = presenting
        if presenting and not self.session.ended:
            step = self.session.current
            head.show(
                f"Step {step.position + 1} of {len(self.session.steps)} · {clean_line(step.title)}",
                self.session.step_remaining(),
            )

    def status(self, text: str) -> None:
        """One line of fixed height: no layout needed to change it."""
        line = self.query_one("#status-line", Static)
        if str(line.content) != text:
            line.update(Content(text), layout=False)

    # -- messages -------------------------------------------------------------------

    def on_step_panel_recorded(self, message: StepPanel.Recorded) -> None:
        self.status(f"Saved: {message.what}")
        self.tick()

    # -- keys on their way: never dropped, never sent to the wrong place ------------

    async def on_key(self, event: Key) -> None:
        if self.following and self.app.screen is self:
            if event.key in FOLLOWER_KEYS:
                return
            event.stop()
            event.prevent_default()
            if event.key in ("T", "shift+t"):
                self.action_take_over()
            else:
                self._say_following()
            return
        if self._held is not None:
            # A jump is under way: kept, then sent to the step it lands on.
            event.stop()
            event.prevent_default()
            self._held.append(Key(event.key, event.character))
            return
        if event.time < self._moved_at or self.app.screen is not self:
            # Typed before the step changed or a dialog opened, and still travelling up from
            # the panel that had the keyboard then: send it on to where the keyboard is now.
            event.stop()
            event.prevent_default()
            self._stale.append(Key(event.key, event.character))
            if len(self._stale) == 1:
                self._send_on(tries=25)
            return
        # A key bound here (the panel's, this screen's, the app's) runs as it passes, in
        # the order typed; Textual would run it only once the keys typed after it had
        # reached the panel, so a key that opens a dialog or changes the step would leave
        # them behind with the old panel, where they are lost.
        active = self.active_bindings.get(event.key)
        if active is None or not active.enabled:
            return
        event.stop()
        event.prevent_default()
        focused = self.app.focused
        await self.app.run_action(active.binding.action, active.node)
        if self.app.focused is not focused and self.app.screen is self:
            self._moved_at = time.monotonic()

    def _send_on(self, tries: int) -> None:
        """Deliver the keys typed before the keyboard moved, in order, to where it went: a
        dialog over the meeting (which hands them to its field), or this screen's newly
        focused panel (waited for while the step is being shown)."""
        top = self.app.screen
        keys, self._stale = self._stale, []
        if top is not self:
            for key in keys:  # the dialog puts them where they belong, in order
                top._forward_event(key)
            return
        target = self.focused
        if target is None and tries > 0:
            self._stale = keys
            self.set_timer(0.02, lambda: self._send_on(tries - 1))
            return
        for key in keys:
            (target or top)._forward_event(key)

    # -- writes at every transition ----------------------------------------------------

    def on_screen_suspend(self) -> None:
        """A dialog opens over the meeting: what is being typed is saved first."""
        self._flush_panel()

    def on_screen_resume(self) -> None:
        """Back from a dialog: save, then show what other processes wrote meanwhile."""
        self._flush_panel()
        if self.panel is not None and self.panel.is_mounted:
            self.panel.refresh_data()
            self.tick()

    def on_resize(self) -> None:
        self._flush_panel()

    def on_store_changed(self, _message: StoreChanged) -> None:
        if self.panel is not None:
            self.panel.refresh_data()
        self.tick()

    async def on_meeting_sidebar_step_clicked(self, message: MeetingSidebar.StepClicked) -> None:
        await self.go_to(message.position)

    # -- moving through the agenda ------------------------------------------------------

    def _flush_panel(self) -> None:
        flush: Callable[[], None] | None = getattr(self.panel, "flush", None)
        if flush is not None:
            flush()

    # -- drafts of the forms opened over the meeting -------------------------------------

    def keep_form_draft(self, title: str, values: dict[str, str] | None) -> None:
        """Keep a form's fields as typed (None: it was saved or cancelled)."""
        if self.following or self.session.ended:
            return
        field = f"form:{title}"
        text = (
            ""
            if values is None or not any(v.strip() for v in values.values())
            else (json.dumps(values, sort_keys=True))
        )
        with contextlib.suppress(UserError):
            save_draft(self.session.store, self.session.meeting.id, field, text)

    def form_draft(self, title: str) -> dict[str, str] | None:
        text = drafts(self.session.store, self.session.meeting.id).get(f"form:{title}")
        if not text:
            return None
        try:
            loaded = json.loads(text)
        except ValueError:
            return None
        if not isinstance(loaded, dict):
            return None
        return {str(k): str(v) for k, v in loaded.items()}

    def flush_entries(self) -> None:
        """Save what is being typed now (the app calls it on a hang-up)."""
        self._flush_panel()

    async def _move(self, move: Callable[[], object]) -> None:
        self._flush_panel()
        try:
            move()
        except UserError as error:
            self.notify(str(error), severity="warning", markup=False)
            return
        await self._show_step()
        self.status("")

    async def action_next_step(self) -> None:
        if self.session.is_last:
            self.notify("This is the last step: Ctrl+E ends the meeting.", markup=False)
            return
        await self._move(self.session.next)

    async def action_previous_step(self) -> None:
        if self.session.is_first:
            self.notify("This is the first step.", markup=False)
            return
        await self._move(self.session.previous)

    async def action_skip_step(self) -> None:
        if self.session.is_last:
            self.notify("This is the last step: Ctrl+E ends the meeting.", markup=False)
            return
        await self._move(self.session.skip)

    async def go_to(self, position: int) -> None:
        if position != self.session.position:
            await self._move(lambda: self.session.jump(position))

    def action_jump(self) -> None:
        from okrtui.tui.widgets.meeting_jump import JumpModal

        meeting = self

        class Jump(JumpModal):
            """The jump dialog; keys typed after its number are held by the meeting screen
            until the step it goes to has the keyboard."""

            def on_key(self, event: Key) -> None:
                held = meeting._held
                if held is not None:  # the number is chosen: the rest is for the step
                    event.stop()
                    event.prevent_default()
                    held.append(Key(event.key, event.character))

            def dismiss(self, result: int | None = None) -> AwaitComplete:
                if result is not None:
                    meeting._held = []
                return super().dismiss(result)

        def chosen(position: int | None) -> None:
            # Move once the dialog is gone, so keys typed meanwhile come here to be held.
            self.call_later(self._finish_jump, position)

        titles = [step.title for step in self.session.steps]
        self.app.push_screen(Jump(titles, self.session.position), chosen)

    async def _finish_jump(self, position: int | None) -> None:
        try:
            if position is not None:
                await self.go_to(position)
        finally:
            held, self._held = self._held or [], None
            target = self.app.focused or self
            for key in held:
                target._forward_event(key)

    def action_attendance(self) -> None:
        from okrtui.tui.widgets.meeting_attendance import AttendanceModal

        def chosen(ids: list[int] | None) -> None:
            if ids is None:
                return
            try:
                self.session.set_attendance(ids)
            except UserError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self._show_title()
            self.status(f"Saved: attendance ({len(ids)} present)")

        self.app.push_screen(AttendanceModal(self.session), chosen)

    def action_record_decision(self) -> None:
        """Record a decision from any step: its text, owners and key result (the KR under
        the cursor in the KR round, to start with)."""
        from okrtui.tui.decision_form import ask_decision

        row = getattr(self.panel, "selected", None)
        kr = getattr(row, "kr", None)
        ask_decision(self, self.session, kr.ref if kr is not None else "")

    def action_end_meeting(self) -> None:
        done = sum(1 for s in self.session.steps if s.status.value in ("done", "skipped"))
        if self.session.is_last:
            done += 1  # ending on the last step finishes it
        detail = (
            f"{done} of {len(self.session.steps)} steps finished. Everything entered is saved; "
            "the summary comes next, and it can write the notes."
        )

        async def answered(yes: bool | None) -> None:
            if yes:
                await self.end_meeting()

        self.app.push_screen(ConfirmModal("End the meeting now?", detail), answered)

    async def end_meeting(self) -> None:
        from okrtui.tui.screens.meeting_summary import MeetingSummaryScreen

        self._flush_panel()
        try:
            self.session.end()
        except UserError as error:
            self.notify(str(error), severity="error", markup=False)
            return
        with contextlib.suppress(UserError):
            runner.release(self.session.store, self.session.meeting.id)
        await self.app.switch_screen(MeetingSummaryScreen(self.session))

    def action_quit_meeting(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self._flush_panel()
                self.app.exit()

        self.app.push_screen(
            ConfirmModal(
                "Quit okrtui and leave the meeting running?",
                "Nothing is lost: okrtui offers to resume it at this step next time. "
                "To finish the meeting instead, answer no and press Ctrl+E.",
            ),
            answered,
        )

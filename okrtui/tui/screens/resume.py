"""The offer to carry on with a meeting that was left running."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.events import Key
from textual.screen import ModalScreen
from textual.widgets import Static

from okrtui.errors import UserError
from okrtui.meeting.resume import ResumeOffer
from okrtui.meeting.runner import claim, meeting_label
from okrtui.store import Store
from okrtui.text import clean_line
from okrtui.tui.widgets.meeting_form import DIALOG_CSS, ConfirmModal

ResumeChoice = Literal["resume", "end", "later"]


def ago(started: datetime, now: datetime) -> str:
    minutes = max(0, int((now - started).total_seconds() // 60))
    if minutes < 1:
        return "just now"
    if minutes < 120:
        return f"{minutes} min ago"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} hours ago"
    return f"{hours // 24} days ago"


def resume_question(offer: ResumeOffer, team_name: str, now: datetime) -> str:
    """`Resume 'Weekly check-in' (Platform) at step 2 of 5, started 34 min ago?`"""
    return (
        f"Resume '{clean_line(offer.meeting.title)}' ({clean_line(team_name)}) at step "
        f"{offer.step.position + 1} of {offer.step_count}, "
        f"started {ago(offer.meeting.started_at, now)}?"
    )


class ResumeModal(ModalScreen[ResumeChoice]):
    """A meeting left running: resume it, end it (after a confirmation) or later. A
    meeting another live okrtui runs is not offered for resumption: follow it read-only,
    or take it over (after a confirmation)."""

    DEFAULT_CSS = DIALOG_CSS.format(name="ResumeModal")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r,enter", "choose('resume')", "Resume", id="resume.resume"),
        Binding("e", "choose('end')", "End it", id="resume.end"),
        Binding("l,escape", "choose('later')", "Later", id="resume.later"),
        Binding("f", "choose('follow')", "Follow", id="resume.follow"),
        Binding("t", "choose('take_over')", "Take over", id="resume.take_over"),
    ]

    def __init__(self, offer: ResumeOffer, team_name: str, now: datetime) -> None:
        super().__init__()
        self.offer = offer
        self.live = offer.runner is not None
        if offer.runner is not None:
            label = meeting_label(offer.team_label, offer.meeting.title)
            self.question = offer.runner.describe(label, str(offer.started_local.tzinfo))
        else:
            self.question = resume_question(offer, team_name, now)

    def compose(self) -> ComposeResult:
        title = "A meeting is running" if self.live else "A meeting was left running"
        keys = (
            "f / Enter: follow it read-only · t: take it over · l / Esc: later"
            if self.live
            else "r / Enter: resume · e: end it now · l / Esc: later"
        )
        with Vertical():
            yield Static(Content(title), classes="dialog-title")
            yield Static(Content(self.question), id="resume-question")
            yield Static(Content(self.offer.label), classes="dialog-hint")
            yield Static(Content(keys), classes="dialog-hint")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action != "choose" or not parameters:
            return True
        live_only = parameters[0] in ("follow", "take_over")
        resumable_only = parameters[0] in ("resume", "end")
        return not ((live_only and not self.live) or (resumable_only and self.live))

    def action_choose(self, choice: str) -> None:
        if choice == "follow":
            self.dismiss("resume")  # the meeting screen follows a meeting run elsewhere
        elif choice == "take_over":
            self._confirm_take_over()
        elif choice == "end":
            self._confirm_end()
        elif choice in ("resume", "later"):
            self.dismiss("resume" if choice == "resume" else "later")

    def on_key(self, event: Key) -> None:
        if event.key == "enter" and self.live:
            event.stop()
            event.prevent_default()
            self.dismiss("resume")

    def _confirm_end(self) -> None:
        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss("end")

        self.app.push_screen(
            ConfirmModal(
                f"End '{clean_line(self.offer.meeting.title)}' now?",
                "Everything entered stays saved; the meeting cannot be resumed after this.",
            ),
            answered,
        )

    def _confirm_take_over(self) -> None:
        who = self.offer.runner
        assert who is not None

        def answered(yes: bool | None) -> None:
            if not yes:
                return
            store = getattr(self.app, "store", None)
            if isinstance(store, Store):
                try:
                    claim(
                        store,
                        self.offer.meeting.id,
                        name=_my_name(store, self.app),
                        person_id=getattr(self.app, "me_id", None),
                        step=self.offer.step.position,
                        take_over=True,
                    )
                except UserError as error:
                    self.notify(str(error), severity="error", markup=False)
                    return
            self.dismiss("resume")

        self.app.push_screen(
            ConfirmModal(
                f"Take over the meeting from {clean_line(who.name)} on {clean_line(who.host)}?",
                "Their okrtui is told and stops writing; this one runs the meeting from here.",
            ),
            answered,
        )


def _my_name(store: Store, app: object) -> str:
    me_id = getattr(app, "me_id", None)
    if isinstance(me_id, int):
        try:
            return store.person(me_id).name
        except UserError:
            pass
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return "someone"

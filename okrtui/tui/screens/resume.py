"""The offer to carry on with a meeting that was left running."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar, Literal

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from okrtui.meeting.resume import ResumeOffer
from okrtui.text import clean_line
from okrtui.tui.widgets.meeting_form import DIALOG_CSS

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
    DEFAULT_CSS = DIALOG_CSS.format(name="ResumeModal")
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r,enter", "choose('resume')", "Resume", id="resume.resume"),
        Binding("e", "choose('end')", "End it", id="resume.end"),
        Binding("l,escape", "choose('later')", "Later", id="resume.later"),
    ]

    def __init__(self, offer: ResumeOffer, team_name: str, now: datetime) -> None:
        super().__init__()
        self.offer = offer
        self.question = resume_question(offer, team_name, now)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Content("A meeting was left running"), classes="dialog-title")
            yield Static(Content(self.question), id="resume-question")
            yield Static(Content(self.offer.label), classes="dialog-hint")
            yield Static(
                Content("r / Enter: resume · e: end it now · l / Esc: later"),
                classes="dialog-hint",
            )

    def action_choose(self, choice: ResumeChoice) -> None:
        self.dismiss(choice)

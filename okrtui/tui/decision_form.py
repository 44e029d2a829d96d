"""Recording a decision from any step of a meeting (issue 19): its text, the people who own
it and the key result it concerns, written through `MeetingSession.record_decision`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from textual.screen import Screen

from okrtui.domain.decision import Decision
from okrtui.domain.models import KeyResult, Person
from okrtui.errors import UserError
from okrtui.meeting.scope import scope_krs
from okrtui.meeting.session import MeetingSession
from okrtui.tui.widgets.meeting_form import FormField, FormModal, PeopleSuggester
from okrtui.tui.widgets.meeting_kit import kr_field, meeting_people, text_field
from okrtui.tui.widgets.meeting_parse import find_people


def owners_field(people: Sequence[Person], value: str = "") -> FormField:
    return FormField(
        "owners",
        "Owners (comma-separated, may be empty):",
        "handles or names (→ completes)",
        value,
        lambda text: find_people(text, people),
        PeopleSuggester(people),
    )


def decision_form(session: MeetingSession, kr_ref: str = "") -> FormModal:
    krs = [
        s.kr for s in scope_krs(session.store, session.meeting.cycle_id, session.meeting.team_id)
    ]
    return FormModal(
        "Record a decision",
        [
            text_field("text", "The decision:", "what was decided, in one sentence"),
            owners_field(meeting_people(session)),
            kr_field(krs, kr_ref),
        ],
    )


def save_decision(session: MeetingSession, values: dict[str, object]) -> Decision:
    text, owners, kr = values["text"], values["owners"], values["kr"]
    assert isinstance(text, str) and isinstance(owners, list)
    owner_ids = [p.id for p in owners if isinstance(p, Person)]
    kr_id = kr.id if isinstance(kr, KeyResult) else None
    return session.record_decision(text, owner_ids, kr_id)


def ask_decision(screen: Screen[Any], session: MeetingSession, kr_ref: str = "") -> None:
    """Open the decision form over `screen`; save and say so, or say why not."""

    def done(values: dict[str, object] | None) -> None:
        if values is None:
            return
        try:
            decision = save_decision(session, values)
        except (UserError, ValueError) as error:
            screen.app.notify(str(error), title="Not saved", severity="error", markup=False)
            return
        screen.app.notify(f"decision recorded: {decision.text}", title="Decision", markup=False)

    screen.app.push_screen(decision_form(session, kr_ref), done)

"""The inbox and due panels show their data as plain text (issue 19)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from textual.app import App, ComposeResult

from okrtui.tui.widgets.between import DuePanel, InboxPanel, due_content, inbox_content
from okrtui.views.due import DueKR, DueList, DuePerson
from okrtui.views.inbox import AwaitingAck, Inbox, InboxAction

AT = datetime(2026, 11, 18, 9, tzinfo=UTC)


def _due(people: tuple[DuePerson, ...]) -> DueList:
    return DueList("q4", "Q4", AT, None, None, (), people, 4)


def _kr(ref: str, title: str, age: int | None) -> DueKR:
    return DueKR(1, ref, title, "ENG", AT, None if age is None else AT, age)


def test_the_inbox_lists_what_is_mine_with_hostile_text_literal() -> None:
    inbox = Inbox(
        1,
        (_kr("ENG-1.1", "[@click=app.quit]latency", 9),),
        (
            InboxAction(1, "Overdue one", date(2026, 11, 10), True, "ENG-1.1"),
            InboxAction(2, "Later", None, False, ""),
        ),
        (),
        (AwaitingAck(7, 1, "ENG-1.2", "Cache", "Ben", AT, 4, "", ""),),
    )
    text = inbox_content(inbox).plain.splitlines()
    assert text == [
        "Your inbox  1 KR due · 2 actions (1 overdue) · 1 check-in to acknowledge",
        "  due      ENG-1.1 [@click=app.quit]latency  last check-in 9 days ago",
        "  overdue  Overdue one  Nov 10 (ENG-1.1)",
        "  action   Later  no date",
        "  ack      ENG-1.2 confidence 4 by Ben  okrtui ack 7",
    ]


def test_the_due_panel_one_line_per_person() -> None:
    due = _due(
        (
            DuePerson(1, "ana", "Ana", (_kr("ENG-1.1", "x", 10), _kr("ENG-2.2", "y", None))),
            DuePerson(2, "ben", "Ben", (_kr("ENG-2.1", "z", 0),)),
        )
    )
    assert due_content(due).plain.splitlines() == [
        "Due a check-in  3 of 4 KRs, no check-in since their team's last meeting",
        "  Ana  ENG-1.1 (10d), ENG-2.2 (never)",
        "  Ben  ENG-2.1 (0d)",
    ]
    assert due_content(_due(())).plain == (
        "Check-ins  everyone is in (since their team's last meeting)"
    )


class _Host(App[None]):
    def compose(self) -> ComposeResult:
        yield InboxPanel(id="inbox")
        yield DuePanel(id="due")


async def test_an_empty_inbox_is_hidden_and_markup_stays_text() -> None:
    app = _Host()
    async with app.run_test() as pilot:
        inbox = app.query_one(InboxPanel)
        inbox.show(Inbox(1, (), (), (), ()))
        due = app.query_one(DuePanel)
        due.show(_due((DuePerson(1, "x", "[b]Eve[/b]", (_kr("A-1.1", "t", 1),)),)))
        await pilot.pause()
        assert inbox.display is False
        assert "[b]Eve[/b]" in str(due.render())
        inbox.show(Inbox(1, (_kr("A-1.1", "t", None),), (), (), ()))
        await pilot.pause()
        assert inbox.display is True

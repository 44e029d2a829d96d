"""Between the meetings on screen (issue 19): my inbox, and who is due a check-in.

Both are self-contained `Static`s given their data (`views.inbox.Inbox`,
`views.due.DueList`); user text is plain text with a style, never markup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.content import Content

from okrtui.text import clean_line
from okrtui.tui.widgets.still import StillStatic
from okrtui.views.format import short_date

if TYPE_CHECKING:  # the models load after the first frame, with the panels' data
    from okrtui.views.due import DueList
    from okrtui.views.inbox import Inbox

MAX_LINES = 8
"""Each list shows this many items, then says how many more there are."""


def _more(shown: int, total: int) -> list[Content]:
    if total <= shown:
        return []
    return [Content.styled(f"  … and {total - shown} more", "$text-muted")]


def inbox_content(inbox: Inbox) -> Content:
    """The inbox: a headline, then each kind of item, most pressing first."""
    lines: list[Content] = [
        Content.assemble(("Your inbox", "bold"), "  ", (inbox.headline(), "$text-muted"))
    ]
    items: list[Content] = []
    for kr in inbox.due:
        items.append(
            Content.assemble(
                ("  due      ", "$warning"),
                (kr.ref, "bold"),
                " ",
                clean_line(kr.title),
                (f"  {kr.age_text}", "$text-muted"),
            )
        )
    for action in inbox.actions:
        when = "no date" if action.due is None else short_date(action.due)
        style = "$error" if action.overdue else "$text-muted"
        label = "overdue " if action.overdue else "action  "
        ref = f" ({action.kr_ref})" if action.kr_ref else ""
        items.append(
            Content.assemble(
                (f"  {label} ", style), clean_line(action.text), (f"  {when}{ref}", "$text-muted")
            )
        )
    for blocker in inbox.blockers:
        ref = f" ({blocker.kr_ref})" if blocker.kr_ref else ""
        items.append(
            Content.assemble(
                ("  blocker  ", "$warning"),
                clean_line(blocker.text),
                (f"  {blocker.relation}{ref}", "$text-muted"),
            )
        )
    for waiting in inbox.awaiting:
        items.append(
            Content.assemble(
                ("  ack      ", "$accent"),
                (waiting.kr_ref, "bold"),
                f" confidence {waiting.confidence} by ",
                clean_line(waiting.author),
                (f"  okrtui ack {waiting.checkin_id}", "$text-muted"),
            )
        )
    lines += items[:MAX_LINES] + _more(MAX_LINES, len(items))
    return Content("\n").join(lines)


def due_content(due: DueList) -> Content:
    """Who is due a check-in, one line per person."""
    if due.waiting:
        return Content.assemble(("Check-ins", "bold"), "  ", (due.waiting, "$text-muted"))
    if due.everyone_in:
        return Content.assemble(
            ("Check-ins", "bold"), "  ", (f"everyone is in ({due.measure})", "$text-muted")
        )
    lines = [
        Content.assemble(
            ("Due a check-in", "bold"),
            "  ",
            (f"{due.due_count} of {due.in_scope} KRs, no check-in {due.measure}", "$text-muted"),
        )
    ]
    for person in due.people[:MAX_LINES]:
        refs = ", ".join(
            f"{kr.ref} ({'never' if kr.age_days is None else f'{kr.age_days}d'})"
            for kr in person.krs
        )
        lines.append(Content.assemble("  ", (clean_line(person.name), "bold"), "  ", refs))
    lines += _more(MAX_LINES, len(due.people))
    return Content("\n").join(lines)


class InboxPanel(StillStatic):
    """My inbox, first thing on the dashboard and the check-in screen."""

    DEFAULT_CSS = """
    InboxPanel {
        height: auto;
        max-height: 40%;
        padding: 0 1;
        border-left: thick $accent;
        margin-bottom: 1;
    }
    """

    def show(self, inbox: Inbox) -> None:
        self.update(inbox_content(inbox))
        self.display = not inbox.empty


class DuePanel(StillStatic):
    """Who is due a check-in, on the dashboard."""

    DEFAULT_CSS = """
    DuePanel {
        height: auto;
        max-height: 30%;
        padding: 0 1;
        border-left: thick $warning;
        margin-bottom: 1;
    }
    """

    def show(self, due: DueList) -> None:
        self.update(due_content(due))

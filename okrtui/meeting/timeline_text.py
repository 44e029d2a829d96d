"""The cycle's milestones as plain text, with a marker where today falls."""

from __future__ import annotations

from datetime import date

from okrtui.domain.calendar import days_until, milestone_state, next_milestone, week_label
from okrtui.domain.models import Cycle, Milestone
from okrtui.store import Store
from okrtui.text import clean_line

TODAY_MARKER = "▶ today"


def relative_days(day: date, today: date) -> str:
    """`today`, `in 12 days`, `1 day ago`."""
    n = days_until(day, today)
    if n == 0:
        return "today"
    unit = "day" if abs(n) == 1 else "days"
    return f"in {n} {unit}" if n > 0 else f"{-n} {unit} ago"


def timeline_lines(cycle: Cycle, milestones: list[Milestone], today: date) -> list[str]:
    lock = "locked" if cycle.locked else "not locked"
    header = (
        f"{clean_line(cycle.name)} ({cycle.slug}) · {cycle.start.isoformat()} → "
        f"{cycle.end.isoformat()} · {week_label(cycle, today)} · {cycle.status.value} · {lock}"
    )
    marker = f"{TODAY_MARKER}  {today.isoformat()}"
    if not milestones:
        return [header, "", "  no milestones yet", marker]
    upcoming = next_milestone(milestones, today)
    next_id = upcoming.id if upcoming is not None else None
    rows = [
        (
            m.on.isoformat(),
            clean_line(m.title),
            relative_days(m.on, today),
            milestone_state(m, today, next_id)
            + (f" (held {m.held_on.isoformat()})" if m.held_on and m.held_on != m.on else ""),
        )
        for m in milestones
    ]
    title_width = max(len(r[1]) for r in rows)
    when_width = max(len(r[2]) for r in rows)
    lines = [header, ""]
    marked = False
    for m, (on, title, when, state) in zip(milestones, rows, strict=True):
        if not marked and m.on >= today:
            lines.append(marker)
            marked = True
        lines.append(f"  {on}  {title.ljust(title_width)}  {when.ljust(when_width)}  {state}")
    if not marked:
        lines.append(marker)
    return lines


def timeline_text(store: Store, cycle: Cycle, today: date) -> str:
    """Header (cycle, dates, week N of M, locked or not), then one line per milestone."""
    return "\n".join(timeline_lines(cycle, store.milestones(cycle.id), today)) + "\n"

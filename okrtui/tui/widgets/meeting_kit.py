"""What the meeting's step panels share: recording with a clear message on failure, the
people and KR fields of their forms, and a table the panel's own keys drive."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import TypeVar, cast

from textual.content import Content
from textual.css.styles import RulesMap
from textual.reactive import reactive
from textual.widget import Widget
from textual.widgets import OptionList

from okrtui.clock import local_today
from okrtui.domain.bands import DEFAULT_THRESHOLDS, BandThresholds
from okrtui.domain.models import KeyResult, Person
from okrtui.errors import UserError
from okrtui.meeting.session import MeetingSession
from okrtui.text import clean_line
from okrtui.tui.steps.base import StepPanel
from okrtui.tui.widgets.meeting_form import FormField, PeopleSuggester
from okrtui.tui.widgets.meeting_parse import (
    DUE_HELP,
    InputProblem,
    find_people,
    find_person,
    parse_due,
)

T = TypeVar("T")


class PanelList(OptionList):
    """A list that never takes the focus: the panel's own keys move its highlight, so
    letters and digits stay the panel's. One line per row, cut with an ellipsis."""

    can_focus = False

    DEFAULT_CSS = """
    PanelList { height: auto; max-height: 60%; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    highlighted: reactive[int | None] = reactive(None, repaint=False)
    """As in OptionList, but moving it redraws only the rows it leaves and lands on."""

    def _watch_highlighted(self, old: int | None, new: int | None) -> None:
        self._refresh_row(old)
        if new != old:
            self._refresh_row(new)

    def _refresh_row(self, index: int | None) -> None:
        """Mark the lines of row `index` for a redraw (nothing else of the list)."""
        if index is None or not self.is_mounted:
            return
        line = self._index_to_line.get(index)
        if line is None:
            self.refresh()
            return
        self.refresh_lines(line, self._heights[index])

    def replace_row(self, index: int, prompt: Content) -> None:
        """Show `prompt` in row `index`. Unlike `replace_option_prompt_at_index`, which forgets
        every rendered row and redraws the whole list, this redraws only that row (and lays
        the list out again only if the row's height changed)."""
        option = self.get_option_at_index(index)
        height = self._heights.get(index) if self.is_mounted else None
        option._set_prompt(prompt)
        cache = self._option_render_cache
        for key in [key for key in cache.keys() if key[0] is option]:  # noqa: SIM118
            cache.discard(key)
        width = self.scrollable_content_region.width - self._get_left_gutter_width()
        padding = self.get_component_styles("option-list--option").padding
        new_height = (
            self._get_visual(option).get_height(cast(RulesMap, self.styles), width - padding.width)
            + option._divider
        )
        if height is None or new_height != height:
            self._clear_caches()
            self.refresh(layout=self.styles.auto_dimensions)
        else:
            self._refresh_row(index)

    def show_rows(self, rows: Sequence[Content], keep: int | None = None) -> None:
        """Replace the rows, keeping the highlight where it was (or at `keep`)."""
        where = self.highlighted if keep is None else keep
        self.clear_options()
        self.add_options(rows)
        if rows:
            self.highlighted = min(max(where or 0, 0), len(rows) - 1)

    def move_by(self, delta: int) -> None:
        if self.option_count:
            now = self.highlighted or 0
            self.highlighted = max(0, min(self.option_count - 1, now + delta))

    @property
    def index(self) -> int | None:
        return self.highlighted if self.option_count else None


def record(panel: StepPanel, action: Callable[[], T], what: str) -> T | None:
    """Run one write through the session; tell the screen, or show why it failed."""
    try:
        result = action()
    except (UserError, ValueError) as error:
        panel.app.notify(str(error), title="Not saved", severity="error", markup=False)
        return None
    panel.post_message(StepPanel.Recorded(what))
    return result


def thresholds_of(widget: Widget) -> BandThresholds:
    settings = getattr(widget.app, "settings", None)
    if settings is None:
        return DEFAULT_THRESHOLDS
    try:
        return BandThresholds(
            at_risk_from=settings.at_risk_from, on_track_from=settings.on_track_from
        )
    except ValueError:
        return DEFAULT_THRESHOLDS


def today_of(session: MeetingSession) -> date:
    return local_today(session.clock, session.store.timezone)


def person_name(people: Mapping[int, Person], person_id: int | None) -> str:
    if person_id is None or person_id not in people:
        return "—"
    return clean_line(people[person_id].name)


def person_handle(people: Mapping[int, Person], person_id: int | None) -> str:
    if person_id is None or person_id not in people:
        return "—"
    return people[person_id].handle


def meeting_people(session: MeetingSession) -> list[Person]:
    """Everyone, the meeting's team first (completion offers them first)."""
    people = session.store.people()
    if session.meeting.team_id is None:
        return people
    members = set(session.store.team(session.meeting.team_id).member_ids)
    return sorted(people, key=lambda p: p.id not in members)


def text_field(name: str, label: str, placeholder: str = "", value: str = "") -> FormField:
    def parse(text: str) -> str:
        if not text.strip():
            raise InputProblem("needs some text")
        return text.strip()

    return FormField(name, label, placeholder, value, parse)


def owner_field(people: Sequence[Person], value: str = "", label: str = "Owner:") -> FormField:
    return FormField(
        "owner",
        label,
        "a handle or name (→ completes)",
        value,
        lambda text: find_person(text, people),
        PeopleSuggester(people),
    )


def people_field(people: Sequence[Person], value: str = "") -> FormField:
    return FormField(
        "people",
        "People recognised (comma-separated, may be empty):",
        "handles or names (→ completes)",
        value,
        lambda text: find_people(text, people),
        PeopleSuggester(people),
    )


def kr_field(krs: Sequence[KeyResult], value: str = "") -> FormField:
    """An optional KR reference (`ENG-1.2`); empty means none."""
    by_ref = {kr.ref.casefold(): kr for kr in krs}

    def parse(text: str) -> KeyResult | None:
        wanted = text.strip().casefold()
        if not wanted:
            return None
        if wanted not in by_ref:
            known = ", ".join(kr.ref for kr in krs[:6])
            raise InputProblem(f"no KR {text.strip()!r} in this meeting (e.g. {known})")
        return by_ref[wanted]

    refs = [kr.ref for kr in krs]
    from textual.suggester import SuggestFromList

    return FormField(
        "kr",
        "KR (optional):",
        "a KR reference such as " + (refs[0] if refs else "ENG-1.1"),
        value,
        parse,
        SuggestFromList(refs, case_sensitive=False),
    )


def due_field(today: date, value: str = "") -> FormField:
    return FormField("due", "Due date:", DUE_HELP, value, lambda text: parse_due(text, today))


class Scope:
    """Which blockers, wins and actions belong to a step: those of the meeting's team (or of
    its KRs), or everything when the meeting is org-wide or the step says `scope = "all"`."""

    def __init__(self, session: MeetingSession, all_teams: bool = False) -> None:
        from okrtui.meeting.scope import scope_krs

        self.everything = all_teams or session.meeting.team_id is None
        self.team_id = session.meeting.team_id
        meeting = session.meeting
        self.krs = [
            s.kr
            for s in scope_krs(
                session.store, meeting.cycle_id, None if self.everything else self.team_id
            )
        ]
        self.kr_ids = {kr.id for kr in self.krs}

    def holds(self, team_id: int | None, kr_id: int | None) -> bool:
        if self.everything:
            return True
        return team_id == self.team_id or (kr_id is not None and kr_id in self.kr_ids)


def kr_refs(session: MeetingSession) -> dict[int, str]:
    return {kr.id: kr.ref for kr in session.store.key_results(session.meeting.cycle_id)}

"""`okrtui checkin`: a small app of my own KRs, one key per confidence.

It is what people run over SSH before the meeting, so it is a separate App that imports
little and paints at once. Keys: 0 and 2–9 (and `t` for 10) set the confidence and save a
check-in at once; `1` then `0` is one check-in of 10 (a `1` alone is saved when the next
key comes, or after `TWO_DIGIT_SECONDS`); `v` stages a new value (a milestone toggles
done), `n` a note, saved with the next confidence key or Enter; Enter moves to the next KR
and, on a KR not yet checked in, records "no change". The Enter that leaves every KR
checked in closes the screen and the closing line is printed after it, so four KRs take at
most eight keys (`7 ⏎ 6 ⏎ ⏎ 5 ⏎` is seven).
"""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.events import Key
from textual.timer import Timer
from textual.widgets import Input, Static

from okrtui.clock import local_today
from okrtui.config import Settings
from okrtui.domain.bands import BandThresholds, ConfidenceBand, confidence_band
from okrtui.domain.calendar import week_label
from okrtui.domain.krstate import with_unit
from okrtui.domain.models import KeyResult, KRKind
from okrtui.domain.sparkline import text_sparkline
from okrtui.errors import UserError
from okrtui.startup import resume_gc
from okrtui.store import Store
from okrtui.store.watch import ChangeWatcher
from okrtui.terminal import require_terminal
from okrtui.text import clean_line
from okrtui.tui.text import plain
from okrtui.tui.widgets.between import InboxPanel
from okrtui.tui.widgets.parts import BAND_STYLE
from okrtui.views.checkin import CheckinSession, KRLine, show_value

if TYPE_CHECKING:
    from okrtui.cli_support import Env

POLL_SECONDS = 0.5
SPARK_POINTS = 8
ROW_BAND_STYLE = {band: f"bold {style}" for band, style in BAND_STYLE.items()}
"""A row's confidence and band name: the band colours that read at 4.5:1 in every theme
(`okrtui.tui.contrast`); the band is also said in words."""
DONE_STYLE = ROW_BAND_STYLE[ConfidenceBand.ON_TRACK]
"""The ✓ of a KR checked in here."""


def _target(kr: KeyResult, target: float) -> str:
    return with_unit(target, kr.unit)


class KRRow(Static):
    """Two lines for one KR: reference and title; confidence, trend, band and value."""

    def show(self, line: KRLine, thresholds: BandThresholds) -> None:
        kr = line.kr
        band = confidence_band(line.confidence, thresholds)
        if line.done and line.confidence != line.start_confidence:
            confidence = f"{line.start_confidence} → {line.confidence}"
        else:
            confidence = str(line.confidence)
        spark = text_sparkline([c.confidence for c in line.history[-SPARK_POINTS:]])
        value = show_value(kr, line.value)
        target = "" if kr.target is None else f" (target {_target(kr, kr.target)})"
        if line.pending_value is not None:
            value = f"{value} → {show_value(kr, line.pending_value)} (unsaved)"
            target = ""
        parts: list[str | tuple[str, str] | Content] = [
            plain(kr.ref).stylize("bold"),
            "  ",
            plain(kr.title),
            "\n    ",
            ("confidence ", "dim"),
            (f"{confidence:<7}", ROW_BAND_STYLE[band]),
            ("✓ " if line.done else "  ", DONE_STYLE),
            (f"{spark:<{SPARK_POINTS}}", "$accent"),
            "  ",
            (f"{band.label:<9}", ROW_BAND_STYLE[band]),
            "  ",
            plain(value),
            (target, "dim"),
        ]
        if line.pending_note:
            parts += ["\n    ", ("note ", "dim"), plain(line.pending_note), (" (unsaved)", "dim")]
        self.update(Content.assemble(*parts))
        self.set_class(line.done, "-done")


class KRList(VerticalScroll):
    """The focused list; its keys are inactive while the inline input is open."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(str(n), f"set_confidence({n})", "confidence", show=False) for n in range(10)),
        Binding("t", "set_confidence(10)", "10", show=False),
        Binding("v", "edit_value", "value", show=False),
        Binding("n", "edit_note", "note", show=False),
        Binding("enter", "confirm", "next", show=False),
        Binding("up,k", "move(-1)", "up", show=False),
        Binding("down,j", "move(1)", "down", show=False),
    ]

    def on_key(self, event: Key) -> None:
        if event.key != "0":
            # Any key but `0` first saves a `1` still waiting for a possible `0`.
            self._checkin_app().flush()

    def action_set_confidence(self, confidence: int) -> None:
        self._checkin_app().set_confidence(confidence)

    def action_edit_value(self) -> None:
        self._checkin_app().edit("value")

    def action_edit_note(self) -> None:
        self._checkin_app().edit("note")

    def action_confirm(self) -> None:
        self._checkin_app().confirm()

    def action_move(self, step: int) -> None:
        self._checkin_app().move(step)

    def _checkin_app(self) -> CheckinApp:
        app = self.app
        assert isinstance(app, CheckinApp)
        return app


HELP = "0–9 confidence · 1 0 or t: 10 · v value · n note · ⏎ next · ↑↓ move · q quit"


class CheckinApp(App[str]):
    """Only my KRs in the current cycle; returns the closing line when it exits."""

    CSS_PATH = "styles/checkin.tcss"
    TITLE = "okrtui check-in"
    TWO_DIGIT_SECONDS: ClassVar[float] = 0.6
    """How long a `1` waits for a `0` (which makes it 10) before it is saved as 1."""
    ENABLE_COMMAND_PALETTE = False
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "leave", "Quit", show=False),
        Binding("ctrl+c", "leave", "Quit", show=False, priority=True),
        Binding("escape", "cancel_edit", "Cancel", show=False),
    ]

    def __init__(
        self,
        session: CheckinSession,
        settings: Settings,
        *,
        live_refresh: bool = True,
    ) -> None:
        super().__init__()
        self.session = session
        self.settings = settings
        self.thresholds = settings.thresholds
        self.live_refresh = live_refresh
        self.cursor = 0
        self.editing: str | None = None
        self._quit_armed = False
        self._pending_one: tuple[int, Timer] | None = None
        self._watcher: ChangeWatcher | None = None
        self.theme = settings.theme if settings.theme in self.available_themes else "textual-dark"

    def get_css_variables(self) -> dict[str, str]:
        """The theme's variables, and the band colours that read at 4.5:1 in it."""
        from okrtui.tui.contrast import band_variables

        variables = super().get_css_variables()
        return {**variables, **band_variables(variables)}

    def compose(self) -> ComposeResult:
        session = self.session
        today = local_today(session.clock, session.store.timezone)
        yield Static(
            Content.assemble(
                ("Check-in", "bold"),
                f" · {clean_line(session.me.name)} · {clean_line(session.cycle.name)}"
                f" · {week_label(session.cycle, today)}",
            ),
            id="title",
        )
        yield InboxPanel(id="inbox")
        with KRList(id="krs"):
            for index, _ in enumerate(session.lines):
                yield KRRow(id=f"kr-{index}", classes="kr")
        yield Static(id="message")
        box = Input(id="edit")
        box.set_reactive(Input.cursor_blink, False)
        yield box
        yield Static(HELP, id="help", markup=False)

    def on_ready(self) -> None:
        resume_gc()

    def on_mount(self) -> None:
        self.query_one("#edit", Input).display = False
        self.query_one(KRList).focus()
        self.show_all()
        if self.live_refresh:
            self._watcher = ChangeWatcher(self.session.store)
            self.set_interval(POLL_SECONDS, self._poll_store)

    # -- showing ------------------------------------------------------------------------

    def row(self, index: int) -> KRRow:
        return self.query_one(f"#kr-{index}", KRRow)

    def show_all(self) -> None:
        self.show_inbox()
        for index, line in enumerate(self.session.lines):
            row = self.row(index)
            row.show(line, self.thresholds)
            row.set_class(index == self.cursor, "-current")
        if self.session.all_done and not self.editing:
            self.say(
                f"All {len(self.session.lines)} key results checked in. Thank you! "
                "⏎ or q to finish.",
                "closing",
            )

    def show_inbox(self) -> None:
        """What is mine besides these KRs, first (issue 19): open actions, blockers,
        check-ins waiting for my acknowledgement; hidden when there is nothing."""
        from okrtui.views.inbox import load_inbox

        session = self.session
        inbox = load_inbox(session.store, session.me.id, session.clock.now(), session.cycle)
        self.query_one(InboxPanel).show(replace(inbox, due=()))

    def show_line(self, index: int) -> None:
        self.row(index).show(self.session.lines[index], self.thresholds)

    def say(self, text: str, kind: str = "info") -> None:
        message = self.query_one("#message", Static)
        message.update(plain(text))
        for name in ("info", "error", "closing"):
            message.set_class(name == kind, f"-{name}")

    def _poll_store(self) -> None:
        if self._watcher is not None and self._watcher.changed():
            self.session.reload()
            self.show_all()

    # -- keys ---------------------------------------------------------------------------

    def move(self, step: int) -> None:
        self._go(max(0, min(len(self.session.lines) - 1, self.cursor + step)))

    def _go(self, index: int) -> None:
        self.row(self.cursor).remove_class("-current")
        self.cursor = index
        row = self.row(index)
        row.add_class("-current")
        self.query_one(KRList).scroll_to_widget(row, animate=False)

    def set_confidence(self, confidence: int) -> None:
        pending = self._pending_one
        if pending is not None and confidence == 0 and pending[0] == self.cursor:
            self._pending_one = None
            pending[1].stop()
            self._save_confidence(self.cursor, 10)
            return
        self.flush()
        if confidence == 1:
            timer = self.set_timer(self.TWO_DIGIT_SECONDS, self.flush, name="checkin-one")
            self._pending_one = (self.cursor, timer)
            ref = self.session.lines[self.cursor].kr.ref
            self.say(f"{ref}: 1… (0 now makes it 10; any other key saves 1)")
            return
        self._save_confidence(self.cursor, confidence)

    def flush(self) -> None:
        """Save a `1` still waiting for a possible `0` (before any other key, or quitting)."""
        pending = self._pending_one
        if pending is None:
            return
        self._pending_one = None
        index, timer = pending
        timer.stop()
        self._save_confidence(index, 1)

    def _save_confidence(self, index: int, confidence: int) -> None:
        line = self.session.lines[index]
        try:
            saved = self.session.save(index, confidence)
        except UserError as error:
            self.say(str(error), "error")
            return
        self.show_line(index)
        self.say(f"{line.kr.ref}: confidence {saved.confidence} saved. ⏎ for the next KR.")
        self.show_all()

    def on_unmount(self) -> None:
        pending = self._pending_one
        if pending is not None:
            self._pending_one = None
            with contextlib.suppress(UserError):
                self.session.save(pending[0], 1)

    def confirm(self) -> None:
        """Enter: save what is staged, or "no change" on a KR not yet checked in; go on.

        Once every KR is checked in, Enter closes the screen.
        """
        session = self.session
        line = session.lines[self.cursor]
        if line.has_pending or not line.done:
            try:
                session.save(self.cursor)
            except UserError as error:
                self.say(str(error), "error")
                return
            self.show_line(self.cursor)
        if session.all_done:
            self.exit(session.summary())
            return
        self._go(self._next_index())
        self.say("")
        self.show_all()

    def _next_index(self) -> int:
        count = len(self.session.lines)
        for step in range(1, count + 1):
            index = (self.cursor + step) % count
            if not self.session.lines[index].done:
                return index
        return min(self.cursor + 1, count - 1)

    def edit(self, what: str) -> None:
        line = self.session.lines[self.cursor]
        if what == "value" and line.kr.kind is KRKind.MILESTONE:
            self.session.toggle_done(self.cursor)
            self.show_line(self.cursor)
            self.say(f"{line.kr.ref}: 0–9 or ⏎ saves it.")
            return
        self.editing = what
        box = self.query_one("#edit", Input)
        if what == "value":
            box.value = ""
            box.placeholder = clean_line(
                f"new value of {line.kr.ref} ({show_value(line.kr, line.value)})"
            )
        else:
            box.value = line.pending_note
            box.placeholder = clean_line(f"a note on {line.kr.ref}")
        box.display = True
        box.focus()
        self.say("⏎ to keep it, Esc to cancel; then 0–9 or ⏎ saves the check-in.")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        try:
            if self.editing == "value":
                if event.value.strip():
                    self.session.stage_value(self.cursor, event.value)
            else:
                self.session.stage_note(self.cursor, event.value)
        except UserError as error:
            self.say(str(error), "error")
            return
        self._close_editor()
        line = self.session.lines[self.cursor]
        self.say(f"{line.kr.ref}: 0–9 saves it with that confidence, ⏎ keeps the confidence.")

    def action_cancel_edit(self) -> None:
        if self.editing:
            self._close_editor()
            self.say("")

    def _close_editor(self) -> None:
        self.editing = None
        box = self.query_one("#edit", Input)
        box.display = False
        self.query_one(KRList).focus()
        self.show_line(self.cursor)

    def action_leave(self) -> None:
        self.flush()
        pending = [line.kr.ref for line in self.session.lines if line.has_pending]
        if pending and not self._quit_armed:
            self._quit_armed = True
            self.say(
                f"{', '.join(pending)}: a value or note is not saved yet. "
                "⏎ saves it; q again quits without it.",
                "error",
            )
            return
        self.exit(self.session.summary())


def run_checkin(env: Env, store: Store, *, me_id: int) -> None:
    """Open the check-in screen; print the closing line when it is left. A crash exits
    non-zero and says where its log is, as the main app does (`Env.after_app`)."""
    require_terminal("okrtui checkin (the screen, without a KR)")
    from okrtui.cli_support import echo
    from okrtui.tui.app import make_app

    app = make_app(store, env.clock, env.settings, me_id=me_id, checkin=True)
    summary = app.run()
    env.after_app(app)
    if summary:
        echo(summary)

"""The notes of an alignment session: what was agreed (by whom, when), what was written or
edited while it ran, and whether the cycle was locked; its summary counts the agreements."""

from __future__ import annotations

from okrtui.agenda import AgendaLibrary
from okrtui.clock import FixedClock
from okrtui.domain.kinds import CycleStatus, KRKind
from okrtui.meeting.notes import agreed_in_meeting, agreed_summary, render_notes
from okrtui.meeting.session import MeetingSession
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store


def _section(notes: str, heading: str) -> str:
    start = notes.index(heading)
    end = notes.index("\n## ", start + 1)
    return notes[start:end]


def _alignment(store: Store, ids: dict[str, int]) -> MeetingSession:
    store.set_cycle_status(ids["cycle"], CycleStatus.PLANNING)
    session = MeetingSession.start(
        store,
        AgendaLibrary(None, builtin_agendas_dir()).get("alignment-session"),
        cycle=store.cycle(ids["cycle"]),
        team_id=None,
        facilitator_id=ids["ana"],
        attendee_ids=(ids["ana"], ids["ben"]),
    )
    session.next()
    return session


def test_the_alignment_step_lists_agreements_edits_and_the_lock(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    ids = small_org
    store.structure.edit_key_result(ids["ENG-1.2"], {"title": "Ship the cache to prod"})
    clock.advance(minutes=1)
    session = _alignment(store, ids)
    ana = Store(store.db, clock, actor="ana")  # the champion runs the session
    eng1 = store.key_result(ids["ENG-1.1"]).objective_id
    eng2 = store.key_result(ids["ENG-2.1"]).objective_id
    clock.advance(minutes=5)
    ana.structure.edit_key_result(ids["ENG-1.1"], {"title": "p95 checkout latency"})
    ana.structure.agree_objective(eng1)
    clock.advance(minutes=7)
    ana.structure.create_key_result(eng2, "Onboarding checklist live", kind=KRKind.MILESTONE)
    ana.structure.edit_objective(eng2, {"title": "Delight new customers"})
    ana.structure.agree_objective(eng2)
    clock.advance(minutes=2)
    ana.lock_cycle(ids["cycle"])
    clock.advance(minutes=1)
    session.end()

    notes = render_notes(store, session.meeting.id)
    section = _section(notes, "## 2. Align and agree the drafts")
    assert section == (
        "## 2. Align and agree the drafts\n\n"
        "**Agreed (2)**\n\n"
        "- **ENG-1** Make the API fast — agreed by Ana Silva at 09:36\n"
        "- **ENG-2** Delight new customers — agreed by Ana Silva at 09:43\n\n"
        "**Written or edited in the meeting (3)**\n\n"
        "- **ENG-1.1** p95 checkout latency — edited by Ana Silva at 09:36: "
        "title p95 latency → p95 checkout latency\n"
        "- **ENG-2.3** Onboarding checklist live — written by Ana Silva at 09:43\n"
        "- **ENG-2** Delight new customers — edited by Ana Silva at 09:43: "
        "title Delight new users → Delight new customers\n\n"
        "**Cycle:** Q4 2026 locked in the meeting by Ana Silva at 09:45.\n"
    )
    assert "Ship the cache to prod" not in section  # edited before the meeting began
    assert agreed_summary(store, session.meeting) == "2 objectives agreed"
    from okrtui.tui.screens.meeting_summary import between_lines

    summary = [line.plain for line in between_lines(store, session.meeting, False)]
    assert summary[1:3] == ["Decisions        0", "Agreed           2 objectives agreed"]
    assert [e.entity_id for e in agreed_in_meeting(store, session.meeting)] == [eng1, eng2]


def test_an_alignment_that_agreed_nothing_says_so_and_what_is_left(
    store: Store, clock: FixedClock, small_org: dict[str, int]
) -> None:
    session = _alignment(store, small_org)
    clock.advance(minutes=10)
    session.end()
    section = _section(render_notes(store, session.meeting.id), "## 2. Align and agree")
    assert "_Nothing agreed._" in section
    assert "_Nothing written or edited in the meeting._" in section
    assert "**Cycle:** Q4 2026 not locked: 2 drafts still to agree." in section
    assert agreed_summary(store, session.meeting) is None

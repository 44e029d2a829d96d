"""The cycle report and the health check output, against golden files.

The golden files in tests/unit/golden/ are regenerated only on purpose:
`OKRTUI_UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_report.py`.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from okrtui.clock import FixedClock
from okrtui.cycle import activate_cycle, grade_kr, leave_ungraded, new_cycle
from okrtui.domain.models import (
    ActionItem,
    Blocker,
    CheckIn,
    KeyResult,
    KRKind,
    Meeting,
    MeetingStep,
    Objective,
    ObjectiveKind,
    Person,
    Reflection,
    ReflectionKind,
    Role,
    StepStatus,
    Team,
    Win,
)
from okrtui.domain.sparkline import text_sparkline
from okrtui.meeting.health_report import health_findings, render_health_text
from okrtui.meeting.report import render_report
from okrtui.store import Store, open_db

GOLDEN = Path(__file__).parent / "golden"
START = date(2026, 10, 5)
END = date(2027, 1, 3)
REPORT_DAY = date(2026, 12, 30)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def week(n: int, weekday: int = 2) -> date:
    """A day in week `n` of the cycle (1-based; weekday 0 is the cycle's start weekday)."""
    return START + timedelta(days=7 * (n - 1) + weekday)


def build_org(store: Store, clock: FixedClock) -> dict[str, int]:
    """Two teams, three objectives, six KRs, with every kind of fact a report shows."""
    store.set_setting("organisation", "Acme Rockets")
    ana = store.add_person(Person(handle="ana", name="Ana Silva", roles=(Role.OKR_CHAMPION,)))
    ben = store.add_person(Person(handle="ben", name="Ben Okafor"))
    cara = store.add_person(Person(handle="cara", name="Cara Lindqvist"))
    eng = store.add_team(Team(code="ENG", name="Engineering", member_ids=(ana.id, ben.id)))
    ops = store.add_team(Team(code="OPS", name="Operations", member_ids=(cara.id,)))
    clock.set(at(START - timedelta(days=14)))
    cycle = new_cycle(store, "2026-Q4", "Q4 2026", START, END)
    activate_cycle(store, cycle)
    ms = {m.kind.value: m for m in store.milestones(cycle.id)}
    store.mark_milestone_held(ms["kickoff"].id, START)
    store.mark_milestone_held(ms["alignment"].id, ms["alignment"].on + timedelta(days=2))

    def objective(team: Team, number: int, title: str, kind: ObjectiveKind, owner: int) -> int:
        return store.add_objective(
            Objective(
                cycle_id=cycle.id,
                team_id=team.id,
                number=number,
                ref=f"{team.code}-{number}",
                title=title,
                owner_id=owner,
                kind=kind,
            )
        ).id

    eng1 = objective(eng, 1, "Make the API fast", ObjectiveKind.COMMITTED, ana.id)
    eng2 = objective(eng, 2, "Delight new users", ObjectiveKind.ASPIRATIONAL, ben.id)
    ops1 = objective(ops, 1, "Keep the lights on", ObjectiveKind.COMMITTED, cara.id)
    krs = [
        KeyResult(
            objective_id=eng1,
            number=1,
            ref="ENG-1.1",
            title="p95 latency",
            owner_id=ana.id,
            start=800,
            target=200,
            unit="ms",
        ),
        KeyResult(
            objective_id=eng1,
            number=2,
            ref="ENG-1.2",
            title="Ship the cache",
            owner_id=ben.id,
            kind=KRKind.MILESTONE,
        ),
        KeyResult(
            objective_id=eng2,
            number=1,
            ref="ENG-2.1",
            title="Activation rate",
            owner_id=ben.id,
            start=20,
            target=40,
            unit="%",
        ),
        KeyResult(
            objective_id=eng2,
            number=2,
            ref="ENG-2.2",
            title="NPS",
            owner_id=ana.id,
            start=10,
            target=30,
            unit="NPS",
        ),
        KeyResult(
            objective_id=ops1,
            number=1,
            ref="OPS-1.1",
            title="Uptime",
            owner_id=cara.id,
            start=99.0,
            target=99.9,
            unit="%",
        ),
        KeyResult(
            objective_id=ops1,
            number=2,
            ref="OPS-1.2",
            title="Pager alerts per week",
            owner_id=cara.id,
            start=40,
            target=10,
            unit="alerts",
        ),
    ]
    ids = {kr.ref: store.add_key_result(kr, cycle.id).id for kr in krs}
    ids |= {
        "cycle": cycle.id,
        "ana": ana.id,
        "ben": ben.id,
        "cara": cara.id,
        "eng": eng.id,
        "ops": ops.id,
        "ENG-1": eng1,
        "ENG-2": eng2,
        "OPS-1": ops1,
    }

    def checkin(ref: str, n: int, value: float | None, confidence: int, note: str = "") -> None:
        store.add_checkin(
            CheckIn(
                kr_id=ids[ref],
                at=at(week(n)),
                value=value,
                confidence=confidence,
                note=note,
                author_id=ana.id,
            )
        )

    for n, (latency, conf) in enumerate([(760, 6), (700, 6), (650, 5), (520, 4), (440, 4)], 1):
        checkin("ENG-1.1", n * 2, latency, conf)
    checkin("ENG-1.2", 3, 0, 7)
    checkin("ENG-1.2", 9, 1, 10, "cache live")
    for n, (rate, conf) in enumerate([(22, 5), (25, 6), (30, 7), (33, 7)], 1):
        checkin("ENG-2.1", n * 3, rate, conf)
    checkin("ENG-2.2", 2, 11, 5)
    checkin("ENG-2.2", 4, None, 3, "survey vendor gone")
    for n in (1, 4, 7, 10, 12):
        checkin("OPS-1.1", n, 99.5 + n / 40, 8)
    checkin("OPS-1.2", 1, 40, 5)
    checkin("OPS-1.2", 2, 38, 5)

    clock.set(at(week(5)))
    meeting = store.create_meeting(
        Meeting(
            cycle_id=cycle.id,
            team_id=eng.id,
            agenda_slug="mid-cycle-review",
            title="Mid-cycle review",
            agenda_snapshot="{}",
            facilitator_id=ana.id,
            started_at=at(week(7, 1), 15),
            attendee_ids=(ana.id, ben.id),
        ),
        [
            MeetingStep(
                position=0,
                kind="timeline",
                title="Timeline",
                planned_minutes=5,
                status=StepStatus.DONE,
                elapsed_seconds=240,
            ),
            MeetingStep(
                position=1,
                kind="krs",
                title="KR round",
                planned_minutes=20,
                status=StepStatus.DONE,
                elapsed_seconds=1740,
            ),
            MeetingStep(
                position=2,
                kind="blockers",
                title="Blockers",
                planned_minutes=5,
                status=StepStatus.SKIPPED,
                elapsed_seconds=0,
            ),
        ],
    )
    store.end_meeting(meeting.id, at(week(7, 1), 16))
    ids["meeting"] = meeting.id

    blocked = store.raise_blocker(
        Blocker(
            cycle_id=cycle.id,
            text="Staging cluster keeps falling over",
            kr_id=ids["ENG-1.1"],
            team_id=eng.id,
            owner_id=cara.id,
            raised_at=at(week(3)),
            raised_by_id=ana.id,
        )
    )
    clock.set(at(week(5)))
    store.resolve_blocker(blocked.id, "Moved to the new cluster", meeting.id)
    store.raise_blocker(
        Blocker(
            cycle_id=cycle.id,
            text="No budget for the survey tool",
            kr_id=ids["ENG-2.2"],
            team_id=eng.id,
            owner_id=ben.id,
            raised_at=at(week(4)),
            raised_by_id=ben.id,
        )
    )
    store.add_win(
        Win(
            cycle_id=cycle.id,
            text="Cache shipped two weeks early",
            kr_id=ids["ENG-1.2"],
            team_id=eng.id,
            at=at(week(9)),
            author_id=ana.id,
            recognised_ids=(ben.id, cara.id),
        )
    )
    store.add_win(Win(cycle_id=cycle.id, text="Zero-downtime deploys", at=at(week(11))))
    store.add_action(
        ActionItem(
            cycle_id=cycle.id,
            text="Write the latency post-mortem",
            owner_id=ana.id,
            due=date(2027, 1, 8),
            created_at=at(week(12)),
        )
    )
    done = store.add_action(
        ActionItem(
            cycle_id=cycle.id,
            text="Book the town hall room",
            owner_id=cara.id,
            due=date(2026, 12, 1),
            created_at=at(week(6)),
        )
    )
    store.complete_action(done.id)
    store.add_action(
        ActionItem(
            cycle_id=cycle.id,
            text="Renew the survey contract",
            owner_id=ben.id,
            due=date(2026, 12, 15),
            created_at=at(week(8)),
        )
    )

    clock.set(at(date(2026, 12, 29)))
    grade_kr(store, ids["ENG-1.1"], "6", "Blocked by staging for three weeks", ana.id)
    grade_kr(store, ids["ENG-1.2"], "10", "", ana.id)
    leave_ungraded(store, ids["ENG-2.2"], "Survey vendor went out of business", ana.id)
    grade_kr(store, ids["OPS-1.1"], 0.9, "", cara.id)
    for kind, text, who in [
        (ReflectionKind.WENT_WELL, "Weekly check-ins kept us honest", ana.id),
        (ReflectionKind.LEARNED, "Milestone KRs hide risk until late", ben.id),
        (ReflectionKind.CHANGE, "Fewer KRs per objective", cara.id),
        (ReflectionKind.WENT_WELL, "The cache | finally", ben.id),
    ]:
        store.add_reflection(
            Reflection(
                cycle_id=cycle.id,
                kind=kind,
                text=text,
                author_id=who,
                at=clock.now(),
                meeting_id=meeting.id,
            )
        )
    return ids


@pytest.fixture
def org() -> Iterator[tuple[Store, dict[str, int]]]:
    clock = FixedClock(at(REPORT_DAY))
    db = open_db(":memory:")
    store = Store(db, clock, actor="tester")
    ids = build_org(store, clock)
    clock.set(at(REPORT_DAY, 9))
    yield store, ids
    db.close()


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("OKRTUI_UPDATE_GOLDEN") == "1":
        GOLDEN.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing; create it with OKRTUI_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def test_the_report_matches_its_golden_file(org: tuple[Store, dict[str, int]]) -> None:
    store, ids = org
    text = render_report(store, store.cycle(ids["cycle"]), today=REPORT_DAY)
    check_golden("report_small.md", text)


def test_the_health_check_matches_its_golden_file(org: tuple[Store, dict[str, int]]) -> None:
    store, ids = org
    cycle = store.cycle(ids["cycle"])
    text = render_health_text(health_findings(store, cycle, today=REPORT_DAY), cycle)
    check_golden("health_small.txt", text)


def test_the_health_check_of_one_team(org: tuple[Store, dict[str, int]]) -> None:
    store, ids = org
    cycle = store.cycle(ids["cycle"])
    findings = health_findings(store, cycle, ids["ops"], today=REPORT_DAY)
    text = render_health_text(findings, cycle, scope="team OPS")
    check_golden("health_small_ops.txt", text)
    assert all(not f.subject.startswith("ENG") for f in findings)


def test_the_report_shows_the_facts_that_matter(org: tuple[Store, dict[str, int]]) -> None:
    store, ids = org
    text = render_report(store, store.cycle(ids["cycle"]), today=REPORT_DAY)
    # entered grades plain, missing ones suggested, deliberate gaps with their reason
    # each KR's value against its target, where it landed
    assert "| ENG-1.1 | p95 latency | Ana Silva | 440 ms against 200 ms | 0.6 | 🟡 Yellow |" in text
    assert "| ENG-1.2 | Ship the cache | Ben Okafor | done | 1.0 | 🟢 Green |" in text
    assert (
        "| OPS-1.2 | Pager alerts per week | Cara Lindqvist | 38 alerts against 10 alerts "
        "| 0.1 (suggested) | 🔴 Red |"
    ) in text
    assert "Left ungraded: Survey vendor went out of business" in text
    # objective score is the mean of KR grades: (0.6 + 1.0) / 2
    assert "score **0.8** · 🟢 Green" in text
    # committed misses, with the post-mortem note or its absence
    misses = text.split("## Committed misses")[1].split("\n## ")[0]
    assert "**ENG-1.1**" in misses and "Blocked by staging for three weeks" in misses
    assert "**OPS-1.1**" in misses and "no post-mortem note yet" in misses
    assert "ENG-1.2" not in misses and "ENG-2.1" not in misses
    # a suggestion is no miss yet: OPS-1.2 is at risk of missing
    assert "OPS-1.2" not in misses
    at_risk = text.split("## Committed key results at risk of missing")[1].split("\n## ")[0]
    assert "**OPS-1.2** Pager alerts per week" in at_risk and "suggests 0.1" in at_risk
    # recognition names people; reflections carry their author; meetings their time
    assert "recognised: Ben Okafor, Cara Lindqvist" in text
    assert "- Milestone KRs hide risk until late (Ben Okafor)" in text
    assert "The cache \\| finally" in text
    assert "| 30 min | 33 min | +3 min | KR round (+9 min) |" in text
    assert "| Alignment | 2026-10-19 | 2026-10-21 | 2 days late |" in text
    assert "| Mid-cycle review | 2026-11-19 | 2026-11-17 | 2 days early |" in text


def test_hostile_text_in_a_kr_title_is_neutralised(org: tuple[Store, dict[str, int]]) -> None:
    store, ids = org
    hostile = "[@click=app.quit]x[/] <script>alert(1)</script> a|b \x1b[2Jgone"
    store.update_key_result(ids["ENG-2.1"], title=hostile)
    text = render_report(store, store.cycle(ids["cycle"]), today=REPORT_DAY)
    row = next(line for line in text.splitlines() if line.startswith("| ENG-2.1 |"))
    assert "\x1b" not in text
    assert "<script>" not in text
    assert "[@click" not in text.replace("\\[", "")
    assert "\\[@\u200dclick=app.quit\\]x\\[/\\]" in row  # the @-mention pings nobody
    assert "&lt;script&gt;" in row
    assert "a\\|b" in row
    # the row still has exactly its eight cells
    assert row.replace("\\|", "").count("|") == 9


def test_the_confidence_line_has_one_bar_per_week(org: tuple[Store, dict[str, int]]) -> None:
    store, ids = org
    text = render_report(store, store.cycle(ids["cycle"]), today=REPORT_DAY)
    row = next(line for line in text.splitlines() if line.startswith("| ENG-1.1 |"))
    # 5 until the first check-in in week 2, then 6, 6, 5, 4, 4 every other week
    weekly = [5, 6, 6, 6, 6, 5, 5, 4, 4, 4, 4, 4, 4]
    assert len(weekly) == 13
    assert f"| {text_sparkline(weekly)} 5 → 4 |" in row


def test_a_cycle_with_nothing_in_it_still_reports(store: Store) -> None:
    cycle = new_cycle(store, "empty", "Empty", date(2027, 1, 4), date(2027, 4, 4))
    text = render_report(store, cycle, today=date(2027, 1, 4))
    assert text.startswith("# Cycle report: Empty\n")
    assert "No objectives in this cycle." in text
    assert "No meetings held." in text


def test_the_report_reads_each_table_once(org: tuple[Store, dict[str, int]]) -> None:
    """No query per KR: twice the KRs and check-ins, the same number of queries."""
    store, ids = org
    cycle = store.cycle(ids["cycle"])
    queries: list[str] = []
    store.db.conn.set_trace_callback(queries.append)
    render_report(store, cycle, today=REPORT_DAY)
    before = len(queries)
    for n in range(3, 9):
        kr = store.add_key_result(
            KeyResult(
                objective_id=ids["ENG-2"],
                number=n,
                ref=f"ENG-2.{n}",
                title=f"KR {n}",
                start=0,
                target=10,
                unit="x",
            ),
            cycle.id,
        )
        store.add_checkin(CheckIn(kr_id=kr.id, at=at(week(3)), value=2, confidence=6))
    queries.clear()
    render_report(store, cycle, today=REPORT_DAY)
    store.db.conn.set_trace_callback(None)
    assert len(queries) == before


def test_many_findings_of_one_kind_are_summed_up() -> None:
    from okrtui.domain.health import HealthFinding
    from okrtui.meeting.health_report import render_health_markdown

    findings = [
        HealthFinding(
            severity="warning",
            code="stale-checkin",
            subject=f"ENG-1.{n}",
            message=f"Key result ENG-1.{n} has had no check-in for 20 days.",
        )
        for n in range(1, 8)
    ]
    text = render_health_markdown(findings)
    assert "7 warnings, 0 notes." in text
    assert (
        "- **Warning** (stale-checkin): 7 findings, for ENG-1.1, ENG-1.2, ENG-1.3, ENG-1.4, "
        "ENG-1.5 and 2 more; the first says: Key result ENG-1.1 has had no check-in for 20 days."
    ) in text
    assert "ENG-1.6" not in text


def test_the_headline_fits_the_town_hall(org: tuple[Store, dict[str, int]]) -> None:
    store, ids = org
    text = render_report(store, store.cycle(ids["cycle"]), today=REPORT_DAY)
    headline = text.split("## Headline")[1].split("\n## ")[0]
    assert "- **Overall score:** 0.67 (suggested) · 🟢 Green" in headline
    # ENG-1.1 0.6, ENG-1.2 1.0, OPS-1.1 0.9 are the graded committed KRs
    assert "- **Committed hit rate:** 1 of 3 graded committed key results landed" in headline
    assert "- **Aspirational average:** 0.7 (suggested) · 🟢 Green; 0.7 is a success" in headline
    assert "- **Best objective:** ENG-1 Make the API fast (ENG), 0.8" in headline
    assert "- **Weakest objective:** OPS-1 Keep the lights on (OPS), 0.5" in headline
    assert "**Wins (" in headline and "**Lessons (" in headline
    assert "- Milestone KRs hide risk until late" in headline
    assert len(headline.strip().splitlines()) <= 24  # one screen
    assert text.index("## Headline") < text.index("## Scores by team")


def test_a_closed_cycle_reads_closed(org: tuple[Store, dict[str, int]]) -> None:
    from okrtui.cycle import close_cycle, grade_kr

    store, ids = org
    cycle = store.cycle(ids["cycle"])
    assert isinstance(store.clock, FixedClock)
    store.clock.set(at(date(2026, 11, 18), 9))  # graded and closed in week 7
    for kr in store.key_results(cycle.id):
        if kr.id not in store.latest_grades(cycle.id):
            grade_kr(store, kr.id, "0.5")
    close_cycle(store, store.cycle(cycle.id))
    early_day = min(m.on for m in store.milestones(cycle.id) if m.kind.value == "town-hall")
    text = render_report(store, store.cycle(cycle.id), today=early_day - timedelta(days=40))
    assert "- **Status:** closed" in text
    assert "- **Closed early:** in week 7 of 13, before the grading deadline of " in text
    assert "upcoming" not in text
    assert "not held (the cycle is closed)" in text
    assert "## Committed key results at risk of missing" not in text
    misses = text.split("## Committed misses")[1].split("\n## ")[0]
    assert "**OPS-1.2**" in misses and "graded 0.5" in misses


def test_the_report_lists_every_health_subject(org: tuple[Store, dict[str, int]]) -> None:
    store, ids = org
    text = render_report(store, store.cycle(ids["cycle"]), today=REPORT_DAY)
    assert " more; " not in text and "and 1 more" not in text

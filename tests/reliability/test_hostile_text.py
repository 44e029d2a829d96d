"""Hostile text in every user-entered field: imported, rendered to Markdown, printed by the
command line and shown on every screen.

One corpus (corpus.py) drives it all. The organisation below is imported from a TOML file
whose every free-text field (people's and teams' names, the cycle's name, milestone titles,
objective titles and descriptions, KR titles and units, check-in notes, blockers and their
resolutions, wins, action items) carries samples of the corpus; a meeting from an agenda
whose step titles and prompts are hostile then records hostile blockers, wins, actions,
notes, grades and reflections.
"""

from __future__ import annotations

import io
import shutil
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import tomli_w
from click.testing import CliRunner
from rich.console import Console

from okrtui.agenda.models import AgendaTemplate
from okrtui.cli import cli
from okrtui.clock import FixedClock
from okrtui.domain.models import Grade, Reflection, ReflectionKind
from okrtui.meeting.notes import render_notes
from okrtui.meeting.report import render_report
from okrtui.meeting.session import MeetingSession
from okrtui.store import Store, open_db

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
TODAY = NOW.date()
PEOPLE = ("p0", "p1", "p2")
TEAM = "HX"
STEP_KINDS = (
    "notes",
    "wins",
    "krs",
    "vote",
    "blockers",
    "actions",
    "timeline",
    "grading",
    "reflection",
    "health",
)


# -- the hostile organisation ------------------------------------------------------------


LONG_PLACEHOLDER = "(the 10,000-character title)"


def hostile_document(corpus: ModuleType) -> dict[str, Any]:
    """An OKR set whose every free-text field carries the corpus (but NUL, which the
    importer refuses by name: see the NUL tests below; meetings still record it)."""
    counter = iter(range(10_000))

    def text() -> str:
        return str(corpus.field_text(next(counter), allow_nul=False))

    def at(days: int) -> datetime:
        return NOW - timedelta(days=days)

    objectives = []
    for o in range(1, 4):
        krs = []
        for k in range(1, 4):
            # The 10,000-character title is over the importer's limit: the template
            # writes it into the database afterwards, as an older okrtui could have.
            title = LONG_PLACEHOLDER if (o, k) == (1, 1) else text()
            krs.append(
                {
                    "ref": f"{TEAM}-{o}.{k}",
                    "title": title,
                    "owner": PEOPLE[(o + k) % len(PEOPLE)] if (o, k) != (1, 2) else "p0",
                    "start": 0.0,
                    "target": 100.0,
                    "unit": ["%", "[b]u[/b]", "\x1b[2J", "漢"][k % 4],
                    "checkins": [
                        {
                            "at": at(14 - w * 7),
                            "value": 10.0 * (w + 1),
                            "confidence": (o + k + w) % 11,
                            "note": text(),
                            "author": "p0",
                        }
                        for w in range(2)
                    ],
                }
            )
        objectives.append(
            {
                "ref": f"{TEAM}-{o}",
                "team": TEAM,
                "title": text(),
                "owner": PEOPLE[o % len(PEOPLE)],
                "kind": "committed" if o % 2 else "aspirational",
                "description": text(),
                "key_results": krs,
            }
        )
    return {
        "format": 1,
        "organisation": text(),
        "timezone": "Europe/Berlin",
        "people": [
            {"handle": handle, "name": text(), "roles": ["okr-champion"]} for handle in PEOPLE
        ],
        "teams": [{"code": TEAM, "name": text(), "members": list(PEOPLE)}],
        "cycle": {
            "slug": "2026-Q4",
            "name": text(),
            "start": date(2026, 10, 5),
            "end": date(2027, 1, 3),
            "status": "active",
            "milestones": [
                {"kind": kind, "title": text(), "on": on}
                for kind, on in (
                    ("kickoff", date(2026, 10, 5)),
                    ("mid-cycle-review", date(2026, 11, 25)),
                    ("grading-deadline", date(2026, 12, 30)),
                )
            ],
        },
        "objectives": objectives,
        "blockers": [
            {
                "text": text(),
                "kr": f"{TEAM}-1.2",
                "team": TEAM,
                "owner": "p1",
                "raised_at": at(10),
                "raised_by": "p0",
            },
            {
                "text": text(),
                "team": TEAM,
                "owner": "p2",
                "raised_at": at(9),
                "resolved_at": at(2),
                "resolution": text(),
            },
        ],
        "wins": [
            {"text": text(), "kr": f"{TEAM}-2.1", "team": TEAM, "at": at(3), "recognised": ["p1"]}
        ],
        "actions": [
            {
                "text": text(),
                "owner": "p2",
                "due": date(2026, 11, 20),
                "team": TEAM,
                "created_at": at(8),
            }
        ],
    }


def hostile_agenda(corpus: ModuleType) -> AgendaTemplate:
    """Every step kind once, with hostile titles (one line, at most 80) and prompts."""
    return AgendaTemplate.model_validate(
        {
            "slug": "hostile",
            "title": corpus.one_line_text(99),
            "kind": "custom",
            "minutes": float(len(STEP_KINDS)),
            "steps": [
                {
                    "kind": kind,
                    "title": corpus.one_line_text(i),
                    "minutes": 1.0,
                    "prompt": corpus.field_text(500 + i),
                }
                for i, kind in enumerate(STEP_KINDS)
            ],
        }
    )


def run_cli(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def assert_bad_input(code: int, err: str, *needles: str) -> None:
    assert code == 2, err
    assert err.startswith("okrtui: "), err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    for needle in needles:
        assert needle in err, err


def row_counts(path: Path) -> dict[str, int]:
    connection = sqlite3.connect(path)
    try:
        tables = [
            r[0]
            for r in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        connection.close()


@pytest.fixture(scope="module")
def hostile_file(corpus: ModuleType, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "hostile.toml"
    path.write_text(tomli_w.dumps(hostile_document(corpus)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def hostile_template(
    corpus: ModuleType, hostile_file: Path, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """The hostile organisation imported through the command line, with one meeting that
    recorded hostile text of every kind (left running, at its first step)."""
    db = tmp_path_factory.mktemp("hostile-db") / "hostile.db"
    code, _, err = run_cli("import", str(hostile_file), "--db", str(db))
    assert code == 0, err
    clock = FixedClock(NOW)
    store = Store(open_db(db), clock, actor="hostile")
    store.update_key_result(store.kr_by_ref(f"{TEAM}-1.1").id, title=corpus.LONG)
    team = store.team_by_code(TEAM)
    cycle = store.cycle_by_slug("2026-Q4")
    people = {p.handle: p.id for p in store.people()}
    session = MeetingSession.start(
        store,
        hostile_agenda(corpus),
        cycle=cycle,
        team_id=team.id,
        facilitator_id=people["p0"],
        attendee_ids=team.member_ids,
    )
    krs = store.key_results(cycle.id)
    for i, kr in enumerate(krs[:4]):
        clock.advance(seconds=30)
        session.record_confidence(kr.id, i + 3, note=corpus.field_text(600 + i))
    session.raise_blocker(corpus.field_text(700), people["p1"], krs[1].id)
    session.add_win(corpus.field_text(701), [people["p1"], people["p2"]], krs[2].id)
    session.add_action(corpus.field_text(702), people["p2"], date(2026, 11, 25), krs[0].id)
    open_blocker = store.blockers(cycle.id, open_only=True)[0]
    session.resolve_blocker(open_blocker.id, corpus.field_text(703))
    for position in range(len(session.steps)):
        session.save_notes(corpus.field_text(800 + position), position)
    for i, kr in enumerate(krs[:3]):
        store.add_grade(
            Grade(
                kr_id=kr.id,
                score=0.3 * i,
                note=corpus.field_text(900 + i),
                at=clock.now(),
                author_id=people["p0"],
                meeting_id=session.meeting.id,
            )
        )
    for i, kind in enumerate(ReflectionKind):
        store.add_reflection(
            Reflection(
                cycle_id=cycle.id,
                kind=kind,
                text=corpus.field_text(950 + i),
                author_id=people["p1"],
                at=clock.now(),
                meeting_id=session.meeting.id,
                team_id=team.id,
            )
        )
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.db.close()
    return db


@pytest.fixture
def hostile_db(hostile_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "hostile.db"
    shutil.copyfile(hostile_template, path)
    return path


@pytest.fixture
def hostile_store(hostile_db: Path) -> Iterator[Store]:
    store = Store(open_db(hostile_db), FixedClock(NOW), actor="tester")
    yield store
    store.db.close()


# -- import -------------------------------------------------------------------------------


def test_import_keeps_hostile_text_as_typed(
    corpus: ModuleType, hostile_file: Path, hostile_store: Store
) -> None:
    import tomllib

    doc = tomllib.loads(hostile_file.read_text(encoding="utf-8"))
    cycle = hostile_store.cycle_by_slug("2026-Q4")
    assert cycle.name == doc["cycle"]["name"]
    assert {p.name for p in hostile_store.people()} == {p["name"] for p in doc["people"]}
    titles = {kr.ref: kr.title for kr in hostile_store.key_results(cycle.id)}
    for objective in doc["objectives"]:
        for kr in objective["key_results"]:
            if kr["title"] != LONG_PLACEHOLDER:
                assert titles[kr["ref"]] == kr["title"]
    assert titles[f"{TEAM}-1.1"] == corpus.LONG and len(corpus.LONG) == 10_000
    notes = {
        c.note for checkins in hostile_store.checkin_history(cycle.id).values() for c in checkins
    }
    assert any("\x1b[2J" in n for n in notes) and any("\u202e" in n for n in notes)


def test_import_refuses_a_10000_character_title_stating_the_limit(
    corpus: ModuleType, tmp_path: Path
) -> None:
    doc = hostile_document(corpus)
    doc["objectives"][0]["key_results"][0]["title"] = corpus.LONG
    path = tmp_path / "long.toml"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    db = tmp_path / "x.db"
    code, _, err = run_cli("import", str(path), "--db", str(db))
    assert_bad_input(
        code,
        err,
        "objectives[0].key_results[0].title: is 10000 characters long; at most 200",
    )
    assert row_counts(db).get("cycles", 0) == 0


def test_a_raw_nul_byte_in_a_toml_file_is_refused_with_its_place(
    hostile_file: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "nul.toml"
    text = hostile_file.read_text(encoding="utf-8")
    bad.write_text(text.replace('"p0"', '"p\x000"', 1), encoding="utf-8")
    db = tmp_path / "x.db"
    code, _, err = run_cli("import", str(bad), "--db", str(db))
    assert_bad_input(code, err, str(bad), "line ", "\\x00")
    assert "\x00" not in err
    assert not db.exists() or row_counts(db).get("cycles", 0) == 0


def test_nul_escaped_in_toml_is_imported_or_refused_cleanly(
    corpus: ModuleType, tmp_path: Path
) -> None:
    """TOML can spell NUL as \\u0000. Either the importer refuses it (one line naming the
    field, nothing written) or it keeps the text exactly, to be neutralised on output."""
    doc = hostile_document(corpus)
    doc["objectives"][0]["title"] = "before\x00after"
    path = tmp_path / "nul-escaped.toml"
    path.write_text(tomli_w.dumps(doc), encoding="utf-8")
    assert "\\u0000" in path.read_text(encoding="utf-8")
    db = tmp_path / "x.db"
    code, _, err = run_cli("import", str(path), "--db", str(db))
    if code == 0:
        store = Store(open_db(db))
        assert store.objectives(store.cycle_by_slug("2026-Q4").id)[0].title == "before\x00after"
        store.db.close()
    else:
        assert_bad_input(code, err, "objectives[0].title")
        assert row_counts(db).get("cycles", 0) == 0


# -- Markdown -------------------------------------------------------------------------------


def test_meeting_notes_neutralise_the_corpus(corpus: ModuleType, hostile_store: Store) -> None:
    meeting = hostile_store.running_meetings()[0]
    notes = render_notes(hostile_store, meeting.id)
    assert corpus.markdown_problems(notes) == []
    assert "\\[@\u200dclick=app.quit\\]x\\[/\\]" in notes  # no live @-mention
    assert "漢字テキスト" in notes and "👩‍💻" in notes
    assert "&lt;script&gt;" in notes


def test_markdown_breaks_mentions_and_names_owners_without_an_at(
    corpus: ModuleType, hostile_store: Store
) -> None:
    meeting = hostile_store.running_meetings()[0]
    session = MeetingSession.load(hostile_store, meeting.id, FixedClock(NOW))
    owner = hostile_store.person_by_handle("p2")
    for mention in corpus.MENTIONS:
        session.add_win(f"{mention} shipped it")
        session.add_action(f"tell {mention}", owner.id, date(2026, 11, 25))
    notes = render_notes(hostile_store, meeting.id)
    assert corpus.markdown_problems(notes) == []
    for mention in corpus.MENTIONS:
        assert mention.replace("@", "@\u200d") in notes or mention == "_@x"
    assert f"owner: {owner.name.split()[0]}" in notes or f"({owner.handle})" in notes
    assert "@p2" not in notes and "@\u200dp2" not in notes


def test_cycle_report_neutralises_the_corpus(corpus: ModuleType, hostile_store: Store) -> None:
    report = render_report(hostile_store, hostile_store.cycle_by_slug("2026-Q4"), today=TODAY)
    assert corpus.markdown_problems(report) == []
    assert "\\[@\u200dclick=app.quit\\]x\\[/\\]" in report
    assert "&lt;img" in report


def test_notes_and_report_commands_write_neutralised_files(
    corpus: ModuleType, hostile_db: Path, tmp_path: Path
) -> None:
    for command in ("notes", "report"):
        target = tmp_path / f"{command}.md"
        code, _, err = run_cli(command, "--db", str(hostile_db), "-o", str(target))
        assert code == 0, err
        assert corpus.markdown_problems(target.read_text(encoding="utf-8")) == []


# -- the command line -------------------------------------------------------------------------


def test_command_output_carries_no_control_characters(corpus: ModuleType, hostile_db: Path) -> None:
    """What the commands print about hostile records cannot drive the terminal."""
    commands = [
        ("timeline",),
        ("meeting", "list"),
        ("checkin", f"{TEAM}-1.2", "-c", "6", "--me", "p0"),
        ("checkin", f"{TEAM}-2.2", "-c", "4", "--me", "p1", "-n", corpus.field_text(1)),
        ("health",),
    ]
    leaks = {}
    for args in commands:
        code, out, err = run_cli(*args, "--db", str(hostile_db))
        assert code == 0, (args, err)
        if corpus.unsafe_characters(out + err):
            leaks[" ".join(args[:2])] = (corpus.unsafe_characters(out + err), out[-300:])
    assert leaks == {}


def test_command_errors_quoting_hostile_input_are_neutralised(
    corpus: ModuleType, hostile_db: Path
) -> None:
    before = row_counts(hostile_db)
    for sample in corpus.NO_NUL:
        if not sample.strip():
            continue
        args = ("checkin", "-c", "5", "--me", "p0", "--db", str(hostile_db), "--", sample)
        code, _, err = run_cli(*args)
        assert_bad_input(code, err)
        assert corpus.unsafe_characters(err.rstrip("\n")) == [], repr(err)
        code, _, err = run_cli("checkin", f"--{sample}", "--db", str(hostile_db))
        assert code == 2 and "Traceback" not in err
        assert corpus.unsafe_characters(err.replace("\n", " ")) == [], repr(err)
    assert row_counts(hostile_db) == before


@pytest.mark.parametrize(
    "args",
    [
        ("checkin", "HX-1.2", "-c", "6", "--me", "p0", "-n", "a\x00b"),
        ("checkin", "HX-1\x00.2", "-c", "6", "--me", "p0"),
        ("checkin", "HX-1.2", "-c", "6", "--me", "p\x000"),
        ("import", "evil\x00.toml"),
        ("notes", "latest", "-o", "out\x00.md"),
        ("meeting", "start", "weekly-checkin", "--team", "H\x00X"),
    ],
    ids=["note", "kr", "me", "import-file", "output-file", "team"],
)
def test_nul_in_an_argument_is_refused(
    args: tuple[str, ...], hostile_db: Path, tmp_path: Path
) -> None:
    before = row_counts(hostile_db)
    code, out, err = run_cli(*args, "--db", str(hostile_db))
    assert_bad_input(code, err, "NUL")
    assert "\x00" not in err and out == ""
    assert row_counts(hostile_db) == before
    assert list(tmp_path.glob("out*")) == []


def test_nul_in_the_database_option_is_refused(tmp_path: Path) -> None:
    code, _, err = run_cli("--db", str(tmp_path / "a\x00b.db"), "init")
    assert_bad_input(code, err, "NUL")
    assert list(tmp_path.iterdir()) == []


# -- screens --------------------------------------------------------------------------------


def screen_text(app: Any) -> str:
    console = Console(width=app.size.width, record=True, file=io.StringIO(), color_system=None)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text()


def click_actions(app: Any) -> list[str]:
    """Actions attached to what is on screen by markup (`@click` in a segment's meta)."""
    console = Console(width=app.size.width, file=io.StringIO(), color_system=None)
    found = []
    for segment in console.render(app.screen._compositor.render_update(full=True)):
        style = segment.style
        if style is not None and style._meta and "@click" in str(style.meta):
            found.append(str(style.meta))
    return found


def literal_problems(
    app: Any, corpus: ModuleType, where: str, *, visible: str | None = None
) -> list[str]:
    """Why the screen does not show the corpus safely and literally: `[@click=app.quit]`
    must be on screen as text, no markup action may be attached to anything, no control
    character may reach the terminal, and the app must still be running."""
    text = screen_text(app)
    problems = []
    if not (app.is_running and app.return_code is None):
        problems.append(f"{where}: the app stopped")
    if (visible or corpus.CLICK) not in text:
        problems.append(f"{where}: {visible or corpus.CLICK} not on screen:\n{text}")
    hostile = [m for m in click_actions(app) if "quit" in m or "bell" in m]
    if hostile:
        problems.append(f"{where}: markup became an action: {hostile}")
    controls = sorted({repr(ch) for ch in text if _is_control(ch)})
    if controls:
        line = next(ln for ln in text.splitlines() if any(_is_control(ch) for ch in ln))
        problems.append(f"{where}: control characters {controls} reach the terminal: {line!r}")
    return problems


def _is_control(ch: str) -> bool:
    return ch != "\n" and (ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F)


def hostile_app(store: Store, me_id: int, meeting_id: int | None = None) -> Any:
    from okrtui.config import Settings
    from okrtui.tui.app import make_app

    return make_app(
        store,
        store.clock,
        Settings(theme="textual-dark"),
        me_id=me_id,
        meeting_id=meeting_id,
        remember_settings=False,
        live_refresh=False,
    )


async def settle(app: Any, pilot: Any) -> None:
    await pilot.pause()
    await app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
async def test_main_screens_show_the_corpus_literally(
    corpus: ModuleType, hostile_store: Store, size: tuple[int, int]
) -> None:
    from okrtui.tui.screens.dashboard import DashboardScreen
    from okrtui.tui.screens.resume import ResumeModal

    me = hostile_store.person_by_handle("p0").id
    app = hostile_app(hostile_store, me)
    problems: list[str] = []
    cycle = hostile_store.cycle_by_slug("2026-Q4")
    krs = hostile_store.key_results(cycle.id)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, ResumeModal)
        problems += literal_problems(app, corpus, "resume offer")
        await pilot.press("l")
        await settle(app, pilot)
        assert isinstance(app.screen, DashboardScreen)
        problems += literal_problems(app, corpus, "dashboard")
        for key in ("p", "p"):  # the presenter layout and back
            await pilot.press(key)
            await settle(app, pilot)
            problems += literal_problems(app, corpus, f"dashboard after {key}")
        for kr in krs[:4]:
            app.open_kr(kr.id)
            await settle(app, pilot)
            # The 10,000-character title fills the screen; its start must show.
            visible = "LLLLLLLLLLLLLLLLLLLL" if kr.title == corpus.LONG else None
            problems += literal_problems(app, corpus, f"KR detail of {kr.ref}", visible=visible)
            await pilot.press("escape")
            await settle(app, pilot)
        for name in ("timeline", "alignment"):
            app.go(name)
            await settle(app, pilot)
            problems += literal_problems(app, corpus, name)
        app.dashboard()
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert app.is_running
        await pilot.press("question_mark")
        await settle(app, pilot)
        assert app.is_running and app.return_code is None
    assert problems == [], "\n".join(p[:160] for p in problems)


async def test_every_meeting_step_shows_the_corpus_literally(
    corpus: ModuleType, hostile_store: Store
) -> None:
    from okrtui.tui.screens.meeting import MeetingScreen

    meeting = hostile_store.running_meetings()[0]
    me = hostile_store.person_by_handle("p0").id
    app = hostile_app(hostile_store, me, meeting.id)
    seen = []
    problems: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for position, kind in enumerate(STEP_KINDS):
            screen = app.screen
            assert isinstance(screen, MeetingScreen), f"step {kind}: {type(screen).__name__}"
            assert screen.session.position == position
            problems += literal_problems(app, corpus, f"step {position + 1}: {kind}")
            assert f"#{position} " in screen_text(app)  # this step's own (hostile) title
            seen.append(kind)
            await pilot.press("escape")  # out of a text area, if the step has one
            await pilot.press("right_square_bracket")
            await settle(app, pilot)
        assert app.is_running and app.return_code is None
    assert seen == list(STEP_KINDS)
    assert problems == [], "\n".join(p[:160] for p in problems)


async def test_the_checkin_app_shows_the_corpus_literally(
    corpus: ModuleType, hostile_store: Store
) -> None:
    from okrtui.config import Settings
    from okrtui.tui.app import make_app

    me = hostile_store.person_by_handle("p0").id
    settings = Settings(theme="textual-dark")
    clock = hostile_store.clock
    app = make_app(hostile_store, clock, settings, me_id=me, checkin=True, live_refresh=False)
    session = app.session
    assert session.lines, "p0 owns hostile KRs"
    problems: list[str] = []
    first = session.lines[0].kr.id
    before = len(hostile_store.checkins(first))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        problems += literal_problems(app, corpus, "check-in")
        await pilot.press("7")
        await settle(app, pilot)
        problems += literal_problems(app, corpus, "check-in after a confidence")
        await pilot.press("down", "down")
        await settle(app, pilot)
        problems += literal_problems(app, corpus, "check-in further down")
    assert len(hostile_store.checkins(first)) == before + 1
    assert problems == [], "\n".join(p[:160] for p in problems)

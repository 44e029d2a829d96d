"""The database schema, as sqlite-utils migrations.

Each migration is a list of plain SQL statements; they run inside the transaction that
`open_db` holds with `BEGIN IMMEDIATE`. Never edit a released migration: add a new one.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from okrtui.store.versions import MIGRATION_SET

migrations = Migrations(MIGRATION_SET)

_INITIAL = """
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    handle TEXT NOT NULL UNIQUE COLLATE NOCASE,
    name TEXT NOT NULL
);
CREATE TABLE person_roles (
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    role TEXT NOT NULL,
    PRIMARY KEY (person_id, role)
);
CREATE TABLE teams (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    parent_id INTEGER REFERENCES teams(id)
);
CREATE TABLE team_members (
    team_id INTEGER NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, person_id)
);
CREATE TABLE cycles (
    id INTEGER PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    start TEXT NOT NULL,
    end TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('planning', 'active', 'closed')),
    locked INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE milestones (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    on_date TEXT NOT NULL,
    held_on TEXT
);
CREATE INDEX milestones_cycle ON milestones(cycle_id, on_date);
CREATE TABLE objectives (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    team_id INTEGER NOT NULL REFERENCES teams(id),
    number INTEGER NOT NULL,
    ref TEXT NOT NULL,
    title TEXT NOT NULL,
    owner_id INTEGER REFERENCES people(id),
    kind TEXT NOT NULL CHECK (kind IN ('committed', 'aspirational')),
    parent_id INTEGER REFERENCES objectives(id),
    description TEXT NOT NULL DEFAULT '',
    UNIQUE (cycle_id, ref)
);
CREATE INDEX objectives_team ON objectives(cycle_id, team_id, number);
CREATE TABLE key_results (
    id INTEGER PRIMARY KEY,
    objective_id INTEGER NOT NULL REFERENCES objectives(id) ON DELETE CASCADE,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    ref TEXT NOT NULL,
    title TEXT NOT NULL,
    owner_id INTEGER REFERENCES people(id),
    kind TEXT NOT NULL CHECK (kind IN ('metric', 'milestone')),
    start REAL,
    target REAL,
    unit TEXT NOT NULL DEFAULT '',
    direction TEXT,
    UNIQUE (cycle_id, ref)
);
CREATE INDEX key_results_objective ON key_results(objective_id, number);
CREATE TABLE meetings (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    team_id INTEGER REFERENCES teams(id),
    agenda_slug TEXT NOT NULL,
    title TEXT NOT NULL,
    agenda_snapshot TEXT NOT NULL,
    facilitator_id INTEGER REFERENCES people(id),
    status TEXT NOT NULL CHECK (status IN ('running', 'ended')),
    started_at TEXT NOT NULL,
    ended_at TEXT,
    current_step INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meetings_status ON meetings(status, started_at);
CREATE TABLE meeting_steps (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    prompt TEXT NOT NULL DEFAULT '',
    planned_minutes REAL NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('pending', 'current', 'done', 'skipped')),
    elapsed_seconds REAL NOT NULL DEFAULT 0,
    entered_at TEXT,
    notes TEXT NOT NULL DEFAULT '',
    options TEXT NOT NULL DEFAULT '{}',
    UNIQUE (meeting_id, position)
);
CREATE TABLE attendance (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (meeting_id, person_id)
);
CREATE TABLE checkins (
    id INTEGER PRIMARY KEY,
    kr_id INTEGER NOT NULL REFERENCES key_results(id) ON DELETE CASCADE,
    at TEXT NOT NULL,
    value REAL,
    confidence INTEGER NOT NULL CHECK (confidence BETWEEN 0 AND 10),
    note TEXT NOT NULL DEFAULT '',
    author_id INTEGER REFERENCES people(id),
    meeting_id INTEGER REFERENCES meetings(id)
);
CREATE INDEX checkins_kr_at ON checkins(kr_id, at, id);
CREATE INDEX checkins_meeting ON checkins(meeting_id);
CREATE TABLE blockers (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    kr_id INTEGER REFERENCES key_results(id),
    team_id INTEGER REFERENCES teams(id),
    owner_id INTEGER REFERENCES people(id),
    raised_at TEXT NOT NULL,
    raised_by_id INTEGER REFERENCES people(id),
    raised_meeting_id INTEGER REFERENCES meetings(id),
    resolved_at TEXT,
    resolved_meeting_id INTEGER REFERENCES meetings(id),
    resolution TEXT NOT NULL DEFAULT ''
);
CREATE INDEX blockers_cycle ON blockers(cycle_id, resolved_at);
CREATE TABLE wins (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    kr_id INTEGER REFERENCES key_results(id),
    team_id INTEGER REFERENCES teams(id),
    at TEXT NOT NULL,
    author_id INTEGER REFERENCES people(id),
    meeting_id INTEGER REFERENCES meetings(id)
);
CREATE INDEX wins_cycle ON wins(cycle_id, at);
CREATE TABLE win_people (
    win_id INTEGER NOT NULL REFERENCES wins(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (win_id, person_id)
);
CREATE TABLE actions (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    owner_id INTEGER REFERENCES people(id),
    due TEXT,
    kr_id INTEGER REFERENCES key_results(id),
    team_id INTEGER REFERENCES teams(id),
    created_at TEXT NOT NULL,
    meeting_id INTEGER REFERENCES meetings(id),
    done_at TEXT,
    done_meeting_id INTEGER REFERENCES meetings(id)
);
CREATE INDEX actions_cycle ON actions(cycle_id, done_at);
CREATE TABLE grades (
    id INTEGER PRIMARY KEY,
    kr_id INTEGER NOT NULL REFERENCES key_results(id) ON DELETE CASCADE,
    score REAL CHECK (score IS NULL OR (score >= 0 AND score <= 1)),
    note TEXT NOT NULL DEFAULT '',
    ungraded_reason TEXT NOT NULL DEFAULT '',
    at TEXT NOT NULL,
    author_id INTEGER REFERENCES people(id),
    meeting_id INTEGER REFERENCES meetings(id)
);
CREATE INDEX grades_kr ON grades(kr_id, at, id);
CREATE TABLE reflections (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('went-well', 'learned', 'change')),
    text TEXT NOT NULL,
    author_id INTEGER REFERENCES people(id),
    at TEXT NOT NULL,
    meeting_id INTEGER REFERENCES meetings(id),
    team_id INTEGER REFERENCES teams(id)
);
CREATE TABLE vote_rounds (
    id INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    kr_id INTEGER NOT NULL REFERENCES key_results(id),
    opened_at TEXT NOT NULL,
    revealed_at TEXT,
    closed_at TEXT,
    agreed_confidence INTEGER CHECK (agreed_confidence BETWEEN 0 AND 10)
);
CREATE TABLE votes (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES vote_rounds(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    confidence INTEGER NOT NULL CHECK (confidence BETWEEN 0 AND 10),
    at TEXT NOT NULL,
    UNIQUE (round_id, person_id)
);
CREATE TABLE audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    who TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id INTEGER NOT NULL,
    action TEXT NOT NULL,
    before TEXT NOT NULL,
    after TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_entity ON audit(entity, entity_id);
"""


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


@migrations(name="0001_initial")
def initial(db: Database) -> None:
    for statement in _statements(_INITIAL):
        db.execute(statement)


def migration_names() -> list[str]:
    """The names of the migrations defined here; `okrtui.store.versions` lists the same."""
    return [m.name for m in migrations._migrations]


_MEETING_RUNNERS_AND_APPENDED_VOTES = """
CREATE TABLE meeting_runners (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
    token TEXT NOT NULL,
    person_id INTEGER REFERENCES people(id),
    name TEXT NOT NULL,
    host TEXT NOT NULL,
    pid INTEGER NOT NULL,
    since TEXT NOT NULL,
    heartbeat_at TEXT NOT NULL,
    step INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE votes_appended (
    id INTEGER PRIMARY KEY,
    round_id INTEGER NOT NULL REFERENCES vote_rounds(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    confidence INTEGER NOT NULL CHECK (confidence BETWEEN 0 AND 10),
    at TEXT NOT NULL
);
INSERT INTO votes_appended (id, round_id, person_id, confidence, at)
    SELECT id, round_id, person_id, confidence, at FROM votes;
DROP TABLE votes;
ALTER TABLE votes_appended RENAME TO votes;
CREATE INDEX votes_round_person ON votes(round_id, person_id, id)
"""


@migrations(name="0002_meeting_runners_and_appended_votes")
def meeting_runners_and_appended_votes(db: Database) -> None:
    """Who runs a meeting (name, host, pid, heartbeat), so a second okrtui can follow or
    take it over; votes become appended rows (a revote is a new row, the latest counts)."""
    for statement in _statements(_MEETING_RUNNERS_AND_APPENDED_VOTES):
        db.execute(statement)


_MEETING_DRAFTS = """
CREATE TABLE meeting_drafts (
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    field TEXT NOT NULL,
    text TEXT NOT NULL,
    at TEXT NOT NULL,
    PRIMARY KEY (meeting_id, field)
)
"""


@migrations(name="0003_meeting_drafts")
def meeting_drafts(db: Database) -> None:
    """Text being typed in a meeting that is not a record yet (a KR note, a form): kept
    within a second, so a crash loses at most the last second of typing."""
    for statement in _statements(_MEETING_DRAFTS):
        db.execute(statement)


_ACKNOWLEDGEMENTS_AND_DECISIONS = """
CREATE TABLE acknowledgements (
    id INTEGER PRIMARY KEY,
    checkin_id INTEGER NOT NULL REFERENCES checkins(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    at TEXT NOT NULL,
    comment TEXT NOT NULL DEFAULT ''
);
CREATE INDEX acknowledgements_checkin ON acknowledgements(checkin_id, id);
CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    cycle_id INTEGER NOT NULL REFERENCES cycles(id) ON DELETE CASCADE,
    text TEXT NOT NULL,
    kr_id INTEGER REFERENCES key_results(id),
    team_id INTEGER REFERENCES teams(id),
    meeting_id INTEGER REFERENCES meetings(id),
    at TEXT NOT NULL,
    author_id INTEGER REFERENCES people(id)
);
CREATE INDEX decisions_cycle ON decisions(cycle_id, at, id);
CREATE INDEX decisions_kr ON decisions(kr_id, at, id);
CREATE TABLE decision_owners (
    decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id),
    PRIMARY KEY (decision_id, person_id)
)
"""


@migrations(name="0004_checkin_acknowledgements_and_decisions")
def checkin_acknowledgements_and_decisions(db: Database) -> None:
    """Between the meetings (issue 19): a team's manager or an OKR coach acknowledges a
    check-in, with an optional comment (appended rows: a second acknowledgement is a new
    row); a decision is a record with its text, owners, key result, meeting and author."""
    for statement in _statements(_ACKNOWLEDGEMENTS_AND_DECISIONS):
        db.execute(statement)


_OKR_WRITING = """
ALTER TABLE objectives ADD COLUMN retired_at TEXT;
ALTER TABLE key_results ADD COLUMN retired_at TEXT;
ALTER TABLE objectives ADD COLUMN agreed_at TEXT
"""


@migrations(name="0005_okr_writing_retired_and_agreed")
def okr_writing_retired_and_agreed(db: Database) -> None:
    """Writing OKRs in the app: an objective or KR is retired (kept in history and
    reports, gone from rounds) instead of deleted; a draft objective is agreed in the
    alignment session."""
    for statement in _statements(_OKR_WRITING):
        db.execute(statement)


@migrations(name="0006_blocker_needed_by")
def blocker_needed_by(db: Database) -> None:
    """A blocker says by when it must be cleared (a local date; none for older blockers)."""
    db.execute("ALTER TABLE blockers ADD COLUMN needed_by TEXT")

"""Write `schema_0001.sql`: a database made by the first released schema, as SQL text.

Run once, with schema 0001 as the newest migration (it refuses otherwise):

    .venv/bin/python tests/reliability/data/make_schema_0001.py

The file holds the demo organisation and a weekly check-in left running at the KR round
with two confidences recorded, so an upgrade test can check that nothing was lost and the
meeting is still offered for resumption.
"""

from __future__ import annotations

import sqlite3
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

from okrtui.agenda import AgendaLibrary
from okrtui.clock import FixedClock
from okrtui.io.demo import load_demo
from okrtui.meeting.session import MeetingSession
from okrtui.resources import builtin_agendas_dir
from okrtui.store import Store, open_db
from okrtui.store.versions import known_migration_names

NOW = datetime(2026, 11, 18, 9, 30, tzinfo=UTC)
TARGET = Path(__file__).with_name("schema_0001.sql")


def main() -> None:
    if known_migration_names() != ["0001_initial"]:
        raise SystemExit("the schema is past 0001: this fixture must stay as it was released")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "v1.db"
        clock = FixedClock(NOW)
        store = Store(open_db(path), clock, actor="fixture")
        store.set_setting("timezone", "Europe/Berlin")
        load_demo(store, date(2026, 11, 18))
        template = AgendaLibrary(Path(tmp) / "none", builtin_agendas_dir()).get("weekly-checkin")
        team = store.team_by_code("PLAT")
        session = MeetingSession.start(
            store,
            template,
            cycle=store.resolve_cycle(None),
            team_id=team.id,
            facilitator_id=store.person_by_handle("aisha").id,
            attendee_ids=team.member_ids,
        )
        clock.advance(minutes=3)
        session.next()
        cycle_id = session.meeting.cycle_id
        krs = [
            kr.id
            for objective in store.objectives(cycle_id, team.id)
            for kr in store.key_results(objective_id=objective.id)
        ]
        for kr_id, confidence in zip(krs, (3, 8), strict=False):
            clock.advance(seconds=20)
            session.record_confidence(kr_id, confidence)
        store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        store.db.close()
        conn = sqlite3.connect(path)
        try:
            text = "\n".join(conn.iterdump()) + "\n"
        finally:
            conn.close()
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET} ({len(text)} characters)")


if __name__ == "__main__":
    main()

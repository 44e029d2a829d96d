"""`okrtui demo`: the demo organisation in a fresh file.

The demo may replace a file only when that file holds nothing the demo did not write
itself: when the demo is written, a digest of every table is kept in the file
(`demo_content`), and a later run compares it. A check-in, a meeting (even one running in
another terminal), a changed setting or any other row the demo did not write makes the
file someone's work: the command refuses, and with `force` it keeps a copy beside the file
before replacing it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
from datetime import UTC
from pathlib import Path

from okrtui.clock import Clock, local_today
from okrtui.errors import UserError
from okrtui.store import Store, StoreError, open_db
from okrtui.store.connection import Db

DEMO_MARK = "demo"
DEMO_CONTENT = "demo_content"
DEMO_TIMEZONE = "Europe/Berlin"
_NOT_CONTENT = ("_sqlite_migrations",)
"""Tables whose rows are not the user's data (a later okrtui may add migrations)."""


def is_demo_file(path: Path) -> bool:
    try:
        store = Store(open_db(path, create=False))
    except StoreError:
        return False
    try:
        return store.setting(DEMO_MARK) == "1"
    finally:
        store.db.close()


def content_digests(db: Db) -> dict[str, str]:
    """A digest of every table's rows (the settings without the digest itself)."""
    digests: dict[str, str] = {}
    for table in db.table_names():
        if table in _NOT_CONTENT or table.startswith("sqlite_"):
            continue
        where = f" WHERE key != '{DEMO_CONTENT}'" if table == "settings" else ""
        digest = hashlib.sha256()
        for row in db.execute(f'SELECT * FROM "{table}"{where} ORDER BY 1'):
            digest.update(repr(tuple(row)).encode("utf-8", "backslashreplace"))
        digests[table] = digest.hexdigest()
    return digests


def demo_changes(path: Path) -> str:
    """What `path` holds that the demo did not write ("" when it is an untouched demo)."""
    if not path.exists() or (path.is_file() and path.stat().st_size == 0):
        return ""
    if not path.is_file():
        return "it is not a regular file"
    try:
        db = open_db(path, create=False)
    except StoreError:
        return "it is not an okrtui database"
    try:
        store = Store(db)
        if store.setting(DEMO_MARK) != "1":
            return "it is not a demo database"
        try:
            kept = json.loads(store.setting(DEMO_CONTENT) or "")
        except ValueError:
            return "it was written by an older okrtui, which kept no record of the demo's content"
        now = content_digests(db)
        changed = sorted(t for t in set(kept) | set(now) if kept.get(t) != now.get(t))
        if not changed:
            return ""
        return f"it holds changes made since the demo was written (in {', '.join(changed)})"
    except (sqlite3.Error, StoreError) as error:
        return f"it cannot be read ({error})"
    finally:
        db.close()


def write_demo(path: Path, clock: Clock, *, force: bool = False) -> Path:
    """Build the demo beside `path`, then move it into place in one step.

    An untouched demo file is replaced (its dates are shifted to today). A file holding
    anything else is refused, unless `force`: then a copy is kept beside it first
    (`keep_copy`) and its path is printed on standard error.
    """
    from okrtui.io.demo import load_demo

    if not path.parent.is_dir():
        raise UserError(f"{path}: the directory {path.parent} does not exist")
    changes = demo_changes(path)
    if changes and not force:
        raise UserError(
            f"{path}: refusing to replace it: {changes}; "
            "use --force to replace it (a copy is kept beside it)"
        )
    if changes and path.is_dir():
        raise UserError(f"{path}: is a directory; refusing to replace it even with --force")
    tmp = path.with_name(f".{path.name}.building")
    _remove_db(tmp)
    try:
        db = open_db(tmp)
        store = Store(db, clock, actor="demo")
        load_demo(store, local_today(clock, DEMO_TIMEZONE))
        store.set_setting(DEMO_MARK, "1")
        store.set_setting(DEMO_CONTENT, json.dumps(content_digests(db), sort_keys=True))
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        if changes:
            copy = keep_copy(path, clock)
            import click

            click.echo(f"okrtui: kept a copy of the old {path.name} at {copy}", err=True)
        _remove_db(path)
        os.replace(tmp, path)
    finally:
        _remove_db(tmp)
    return path


def keep_copy(path: Path, clock: Clock) -> Path:
    """A copy of `path` beside it, `NAME.before-demo.STAMP.bak`, readable by its owner only.

    An SQLite file is copied through the backup API, so rows still in its write-ahead log
    are in the copy; anything else byte for byte.
    """
    stamp = clock.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    copy = path.with_name(f"{path.name}.before-demo.{stamp}.bak")
    n = 2
    while copy.exists():
        copy = path.with_name(f"{path.name}.before-demo.{stamp}-{n}.bak")
        n += 1
    try:
        fd = os.open(copy, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        try:
            source = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
            try:
                source.execute("SELECT count(*) FROM sqlite_master").fetchone()
                target = sqlite3.connect(copy)
                try:
                    source.backup(target)
                finally:
                    target.close()
            finally:
                source.close()
        except sqlite3.DatabaseError:
            shutil.copyfile(path, copy)
    except OSError as error:
        copy.unlink(missing_ok=True)
        raise UserError(
            f"{path}: cannot keep a copy at {copy} ({error.strerror}); nothing was replaced"
        ) from error
    return copy


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)

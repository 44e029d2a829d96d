"""`okrtui demo`: the demo organisation in a fresh file."""

from __future__ import annotations

import os
from pathlib import Path

from okrtui.clock import Clock, local_today
from okrtui.errors import UserError
from okrtui.store import Store, StoreError, open_db

DEMO_MARK = "demo"
DEMO_TIMEZONE = "Europe/Berlin"


def is_demo_file(path: Path) -> bool:
    try:
        store = Store(open_db(path, create=False))
    except StoreError:
        return False
    try:
        return store.setting(DEMO_MARK) == "1"
    finally:
        store.db.close()


def write_demo(path: Path, clock: Clock) -> Path:
    """Build the demo beside `path`, then move it into place in one step.

    An existing demo file is replaced (its dates are shifted to today); any other
    existing file is left alone and the command refuses.
    """
    from okrtui.io.demo import load_demo

    if path.exists() and path.stat().st_size > 0 and not is_demo_file(path):
        raise UserError(f"{path}: exists and is not a demo database; refusing to overwrite it")
    if not path.parent.is_dir():
        raise UserError(f"{path}: the directory {path.parent} does not exist")
    tmp = path.with_name(f".{path.name}.building")
    _remove_db(tmp)
    try:
        db = open_db(tmp)
        store = Store(db, clock, actor="demo")
        load_demo(store, local_today(clock, DEMO_TIMEZONE))
        store.set_setting(DEMO_MARK, "1")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        db.close()
        _remove_db(path)
        os.replace(tmp, path)
    finally:
        _remove_db(tmp)
    return path


def _remove_db(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)

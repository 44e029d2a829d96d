"""`okrtui backup FILE`: a consistent copy of the database, while others use it.

SQLite's online backup API copies the pages in one read transaction, so the copy is the
database as it was at one moment, even with a meeting writing to it meanwhile. The copy
is made beside FILE and moved into place, and it is one file (no `-wal` beside it).
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import click

from okrtui.cli_support import CliError, Env, check_output, db_option, echo, pass_env


@click.command()
@click.argument("file", metavar="FILE")
@click.option("--force", is_flag=True, help="Replace FILE if it exists.")
@db_option
@pass_env
def backup(env: Env, file: str, force: bool) -> None:
    """Copy the database to FILE, consistently, even while others are using it."""
    if file == "-":
        raise CliError("FILE: a backup is a database file; standard output cannot hold one")
    check_output(file, force)
    target = Path(file)
    store = env.open_store(create=False)
    if target.exists() and os.path.samefile(target, env.db_path()):
        raise CliError(f"{target}: is the database itself; name another file")
    tmp = target.with_name(f".{target.name}.backup")
    copy_database(store.db.conn, tmp)
    try:
        os.replace(tmp, target)
    except OSError as error:
        tmp.unlink(missing_ok=True)
        raise CliError(f"{target}: cannot write ({error.strerror})") from error
    echo(f"backed up {env.db_path()} to {target}")


def copy_database(source: sqlite3.Connection, path: Path) -> None:
    """Copy `source` into a new file at `path` with SQLite's backup API."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.close(fd)
        target = sqlite3.connect(str(path), isolation_level=None)
    except (OSError, sqlite3.Error) as error:
        raise CliError(f"{path.parent}: cannot write the backup ({error})") from error
    try:
        source.backup(target)
        target.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        target.execute("PRAGMA journal_mode = DELETE")
        if target.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise CliError(f"{path}: the copy did not check out; nothing was replaced")
    except sqlite3.Error as error:
        target.close()
        path.unlink(missing_ok=True)
        raise CliError(f"cannot copy the database ({error}); nothing was replaced") from error
    except CliError:
        target.close()
        path.unlink(missing_ok=True)
        raise
    target.close()

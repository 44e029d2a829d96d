"""`okrtui import` and `okrtui export`: OKR sets in and out, all or nothing."""

from __future__ import annotations

from pathlib import Path

from okrtui.cli_support import CliError, Env
from okrtui.store import Store

FORMATS = ("toml", "csv", "json")


def import_okr_file(env: Env, file: Path, cycle_slug: str | None) -> str:
    """Validate the whole file before the database is touched, then write it in one go."""
    from okrtui.io.okrset import OKRSetError

    suffix = file.suffix.lower()
    if suffix not in (".toml", ".csv"):
        raise CliError(f"{file}: cannot tell the format; name it .toml or .csv")
    if not file.is_file():
        raise CliError(f"{file}: no such file")
    try:
        if suffix == ".toml":
            from okrtui.io.importer import import_okrset
            from okrtui.io.toml_io import read_toml

            if cycle_slug:
                raise CliError("--cycle is for CSV files; a TOML file names its own cycle")
            okrset = read_toml(file)
            summary = import_okrset(env.open_store(create=True, own=True), okrset)
        else:
            from okrtui.io.csv_io import import_csv

            summary = import_csv(env.open_store(create=False, own=True), file, cycle_slug)
    except OKRSetError as error:
        raise CliError(str(error)) from error
    return f"imported {summary.describe()}"


def export_text(store: Store, fmt: str, cycle_slug: str | None) -> str:
    if fmt == "toml":
        from okrtui.io.toml_io import export_toml

        return export_toml(store, cycle_slug)
    if fmt == "csv":
        from okrtui.io.csv_io import export_csv

        return export_csv(store, cycle_slug)
    if fmt == "json":
        from okrtui.io.json_io import export_json

        return export_json(store, cycle_slug)
    raise CliError(f"unknown format {fmt!r} (expected one of: {', '.join(FORMATS)})")

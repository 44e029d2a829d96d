"""Where the user's own agenda templates live (resolved in `okrtui.config`)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path


def default_agendas_dir(environ: Mapping[str, str] | None = None, home: Path | None = None) -> Path:
    """`$OKRTUI_AGENDAS`, else `$XDG_CONFIG_HOME/okrtui/agendas`, else
    `~/.config/okrtui/agendas`, ignoring the settings file: `okrtui.config.resolve_agendas_dir`
    with default settings (the one place the order is written)."""
    from okrtui.config import Settings, resolve_agendas_dir

    return resolve_agendas_dir(Settings(), environ, home)

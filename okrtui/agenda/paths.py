"""Where the user's own agenda templates live."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path


def default_agendas_dir(environ: Mapping[str, str] | None = None, home: Path | None = None) -> Path:
    """`$OKRTUI_AGENDAS`, else `$XDG_CONFIG_HOME/okrtui/agendas`, else
    `~/.config/okrtui/agendas`. A relative XDG_CONFIG_HOME is ignored, as the XDG spec says.
    """
    env = os.environ if environ is None else environ
    explicit = env.get("OKRTUI_AGENDAS", "")
    if explicit:
        return Path(explicit).expanduser()
    config = env.get("XDG_CONFIG_HOME", "")
    if config and Path(config).is_absolute():
        return Path(config) / "okrtui" / "agendas"
    return (home if home is not None else Path.home()) / ".config" / "okrtui" / "agendas"

"""Settings (file, environment, flags) and identity ("who am I").

The settings file is TOML at `$OKRTUI_CONFIG`, else `$XDG_CONFIG_HOME/okrtui/settings.toml`
(`~/.config/okrtui/settings.toml`). Unknown keys are an error, so a typo is noticed.
"""

from __future__ import annotations

import getpass
import os
import tomllib
from collections.abc import Mapping
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from okrtui.errors import UserError
from okrtui.store.errors import NotFound


class SettingsError(UserError, ValueError):
    """The settings file cannot be used; the message names the file and the key."""


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    db: Path | None = None
    user: str | None = None
    theme: str = "textual-dark"
    agendas_dir: Path | None = None
    at_risk_from: int = Field(default=4, ge=1, le=10)
    on_track_from: int = Field(default=7, ge=1, le=10)
    presenter: bool = False

    @model_validator(mode="after")
    def _bands_in_order(self) -> Settings:
        if self.at_risk_from >= self.on_track_from:
            raise ValueError("at_risk_from must be below on_track_from")
        return self


def _home_dir(env: Mapping[str, str], variable: str, fallback: str) -> Path:
    value = env.get(variable)
    return Path(value) if value else Path(env.get("HOME", str(Path.home()))) / fallback


def config_dir(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return _home_dir(env, "XDG_CONFIG_HOME", ".config") / "okrtui"


def data_home(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    return _home_dir(env, "XDG_DATA_HOME", ".local/share") / "okrtui"


def settings_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    explicit = env.get("OKRTUI_CONFIG")
    return Path(explicit) if explicit else config_dir(env) / "settings.toml"


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    if not path.exists():
        return Settings()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: cannot be read ({error})") from error
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: invalid TOML: {error}") from error
    try:
        return Settings.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "settings"
        raise SettingsError(f"{path}: {where}: {first['msg']}") from error


def save_setting(key: str, value: str | int | bool, path: Path | None = None) -> None:
    """Remember one setting (e.g. the theme), keeping the rest of the file."""
    import tomli_w

    path = path or settings_path()
    data: dict[str, object] = {}
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            return
    data[key] = value
    Settings.model_validate(data)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
        tmp.replace(path)
    except OSError:
        return


def resolve_db_path(
    flag: str | None, settings: Settings, env: Mapping[str, str] | None = None
) -> Path:
    """`--db`, then `OKRTUI_DB`, then the settings file, then the user's data directory."""
    env = os.environ if env is None else env
    if flag:
        return Path(flag).expanduser()
    if env.get("OKRTUI_DB"):
        return Path(env["OKRTUI_DB"]).expanduser()
    if settings.db is not None:
        return settings.db.expanduser()
    return data_home(env) / "okrtui.db"


def default_demo_path(env: Mapping[str, str] | None = None) -> Path:
    return data_home(env) / "demo.db"


class Identity(BaseModel):
    handle: str
    source: str


def identity_candidates(
    flag: str | None, settings: Settings, env: Mapping[str, str] | None = None
) -> list[Identity]:
    """Who the user may be, most explicit first: `--me`, `OKRTUI_USER`, settings, login."""
    env = os.environ if env is None else env
    found: list[Identity] = []
    if flag:
        found.append(Identity(handle=flag, source="--me"))
    if env.get("OKRTUI_USER"):
        found.append(Identity(handle=env["OKRTUI_USER"], source="OKRTUI_USER"))
    if settings.user:
        found.append(Identity(handle=settings.user, source="settings"))
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = ""
    if login:
        found.append(Identity(handle=login, source="login name"))
    return found


def resolve_identity(
    known_handles: Mapping[str, int],
    flag: str | None,
    settings: Settings,
    env: Mapping[str, str] | None = None,
) -> tuple[str, int]:
    """The (handle, person id) of the user, or `NotFound` naming what was tried.

    An explicit choice (`--me`, `OKRTUI_USER`, settings) that names nobody is an error;
    the login name is only a guess and is skipped when it matches nobody.
    """
    lowered = {handle.lower(): pid for handle, pid in known_handles.items()}
    tried: list[str] = []
    for candidate in identity_candidates(flag, settings, env):
        pid = lowered.get(candidate.handle.lower())
        if pid is not None:
            return candidate.handle.lower(), pid
        if candidate.source != "login name":
            raise NotFound(
                f"{candidate.source} names '{candidate.handle}', who is not a person here"
            )
        tried.append(f"{candidate.source} '{candidate.handle}'")
    detail = f" (tried {', '.join(tried)})" if tried else ""
    raise NotFound("who are you? pass --me HANDLE or set OKRTUI_USER" + detail)

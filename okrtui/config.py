"""Settings (file, environment, flags) and identity ("who am I").

The settings file is TOML at `$OKRTUI_CONFIG`, else `$XDG_CONFIG_HOME/okrtui/settings.toml`
(`~/.config/okrtui/settings.toml`). Unknown keys are an error, so a typo is noticed.
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from okrtui.errors import UserError
from okrtui.store.errors import NotFound

if TYPE_CHECKING:
    from okrtui.domain.bands import BandThresholds

_TRUE = frozenset({"1", "on", "t", "true", "y", "yes"})
_FALSE = frozenset({"0", "off", "f", "false", "n", "no"})


class SettingsError(UserError, ValueError):
    """The settings file cannot be used; the message names the file and the key."""


class SettingsValueError(ValueError):
    """Settings that do not fit: `where` names the key ("" for the settings as a whole),
    `msg` says what is wrong (in pydantic's words, which the settings used to use)."""

    def __init__(self, where: str, msg: str) -> None:
        super().__init__(f"{where or 'settings'}: {msg}")
        self.where = where
        self.msg = msg


class _Invalid(Exception):
    """One value that does not fit its key."""


@dataclass(frozen=True, slots=True)
class Settings:
    """What the settings file may set.

    Checked by hand, not by pydantic: the one-line check-in reads the settings, and
    importing pydantic would cost more than the rest of that command. A bad value raises
    `SettingsValueError`.
    """

    db: Path | None = None
    user: str | None = None
    theme: str = "textual-dark"
    agendas_dir: Path | None = None
    at_risk_from: int = 4
    on_track_from: int = 7
    presenter: bool = False

    def __post_init__(self) -> None:
        for name, check in _CHECKS.items():
            value = getattr(self, name)
            try:
                object.__setattr__(self, name, check(value))
            except _Invalid as error:
                raise SettingsValueError(name, str(error)) from None
        if self.at_risk_from >= self.on_track_from:
            raise SettingsValueError("", "Value error, at_risk_from must be below on_track_from")

    @classmethod
    def model_validate(cls, data: Mapping[str, Any]) -> Settings:
        """Settings from a mapping (a parsed TOML file): the values are checked key by
        key, then unknown keys are refused, then the bands' order is checked."""
        if not isinstance(data, Mapping):
            raise SettingsValueError("", "Input should be a valid dictionary")
        for name, check in _CHECKS.items():
            if name in data:
                try:
                    check(data[name])
                except _Invalid as error:
                    raise SettingsValueError(name, str(error)) from None
        unknown = [key for key in data if key not in _CHECKS]
        if unknown:
            raise SettingsValueError(str(unknown[0]), "Extra inputs are not permitted")
        return cls(**data)

    @property
    def thresholds(self) -> BandThresholds:
        """Where the confidence bands begin, as these settings say."""
        from okrtui.domain.bands import BandThresholds  # the one-line check-in needs none

        return BandThresholds(at_risk_from=self.at_risk_from, on_track_from=self.on_track_from)

    def model_copy(self, *, update: Mapping[str, Any] | None = None) -> Settings:
        """A copy with some settings changed (checked like the rest)."""
        return replace(self, **dict(update or {}))


def _path_or_none(value: object) -> Path | None:
    if value is None or isinstance(value, Path):
        return value
    if isinstance(value, str):
        return Path(value)
    raise _Invalid(f"Input is not a valid path for {Path!r}")


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    raise _Invalid("Input should be a valid string")


def _text_or_none(value: object) -> str | None:
    return None if value is None else _text(value)


def _band_start(value: object) -> int:
    """An integer 1–10; as pydantic did, `5.0`, `"5"` and `true` count as integers."""
    number: object = value
    if isinstance(value, bool):
        number = int(value)
    elif isinstance(value, float):
        if not value.is_integer():
            raise _Invalid("Input should be a valid integer, got a number with a fractional part")
        number = int(value)
    elif isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            raise _Invalid(
                "Input should be a valid integer, unable to parse string as an integer"
            ) from None
    if not isinstance(number, int):
        raise _Invalid("Input should be a valid integer")
    if number < 1:
        raise _Invalid("Input should be greater than or equal to 1")
    if number > 10:
        raise _Invalid("Input should be less than or equal to 10")
    return number


def _flag(value: object) -> bool:
    """A boolean; as pydantic did, 0 / 1 and words such as "yes" / "off" count too."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
        return value.strip().lower() in _TRUE
    if isinstance(value, str | int | float):
        raise _Invalid("Input should be a valid boolean, unable to interpret input")
    raise _Invalid("Input should be a valid boolean")


_CHECKS: dict[str, Callable[[object], Any]] = {
    "db": _path_or_none,
    "user": _text_or_none,
    "theme": _text,
    "agendas_dir": _path_or_none,
    "at_risk_from": _band_start,
    "on_track_from": _band_start,
    "presenter": _flag,
}
"""Each setting's check, in the order the fields are declared (the first problem found
is the one reported)."""


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
    import tomllib  # only with a file to read: most starts have none

    from okrtui import tomlsafe

    try:
        data = tomlsafe.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: cannot be read ({error})") from error
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{path}: invalid TOML: {error}") from error
    try:
        return Settings.model_validate(data)
    except SettingsValueError as error:
        raise SettingsError(f"{path}: {error.where or 'settings'}: {error.msg}") from error


def save_setting(key: str, value: str | int | bool, path: Path | None = None) -> None:
    """Remember one setting (e.g. the theme): only that key's line is rewritten (or added
    before the first table), so the user's comments and layout stay as they were. A file
    that cannot be read, or that would not be valid afterwards, is left alone."""
    import tomllib

    from okrtui import tomlsafe

    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        data = tomlsafe.loads(text)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return
    updated = set_toml_key(text, key, value)
    try:
        Settings.model_validate(tomlsafe.loads(updated))
    except (SettingsValueError, tomllib.TOMLDecodeError):
        return
    if key in data and data[key] == value:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(updated, encoding="utf-8")
        if path.exists():
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        tmp.replace(path)
    except OSError:
        return


def set_toml_key(text: str, key: str, value: str | int | bool) -> str:
    """`text` (a TOML document) with the top-level `key` set to `value`: its line is
    replaced, keeping a comment after the value; a missing key is added before the
    first table. Every other line stays as it was."""
    import re

    import tomli_w

    assignment = tomli_w.dumps({key: value}).strip()
    lines = text.splitlines(keepends=True)
    pattern = re.compile(rf"^\s*(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=")
    for number, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("["):
            break
        if pattern.match(line):
            comment = _trailing_comment(line)
            ending = "\n" if line.endswith("\n") else ""
            lines[number] = f"{assignment}{comment}{ending}"
            return "".join(lines)
    first_table = next(
        (n for n, line in enumerate(lines) if line.strip().startswith("[")), len(lines)
    )
    if first_table == len(lines) and lines and not lines[-1].endswith("\n"):
        lines[-1] += "\n"
    lines.insert(first_table, f"{assignment}\n")
    return "".join(lines)


def _trailing_comment(line: str) -> str:
    """The `   # comment` after a one-line TOML value, or ""."""
    import tomllib

    from okrtui import tomlsafe

    body = line.rstrip("\r\n")
    for at in (i for i, ch in enumerate(body) if ch == "#"):
        try:
            tomlsafe.loads(body[:at])
        except tomllib.TOMLDecodeError:
            continue
        start = len(body[:at].rstrip())
        return body[start:]
    return ""


DEMO_USER = "aisha"
"""Who you are on the demo when nothing else says so: Aisha, who owns the Platform team's
latency KR (PLAT-1.1) that the README's examples check in on."""


@dataclass(frozen=True, slots=True)
class DbLocation:
    """Where the database is, and why: `source` is `--db`, `OKRTUI_DB`, `settings`,
    `default` (your own file in the data directory) or `demo` (no file of your own yet,
    so the demo `okrtui demo` wrote)."""

    path: Path
    source: str


def locate_db(
    flag: str | None, settings: Settings, env: Mapping[str, str] | None = None
) -> DbLocation:
    """`--db`, then `OKRTUI_DB`, then the settings file, then your own file in the data
    directory; while you have none of your own but have run `okrtui demo`, the demo."""
    env = os.environ if env is None else env
    if flag is not None:
        if not flag.strip():
            raise SettingsError("--db: the path is empty (name the database file)")
        return DbLocation(Path(flag).expanduser(), "--db")
    if env.get("OKRTUI_DB"):
        return DbLocation(Path(env["OKRTUI_DB"]).expanduser(), "OKRTUI_DB")
    if settings.db is not None:
        return DbLocation(settings.db.expanduser(), "settings")
    own = own_default_db(env)
    demo = default_demo_path(env)
    if not own.exists() and demo.is_file():
        return DbLocation(demo, "demo")
    return DbLocation(own, "default")


def resolve_db_path(
    flag: str | None, settings: Settings, env: Mapping[str, str] | None = None
) -> Path:
    """The database file (see `locate_db`)."""
    return locate_db(flag, settings, env).path


def own_default_db(env: Mapping[str, str] | None = None) -> Path:
    """Your own database when nothing names one: `okrtui.db` in the data directory."""
    return data_home(env) / "okrtui.db"


def default_demo_path(env: Mapping[str, str] | None = None) -> Path:
    return data_home(env) / "demo.db"


def resolve_agendas_dir(
    settings: Settings, env: Mapping[str, str] | None = None, home: Path | None = None
) -> Path:
    """Your own agenda templates: `$OKRTUI_AGENDAS`, then `agendas_dir` in the settings,
    then `$XDG_CONFIG_HOME/okrtui/agendas`, else `~/.config/okrtui/agendas` (a relative
    XDG_CONFIG_HOME is ignored, as the XDG spec says). `~` is expanded in each."""
    env = os.environ if env is None else env
    explicit = env.get("OKRTUI_AGENDAS", "")
    if explicit:
        return Path(explicit).expanduser()
    if settings.agendas_dir is not None:
        return settings.agendas_dir.expanduser()
    config = env.get("XDG_CONFIG_HOME", "")
    if config and Path(config).is_absolute():
        return Path(config) / "okrtui" / "agendas"
    base = home if home is not None else Path(env.get("HOME") or Path.home())
    return base / ".config" / "okrtui" / "agendas"


@dataclass(frozen=True, slots=True)
class Identity:
    handle: str
    source: str


def identity_candidates(
    flag: str | None,
    settings: Settings,
    env: Mapping[str, str] | None = None,
    fallback: str | None = None,
) -> list[Identity]:
    """Who the user may be, most explicit first: `--me`, `OKRTUI_USER`, settings, login,
    then `fallback` (on the demo: `DEMO_USER`)."""
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
    if fallback:
        found.append(Identity(handle=fallback, source="demo"))
    return found


def resolve_identity(
    known_handles: Mapping[str, int],
    flag: str | None,
    settings: Settings,
    env: Mapping[str, str] | None = None,
    fallback: str | None = None,
) -> tuple[str, int]:
    """The (handle, person id) of the user, or `NotFound` naming what was tried.

    An explicit choice (`--me`, `OKRTUI_USER`, settings) that names nobody is an error;
    the login name and the fallback are only guesses, skipped when they match nobody.
    """
    lowered = {handle.lower(): pid for handle, pid in known_handles.items()}
    tried: list[str] = []
    for candidate in identity_candidates(flag, settings, env, fallback):
        pid = lowered.get(candidate.handle.lower())
        if pid is not None:
            return candidate.handle.lower(), pid
        if candidate.source not in ("login name", "demo"):
            raise NotFound(
                f"{candidate.source} names '{candidate.handle}', who is not a person here"
            )
        tried.append(f"{candidate.source} '{candidate.handle}'")
    detail = f" (tried {', '.join(tried)})" if tried else ""
    raise NotFound("who are you? pass --me HANDLE or set OKRTUI_USER" + detail)

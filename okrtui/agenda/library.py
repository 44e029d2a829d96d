"""Finding templates: the user's own directory first, then the built-in ones.

A user template shadows a built-in one with the same slug. A file that cannot be read or
validated becomes a problem entry instead of stopping the others from loading. The
directories are read afresh on every call, so an edited file is seen at once.
"""

from __future__ import annotations

import builtins
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from okrtui.agenda.errors import AgendaError
from okrtui.agenda.loader import load_template
from okrtui.agenda.models import TEMPLATE_KINDS, AgendaTemplate

Source = Literal["user", "built-in"]


@dataclass(frozen=True)
class AgendaEntry:
    template: AgendaTemplate
    path: Path
    source: Source
    shadows: Path | None = None
    """The built-in file this user template hides, if any."""

    @property
    def slug(self) -> str:
        return self.template.slug


@dataclass(frozen=True)
class AgendaProblem:
    path: Path
    source: Source
    message: str
    """One line naming the file, the place and what is wrong."""


class AgendaLibrary:
    def __init__(self, user_dir: Path | None, builtin_dir: Path) -> None:
        self.user_dir = user_dir
        self.builtin_dir = builtin_dir

    def list(self) -> builtins.list[AgendaEntry]:
        """Every usable template, by kind (weekly first) then slug."""
        return self._scan()[0]

    def problems(self) -> builtins.list[AgendaProblem]:
        return self._scan()[1]

    def entry(self, slug: str) -> AgendaEntry:
        entries, problems = self._scan()
        for entry in entries:
            if entry.slug == slug:
                return entry
        known = ", ".join(entry.slug for entry in entries) or "none"
        message = f"no agenda called {slug!r}; known: {known}"
        broken = [p.message for p in problems if p.path.stem == slug]
        if broken:
            message += f" (a file of that name is broken: {broken[0]})"
        raise AgendaError(message)

    def get(self, slug: str) -> AgendaTemplate:
        return self.entry(slug).template

    def _scan(self) -> tuple[builtins.list[AgendaEntry], builtins.list[AgendaProblem]]:
        builtin, problems = _read_dir(self.builtin_dir, "built-in")
        user: builtins.list[AgendaEntry] = []
        if self.user_dir is not None:
            user, user_problems = _read_dir(self.user_dir, "user")
            problems = user_problems + problems
        by_slug = {entry.slug: entry for entry in builtin}
        for entry in user:
            hidden = by_slug.get(entry.slug)
            by_slug[entry.slug] = AgendaEntry(
                entry.template, entry.path, "user", hidden.path if hidden else None
            )
        entries = sorted(
            by_slug.values(), key=lambda e: (TEMPLATE_KINDS.index(e.template.kind), e.slug)
        )
        return entries, problems


def _read_dir(
    directory: Path, source: Source
) -> tuple[builtins.list[AgendaEntry], builtins.list[AgendaProblem]]:
    entries: builtins.list[AgendaEntry] = []
    problems: builtins.list[AgendaProblem] = []
    if not directory.exists():
        return entries, problems
    if not directory.is_dir():
        return entries, [AgendaProblem(directory, source, f"{directory}: not a directory")]
    try:
        files = sorted(p for p in directory.glob("*.toml") if not p.name.startswith("."))
    except OSError as exc:
        message = f"{directory}: cannot read: {exc.strerror or exc}"
        return entries, [AgendaProblem(directory, source, message)]
    seen: dict[str, Path] = {}
    for path in files:
        skipped = _not_a_file(path)
        if skipped:
            problems.append(AgendaProblem(path, source, skipped))
            continue
        try:
            template = load_template(path)
        except AgendaError as exc:
            problems.append(AgendaProblem(path, source, str(exc)))
            continue
        if template.slug in seen:
            message = (
                f"{path}: slug {template.slug!r} is already used by "
                f"{seen[template.slug].name}; this file is ignored"
            )
            problems.append(AgendaProblem(path, source, message))
            continue
        seen[template.slug] = path
        entries.append(AgendaEntry(template, path, source))
    return entries, problems


def _not_a_file(path: Path) -> str:
    """Why `path` is skipped without being opened (a FIFO would block its reader), or ""."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"{path}: cannot read: {exc.strerror or exc}; skipped"
    if stat.S_ISDIR(mode):
        return f"{path}: is a directory, not a template file; skipped"
    if not stat.S_ISREG(mode):
        return f"{path}: is not a regular file (a pipe, socket or device); skipped"
    return ""

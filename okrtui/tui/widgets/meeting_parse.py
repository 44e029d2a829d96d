"""What the facilitator types in the meeting's inputs, turned into values or a clear message.

Pure functions (no Textual), so the parsers can be property-tested on their own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import pendulum

from okrtui.domain.krstate import parse_value
from okrtui.domain.models import KeyResult, KRKind, Person


class InputProblem(ValueError):
    """Typed input that cannot be used; the message says what is wrong and what would do."""


# -- people ---------------------------------------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.strip().lstrip("@").split()).casefold()


def find_person(text: str, people: Sequence[Person]) -> Person:
    """A person by handle (`ana`, `@ana`), full name (`Ana Silva`) or an unambiguous start of
    either (`an`, `Ana`)."""
    wanted = _norm(text)
    if not wanted:
        raise InputProblem(
            f"name a person (a handle such as {people[0].handle if people else 'ana'})"
        )
    rules: list[Callable[[Person], bool]] = [
        lambda p: p.handle.casefold() == wanted,
        lambda p: _norm(p.name) == wanted,
        lambda p: p.handle.casefold().startswith(wanted) or _norm(p.name).startswith(wanted),
        lambda p: any(part.startswith(wanted) for part in _norm(p.name).split()),
    ]
    for match in rules:
        found = [p for p in people if match(p)]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            names = ", ".join(p.handle for p in found[:5])
            raise InputProblem(f"{text.strip()!r} could be several people: {names}")
    raise InputProblem(f"no person called {text.strip()!r}: type a handle or a name")


def find_people(text: str, people: Sequence[Person]) -> list[Person]:
    """Comma-separated people; empty text is nobody."""
    found: list[Person] = []
    for part in text.split(","):
        if part.strip():
            person = find_person(part, people)
            if person not in found:
                found.append(person)
    return found


def complete_person(typed: str, people: Sequence[Person]) -> str | None:
    """`typed` completed to a handle or name, for the last comma-separated part."""
    head, sep, last = typed.rpartition(",")
    stem = last.lstrip()
    if not stem:
        return None
    lead = last[: len(last) - len(stem)]
    folded = stem.casefold().lstrip("@")
    at = "@" if stem.startswith("@") else ""
    for candidate in _candidates(people):
        if candidate.casefold().startswith(folded) and len(candidate) > len(folded):
            return f"{head}{sep}{lead}{at}{stem.lstrip('@')}{candidate[len(folded) :]}"
    return None


def _candidates(people: Iterable[Person]) -> list[str]:
    people = list(people)
    return [p.handle for p in people] + [p.name for p in people]


# -- due dates --------------------------------------------------------------------------

_WEEKDAYS: dict[str, pendulum.WeekDay] = {
    name: pendulum.WeekDay(number)
    for number, names in enumerate(
        [
            ("mon", "monday"),
            ("tue", "tues", "tuesday"),
            ("wed", "wednesday"),
            ("thu", "thur", "thurs", "thursday"),
            ("fri", "friday"),
            ("sat", "saturday"),
            ("sun", "sunday"),
        ]
    )
    for name in names
}
_RELATIVE = re.compile(r"^\+?(\d{1,3})\s*(d|day|days|w|wk|week|weeks)$")
DUE_HELP = "YYYY-MM-DD, today, tomorrow, a weekday (fri), +3d or +2w"


def parse_due(text: str, today: date) -> date | None:
    """A due date: `2026-11-27`, `today`, `tomorrow`, `fri` (the next Friday after today),
    `next fri` (the same), `+3d`, `3d`, `+2w`. Empty text means no due date."""
    s = " ".join(text.strip().casefold().split())
    if not s:
        return None
    if s.startswith("next "):
        s = s[5:]
    if s == "today":
        return today
    if s in ("tomorrow", "tmr", "tmrw"):
        return today + timedelta(days=1)
    if s in _WEEKDAYS:
        upcoming = pendulum.Date(today.year, today.month, today.day).next(_WEEKDAYS[s])
        return date(upcoming.year, upcoming.month, upcoming.day)
    relative = _RELATIVE.match(s)
    if relative:
        amount = int(relative.group(1))
        days = amount * 7 if relative.group(2).startswith("w") else amount
        return today + timedelta(days=days)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        try:
            parsed = pendulum.parse(s, exact=True, strict=True)
        except (ValueError, pendulum.parsing.exceptions.ParserError):
            raise InputProblem(f"{s} is not a date in the calendar") from None
        if isinstance(parsed, date):
            return date(parsed.year, parsed.month, parsed.day)
    raise InputProblem(f"due date {text.strip()!r} not understood: use {DUE_HELP}")


# -- values and confidences -------------------------------------------------------------

_DONE = {"done", "yes", "y", "1", "true", "x"}
_NOT_DONE = {"not done", "no", "n", "0", "false", "todo"}


@dataclass(frozen=True, slots=True)
class ValueEntry:
    value: float
    confidence: int | None


def parse_confidence(text: str) -> int:
    s = text.strip()
    if not re.fullmatch(r"[+-]?\d+", s):
        raise InputProblem(f"confidence {s!r} is not a whole number from 0 to 10")
    n = int(s)
    if not 0 <= n <= 10:
        raise InputProblem(f"confidence {n} is out of range: it must be from 0 to 10")
    return n


def parse_value_entry(text: str, kr: KeyResult) -> ValueEntry:
    """`VALUE [CONFIDENCE]`: `42`, `42 7`, `1,200 6`; a milestone KR takes `done` / `not done`
    (or `yes`/`no`), optionally followed by a confidence."""
    s = " ".join(text.strip().split())
    if not s:
        raise InputProblem("type the new value, optionally followed by a confidence (42 7)")
    words = s.rsplit(" ", 1)
    confidence: int | None = None
    body = s
    if len(words) == 2 and re.fullmatch(r"[+-]?\d+", words[1]) and _value_ok(words[0], kr):
        confidence = parse_confidence(words[1])
        body = words[0]
    if kr.kind is KRKind.MILESTONE:
        folded = body.casefold()
        if folded in _DONE:
            return ValueEntry(1.0, confidence)
        if folded in _NOT_DONE:
            return ValueEntry(0.0, confidence)
        raise InputProblem(f"{kr.ref} is a milestone: type done or not done, got {body!r}")
    return ValueEntry(_number(body, kr), confidence)


def _value_ok(text: str, kr: KeyResult) -> bool:
    try:
        if kr.kind is KRKind.MILESTONE:
            return text.casefold() in _DONE | _NOT_DONE
        _number(text, kr)
    except InputProblem:
        return False
    return True


def _number(text: str, kr: KeyResult) -> float:
    try:
        return parse_value(text, kr.unit)
    except ValueError as problem:
        raise InputProblem(f"{problem} (the value of {kr.ref})") from None

"""`okrtui checkin KR -c N`: what the one-line check-in does once its arguments are read.

Shared by the click command (`okrtui.commands.checkin`) and the fast entry that runs it
without click (`okrtui.fast_entry`), so both check the input, write and answer alike.
No click, no Store here: the Store is reached only through `through_store`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from okrtui.domain.kinds import KRKind
from okrtui.invocation import CliError, Invocation

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import TypeAlias

    from okrtui.commands.quick_checkin import Decide
    from okrtui.store.checkin_write import KRFacts, Written

    ThroughStore: TypeAlias = Callable[[str, int, Decide, str], Written]
    """Records (KR reference, confidence, decide, note) through the Store: the full path."""


def record_line(
    inv: Invocation,
    kr_ref: str,
    confidence: int,
    value_text: str | None,
    done: bool | None,
    note: str,
    through_store: ThroughStore | None,
) -> str | None:
    """Record one check-in and say what changed.

    The ordinary case takes the fast path (plain sqlite3, see `quick_checkin`); anything
    else goes `through_store`, which words every problem with the file. Without it, `None`
    says that nothing was written and the full path must be taken. Bad input raises a
    `UserError` before anything is written.
    """
    from okrtui.commands.quick_checkin import try_record

    if not 0 <= confidence <= 10:
        raise CliError(f"confidence must be between 0 and 10 (got {confidence})")
    note = note.strip()

    def decide(kr: KRFacts) -> float | None:
        return _new_value(kr, value_text, done)

    written = try_record(
        inv.db_path(),
        kr_ref,
        me=lambda handles: inv.resolve_me(handles)[1],
        decide=decide,
        confidence=confidence,
        note=note,
        now=inv.clock.now(),
    )
    if written is None:
        if through_store is None:
            return None
        written = through_store(kr_ref, confidence, decide, note)
    return said(written)


def said(written: Written) -> str:
    """`PLAT-1.1 Title: confidence 4 → 5, value 880 ms (unchanged)`."""
    from okrtui.domain.krstate import value_move, value_text
    from okrtui.text import clean_line

    kr, before, after = written.kr, written.before, written.after
    before_conf = str(before.confidence) if written.had_checkin else "—"
    shown = value_move(kr, before.value, after.value)
    if before.value == after.value:
        shown = f"{value_text(kr, after.value)} (unchanged)"
    what = "" if kr.kind is KRKind.MILESTONE else "value "
    return clean_line(
        f"{kr.ref} {kr.title}: confidence {before_conf} → {after.confidence}, {what}{shown}"
    )


def _new_value(kr: KRFacts, value_text: str | None, done: bool | None) -> float | None:
    """The value the flags ask for; None keeps the KR's value (read by the writer)."""
    if kr.kind is KRKind.MILESTONE:
        if value_text is not None:
            raise CliError(f"{kr.ref} is a milestone KR: it has no value; use --done or --not-done")
        return None if done is None else (1.0 if done else 0.0)
    if done is not None:
        raise CliError(f"{kr.ref} is a metric KR: give --value, not --done/--not-done")
    return None if value_text is None else _parse_value(value_text)


def _parse_value(text: str) -> float:
    from okrtui.domain.krstate import parse_value

    try:
        return parse_value(text)
    except ValueError as problem:
        raise CliError(f"--value: {problem}") from None

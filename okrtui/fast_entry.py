"""`okrtui checkin KR --confidence N` without importing click.

The one-line check-in is run over SSH between two calls, and importing click costs more
than the rest of it. The console entry (`okrtui.cli.main`) asks `run` first. It takes
the command line only when it is exactly the one-line check-in, in a form click reads
the same way (`parse`): the `--db`/`--me` of `okrtui`, then `checkin`, one KR and
`--confidence`, `--value`, `--note`, `--done`/`--not-done`, `--db`, `--me` in any order,
each at most once, as `--opt V`, `--opt=V`, `-c V` or `-cV`. Anything else (help, an
unknown or repeated option, a value that is not a number, `--`, a second KR, a terminal
that click would re-encode for) is declined before anything is read, and click runs as
always, so every message and exit code stays its own.

Once taken, the check-in is recorded by the code the click command runs
(`checkin_line.record_line`, resolving the file and the user through `Invocation`); a user
error is printed as the click path prints it (`cli_support.error_line`, exit code 2); and
a file that the fast path leaves to the Store is declined too, nothing written.
"""

from __future__ import annotations

import codecs
import errno
import os
import sys
from collections.abc import Mapping, Sequence

COMMAND = "checkin"

_GROUP_LONG = {"--db": "db", "--me": "me"}
_LONG = {
    "--confidence": "confidence",
    "--value": "value",
    "--note": "note",
    "--db": "db",
    "--me": "me",
}
_SHORT = {"c": "confidence", "v": "value", "n": "note"}
_FLAGS = {"--done": True, "--not-done": False}


class QuickCheckin:
    """The one-line check-in as click would read it (with the `--db`/`--me` that win).

    A plain class: a named tuple or a dataclass costs a millisecond to define."""

    __slots__ = ("confidence", "db", "done", "kr_ref", "me", "note", "value")

    def __init__(
        self,
        kr_ref: str,
        confidence: int,
        value: str | None,
        done: bool | None,
        note: str,
        db: str | None,
        me: str | None,
    ) -> None:
        self.kr_ref = kr_ref
        self.confidence = confidence
        self.value = value
        self.done = done
        self.note = note
        self.db = db
        self.me = me

    def fields(self) -> tuple[str, int, str | None, bool | None, str, str | None, str | None]:
        return (self.kr_ref, self.confidence, self.value, self.done, self.note, self.db, self.me)


def parse(args: Sequence[str]) -> QuickCheckin | None:
    """The one-line check-in these arguments (after `okrtui`) ask for, or None to leave
    them to click: never a different reading from click's."""
    if not all(_plain(arg) for arg in args):
        return None
    group: dict[str, str | bool] = {}
    at = 0
    while at < len(args) and _is_option(args[at]):
        next_at = _take_option(args, at, _GROUP_LONG, {}, {}, group)
        if next_at is None:
            return None
        at = next_at
    if at == len(args) or args[at] != COMMAND:
        return None
    found: dict[str, str | bool] = {}
    refs: list[str] = []
    at += 1
    while at < len(args):
        if not _is_option(args[at]):
            refs.append(args[at])
            at += 1
            continue
        next_at = _take_option(args, at, _LONG, _SHORT, _FLAGS, found)
        if next_at is None:
            return None
        at = next_at
    confidence = found.get("confidence")
    if len(refs) != 1 or not isinstance(confidence, str):
        return None
    try:
        number = int(confidence)  # what click's INT does with the text
    except ValueError:
        return None
    value, done, note = found.get("value"), found.get("done"), found.get("note", "")
    db, me = found.get("db", group.get("db")), found.get("me", group.get("me"))
    assert value is None or isinstance(value, str)
    assert done is None or isinstance(done, bool)
    assert isinstance(note, str)
    assert db is None or isinstance(db, str)
    assert me is None or isinstance(me, str)
    return QuickCheckin(refs[0], number, value, done, note, db, me)


def _is_option(arg: str) -> bool:
    """What click's parser treats as an option (`--` included; a lone `-` is not)."""
    return arg.startswith("-") and len(arg) > 1


def _take_option(
    args: Sequence[str],
    at: int,
    long: Mapping[str, str],
    short: Mapping[str, str],
    flags: Mapping[str, bool],
    found: dict[str, str | bool],
) -> int | None:
    """Read the option at `args[at]` into `found`; the index after it, or None to decline.

    As click: `--name=V` or `--name V`, `-xV` or `-x V`, the value taken as it is even
    when it starts with a dash."""
    arg = args[at]
    value: str | bool
    if arg.startswith("--"):
        name, equals, attached = arg.partition("=")
        if name in flags and not equals:
            key, value, used = "done", flags[name], 1
        elif name in long:
            key = long[name]
            if equals:
                value, used = attached, 1
            elif at + 1 < len(args):
                value, used = args[at + 1], 2
            else:
                return None
        else:
            return None  # --help, --version, --, a misspelling: click says what is wrong
    elif arg[1] in short:
        key = short[arg[1]]
        if len(arg) > 2:
            value, used = arg[2:], 1
        elif at + 1 < len(args):
            value, used = args[at + 1], 2
        else:
            return None
    else:
        return None
    if key in found:
        return None
    found[key] = value
    return at + used


def _plain(arg: str) -> bool:
    """An argument `cli_support.check_arguments` lets through: no NUL, valid UTF-8."""
    return "\x00" not in arg and not any("\udc80" <= ch <= "\udcff" for ch in arg)


def _streams_as_they_are() -> bool:
    """click re-encodes output to a stream that says ASCII (or has no encoding); such
    a terminal is left to click, so that what is printed stays byte for byte the same."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        if not encoding:
            return False
        try:
            if codecs.lookup(encoding).name == "ascii":
                return False
        except LookupError:
            return False
    return True


def run(args: Sequence[str]) -> int | None:
    """Run the one-line check-in and return its exit code; None when click must run
    (nothing has been written or printed then)."""
    if "_OKRTUI_COMPLETE" in os.environ:  # click's shell completion
        return None
    wanted = parse(args)
    if wanted is None or not _streams_as_they_are():
        return None
    from okrtui.clock import SystemClock
    from okrtui.commands.checkin_line import record_line
    from okrtui.config import load_settings
    from okrtui.errors import UserError
    from okrtui.invocation import EXIT_BAD_INPUT, EXIT_INTERRUPTED, Invocation, tolerant_streams

    tolerant_streams()
    try:
        try:
            inv = Invocation(load_settings(), SystemClock(), wanted.db, wanted.me)
            line = record_line(
                inv,
                wanted.kr_ref,
                wanted.confidence,
                wanted.value,
                wanted.done,
                wanted.note,
                through_store=None,
            )
        except UserError as error:
            from okrtui.cli_support import error_line

            print(error_line(str(error)), file=sys.stderr, flush=True)
            return EXIT_BAD_INPUT
        if line is None:
            return None
        print(line, flush=True)
    except KeyboardInterrupt:
        print(file=sys.stderr, flush=True)
        return EXIT_INTERRUPTED
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        # As click: the reader went away; exit 1 without a word (nor a flush error).
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return 0

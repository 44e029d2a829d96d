"""`okrtui ssh --me HANDLE`: the forced command of one person's SSH key.

In `~/.ssh/authorized_keys` on the team box, each person's key runs
`okrtui --db FILE ssh --me HANDLE`. What the person asked for arrives in
`$SSH_ORIGINAL_COMMAND`; it is split like a shell would (`shlex`) but never run by one,
and only these are allowed, as that person:

    (nothing) or `okrtui checkin`                 the check-in screen
    `okrtui checkin KR -c N [-v V] [-n TEXT] [--done|--not-done]`
                                                  one check-in, on one of their own KRs
    `okrtui vote [N]`                              the blind vote of a running meeting

Anything else is refused, including options such as `--db`, `--me` or `--help`.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass

import click

from okrtui.cli_support import CliError, Env, check_arguments, db_option, pass_env

ALLOWED = (
    "okrtui checkin, okrtui checkin KR -c N [-v V] [-n TEXT] [--done|--not-done], okrtui vote [N]"
)
_WITH_VALUE = {
    "-c": "--confidence",
    "--confidence": "--confidence",
    "-v": "--value",
    "--value": "--value",
    "-n": "--note",
    "--note": "--note",
}
_FLAGS = {"--done", "--not-done"}


class Refused(CliError):
    """A command this key may not run."""


@dataclass(frozen=True, slots=True)
class Request:
    """What a forced command runs: `command` (checkin or vote) with `args` rebuilt from
    the allowed pieces only; `kr_ref` is the KR of a one-line check-in."""

    command: str
    args: tuple[str, ...]
    kr_ref: str | None = None


def dispatch(original: str | None) -> Request:
    """The allowed request in `$SSH_ORIGINAL_COMMAND`, or `Refused` saying what is allowed."""
    try:
        words = shlex.split(original or "", comments=False, posix=True)
    except ValueError as error:
        raise Refused(f"cannot read the command ({error}); this key may run: {ALLOWED}") from None
    check_arguments(words)
    if words and words[0].rsplit("/", 1)[-1] == "okrtui":
        words = words[1:]
    if not words:
        return Request("checkin", ())
    verb, rest = words[0], words[1:]
    if verb == "checkin":
        return _checkin(rest)
    if verb == "vote":
        if len(rest) > 1 or any(word.startswith("-") for word in rest):
            raise Refused(f"vote takes at most a number 0-10; this key may run: {ALLOWED}")
        return Request("vote", tuple(rest))
    raise Refused(f"{verb!r} is not allowed; this key may run: {ALLOWED}")


def _checkin(words: list[str]) -> Request:
    options: list[str] = []
    kr_ref: str | None = None
    i = 0
    while i < len(words):
        word = words[i]
        name, equals, inline = word.partition("=")
        if word in _FLAGS:
            options.append(word)
        elif name in _WITH_VALUE and name.startswith("--") and equals:
            options.append(f"{_WITH_VALUE[name]}={inline}")
        elif word in _WITH_VALUE:
            if i + 1 >= len(words):
                raise Refused(f"{word} needs a value")
            i += 1
            options.append(f"{_WITH_VALUE[word]}={words[i]}")
        elif word[:2] in _WITH_VALUE and not word.startswith("--") and len(word) > 2:
            options.append(f"{_WITH_VALUE[word[:2]]}={word[2:]}")
        elif word.startswith("-"):
            raise Refused(f"option {word!r} is not allowed; this key may run: {ALLOWED}")
        elif kr_ref is None:
            kr_ref = word
        else:
            raise Refused(f"checkin takes one KR, got {kr_ref!r} and {word!r}")
        i += 1
    if kr_ref is None:
        if options:
            raise Refused("name the KR to check in on, e.g. `okrtui checkin PLAT-2.2 -c 6`")
        return Request("checkin", ())
    return Request("checkin", (*options, "--", kr_ref), kr_ref)


@click.command()
@click.option("--me", "handle", required=True, metavar="HANDLE", help="Whose key this is.")
@db_option
@pass_env
@click.pass_context
def ssh(ctx: click.Context, env: Env, handle: str) -> None:
    """The forced command for one person's SSH key (authorized_keys).

    Runs what $SSH_ORIGINAL_COMMAND asks, as HANDLE, if it is one of: the check-in
    screen (`okrtui checkin`, or nothing), a one-line check-in on one of HANDLE's own
    KRs, or the vote (`okrtui vote [N]`). Anything else is refused. No shell is used.
    """
    request = dispatch(env.environ.get("SSH_ORIGINAL_COMMAND"))
    env.me_flag = handle
    store = env.open_store(create=False)
    _, me_id = env.me(store)
    if request.kr_ref is not None:
        kr = store.kr_by_ref(request.kr_ref)
        if kr.owner_id != me_id:
            raise Refused(f"{kr.ref} is not one of your KRs; this key checks in only on yours")
    parent = ctx.parent if ctx.parent is not None else ctx
    group = parent.command
    assert isinstance(group, click.Group)
    command = group.get_command(parent, request.command)
    assert command is not None
    with command.make_context(request.command, list(request.args), parent=parent) as sub:
        command.invoke(sub)

"""`okrtui vote`: a participant's blind confidence vote from their own terminal.

No screen and no Textual: it finds the open vote of the running meeting, shows the KR
and asks for 0–10 (or takes it as an argument), and says only that the vote is in.
"""

from __future__ import annotations

import click

from okrtui.cli_support import Env, db_option, echo, me_option, pass_env
from okrtui.text import clean_line


@click.command()
@click.argument("confidence", metavar="[0-10]", required=False)
@db_option
@me_option
@pass_env
def vote(env: Env, confidence: str | None) -> None:
    """Vote your confidence on the KR the facilitator opened a blind vote on.

    \b
    okrtui vote            show the KR and ask for 0–10
    okrtui vote 7          vote 7 without a question
    Voting again before the reveal changes your vote.
    """
    from okrtui.meeting.vote import (
        VoteMoved,
        cast_vote,
        current_vote,
        parse_confidence,
        vote_status,
    )

    given = None if confidence is None else parse_confidence(confidence)
    store = env.open_store(create=False)
    _, me_id = env.me(store)
    vote_round = current_vote(store, me_id)
    kr = store.key_result(vote_round.kr_id)
    asked = given is None
    while True:
        if given is None:
            echo(f"Blind vote on {kr.ref}: {clean_line(kr.title)}")
            echo("Your vote stays hidden until the facilitator reveals all votes together.")
            given = click.prompt("Your confidence (0–10)", type=click.IntRange(0, 10))
        try:
            cast_vote(store, vote_round.id, me_id, given)
            break
        except VoteMoved as moved:
            if moved.next_round is None or not asked:
                raise
            echo(f"{clean_line(str(moved))}.")
            vote_round, given = moved.next_round, None
            kr = store.key_result(vote_round.kr_id)
    count = len(vote_status(store, vote_round.id).voted)
    echo(
        f"{kr.ref}: your vote {given} is in ({count} voted so far); "
        "vote again to change it before the reveal"
    )

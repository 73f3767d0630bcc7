"""``wrapper token``: a signed, expiring player token for rooms with `multiplayer.auth = true`."""

from __future__ import annotations

from typing import Annotated

import typer

from wrapper.auth.tokens import MAX_TTL_SECONDS
from wrapper.cli.examples import epilog
from wrapper.cli.options import JsonOption
from wrapper.cli.target import Target, acts_on_stage


@acts_on_stage()
def token(
    player: Annotated[str, typer.Option("--player", help="Player name the token carries (shown to others).")],
    ttl: Annotated[int, typer.Option("--ttl", help="Seconds until the token expires.", min=60, max=MAX_TTL_SECONDS)] = 3600,
    local: Annotated[bool, typer.Option("--local", help="Sign for the offline stage (`wrapper dev`) instead of the deployed one.")] = False,
    *,
    target: Target,
    as_json: JsonOption = False,
) -> None:
    """Print a signed player token; pass it to the page as ?token=... or to the WebSocket URL.

    The token is signed with the stage's token key: for a deployed stage it is read from the
    stage's Secrets Manager secret (AWS credentials needed); with --local, from `wrapper dev`'s
    local secret (no AWS).
    """
    import time

    from wrapper.auth.tokens import issue
    from wrapper.ui import console

    config = target.load()
    value = issue(config, player, ttl, local=local)
    if as_json:
        console.print_json({"player": player, "expires": int(time.time()) + ttl, "token": value})
    else:
        console.result(value)


def register(app: typer.Typer) -> None:
    app.command("token", epilog=epilog("token"))(token)

"""``wrapper cost``: what N players would cost per hour on AWS, metered from a real offline run."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from wrapper.cli.examples import epilog
from wrapper.cli.options import JsonOption
from wrapper.cli.target import Target, acts_on_stage
from wrapper.errors import UsageError

DEFAULT_MOVING = 0.25


@acts_on_stage()
def cost(
    players: Annotated[int, typer.Option("--players", "-n", help="Simulated players in one room.", min=1, max=200)] = 10,
    rate: Annotated[float, typer.Option("--rate", "-r", help="Poses per second each player sends.", min=0.1, max=60)] = 10.0,
    seconds: Annotated[float, typer.Option("--seconds", "-t", help="Simulated seconds to run.", min=1, max=600)] = 10.0,
    slow: Annotated[
        float,
        typer.Option(
            "--slow",
            help="Slow time by this factor (rates and ticks divided, wall time multiplied) when the machine cannot keep up.",
            min=1,
            max=100,
        ),
    ] = 1.0,
    fanout: Annotated[Optional[str], typer.Option("--fanout", help="Override multiplayer.fanout: snapshot or relay.")] = None,
    objects: Annotated[int, typer.Option("--objects", help="Shared objects spawned in the room.", min=0, max=1000)] = 0,
    moving: Annotated[
        Optional[float],
        typer.Option(
            "--moving", help="Share of the objects held and moved continuously (one per player at most; default 0.25).", min=0, max=1
        ),
    ] = None,
    *,
    target: Target,
    as_json: JsonOption = False,
) -> None:
    """Drive simulated players through `wrapper dev` and price what AWS would bill."""
    from wrapper.cost.estimate import estimate
    from wrapper.cost.simulate import Scenario, SharedObjects
    from wrapper.ui import console, cost_view

    if fanout not in (None, "snapshot", "relay"):
        raise UsageError(f"--fanout {fanout!r} is not snapshot or relay", "pass --fanout snapshot or --fanout relay")
    if moving is not None and objects == 0:
        # Without objects there is nothing to move: the run would silently model none.
        raise UsageError("--moving needs --objects", "add --objects K, e.g. --objects 20 --moving 0.25")
    config = target.load()
    if not as_json:
        console.step(
            f"simulating {players} players at {rate:g} poses/s for {seconds:g} s" + (f" (time slowed {slow:g}x)" if slow > 1 else "")
        )
    overrides = {"multiplayer.fanout": fanout} if fanout else None
    shared = SharedObjects(objects, min(players, round(objects * (DEFAULT_MOVING if moving is None else moving))))
    result = estimate(config, Scenario(players, rate, seconds, slow, overrides=overrides, objects=shared))
    fanout_used = result.config.multiplayer.fanout
    move_age = round(result.move_age_p99_ms, 1) if shared.moving else None
    if as_json:
        extra = {"objects": shared.count, "moving_objects": shared.moving, "object_move_age_p99_ms": move_age}
        console.print_json({**result.report.to_dict(), "fanout": fanout_used, "pose_age_p99_ms": round(result.pose_age_p99_ms, 1), **extra})
    else:
        label = f", {shared.count} objects ({shared.moving} moving)" if shared.count else ""
        cost_view.report(result.report, fanout_used, result.pose_age_p99_ms, label, move_age)


def register(app: typer.Typer) -> None:
    app.command("cost", epilog=epilog("cost"))(cost)

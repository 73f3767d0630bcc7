"""``wrapper cost``: what N players would cost per hour on AWS, metered from a real offline run."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from wrapper.cli.options import JsonOption, ProjectOption, StageOption
from wrapper.cli.project import load_project
from wrapper.errors import UsageError


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
    stage: StageOption = None,
    project: ProjectOption = None,
    as_json: JsonOption = False,
) -> None:
    """Drive simulated players through `wrapper dev` and price what AWS would bill."""
    from wrapper.cost.meter import cost_report
    from wrapper.cost.simulate import simulate
    from wrapper.ui import console, cost_view

    if fanout not in (None, "snapshot", "relay"):
        raise UsageError(f"--fanout {fanout!r} is not snapshot or relay")
    config = load_project(project, stage)
    if not as_json:
        console.step(
            f"simulating {players} players at {rate:g} poses/s for {seconds:g} s" + (f" (time slowed {slow:g}x)" if slow > 1 else "")
        )
    local, counters, seen = simulate(
        config, players=players, rate=rate, seconds=seconds, slow=slow, overrides={"multiplayer.fanout": fanout} if fanout else None
    )
    expected = players * rate * seconds
    notes = []
    if slow > 1:
        notes.append(f"time was slowed {slow:g}x: rates and ticks divided by {slow:g}, meters scaled back to real time")
    if seen.poses_sent < 0.95 * expected:
        notes.append(f"this machine sent {seen.poses_sent} of {expected:.0f} poses; costs are for the traffic achieved — try --slow")
    from wrapper.cost.page import page_cost

    page_meters, page_note = page_cost(config, players)
    if page_note:
        notes.append(page_note)
    report = cost_report(
        local,
        counters["play"],
        once=counters["once"],
        players=players,
        rate=rate,
        simulated_seconds=seconds,
        slow_factor=slow,
        poses_sent=seen.poses_sent,
        notes=tuple(notes),
        extra_meters=page_meters,
    )
    if as_json:
        console.print_json({**report.to_dict(), "fanout": local.multiplayer.fanout, "pose_age_p99_ms": round(seen.age_percentile(0.99), 1)})
    else:
        cost_view.report(report, local.multiplayer.fanout, seen.age_percentile(0.99))


def register(app: typer.Typer) -> None:
    app.command("cost")(cost)

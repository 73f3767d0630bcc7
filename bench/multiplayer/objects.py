"""What shared objects add to avatar sync: 10 players x 10 Hz, avatars only vs 20 objects of which 5 move.

    .venv/bin/python bench/multiplayer/objects.py

Both runs use the same scaffolded project, handlers (snapshot fan-out), simulated players and
price table (wrapper.cost, as `wrapper cost --objects 20 --moving 0.25` measures). Each of the 5
moving objects is held by one player and moves with every pose that player sends (the pose
carries it, as the page does). Goal: objects add at most 20% to the cost per player-hour.
The runs alternate and repeat, so a load spike on this shared machine hits both kinds alike.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from wrapper.config import load_config
from wrapper.cost.estimate import estimate
from wrapper.cost.prices import PRICES_DATE
from wrapper.cost.simulate import Scenario, SharedObjects

GOAL = 1.20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--players", type=int, default=10)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--slow", type=float, default=1.0, help="slow time by this factor when the machine cannot keep up")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    from tests.projects import scaffold

    kinds = {"avatars only": SharedObjects(), "20 objects, 5 moving": SharedObjects(20, 5)}
    results: dict[str, list[dict[str, float]]] = {k: [] for k in kinds}
    with tempfile.TemporaryDirectory() as tmp:
        config = load_config(scaffold(Path(tmp) / "world", service="world"), "dev", env={})
        for _ in range(args.repeat):
            for kind, shared in kinds.items():
                result = estimate(config, Scenario(args.players, args.rate, args.seconds, args.slow, objects=shared))
                row = {
                    "cost_per_player_hour": result.report.per_player_hour,
                    "messages_out_per_s": result.report.messages_out_per_second,
                    "ddb_requests_per_pose": result.report.dynamodb_requests_per_pose,
                    "p99_pose_age_ms": result.pose_age_p99_ms,
                    "p99_move_age_ms": result.move_age_p99_ms,
                    "poses_sent": result.seen.poses_sent,
                    "object_moves_received": len(result.seen.move_ages_ms),
                }
                print(json.dumps({"kind": kind, **row}), flush=True)
                results[kind].append(row)
    base, with_objects = (statistics.median(r["cost_per_player_hour"] for r in results[k]) for k in kinds)
    print(f"\n{time.strftime('%Y-%m-%d')} · {platform.machine()} · {os.cpu_count()} cores · prices {PRICES_DATE}")
    print(f"{args.players} players x {args.rate:g} Hz, {args.seconds:g} simulated s, slowed {args.slow:g}x, median of {args.repeat}\n")
    print("| room | $ per player-hour | vs avatars only | messages out/s | DynamoDB req/pose | p99 pose age ms | p99 object-move age ms |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for kind in kinds:
        rows = results[kind]
        cost = statistics.median(r["cost_per_player_hour"] for r in rows)
        move = statistics.median(r["p99_move_age_ms"] for r in rows)
        print(
            f"| {kind} | {cost:.5f} | {cost / base:.3f} | {statistics.median(r['messages_out_per_s'] for r in rows):.0f} | "
            f"{statistics.median(r['ddb_requests_per_pose'] for r in rows):.2f} | "
            f"{statistics.median(r['p99_pose_age_ms'] for r in rows):.0f} | {'-' if move != move else f'{move:.0f}'} |"
        )
    ratio = with_objects / base
    print(f"\nobjects add {ratio - 1:+.1%} (goal: at most {GOAL - 1:+.0%}): {'met' if ratio <= GOAL else 'NOT met'}")


if __name__ == "__main__":
    main()

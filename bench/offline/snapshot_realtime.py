"""The default (snapshot) handlers with many players in real time: tick share and pose age.

bench/multiplayer/run.py plays large rooms in slowed time for cost; this plays N players at
10 poses a second for real, through `wrapper dev` and the scaffolded handlers, and reports
what players see: the smallest share of ticks any player received and the p99 age of the
poses in them, from the server storing a pose to a player first receiving it (as
wrapper/cost/quality.py defines pose age; ``p99_age_every_copy_ms`` also counts a pose again in
each later snapshot that repeats it), with where that age goes (``stages``, p50 / p99 ms).

The players run in a process of their own, as browsers would (``--players-here``: beside the
gateway, as before), and play ``--warmup`` seconds first, unmeasured, while the handlers'
environments start (``cold_starts_in_play`` says if any started in the window anyway).

    .venv/bin/python bench/offline/snapshot_realtime.py --players 50 --seconds 10 [--concurrency 2]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.projects import scaffold
from wrapper.config import load_config
from wrapper.cost.estimate import estimate
from wrapper.cost.quality import percentile
from wrapper.cost.simulate import Scenario


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--players", type=int, nargs="+", default=[50])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of poses before the measured window (environments start)")
    parser.add_argument("--players-here", action="store_true", help="run the players in this process, beside the gateway (as before)")
    parser.add_argument("--concurrency", type=int, help="dev.concurrency (default: the setting's default)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        project = scaffold(Path(tmp) / "world", service="world")
        config = load_config(project, "dev", env={})
        overrides: dict[str, object] = {"multiplayer.fanout": "snapshot"}
        if args.concurrency:
            overrides["dev.concurrency"] = args.concurrency
        for players in args.players:
            load = os.getloadavg()[0]
            scenario = Scenario(
                players, args.rate, args.seconds, 1.0, overrides=overrides, players_apart=not args.players_here, warmup=args.warmup
            )
            result = estimate(config, scenario)
            ticks = result.config.multiplayer.tick_hz * args.seconds
            row = {
                "players": players,
                "concurrency": result.config.dev.concurrency,
                "min_tick_share": round(min(result.seen.snapshots_per_player) / ticks, 4),
                "p99_pose_age_ms": round(percentile(result.seen.stages["first_age"], 0.99), 1),
                "p99_age_every_copy_ms": round(result.seen.age_percentile(0.99), 1),
                "stages": {k: [round(percentile(v, q), 1) for q in (0.5, 0.99)] for k, v in result.seen.stages.items() if v},
                "pose_handler_ms": _mean_duration(result.play),
                "cold_starts_in_play": sum(f["cold_starts"] for f in result.play["functions"].values()),
                "ddb_per_pose": {k: round(n / max(1, result.seen.poses_sent), 3) for k, n in sorted(result.play["dynamodb_requests"].items())},
                "load_before": round(load, 1),
                "at": time.strftime("%H:%M UTC", time.gmtime()),
            }
            print(json.dumps(row), flush=True)


def _mean_duration(play: dict[str, Any]) -> float:
    """The mean duration of the busiest function's invocations (the poses') in ms."""
    stats = max(play["functions"].values(), key=lambda f: f["invocations"], default={"duration_ms": 0, "invocations": 0})
    return round(stats["duration_ms"] / max(1, stats["invocations"]), 1)


if __name__ == "__main__":
    main()

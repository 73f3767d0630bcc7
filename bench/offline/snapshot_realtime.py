"""The default (snapshot) handlers with many players in real time: tick share and pose age.

bench/multiplayer/run.py plays large rooms in slowed time for cost; this plays N players at
10 poses a second for real, through `wrapper dev` and the scaffolded handlers, and reports
what players see: the smallest share of ticks any player received and the p99 age of the
poses in them.

    .venv/bin/python bench/offline/snapshot_realtime.py --players 50 --seconds 10 [--concurrency 2]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

from tests.projects import scaffold
from wrapper.config import load_config
from wrapper.cost.estimate import estimate
from wrapper.cost.simulate import Scenario


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--players", type=int, nargs="+", default=[50])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=10.0)
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
            result = estimate(config, Scenario(players, args.rate, args.seconds, 1.0, overrides=overrides))
            ticks = result.config.multiplayer.tick_hz * args.seconds
            row = {
                "players": players,
                "concurrency": result.config.dev.concurrency,
                "min_tick_share": round(min(result.seen.snapshots_per_player) / ticks, 4),
                "p99_pose_age_ms": round(result.seen.age_percentile(0.99), 1),
                "load_before": round(load, 1),
                "at": time.strftime("%H:%M UTC", time.gmtime()),
            }
            print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()

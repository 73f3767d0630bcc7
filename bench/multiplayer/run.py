"""Cost of avatar sync: this project's handlers (snapshot, relay) against the seed's, one harness.

    .venv/bin/python bench/multiplayer/run.py --write

Every configuration runs through `wrapper dev` with the same simulated players and the
same price table (wrapper.cost). Large rooms are run in slowed time (all rates and ticks
divided by the factor shown; every meter is linear in time), since one 2-core machine
cannot play what AWS runs on many; latency and tick share come from real-time runs.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

from wrapper.config import load_config
from wrapper.cost.estimate import estimate
from wrapper.cost.prices import PRICES_DATE
from wrapper.cost.simulate import WEBXR, Scenario, Traffic

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]


def seed_pose(player: int, seq: int) -> str:
    pose = json.loads(WEBXR.pose(player, seq))
    del pose["action"]
    return json.dumps({"data": {"type": "pose", "uid": f"p{player}", "data": json.loads(json.dumps(pose))}})


SEED = Traffic(hello=None, pose=seed_pose)

# (players, slow factor, simulated seconds) per configuration, chosen so this 2-core machine keeps up;
# snapshot at N = 10 runs in real time (latency and tick share are measured there).
PLAN = {
    "seed": [(2, 1, 10), (10, 20, 2), (50, 250, 0.4)],
    "relay": [(2, 1, 10), (10, 2, 5), (50, 50, 1)],
    "snapshot": [(2, 1, 10), (10, 1, 30), (50, 5, 10)],
}


def run(kind: str, players: int, slow: float, seconds: float, rate: float, project: Path) -> dict[str, Any]:
    config = load_config(project / "wrapper.toml" if kind == "seed" else project, "dev", env={})
    overrides = {} if kind == "seed" else {"multiplayer.fanout": kind}
    traffic = SEED if kind == "seed" else WEBXR
    started = time.monotonic()
    result = estimate(config, Scenario(players, rate, seconds, slow, traffic, overrides))
    local, metrics, seen, report = result.config, result.play, result.seen, result.report
    ticks_expected = local.multiplayer.tick_hz * seconds * slow if kind == "snapshot" else 0
    share = min(seen.snapshots_per_player) / ticks_expected if ticks_expected else None
    return {
        "handlers": kind,
        "players": players,
        "slow": slow,
        "seconds": seconds,
        "wall_seconds": round(time.monotonic() - started, 1),
        "cost_per_player_hour": report.per_player_hour,
        "cost_per_hour": report.per_hour,
        "messages_out_per_s": report.messages_out_per_second,
        "ddb_requests_per_pose": report.dynamodb_requests_per_pose,
        # The target counts requests per pose besides the one room read each tick may make.
        "ddb_requests_per_pose_besides_room_reads": (
            sum(n for op, n in metrics["dynamodb_requests"].items() if op != "Query") / seen.poses_sent if seen.poses_sent else 0.0
        ),
        "p99_pose_age_ms": seen.age_percentile(0.99) if kind != "seed" else None,
        "min_tick_share": share,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--write", action="store_true", help="also print the Markdown table for docs/benchmarks.md")
    args = parser.parse_args()
    import tempfile

    from tests.projects import scaffold

    with tempfile.TemporaryDirectory() as tmp:
        webxr = scaffold(Path(tmp) / "world", service="world")
        rows = []
        for kind, runs in PLAN.items():
            for players, slow, seconds in runs:
                row = run(kind, players, slow, seconds, args.rate, HERE / "seed" if kind == "seed" else webxr)
                print(json.dumps(row), flush=True)
                rows.append(row)
    print(f"\n{time.strftime('%Y-%m-%d')} · {platform.machine()} · {os.cpu_count()} cores · prices {PRICES_DATE}\n")
    print(
        "| N | handlers | slowed | simulated s | $ per player-hour | vs seed | messages out/s | DynamoDB req/pose "
        "(besides room reads) | p99 pose age ms | min tick share |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        seed = next(r for r in rows if r["handlers"] == "seed" and r["players"] == row["players"])
        ratio = row["cost_per_player_hour"] / seed["cost_per_player_hour"]
        age = "-" if row["p99_pose_age_ms"] is None else f"{row['p99_pose_age_ms']:.0f}"
        share = "-" if row["min_tick_share"] is None else f"{row['min_tick_share']:.0%}"
        print(
            f"| {row['players']} | {row['handlers']} | {row['slow']:g}x | {row['seconds']:g} | {row['cost_per_player_hour']:.5f} | "
            f"{ratio:.3f} | {row['messages_out_per_s']:.0f} | {row['ddb_requests_per_pose']:.2f} "
            f"({row['ddb_requests_per_pose_besides_room_reads']:.2f}) | {age} | {share} |"
        )


if __name__ == "__main__":
    main()

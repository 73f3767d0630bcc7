"""Cost and quality on a realistic motion trace: this project's handlers and page against the seed.

    .venv/bin/python bench/multiplayer/trace.py --write

A seeded trace (wrapper.cost.trace: standing, looking around, walking, gesturing; players
leaving and others joining) is played through `wrapper dev`; every simulated player sends
exactly what the page would (wrapper.cost.page_client). The seed's port gets the very same
poses at the very same times. It cannot keep up in real time, so it runs on the trace's first
seconds in slowed time and is priced per pose it handled (its cost is linear in poses for a
given room size), times the trace's poses. Lambda duration is shown as measured here and with
an assumed AWS-side latency added for every DynamoDB and @connections call (wrapper.cost.latency).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import tempfile
import time
from pathlib import Path
from typing import Any

from wrapper.config import load_config
from wrapper.cost.latency import added_cost
from wrapper.cost.meter import cost_report
from wrapper.cost.prices import PRICES_DATE
from wrapper.cost.quality import quality
from wrapper.cost.trace import Trace, generate
from wrapper.cost.trace_run import page_sends, play_trace, streams

HERE = Path(__file__).resolve().parent
LATENCIES = (0, 2, 5, 10, 20)  # ms per AWS call on top of what was measured here
RECEIVERS = {0, 3, 6}  # the slots whose view is rendered for the quality metric (every sender)
# (players, trace seconds, slow factor for ours, seed prefix seconds, slow factor for the seed)
PLAN = [(10, 60, 4, 2, 20), (50, 20, 12, 0.4, 250)]


def prefix(trace: Trace, seconds: float) -> Trace:
    """The trace's first ``seconds``: the sessions present then, cut at the end."""
    slots = tuple(
        tuple(
            dataclasses.replace(s, leaves=s.leaves if s.leaves is not None and s.leaves < seconds else None)
            for s in slot
            if s.joins < seconds
        )
        for slot in trace.slots
    )
    return Trace(trace.seed, seconds, slots)


def ours(project: Path, trace: Trace, slow: float) -> dict[str, Any]:
    config = load_config(project, "dev", env={})
    sends = page_sends(trace, config)
    started = time.monotonic()
    local, counters, played = play_trace(config, trace, sends, slow=slow)
    seen = quality(streams(trace, sends, played, receivers=RECEIVERS))
    report = cost_report(
        local,
        counters["play"],
        once=counters["once"],
        players=len(trace.slots),
        rate=0,
        simulated_seconds=trace.seconds,
        slow_factor=slow,
        poses_sent=played.poses_sent,
    )
    hour = 3600 / trace.seconds
    players = trace.player_seconds() / trace.seconds
    return {
        "poses": played.poses_sent,
        "poses_per_player_s": played.poses_sent / trace.player_seconds(),
        "per_player_hour": {ms: (report.per_hour + added_cost(local, counters["play"], ms) * hour) / players for ms in LATENCIES},
        "messages_out_per_s": report.messages_out_per_second,
        "meters": {m.name: round(m.cost_per_hour, 5) for m in report.meters},
        "head_p95_cm": seen.head_error(0.95) * 100,
        "hands_p95_cm": seen.hand_error(0.95) * 100,
        "age_p99_ms": seen.stored_age(0.99),
        "age_p50_ms": seen.stored_age(0.5),
        "end_to_end_age_p99_ms": seen.age(0.99),
        "wall_s": round(time.monotonic() - started, 1),
    }


def seed(trace: Trace, seconds: float, slow: float, config_of_ours: Path) -> dict[str, Any]:
    """The seed's cost per handled pose on the trace's first ``seconds``, and so per player-hour on the whole trace."""
    ours_config = load_config(config_of_ours, "dev", env={})
    full = page_sends(trace, ours_config)
    head = prefix(trace, seconds)
    sends = page_sends(head, ours_config)  # the same poses: a prefix of the page's schedule is the schedule of the prefix
    config = load_config(HERE / "seed" / "wrapper.toml", "dev", env={})
    local, counters, played = play_trace(config, head, sends, seed=True, slow=slow)
    handled = counters["play"]["functions"]["position"]["invocations"]
    report = cost_report(
        local, counters["play"], players=len(trace.slots), rate=0, simulated_seconds=seconds, slow_factor=slow, poses_sent=played.poses_sent
    )
    per_pose = {ms: (report.per_hour * seconds / 3600 + added_cost(local, counters["play"], ms)) / handled for ms in LATENCIES}
    poses_per_hour = sum(len(s) for s in full.values()) * 3600 / trace.seconds
    players = trace.player_seconds() / trace.seconds
    return {
        "handled": handled,
        "sent": played.poses_sent,
        "per_player_hour": {ms: per_pose[ms] * poses_per_hour / players for ms in LATENCIES},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=7, help="the trace's seed")
    parser.add_argument("--players", type=int, nargs="*", help="only these room sizes")
    parser.add_argument("--write", action="store_true", help="also print the Markdown tables for docs/benchmarks.md")
    args = parser.parse_args()
    from tests.projects import scaffold

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        project = scaffold(Path(tmp) / "world", service="world")
        for players, seconds, slow, seed_seconds, seed_slow in PLAN:
            if args.players and players not in args.players:
                continue
            trace = generate(args.seed, players, seconds)
            row = {"players": players, "seconds": seconds, "slow": slow, "seed_seconds": seed_seconds, "seed_slow": seed_slow}
            row["ours"] = ours(project, trace, slow)
            row["seed"] = seed(trace, seed_seconds, seed_slow, project)
            print(json.dumps(row), flush=True)
            rows.append(row)
    if not args.write:
        return
    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · {platform.machine()} · {os.cpu_count()} cores · prices {PRICES_DATE}\n"
    )
    print(
        "| N | trace s (ours slowed) | poses/player/s | ours $/player-hour | seed $/player-hour | ratio | p95 head / hands cm | p99 pose age ms | messages out/s |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        o, s = row["ours"], row["seed"]
        print(
            f"| {row['players']} | {row['seconds']} ({row['slow']}x) | {o['poses_per_player_s']:.2f} | {o['per_player_hour'][0]:.5f} | "
            f"{s['per_player_hour'][0]:.5f} | {o['per_player_hour'][0] / s['per_player_hour'][0]:.3f} | "
            f"{o['head_p95_cm']:.1f} / {o['hands_p95_cm']:.1f} | {o['age_p99_ms']:.0f} ({o['end_to_end_age_p99_ms']:.0f}) | "
            f"{o['messages_out_per_s']:.0f} |"
        )
    print("\n| N | " + " | ".join(f"{ms} ms/call" for ms in LATENCIES) + " |")
    print("| --- |" + " --- |" * len(LATENCIES))
    for row in rows:
        o, s = row["ours"]["per_player_hour"], row["seed"]["per_player_hour"]
        print(f"| {row['players']} | " + " | ".join(f"{o[ms] / s[ms]:.3f} (${o[ms]:.4f} / ${s[ms]:.4f})" for ms in LATENCIES) + " |")


if __name__ == "__main__":
    main()

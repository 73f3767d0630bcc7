"""A well-behaved client's latency while 1, 5 or 20 other clients flood, through `wrapper dev` and a bare relay.

The quiet client sends 20 messages a second and times each round trip (its message goes
through the handler, which posts it back to it with the management API). Each flooder
sends as fast as its socket takes messages, to no one, for the whole run, from a separate
process (so the flood's sending never delays the quiet client's own clock). Through `wrapper
dev` the stage's default throttling applies (1,000 a second per route, burst 500) and the
flood waits behind itself; the bare relay (aiohttp, no handler) is the machine's ceiling.
Same servers and handler as fanout.py.

    .venv/bin/python bench/offline/flood.py --flooders 0 1 5 20 --seconds 6

Prints one JSON line per run and a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import time
from pathlib import Path
from typing import Any

import websockets

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fanout import against  # a sibling script, not a package

QUIET_RATE = 20.0


FLOODERS = """
import asyncio, json, sys
import websockets

async def main(url, n, stop_after):
    socks = [await websockets.connect(url, max_size=None) for _ in range(n)]
    sent, throttled = [0] * n, [0] * n
    print("ready", flush=True)
    loop = asyncio.get_running_loop()
    end = loop.time() + stop_after

    async def flood(i):
        message = json.dumps({"action": "fan", "to": [], "payload": {"flood": i}})
        while loop.time() < end:
            await socks[i].send(message)
            sent[i] += 1
            if sent[i] % 50 == 0:
                await asyncio.sleep(0)

    async def drain(i):
        try:
            async for reply in socks[i]:
                throttled[i] += "Limit Exceeded" in str(reply)
        except websockets.ConnectionClosed:
            pass

    readers = [asyncio.create_task(drain(i)) for i in range(n)]
    await asyncio.gather(*(flood(i) for i in range(n)))
    await asyncio.sleep(1.0)
    for sock in socks:
        await sock.close()
    for task in readers:
        task.cancel()
    print(json.dumps({"sent": sum(sent), "throttled": sum(throttled)}), flush=True)

asyncio.run(main(sys.argv[1], int(sys.argv[2]), float(sys.argv[3])))
"""


async def scenario(port: int, flooders: int, seconds: float) -> dict[str, Any]:
    """The flooders run in their own process, so their sending never delays the quiet client's clock."""
    url = f"ws://127.0.0.1:{port}/dev"
    quiet = await websockets.connect(url, max_size=None)
    await quiet.send(json.dumps({"action": "whoami"}))
    me = await quiet.recv()
    flood = None
    if flooders:
        flood = await asyncio.create_subprocess_exec(
            sys.executable, "-c", FLOODERS, url, str(flooders), str(seconds + 1.0), stdout=asyncio.subprocess.PIPE
        )
        assert flood.stdout is not None
        await flood.stdout.readline()  # ready: every flooder connected
        await asyncio.sleep(0.5)  # the flood is on before the quiet client measures
    latencies: list[float] = []
    answered = throttled = missing = 0
    began = time.monotonic()
    while time.monotonic() - began < seconds:
        t0 = time.perf_counter()
        await quiet.send(json.dumps({"action": "fan", "to": [me], "payload": {"t": time.time_ns()}}))
        try:
            reply = await asyncio.wait_for(quiet.recv(), 10)
            latencies.append((time.perf_counter() - t0) * 1000)
            if "Limit Exceeded" in str(reply):
                throttled += 1  # its route's bucket is the stage's, shared with the flood (as on AWS)
            else:
                answered += 1
        except TimeoutError:
            missing += 1
        await asyncio.sleep(max(0.0, 1 / QUIET_RATE - (time.perf_counter() - t0)))
    await quiet.close()
    totals = {"sent": 0, "throttled": 0}
    if flood is not None:
        assert flood.stdout is not None
        totals = json.loads((await flood.stdout.readline()) or b'{"sent": 0, "throttled": 0}')
        await flood.wait()
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")  # noqa: E731
    return {
        "quiet_answered": answered,
        "quiet_throttled": throttled,
        "quiet_missing": missing,
        "p50_ms": pick(0.5),
        "p99_ms": pick(0.99),
        "flood_sent_per_s": totals["sent"] / (seconds + 1.0),
        "flood_throttled": totals["throttled"],
    }


def measure(kind: str, flooders: int, seconds: float) -> dict[str, Any]:
    result = against(kind, lambda port: scenario(port, flooders, seconds))
    return {"server": kind, "flooders": flooders, "seconds": seconds, **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--flooders", type=int, nargs="+", default=[0, 1, 5, 20])
    parser.add_argument("--seconds", type=float, default=6.0)
    args = parser.parse_args()
    rows = []
    for flooders in args.flooders:
        for kind in ("bare", "wrapper-dev"):
            row = measure(kind, flooders, args.seconds)
            print(json.dumps(row), flush=True)
            rows.append(row)
    print(
        f"\n{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} · {platform.machine()} · {os.cpu_count()} cores · python {platform.python_version()}\n"
    )
    print(
        "| flooders | server | quiet p50 ms | quiet p99 ms | quiet answered / throttled / missing | flood msgs/s sent | flood throttled | peak RSS MB |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        print(
            f"| {r['flooders']} | {r['server']} | {r['p50_ms']:.1f} | {r['p99_ms']:.1f} | "
            f"{r['quiet_answered']} / {r['quiet_throttled']} / {r['quiet_missing']} | "
            f"{r['flood_sent_per_s']:.0f} | {r['flood_throttled']} | {r['peak_rss_mb']:.0f} |"
        )


if __name__ == "__main__":
    main()

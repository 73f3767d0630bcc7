"""Fan-out through `wrapper dev` versus a bare relay on the same server library (aiohttp).

N clients in one room each send f messages a second for T seconds. Through `wrapper dev`
every message invokes a Lambda-style handler that posts it to the other N-1 clients with
the management API (boto3, as on AWS); the bare relay forwards it in-process with no
handler. Both servers run as child processes; the clients run here.

    .venv/bin/python bench/offline/fanout.py --sizes 2 5 10 15 --rate 10 --seconds 8

Prints one JSON line per run and a Markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import websockets

HANDLER = """
import json, os
import boto3

_client = None

def handler(event, context):
    global _client
    if _client is None:
        _client = boto3.client("apigatewaymanagementapi", endpoint_url=os.environ["AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI"])
    body = json.loads(event["body"])
    if body["action"] == "whoami":
        return {"statusCode": 200, "body": event["requestContext"]["connectionId"]}
    data = json.dumps(body["payload"]).encode()
    for target in body["to"]:
        try:
            _client.post_to_connection(ConnectionId=target, Data=data)
        except _client.exceptions.GoneException:
            pass
    return {"statusCode": 200}
"""

CONFIG = """\
[service]
name = "bench"
region = "eu-west-2"

[functions.fan]
handler = "fan.handler"
routes = ["fan", "whoami"]
route_response = true
memory = 256

[dev]
port = {port}
frontend_port = {frontend_port}
{dev_extra}
[stages.dev]
"""

BARE_RELAY = """
import sys
from aiohttp import web, WSMsgType

clients = {}

async def ws(request):
    sock = web.WebSocketResponse()
    await sock.prepare(request)
    me = str(id(sock))
    clients[me] = sock
    try:
        async for msg in sock:
            if msg.type != WSMsgType.TEXT:
                continue
            import json
            body = json.loads(msg.data)
            if body["action"] == "whoami":
                await sock.send_str(me)
                continue
            data = json.dumps(body["payload"])
            for target in body["to"]:
                peer = clients.get(target)
                if peer is not None and not peer.closed:
                    await peer.send_str(data)
    finally:
        clients.pop(me, None)
    return sock

app = web.Application()
app.add_routes([web.get("/dev", ws)])
web.run_app(app, host="127.0.0.1", port=int(sys.argv[1]), print=None)
"""


DEV_CONCURRENCY: int | None = None  # dev.concurrency for the wrapper dev runs (--concurrency)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    out = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,rss="], capture_output=True, text=True).stdout
    rows = [tuple(int(x) for x in line.split()) for line in out.splitlines() if line.strip()]
    children: dict[int, list[int]] = {}
    rss = {}
    for p, pp, r in rows:
        children.setdefault(pp, []).append(p)
        rss[p] = r
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total / 1024


def wait_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on {port}")


def start_server(kind: str, workdir: Path) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    if kind == "bare":
        script = workdir / "bare_relay.py"
        script.write_text(BARE_RELAY)
        proc = subprocess.Popen([sys.executable, str(script), str(port)])
    else:
        project = workdir / "bench"
        (project / "functions").mkdir(parents=True, exist_ok=True)
        (project / "functions" / "fan.py").write_text(textwrap.dedent(HANDLER))
        extra = f"concurrency = {DEV_CONCURRENCY}\n" if DEV_CONCURRENCY else ""  # unset: the default (and a gateway before the setting)
        (project / "wrapper.toml").write_text(CONFIG.format(port=port, frontend_port=free_port(), dev_extra=extra))
        proc = subprocess.Popen(
            [sys.executable, "-m", "wrapper", "dev", "--quiet", "--reset"],
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    wait_port(port)
    time.sleep(1.0 if kind == "bare" else 3.0)  # let handler environments finish warming
    return proc, port


async def run_clients(port: int, n: int, rate: float, seconds: float) -> dict[str, Any]:
    url = f"ws://127.0.0.1:{port}/dev"
    socks = [await websockets.connect(url, max_size=None) for _ in range(n)]
    ids = []
    for sock in socks:
        await sock.send(json.dumps({"action": "whoami"}))
        ids.append(await sock.recv())
    latencies: list[float] = []
    received = [0]

    async def reader(sock: Any) -> None:
        try:
            async for message in sock:
                payload = json.loads(message)
                latencies.append((time.time_ns() - payload["t"]) / 1e6)
                received[0] += 1
        except websockets.ConnectionClosed:
            pass

    async def writer(i: int, sock: Any) -> int:
        others = [x for j, x in enumerate(ids) if j != i]
        sent = 0
        start = time.monotonic() + (i / n) / rate  # spread senders over the period
        while (now := time.monotonic()) < start + seconds:
            target = start + sent / rate
            if target > now:
                await asyncio.sleep(target - now)
            await sock.send(json.dumps({"action": "fan", "to": others, "payload": {"t": time.time_ns(), "from": i}}))
            sent += 1
        return sent

    readers = [asyncio.create_task(reader(s)) for s in socks]
    began = time.monotonic()
    sent = sum(await asyncio.gather(*(writer(i, s) for i, s in enumerate(socks))))
    expected = sent * (n - 1)
    deadline = time.monotonic() + 5
    while received[0] < expected and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    elapsed = time.monotonic() - began
    for sock in socks:
        await sock.close()
    for task in readers:
        task.cancel()
    latencies.sort()
    pick = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")  # noqa: E731
    return {
        "sent": sent,
        "expected": expected,
        "delivered": received[0],
        "lost": expected - received[0],
        "deliveries_per_s": received[0] / seconds,
        "p50_ms": pick(0.5),
        "p99_ms": pick(0.99),
        "elapsed_s": elapsed,
        "mean_ms": statistics.fmean(latencies) if latencies else float("nan"),
    }


def measure(kind: str, n: int, rate: float, seconds: float) -> dict[str, Any]:
    result = against(kind, lambda port: run_clients(port, n, rate, seconds))
    return {"server": kind, "clients": n, "rate": rate, "seconds": seconds, **result}


def against(kind: str, clients: Callable[[int], Awaitable[dict[str, Any]]]) -> dict[str, Any]:
    """Start a server of ``kind``, run ``clients(port)`` against it, and add the server's peak memory."""
    with tempfile.TemporaryDirectory() as tmp:
        proc, port = start_server(kind, Path(tmp))
        try:
            peak = [0.0]

            async def run() -> dict[str, Any]:
                async def sample() -> None:
                    while True:
                        peak[0] = max(peak[0], tree_rss_mb(proc.pid))
                        await asyncio.sleep(0.5)

                sampler = asyncio.create_task(sample())
                try:
                    return await clients(port)
                finally:
                    sampler.cancel()

            result = asyncio.run(run())
        finally:
            proc.send_signal(2)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        return {"peak_rss_mb": round(peak[0], 1), **result}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[2, 5, 10, 15])
    parser.add_argument("--rate", type=float, default=10.0)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument(
        "--concurrency", type=int, help="dev.concurrency: environments per function, at most (default: the setting's default)"
    )
    args = parser.parse_args()
    global DEV_CONCURRENCY
    DEV_CONCURRENCY = args.concurrency
    rows = []
    for n in args.sizes:
        for kind in ("bare", "wrapper-dev"):
            row = measure(kind, n, args.rate, args.seconds)
            print(json.dumps(row), flush=True)
            rows.append(row)
    print(f"\n{time.strftime('%Y-%m-%d')} · {platform.machine()} · {os.cpu_count()} cores · python {platform.python_version()}\n")
    print("| N | server | deliveries/s | p50 ms | p99 ms | lost | peak RSS MB | wrapper dev / bare (deliveries) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        bare = next(r for r in rows if r["clients"] == row["clients"] and r["server"] == "bare")
        ratio = row["deliveries_per_s"] / bare["deliveries_per_s"] if bare["deliveries_per_s"] else float("nan")
        print(
            f"| {row['clients']} | {row['server']} | {row['deliveries_per_s']:.0f} | {row['p50_ms']:.1f} | {row['p99_ms']:.1f} | "
            f"{row['lost']} | {row['peak_rss_mb']:.0f} | {ratio:.2f} |"
        )
    ok = [r["clients"] for r in rows if r["server"] == "wrapper-dev" and r["p99_ms"] < 50 and r["lost"] == 0]
    print(f"\nlargest N through wrapper dev with p99 < 50 ms and nothing lost at f = {args.rate:g}: {max(ok) if ok else 'none'}")


if __name__ == "__main__":
    main()

"""One client flooding must not starve the others; the stage's throttling refuses the excess.

API Gateway throttles each route with the stage's rate and burst (a token bucket) and
answers a throttled message with ``{"message": "Limit Exceeded", ...}``; locally each
connection's messages also wait in their own bounded queue, so a flood delays its sender.

Latency itself (the quiet client's p50/p99 while 1, 5, 20 clients flood) is measured by
bench/offline/flood.py; on a shared machine a timed assertion would test the machine. Here
the cause is counted instead: how many of the flood's invocations run ahead of each quiet
message (before the fix, every queued flood message did: hundreds).
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from websockets.sync.client import connect

from tests.offline.conftest import CONFIG, write_project
from wrapper.config import load_config
from wrapper.offline import start_dev_server
from wrapper.offline.apigw.throttle import Throttle, TokenBucket

# Low limits, so even a slow (shared) machine handles what the throttle lets through as fast as it
# comes: then frames are read as they arrive and the throttle sees their true arrival times.
THROTTLED = CONFIG.replace("[tables.items]", "[websocket]\nthrottling_rate_limit = 5\nthrottling_burst_limit = 5\n\n[tables.items]")


def test_a_bucket_allows_the_burst_then_the_rate() -> None:
    now = [0.0]
    bucket = TokenBucket(rate=10, burst=5, clock=lambda: now[0])
    assert [bucket.take() for _ in range(6)] == [True] * 5 + [False]
    now[0] += 0.25  # 2.5 tokens back
    assert [bucket.take() for _ in range(3)] == [True, True, False]
    now[0] += 100.0  # never more than the burst
    assert sum(bucket.take() for _ in range(10)) == 5


def test_routes_have_their_own_buckets() -> None:
    throttle = Throttle(rate=1, burst=2, clock=lambda: 0.0)
    assert [throttle.allow("pose") for _ in range(3)] == [True, True, False]
    assert throttle.allow("hello") and throttle.throttled == {"pose": 1}


def test_a_flooder_is_throttled_and_a_quiet_client_stays_fast(tmp_path: Path) -> None:
    project = write_project(tmp_path / "gw", THROTTLED)
    with (
        start_dev_server(load_config(project, "dev", env={})) as server,
        connect(server.ws_url) as flooder,
        connect(server.ws_url) as quiet,
    ):
        assert json.loads(_ask(quiet, {"action": "whoami"}))["id"]  # warm
        flood_sent = threading.Event()

        def flood() -> None:
            for i in range(3000):  # as fast as the socket takes them, never reading
                flooder.send(json.dumps({"action": "echo", "text": str(i)}))
            flood_sent.set()

        threading.Thread(target=flood, daemon=True).start()
        echo = server.metrics.functions["echo"]
        ahead, replies = [], []
        started = time.monotonic()
        while time.monotonic() - started < 3.0:
            before = echo.invocations
            replies.append(_ask(quiet, {"action": "whoami"}))
            ahead.append(echo.invocations - before - 1)  # flood invocations done while this one waited and ran
            time.sleep(0.25)  # under its route's 5/s: the quiet client must not throttle itself
        assert flood_sent.wait(30)
        flooded = []
        while True:
            try:
                flooded.append(flooder.recv(timeout=2))
            except TimeoutError:
                break
    # The flooder has one message in flight at a time, and echo runs two at once: a quiet message
    # waits for at most the one flood message in flight, while a few more may finish beside it.
    assert max(ahead) <= 10, f"flood invocations ahead of quiet messages: {sorted(ahead)[-5:]}"
    assert all("id" in json.loads(r) for r in replies), "its route was not flooded, so nothing of it is throttled"
    limited = [json.loads(m) for m in flooded if "Limit Exceeded" in m]
    assert len(limited) > 2500, f"only {len(limited)} of 3000 throttled at 5/s, burst 5"
    assert set(limited[0]) == {"message", "connectionId", "requestId"}
    assert server.gateway is not None and server.gateway.throttle.throttled["echo"] == len(limited)


def test_a_throttled_connect_is_refused_with_429(tmp_path: Path) -> None:
    from websockets.exceptions import InvalidStatus

    slow = THROTTLED.replace("throttling_burst_limit = 5", "throttling_burst_limit = 2").replace("rate_limit = 5", "rate_limit = 0.1")
    project = write_project(tmp_path / "gw", slow)
    with start_dev_server(load_config(project, "dev", env={})) as server:
        statuses = []
        for _ in range(4):
            try:
                with connect(server.ws_url):
                    statuses.append(101)
            except InvalidStatus as refused:
                statuses.append(refused.response.status_code)
    assert statuses == [101, 101, 429, 429]


def _ask(ws: object, payload: object) -> str:
    ws.send(json.dumps(payload))  # type: ignore[attr-defined]
    reply: str = ws.recv(timeout=10)  # type: ignore[attr-defined]
    return reply

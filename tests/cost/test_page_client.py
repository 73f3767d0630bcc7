"""The page's send rule in Python: the same constants as net.js, and what it sends for a trace."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from wrapper.cost import page_client, quality
from wrapper.cost.page_client import PageSender, schedule
from wrapper.cost.trace import generate

PAGE = Path(__file__).resolve().parents[2] / "templates" / "frontend" / "webxr" / "src"


def js_constant(file: str, name: str) -> float:
    found = re.search(rf"const {name} = ([0-9.]+);", (PAGE / file).read_text())
    assert found, f"{name} not in {file}"
    return float(found.group(1))


def test_the_constants_are_the_pages() -> None:
    assert js_constant("net.js", "HEARTBEAT_MS") == page_client.HEARTBEAT_MS
    assert js_constant("net.js", "MIN_MOVE") == page_client.MIN_MOVE
    assert js_constant("net.js", "MIN_TURN") == page_client.MIN_TURN
    assert js_constant("net.js", "PAGE_MAX_RATE") == page_client.PAGE_MAX_RATE
    assert js_constant("net.js", "TRAILING_TICKS") == page_client.TRAILING_TICKS
    assert js_constant("interpolation.js", "RENDER_DELAY_MS") == quality.RENDER_DELAY_MS


def pose(x: float) -> dict[str, dict[str, list[float]]]:
    return {"head": {"p": [x, 1.6, 0.0], "q": [0.0, 0.0, 0.0, 1.0]}}


def test_a_mover_sends_at_the_tick_rate_then_once_more_then_heartbeats() -> None:
    sender = PageSender("snapshot", tick_hz=10, max_pose_rate=30)
    sent = []
    for frame in range(0, 4 * 60):  # 4 s at 60 frames/s: moving for 1 s, then still
        now = 10_000 + frame * 1000 / 60
        x = min(frame, 60) * 0.02
        if sender.maybe_send(pose(x), now):
            sent.append((round(now - 10_000), sender.still))
    moving = [t for t, _ in sent if t <= 1000]
    assert 9 <= len(moving) <= 11  # capped at the tick rate, not the page's 20/s
    after = [(t, still) for t, still in sent if t > 1000]
    assert after[0][1] is False and 100 <= after[0][0] - max(moving) <= 140  # the trailing send, ~1.2 ticks later
    assert [still for _, still in after[1:]] == [True] * len(after[1:]) and len(after[1:]) == 2  # heartbeats, 1 s apart


def test_relay_mode_is_not_capped_at_a_tick_rate() -> None:
    session = generate(2, 1, 30).slots[0][0]
    snapshot = schedule(session, 30, "snapshot", 10, 30)
    relay = schedule(session, 30, "relay", 10, 30)
    assert len(relay) > len(snapshot)
    assert min(b.at - a.at for a, b in itertools.pairwise(snapshot)) >= 0.1 - 1 / 60
    assert [s.seq for s in snapshot] == list(range(1, len(snapshot) + 1))

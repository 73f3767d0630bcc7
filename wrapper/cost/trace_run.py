"""Play a motion trace through a private copy of the project under `wrapper dev`.

Every session of the trace is one WebSocket connection: it joins when the trace says,
sends exactly what the page would send (``page_client.schedule``) and leaves when the
trace says. Receivers record every pose they get, so the run yields both AWS meters and
what players saw (``quality``). The seed's handlers get the very same poses at the very
same times, wrapped in the seed's message format.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from functools import partial
from typing import Any

import websockets

from wrapper.config import ProjectConfig
from wrapper.cost.page_client import Send, schedule
from wrapper.cost.quality import Arrival, Stream
from wrapper.cost.simulate import _settle, metered
from wrapper.cost.trace import Session, Trace

Key = tuple[int, int]  # (slot, session index)
SETTLE_S = 1.0  # a pair of players is scored from this long after the later of them joined
Entry = tuple[str, int, Any, float | None]  # sender id, seq, pose, server ms when stored (None: unknown)


@dataclass(frozen=True)
class Dialect:
    """How one backend's clients speak: hello, pose messages, and reading what arrives."""

    hello: str | None
    pose: Callable[[Key, Send], str]
    entries: Callable[[Any], list[Entry]]  # a received message -> its poses
    seed: bool = False


def _ours_pose(key: Key, send: Send) -> str:
    still = {"still": True} if send.still else {}
    return json.dumps({"action": "pose", "seq": send.seq, **send.pose, **still}, separators=(",", ":"))


def _ours_entries(message: Any) -> list[Entry]:
    if not isinstance(message, dict):
        return []
    if message.get("type") == "snapshot":
        return [(p["id"], p["seq"], p["pose"], p.get("t")) for p in message["players"] if p.get("pose")]
    if message.get("type") == "pose":
        return [(message["id"], message["seq"], message["pose"], message.get("t"))]
    if message.get("type") == "welcome":
        return [(p["id"], p["seq"], p["pose"], None) for p in message["players"] if p.get("pose")]
    return []


def seed_uid(key: Key) -> str:
    return f"s{key[0]}-{key[1]}"


def _seed_pose(key: Key, send: Send) -> str:
    return json.dumps({"data": {"type": "pose", "uid": seed_uid(key), "data": {"seq": send.seq, **send.pose}}})


def _seed_entries(message: Any) -> list[Entry]:
    # The seed posts its whole positions table: [{type, uid, data: {seq, head, left, right}}].
    if not isinstance(message, list):
        return []
    out: list[Entry] = []
    for item in message:
        data = item.get("data") if isinstance(item, dict) else None
        if isinstance(data, dict) and "head" in data:
            pose = {p: data[p] for p in ("head", "left", "right") if p in data}
            out.append((item["uid"], int(float(data.get("seq", 0))), pose, None))
    return out


OURS = Dialect(json.dumps({"action": "hello"}), _ours_pose, _ours_entries)
SEED = Dialect(None, _seed_pose, _seed_entries, seed=True)


def _pose_values(pose: Any) -> Any:
    # The seed stores numbers as DynamoDB Decimals and posts them back as strings.
    return {part: {k: [float(v) for v in vec] for k, vec in value.items()} for part, value in pose.items()}


@dataclass
class Played:
    """What the receivers got, keyed by session; who each sender id was; how many poses went out."""

    arrivals: dict[tuple[Key, str], list[Arrival]]
    ids: dict[str, Key]
    sent: dict[tuple[Key, int], float]  # (session, seq) -> when it actually went out (trace seconds)
    poses_sent: int = 0


async def _play(
    url: str,
    trace: Trace,
    sends: dict[Key, list[Send]],
    dialect: Dialect,
    slow: float,
    drained: Callable[[], bool],
    mark: Callable[[str], None],
) -> Played:
    played = Played(defaultdict(list), {}, {})
    socks: dict[Key, Any] = {}
    listeners: list[asyncio.Task[None]] = []
    clock = {"t0": time.monotonic(), "epoch": time.time()}

    def now() -> float:
        return (time.monotonic() - clock["t0"]) / slow

    def server_time(ms: float) -> float:
        return (ms / 1000 - clock["epoch"]) / slow

    async def until(t: float) -> None:
        delay = t * slow - (time.monotonic() - clock["t0"])
        if delay > 0:
            await asyncio.sleep(delay)

    async def listen(key: Key, sock: Any) -> None:
        last_tick = -1
        offset = float("inf")  # as net.js learnClock: arrival minus server time, at its smallest
        mine = seed_uid(key) if dialect.seed else None
        try:
            async for raw in sock:
                arrived = now()
                message = json.loads(raw)
                if isinstance(message, dict) and message.get("type") == "welcome":
                    played.ids[message["id"]] = key
                    mine = message["id"]
                if isinstance(message, dict) and message.get("type") == "snapshot":
                    if message["tick"] <= last_tick:
                        continue  # the page drops a snapshot older than one it has shown
                    last_tick = message["tick"]
                if isinstance(message, dict) and isinstance(message.get("t"), int | float) and message["type"] in ("snapshot", "pose"):
                    offset = min(offset, arrived - server_time(message["t"]))
                for sender, seq, pose, stamp in dialect.entries(message):
                    if sender == mine:
                        continue
                    stored = server_time(stamp) if stamp else None
                    at = stored + offset if stored is not None and offset != float("inf") else arrived
                    played.arrivals[(key, sender)].append(Arrival(at, arrived, seq, _pose_values(pose), stored))
        except websockets.ConnectionClosed:
            pass

    async def join(key: Key) -> None:
        # No keepalive pings: a loaded machine may not answer one in time, and a real page would not be dropped for it.
        sock = await websockets.connect(f"{url}?room=trace&name=p{key[0]}", max_size=None, ping_interval=None)
        socks[key] = sock
        listeners.append(asyncio.create_task(listen(key, sock)))
        if dialect.hello:
            await sock.send(dialect.hello)

    async def session(key: Key, s: Session) -> None:
        if key not in socks:
            await until(s.joins)
            await join(key)
        for send in sends[key]:
            await until(send.at)
            await socks[key].send(dialect.pose(key, send))
            played.sent[(key, send.seq)] = now()
            played.poses_sent += 1
        if s.leaves is not None:
            await until(s.leaves)
            await socks.pop(key).close()

    sessions = {(i, j): s for i, slot in enumerate(trace.slots) for j, s in enumerate(slot)}
    for key, s in sessions.items():
        if s.joins == 0:
            await join(key)
    await _settle(drained)
    mark("joined")
    clock["t0"], clock["epoch"] = time.monotonic(), time.time()
    await asyncio.gather(*(session(key, s) for key, s in sessions.items()))
    await _settle(drained)
    mark("played")
    for sock in socks.values():
        await sock.close()
    for task in listeners:
        task.cancel()
    if dialect.seed:
        played.ids = {seed_uid(key): key for key in sessions}
    return played


def streams(trace: Trace, sends: dict[Key, list[Send]], played: Played, receivers: set[int] | None = None) -> list[Stream]:
    """Per (receiver, sender) pair what arrived, with the sender's truth (receivers limited to some slots)."""
    sessions = {(i, j): s for i, slot in enumerate(trace.slots) for j, s in enumerate(slot)}

    def stop(s: Session) -> float:
        return s.leaves if s.leaves is not None else trace.seconds

    out = []
    for (receiver, sender_id), arrivals in played.arrivals.items():
        if receivers is not None and receiver[0] not in receivers:
            continue
        sender = played.ids.get(sender_id)
        if sender is None:
            continue
        since = max(sessions[receiver].joins, sessions[sender].joins) + SETTLE_S
        until = min(stop(sessions[receiver]), stop(sessions[sender]))
        out.append(Stream(tuple(arrivals), sessions[sender].pose, partial(_sent_at, played.sent, sender), until, since))
    return out


def _sent_at(sent: dict[tuple[Key, int], float], sender: Key, seq: int) -> float | None:
    return sent.get((sender, seq))


def page_sends(trace: Trace, config: ProjectConfig) -> dict[Key, list[Send]]:
    """What the page sends for every session of the trace, against this configuration's room settings."""
    mp = config.multiplayer
    return {
        (i, j): schedule(s, trace.seconds, mp.fanout, mp.tick_hz, mp.max_pose_rate)
        for i, slot in enumerate(trace.slots)
        for j, s in enumerate(slot)
    }


def play_trace(
    config: ProjectConfig,
    trace: Trace,
    sends: dict[Key, list[Send]],
    *,
    seed: bool = False,
    slow: float = 1.0,
    overrides: dict[str, Any] | None = None,
) -> tuple[ProjectConfig, dict[str, dict[str, Any]], Played]:
    """Run ``trace`` (``sends`` from ``page_sends``) against the project (``seed``: the seed port), time slowed ``slow`` times."""

    def drive(url: str, drained: Callable[[], bool], mark: Callable[[str], None]) -> Coroutine[Any, Any, Played]:
        return _play(url, trace, sends, SEED if seed else OURS, slow, drained, mark)

    return metered(config, drive, slow=slow, overrides=overrides)

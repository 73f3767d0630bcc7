"""Drive simulated players through a private copy of the project running under `wrapper dev`.

The copy keeps the developer's own local data untouched. Each player joins one room,
says hello, then sends poses at the requested rate (a slow random walk) and records
what it receives, so the run yields both AWS meters and what players experienced. With
shared objects, the room's objects are spawned first and some players each hold one,
moving it with every pose (the page's way: the pose carries it).
"""

from __future__ import annotations

import asyncio
import json
import math
import random
import tempfile
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import websockets

from wrapper.config import ProjectConfig, load_config
from wrapper.cost.experience import Experience, ages, loads, seen_snapshot
from wrapper.cost.players_process import apart
from wrapper.offline import start_dev_server
from wrapper.offline.metrics import difference
from wrapper.offline.private_copy import private_copy


@dataclass(frozen=True)
class Traffic:
    """How a simulated player speaks: its first message and its pose messages."""

    hello: str | None
    pose: Callable[[int, int], str]  # (player index, sequence number) -> message


def webxr_pose(player: int, seq: int) -> str:
    angle = seq * 0.05 + player
    head = {
        "p": [round(math.sin(angle) * 2, 3), 1.6, round(math.cos(angle) * 2, 3)],
        "q": [0, round(math.sin(angle / 2), 4), 0, round(math.cos(angle / 2), 4)],
    }
    hand = {"p": [head["p"][0] + 0.2, 1.2, head["p"][2]], "q": [0, 0, 0, 1]}
    return json.dumps({"action": "pose", "seq": seq, "head": head, "left": hand, "right": hand})


T = TypeVar("T")
WEBXR = Traffic(hello=json.dumps({"action": "hello"}), pose=webxr_pose)


@dataclass(frozen=True)
class SharedObjects:
    """``count`` objects spawned in the room; the first ``moving`` players each hold one and move it with every pose."""

    count: int = 0
    moving: int = 0

    def spawns(self) -> list[str]:
        return [
            json.dumps({"action": "spawn", "id": f"obj-{k}", "kind": "cube", "at": {"p": [k * 0.3, 1.0, -1.0], "q": [0, 0, 0, 1]}})
            for k in range(self.count)
        ]

    def carried(self, player: int, pose: str) -> str:
        """The pose of a player who holds an object, carrying the object along (as the page does)."""
        if player >= self.moving:
            return pose
        message = json.loads(pose)
        hand = message.get("right") or message["head"]
        message["held"] = {"id": f"obj-{player}", "at": {"p": hand["p"], "q": hand["q"]}}
        return json.dumps(message)


async def _drive(
    url: str,
    players: int,
    rate: float,
    seconds: float,
    traffic: Traffic,
    drained: Callable[[], bool] = lambda: True,
    mark: Callable[[str], None] = lambda _: None,
    objects: SharedObjects = SharedObjects(),
    warmup: float = 0.0,
) -> Experience:
    seen = Experience(snapshots_per_player=[0] * players)
    seqs = [0] * players  # each player's last seq: a warm-up's poses come first
    sent_at: dict[tuple[int, int], float] = {}  # (player index, seq) -> when it was sent
    index_of: dict[str, int] = {}  # player id -> index, from each player's welcome
    socks = [await websockets.connect(f"{url}?room=sim&name=p{i}", max_size=None) for i in range(players)]
    for sock in socks:
        if traffic.hello:
            await sock.send(traffic.hello)
    if objects.count:
        for spawn in objects.spawns():
            await socks[0].send(spawn)
        await _settle(drained)
        for i in range(min(objects.moving, players)):
            await socks[i].send(json.dumps({"action": "grab", "id": f"obj-{i}"}))

    async def listen(i: int, sock: Any) -> None:
        latest: dict[str, int] = {}  # sender id -> the newest seq this player received from it
        try:
            async for raw in sock:
                seen.messages_received += 1
                now = time.time() * 1000
                try:
                    message = loads(raw)
                except ValueError:
                    continue
                if not isinstance(message, dict):
                    continue
                if message.get("type") == "snapshot":
                    seen.snapshots_per_player[i] += 1
                    seen_snapshot(seen, now, message, sent_at, index_of, latest)
                else:
                    if message.get("type") == "welcome":
                        index_of[message.get("id", "")] = i
                    seen.ages_ms.extend(ages(now, message.get("players", [message])))
                seen.move_ages_ms.extend(ages(now, message.get("objects", [])))
        except websockets.ConnectionClosed:
            pass

    async def talk(i: int, sock: Any, seconds: float) -> None:
        start = time.monotonic() + random.random() / rate
        sent = 0
        # Exactly rate x seconds poses, at start + k / rate for k < rate x seconds (the window's end is not in it).
        while (due := start + sent / rate) < start + seconds:
            if due > (now := time.monotonic()):
                await asyncio.sleep(due - now)
            sent += 1
            seqs[i] += 1
            sent_at[(i, seqs[i])] = time.time() * 1000
            await sock.send(objects.carried(i, traffic.pose(i, seqs[i])))
            seen.poses_sent += 1

    listeners = [asyncio.create_task(listen(i, s)) for i, s in enumerate(socks)]
    await _settle(drained)
    if warmup > 0:  # the backend's environments start and warm up; none of it is measured
        await asyncio.gather(*(talk(i, s, warmup) for i, s in enumerate(socks)))
        await _settle(drained)
        seen = Experience(snapshots_per_player=[0] * players, since_ms=time.time() * 1000)
    mark("joined")
    await asyncio.gather(*(talk(i, s, seconds) for i, s in enumerate(socks)))
    await _settle(drained)  # every message must have run its handler, or a slow backend would look cheap
    mark("played")
    for sock in socks:
        await sock.close()
    for task in listeners:
        task.cancel()
    return seen


async def _settle(drained: Callable[[], bool]) -> None:
    deadline = time.monotonic() + 120
    while not drained() and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    await asyncio.sleep(1.0)  # let the last fan-out arrive


def _connection_functions(config: ProjectConfig) -> set[str]:
    return {config.routes[r] for r in ("$connect", "$disconnect") if r in config.routes}


@dataclass(frozen=True)
class Scenario:
    """``players`` in one room, each sending ``rate`` poses a second for ``seconds`` of simulated time."""

    players: int
    rate: float
    seconds: float
    slow: float = 1.0  # wall time is ``seconds * slow``; rates and ticks are divided by it
    traffic: Traffic = WEBXR
    overrides: dict[str, Any] | None = None  # dotted settings, as command-line flags give them
    objects: SharedObjects = SharedObjects()
    # The players in a child process (players_process.py), as browsers are: real-time latency is
    # then the backend's, not the players' decoding in the gateway's interpreter. Traffic must pickle.
    players_apart: bool = False
    # Seconds of the same traffic before the measured window, not counted: the handlers' environments
    # start (on Lambda they would start elsewhere; here a cold start takes the CPU the others serve on).
    warmup: float = 0.0

    @property
    def expected_poses(self) -> float:
        return self.players * self.rate * self.seconds


def simulate(config: ProjectConfig, scenario: Scenario) -> tuple[ProjectConfig, dict[str, dict[str, Any]], Experience]:
    """Run the players for ``seconds`` of simulated time (``seconds * slow`` of wall time).

    The counters come in two parts: ``play`` (the ``seconds`` of poses, which scale with time)
    and ``once`` (joining before and leaving after, which a session pays once however long it lasts).
    """
    slow = scenario.slow

    args = (scenario.players, scenario.rate / slow, scenario.seconds * slow, scenario.traffic)
    warmup = scenario.warmup * slow

    def drive(url: str, drained: Callable[[], bool], mark: Callable[[str], None]) -> Coroutine[Any, Any, Experience]:
        if scenario.players_apart:
            return apart(_drive, *args, objects=scenario.objects, warmup=warmup)(url, drained, mark)
        return _drive(url, *args, drained, mark, scenario.objects, warmup)

    overrides = dict(scenario.overrides or {})
    if scenario.objects.count > config.multiplayer.max_objects:
        overrides["multiplayer.max_objects"] = scenario.objects.count
    return metered(config, drive, slow=slow, overrides=overrides)


def metered(
    config: ProjectConfig,
    drive: Callable[[str, Callable[[], bool], Callable[[str], None]], Coroutine[Any, Any, T]],
    *,
    slow: float = 1.0,
    overrides: dict[str, Any] | None = None,
) -> tuple[ProjectConfig, dict[str, dict[str, Any]], T]:
    """Run ``drive(ws_url, drained, mark)`` against a private copy of the project under `wrapper dev`, ticks slowed ``slow`` times.

    ``drive`` marks "joined" and "played"; the counters between them are ``play``, the rest ``once``.
    Returns the copy's configuration, the counters and what ``drive`` returned.
    """
    with tempfile.TemporaryDirectory(prefix="wrapper-cost-") as tmp:
        copy = private_copy(config.root, Path(tmp), config.dev.frontend_dir)
        settings = {"multiplayer.tick_hz": config.multiplayer.tick_hz / slow, **(overrides or {})}
        local = load_config(copy, config.stage, overrides=settings)
        marks: dict[str, dict[str, Any]] = {}
        with start_dev_server(local, port=0, frontend_port=0, reset=True) as server:  # environments: dev.concurrency

            def drained() -> bool:
                handled = sum(f.invocations for name, f in server.metrics.functions.items() if name not in _connection_functions(local))
                return handled >= server.metrics.messages_in

            def mark(phase: str) -> None:
                marks[phase] = server.metrics.as_dict()

            result = asyncio.run(drive(server.ws_url, drained, mark))
            server.stop()  # runs every $disconnect, so leaving is counted
            final = server.metrics.as_dict()
    play = difference(marks["played"], marks["joined"])
    return local, {"play": play, "once": difference(final, play)}, result

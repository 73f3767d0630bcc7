"""Invoke functions the way Lambda does: isolated environments, timeouts, cold starts, scaling.

Each function keeps the environments (``environment.py``) its concurrency needs, as Lambda
does: an invocation that finds every environment busy starts a new one (a cold start), up
to the function's bound (``environments_bound``: the dev setting, the function's reserved
concurrency, and memory); past the bound invocations wait, served round-robin by
connection (``turns.py``). An environment idle for ``idle_seconds`` is stopped, down to one
kept warm. A timed-out environment is killed and replaced, as Lambda does.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wrapper.offline.lambda_runtime.environment import CallHandler, Environment, FunctionSpec, LogSink
from wrapper.offline.lambda_runtime.live import LiveConnections
from wrapper.offline.lambda_runtime.turns import Turns

__all__ = ["FunctionPool", "FunctionSpec", "Outcome", "available_memory_mb", "environments_bound"]

IDLE_SECONDS = 60.0  # Lambda keeps an idle environment for minutes; locally a minute frees the memory sooner


@dataclass(frozen=True)
class Outcome:
    ok: bool
    result: Any = None
    error_type: str | None = None
    error_message: str | None = None
    duration_ms: float = 0.0
    timed_out: bool = False
    cold: bool = False
    trace: str | None = None  # the handler's traceback, trimmed to the project's frames


def environments_bound(setting: int, reserved: int | None, memory_mb: int, available_mb: float | None) -> int:
    """How many environments a function may have: the setting, capped by its reserved concurrency
    (as on Lambda) and by the memory its environments may use (``memory_mb`` each, as Lambda sizes them)."""
    bound = setting if reserved is None else min(setting, reserved)
    if available_mb is not None:
        bound = min(bound, int(available_mb // memory_mb))
    return max(1, bound)


def available_memory_mb(meminfo: Path = Path("/proc/meminfo")) -> float | None:
    """The memory the kernel can give without swapping (Linux's MemAvailable); None where it is not known."""
    with contextlib.suppress(OSError, ValueError):
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    return None


class FunctionPool:
    def __init__(
        self,
        spec: FunctionSpec,
        on_log: LogSink,
        concurrency: int = 2,
        on_call: CallHandler | None = None,
        *,
        idle_seconds: float = IDLE_SECONDS,
    ) -> None:
        self.spec = spec
        self.on_log = on_log
        self.on_call = on_call  # answers the handler's @connections calls; set once the gateway exists
        self.live: LiveConnections | None = None  # the gateway's open connections, mirrored into each environment
        self.concurrency = max(1, concurrency)
        self.idle_seconds = idle_seconds
        self.peak = 0  # most environments at once
        self._all: set[Environment] = set()
        self._starting = 0
        self._turns: Turns[Environment | ConnectionError] = Turns()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._reaper: asyncio.Task[None] | None = None

    @property
    def environments(self) -> int:
        return len(self._all)

    @property
    def waiting(self) -> int:
        return self._turns.waiting

    async def warm(self) -> None:
        environment = Environment(self.spec, self.on_log, self.on_call, self.live)
        await environment.start()
        environment.invocations = 1  # started before any invocation: the first one is not cold
        self._all.add(environment)
        self.peak = max(self.peak, len(self._all))
        self._turns.put(environment)
        if self._reaper is None:
            self._reaper = asyncio.ensure_future(self._reap())

    async def invoke(self, event: dict[str, Any], request_id: str, key: str = "") -> Outcome:
        """Run one invocation; ``key`` (the connection) decides whose turn it is when every environment is busy."""
        started = time.perf_counter()
        if not self._turns.free:
            self._scale_up(waiting=self._turns.waiting + 1)
        taken = await self._turns.get(key)
        if isinstance(taken, ConnectionError):
            return Outcome(False, None, "Runtime.InitError", str(taken), (time.perf_counter() - started) * 1000, cold=True)
        if not taken.alive():
            self._all.discard(taken)
            return await self.invoke(event, request_id, key)
        cold = taken.invocations == 0
        taken.invocations += 1
        try:
            return await self._run(taken, event, request_id, cold)
        finally:
            if taken in self._all:
                taken.idle_since = time.monotonic()
                self._turns.put(taken)
            else:
                self._scale_up(waiting=self._turns.waiting)

    def _scale_up(self, waiting: int) -> None:
        """Start environments for invocations no environment will take, up to the bound (Lambda's cold starts).

        They start beside the waiting invocations: whichever comes first, a busy environment
        finishing or the new one, takes the next turn. One starts at a time: on AWS a cold start
        runs on a machine of its own, here it takes CPU from the environments already serving.
        """
        if self._starting < min(waiting, 1) and len(self._all) < self.concurrency:
            environment = Environment(self.spec, self.on_log, self.on_call, self.live)
            self._all.add(environment)  # counted while it starts, so the bound holds
            self.peak = max(self.peak, len(self._all))
            self._starting += 1
            task = asyncio.ensure_future(self._start(environment))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _start(self, environment: Environment) -> None:
        try:
            await environment.start()
        except ConnectionError as exc:
            self._all.discard(environment)
            if self._turns.waiting:
                self._turns.put(exc)  # one waiter learns why, as the invocation that met the failed cold start
            return
        finally:
            self._starting -= 1
        environment.idle_since = time.monotonic()
        self._turns.put(environment)
        self._scale_up(waiting=self._turns.waiting)  # still a line: the next one

    async def _run(self, environment: Environment, event: dict[str, Any], request_id: str, cold: bool) -> Outcome:
        started = time.perf_counter()
        deadline_ms = int(time.time() * 1000 + self.spec.timeout * 1000)
        try:
            reply = await asyncio.wait_for(environment.call(event, request_id, deadline_ms), self.spec.timeout)
        except TimeoutError:
            await self._discard(environment)
            elapsed = (time.perf_counter() - started) * 1000
            message = f"Task timed out after {self.spec.timeout:.2f} seconds"
            self.on_log(self.spec.name, f"{request_id} {message}")
            return Outcome(False, None, "TimeoutError", message, elapsed, timed_out=True, cold=cold)
        except (ConnectionError, ValueError) as exc:
            await self._discard(environment)
            return Outcome(False, None, "Runtime.ExitError", str(exc), (time.perf_counter() - started) * 1000, cold=cold)
        elapsed = (time.perf_counter() - started) * 1000
        if reply.get("ok"):
            return Outcome(True, reply.get("result"), duration_ms=elapsed, cold=cold)
        return Outcome(False, None, reply.get("errorType"), reply.get("errorMessage"), elapsed, cold=cold, trace=reply.get("trace"))

    async def _reap(self) -> None:
        """Stop environments idle for ``idle_seconds``, oldest first, keeping one warm."""
        free = self._turns.free
        while True:
            await asyncio.sleep(max(0.05, self.idle_seconds / 4))
            now = time.monotonic()
            while len(free) > 1 and isinstance(free[0], Environment) and now - free[0].idle_since > self.idle_seconds:
                oldest = free.pop(0)
                assert isinstance(oldest, Environment)
                await self._discard(oldest)

    async def _discard(self, environment: Environment) -> None:
        self._all.discard(environment)
        await environment.close()

    async def close(self) -> None:
        for task in [self._reaper, *self._tasks]:
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, ConnectionError):
                    await task
        environments, self._all = list(self._all), set()
        self._turns.free.clear()
        await asyncio.gather(*(e.close() for e in environments))

"""Invoke functions the way Lambda does: isolated environments, timeouts, cold starts.

Each function gets a small pool of worker processes (``worker.py``); a busy pool
grows up to ``concurrency`` environments, like Lambda scaling out. A timed-out
environment is killed and replaced, as Lambda does.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import sys
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

WORKER_SCRIPT = Path(__file__).with_name("worker.py")
LogSink = Callable[[str, str], None]
CallHandler = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]
INIT_TIMEOUT = 10.0


@dataclass(frozen=True)
class FunctionSpec:
    name: str  # logical name, e.g. "pose"
    full_name: str
    source_dir: Path
    module: str
    function: str
    memory: int
    timeout: float
    environment: Mapping[str, str]
    region: str
    gateway_netlocs: tuple[str, ...] = ()  # host:port forms that reach the gateway, for the @connections shortcut
    stage: str = ""


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


class _Worker:
    def __init__(self, spec: FunctionSpec, on_log: LogSink, on_call: CallHandler | None) -> None:
        self.spec = spec
        self.on_log = on_log
        self.on_call = on_call
        self.proc: asyncio.subprocess.Process | None = None
        self._ids = itertools.count()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._reply: asyncio.Future[dict[str, Any]] | None = None

    async def start(self) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-B",
            str(WORKER_SCRIPT),
            str(self.spec.source_dir),
            self.spec.module,
            self.spec.function,
            self.spec.full_name,
            str(self.spec.memory),
            self.spec.region,
            ",".join(self.spec.gateway_netlocs),
            self.spec.stage,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=dict(self.spec.environment),
            cwd=str(self.spec.source_dir),
            limit=8 * 1024 * 1024,
        )
        self._spawn(self._pump_stderr())
        # Lambda's init phase (imports) is not part of the invocation's timeout; it has its own 10 s.
        assert self.proc.stdout is not None
        try:
            ready = await asyncio.wait_for(self.proc.stdout.readline(), INIT_TIMEOUT)
        except TimeoutError:
            ready = b""
        if not ready:
            await self.close()
            raise ConnectionError(f"the {self.spec.name} environment did not initialise within {INIT_TIMEOUT:.0f} s")
        self._spawn(self._read_replies())

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _pump_stderr(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        while line := await self.proc.stderr.readline():
            self.on_log(self.spec.name, line.decode("utf-8", "replace").rstrip("\n"))

    async def _read_replies(self) -> None:
        """Invocation replies complete ``call``; the handler's own calls are answered as they come, in parallel."""
        assert self.proc is not None and self.proc.stdout is not None
        while line := await self.proc.stdout.readline():
            message: dict[str, Any] = json.loads(line)
            if "call" in message:
                self._spawn(self._answer(message))
            elif self._reply is not None and not self._reply.done():
                self._reply.set_result(message)
        if self._reply is not None and not self._reply.done():
            self._reply.set_exception(ConnectionError(f"the {self.spec.name} environment exited"))

    async def _answer(self, call: dict[str, Any]) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        if self.on_call is None:
            answer: dict[str, Any] = {"status": 503, "headers": {}, "text": ""}
        else:
            answer = await self.on_call(call)
        self.proc.stdin.write(json.dumps({"answer": call["call"], **answer}).encode() + b"\n")
        with contextlib.suppress(ConnectionError):
            await self.proc.stdin.drain()

    async def call(self, event: dict[str, Any], request_id: str, deadline_ms: int) -> dict[str, Any]:
        assert self.proc is not None and self.proc.stdin is not None
        self._reply = asyncio.get_running_loop().create_future()
        request = {"id": next(self._ids), "event": event, "request_id": request_id, "deadline_ms": deadline_ms}
        self.proc.stdin.write(json.dumps(request).encode() + b"\n")
        await self.proc.stdin.drain()
        return await self._reply

    def alive(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    async def close(self) -> None:
        if self.proc is None:
            return
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
            await self.proc.wait()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=1)
        for task in list(self._tasks):
            task.cancel()


class FunctionPool:
    def __init__(self, spec: FunctionSpec, on_log: LogSink, concurrency: int = 2, on_call: CallHandler | None = None) -> None:
        self.spec = spec
        self.on_log = on_log
        self.on_call = on_call  # answers the handler's @connections calls; set once the gateway exists
        self.concurrency = max(1, concurrency)
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._slots = asyncio.Semaphore(self.concurrency)

    async def warm(self) -> None:
        worker = _Worker(self.spec, self.on_log, self.on_call)
        await worker.start()
        self._all.add(worker)
        self._idle.append(worker)

    async def invoke(self, event: dict[str, Any], request_id: str) -> Outcome:
        async with self._slots:
            worker = self._idle.pop() if self._idle else None
            cold = worker is None or not worker.alive()
            started = time.perf_counter()
            if worker is None or not worker.alive():
                worker = _Worker(self.spec, self.on_log, self.on_call)
                try:
                    await worker.start()
                except ConnectionError as exc:
                    return Outcome(False, None, "Runtime.InitError", str(exc), (time.perf_counter() - started) * 1000, cold=True)
                self._all.add(worker)
                started = time.perf_counter()
            deadline_ms = int(time.time() * 1000 + self.spec.timeout * 1000)
            try:
                reply = await asyncio.wait_for(worker.call(event, request_id, deadline_ms), self.spec.timeout)
            except TimeoutError:
                await self._discard(worker)
                elapsed = (time.perf_counter() - started) * 1000
                message = f"Task timed out after {self.spec.timeout:.2f} seconds"
                self.on_log(self.spec.name, f"{request_id} {message}")
                return Outcome(False, None, "TimeoutError", message, elapsed, timed_out=True, cold=cold)
            except (ConnectionError, ValueError) as exc:
                await self._discard(worker)
                return Outcome(False, None, "Runtime.ExitError", str(exc), (time.perf_counter() - started) * 1000, cold=cold)
            self._idle.append(worker)
            elapsed = (time.perf_counter() - started) * 1000
            if reply.get("ok"):
                return Outcome(True, reply.get("result"), duration_ms=elapsed, cold=cold)
            return Outcome(False, None, reply.get("errorType"), reply.get("errorMessage"), elapsed, cold=cold, trace=reply.get("trace"))

    async def _discard(self, worker: _Worker) -> None:
        self._all.discard(worker)
        await worker.close()

    async def close(self) -> None:
        workers, self._all, self._idle = list(self._all), set(), []
        await asyncio.gather(*(w.close() for w in workers))

"""One execution environment: a worker process (``worker.py``) and the gateway's end of its pipe.

Lines from the worker are read in chunks, not one ``readline`` at a time, and the handler's
``@connections`` calls in a chunk are answered inline and written back in one write: a fan-out
of N posts costs the gateway no task per post and one pipe write (one wake-up of the worker)
per chunk instead of per post. A DELETE waits for the close handshake, so it alone runs
beside the reader. One-way posts get no answer; a fence is answered once the lines before it
have been handled, which is when the reader reaches it. A post marked ``same`` carries the text of
the pipe's previous post (a snapshot to every player of a room crosses the pipe once).
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

from wrapper.offline.lambda_runtime.live import LiveConnections

WORKER_SCRIPT = Path(__file__).with_name("worker.py")
LogSink = Callable[[str, str], None]
CallHandler = Callable[[dict[str, Any]], Awaitable[dict[str, Any]]]
INIT_TIMEOUT = 10.0
_CHUNK = 1 << 16
_UNAVAILABLE: dict[str, Any] = {"status": 503, "headers": {}, "text": ""}
_FAILED: dict[str, Any] = {
    "status": 500,
    "headers": {"x-amzn-ErrorType": "InternalServerErrorException"},
    "text": '{"message": "Internal server error"}',
}


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


class Environment:
    def __init__(self, spec: FunctionSpec, on_log: LogSink, on_call: CallHandler | None, live: LiveConnections | None = None) -> None:
        self.spec = spec
        self.live = live
        self.on_log = on_log
        self.on_call = on_call
        self.proc: asyncio.subprocess.Process | None = None
        self.idle_since = time.monotonic()
        self.invocations = 0
        self._ids = itertools.count()
        self._tasks: set[asyncio.Task[Any]] = set()
        self._reply: asyncio.Future[dict[str, Any]] | None = None
        self._last_post: dict[str, str] = {}  # the body of the last one-way post read from the pipe

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
        # Lambda's init phase (imports) is not part of the invocation's timeout; it has its own 10 s, and
        # an init that overruns them is retried within the first invocation under the function's timeout
        # (Lambda developer guide, "Lambda execution environment lifecycle"): a slow start is late, not fatal.
        assert self.proc.stdout is not None
        allowed = INIT_TIMEOUT + self.spec.timeout
        try:
            ready = await asyncio.wait_for(self._until_ready(), allowed)
        except TimeoutError:
            ready = False
        if not ready:
            await self.close()
            raise ConnectionError(f"the {self.spec.name} environment did not initialise within {allowed:.0f} s")
        self._spawn(self._read_replies())
        if self.live is not None:
            self.live.subscribe(self, self._write)

    async def _until_ready(self) -> bool:
        """Read up to the worker's ready line, answering the calls its init phase makes (a table read at import, say)."""
        assert self.proc is not None and self.proc.stdout is not None
        while line := await self.proc.stdout.readline():
            message = json.loads(line)
            if message.get("ready"):
                return True
            if (answer := await self._take(message)) is not None:
                self._write(answer)
        return False

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _pump_stderr(self) -> None:
        assert self.proc is not None and self.proc.stderr is not None
        while line := await self.proc.stderr.readline():
            self.on_log(self.spec.name, line.decode("utf-8", "replace").rstrip("\n"))

    async def _read_replies(self) -> None:
        """Invocation replies complete ``call``; the handler's own calls are answered as they come."""
        assert self.proc is not None and self.proc.stdout is not None
        pending = bytearray()
        while chunk := await self.proc.stdout.read(_CHUNK):
            pending += chunk
            end = pending.rfind(b"\n")
            if end < 0:
                continue  # a long reply, still arriving
            lines = bytes(pending[:end]).split(b"\n")
            del pending[: end + 1]
            answers = [answer for line in lines if (answer := await self._take(json.loads(line))) is not None]
            if answers:
                self._write(b"".join(answers))
        if self._reply is not None and not self._reply.done():
            self._reply.set_exception(ConnectionError(f"the {self.spec.name} environment exited"))

    async def _take(self, message: dict[str, Any]) -> bytes | None:
        """One line from the worker; the answer to write back when it is a call answered now."""
        if "post" in message:  # one way: the worker answered the handler itself (worker_channel.py)
            if message.pop("same", False):
                message.update(self._last_post)  # the same text as this pipe's previous post
            else:
                self._last_post = {k: message[k] for k in ("text", "b64") if k in message}
            if self.on_call is not None:
                with contextlib.suppress(Exception):  # as a message AWS accepted and then could not deliver
                    await self.on_call(message)
            return None
        if "fence" in message:  # every line before it has been handled: the posts are on their sockets
            return json.dumps({"answer": message["fence"]}).encode() + b"\n"
        if "call" not in message:
            if self._reply is not None and not self._reply.done():
                self._reply.set_result(message)
            return None
        if message.get("method") == "DELETE":
            self._spawn(self._answer_later(message))
            return None
        return await self._answer(message)

    async def _answer(self, call: dict[str, Any]) -> bytes:
        try:
            answer = _UNAVAILABLE if self.on_call is None else await self.on_call(call)
        except Exception:  # noqa: BLE001 - one call's failure must not stop the pipe that carries the others
            answer = _FAILED
        return json.dumps({"answer": call["call"], **answer}).encode() + b"\n"

    async def _answer_later(self, call: dict[str, Any]) -> None:
        self._write(await self._answer(call))
        assert self.proc is not None and self.proc.stdin is not None
        with contextlib.suppress(ConnectionError):
            await self.proc.stdin.drain()

    def _write(self, data: bytes) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        if not self.proc.stdin.is_closing():
            self.proc.stdin.write(data)

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
        if self.live is not None:
            self.live.unsubscribe(self)
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

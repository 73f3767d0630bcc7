"""API Gateway's WebSocket API on one aiohttp port: handshake, routing, limits, disconnects.

- ``$connect`` runs during the handshake: a non-2xx result refuses the upgrade with
  that status, an exception with 500; a ``Sec-WebSocket-Protocol`` header in its result is the
  subprotocol the handshake selects (a client that offered some and got none back fails, as on AWS).
- Messages are routed by the route selection expression; a handler error sends
  ``{"message": "Internal server error", ...}`` and keeps the connection open; no
  route and no ``$default`` sends ``{"message": "Forbidden", ...}``.
- ``$disconnect`` runs after every close, including idle timeout, maximum age,
  DELETE on @connections and server shutdown (clients get 1001).
- Throttling as API Gateway applies it: a token bucket per route with the stage's rate and
  burst; a throttled message gets ``{"message": "Limit Exceeded", ...}``, a throttled
  ``$connect`` HTTP 429 (see ``throttle``).
- Fairness (local only): each connection's messages wait in their own bounded queue and are
  handled one at a time, so a flooding client waits behind itself, not in front of others; when
  every environment of a function is busy, connections take turns (``lambda_runtime/turns.py``).
- Messages over 128 KB close the connection with 1009, binary frames with 1003, as API Gateway
  does (https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-binary-media-types.html).
- An integration that takes longer than 29 s gets the client ``{"message": "Endpoint request
  timed out", ...}``; the function itself runs on to its own timeout.
- ``$disconnect`` reports the client's close code and reason as it sent them (1005 "Client-side
  close frame status not set" when its close frame had none).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import WSCloseCode, WSMsgType, web

from wrapper.config import ProjectConfig
from wrapper.offline.apigw import events, ids, management
from wrapper.offline.apigw.connect_result import chosen_subprotocol, connect_status
from wrapper.offline.apigw.connections import Connection, Registry
from wrapper.offline.apigw.frames import LimitedWebSocketResponse
from wrapper.offline.apigw.integration import outcome_within
from wrapper.offline.apigw.limits import Limits
from wrapper.offline.apigw.routing import body_path, select_route
from wrapper.offline.apigw.throttle import Throttle
from wrapper.offline.lambda_runtime.invoker import FunctionPool, Outcome
from wrapper.offline.lambda_runtime.live import LiveConnections
from wrapper.offline.metrics import Metrics


@dataclass(frozen=True)
class Invocation:
    """One handler call, for the log line `wrapper dev` prints."""

    route: str
    function: str
    connection_id: str
    outcome: Outcome


class Gateway:
    def __init__(
        self,
        config: ProjectConfig,
        pools: dict[str, FunctionPool],
        *,
        domain_name: str,
        limits: Limits,
        metrics: Metrics,
        on_invocation: Callable[[Invocation], None],
    ) -> None:
        self.config = config
        self.stage = config.stage
        self.pools = pools  # by logical function name
        self.routes = dict(config.routes)  # route key -> function name
        self.route_path = body_path(config.websocket.route_selection_expression)
        self.api = events.ApiInfo(ids.api_id(config.service, config.stage), config.stage, domain_name)
        self.limits = limits
        self.metrics = metrics
        self.on_invocation = on_invocation
        self.connections = Registry()
        self.live = LiveConnections()  # mirrored into handler environments: their posts need no round trip
        self.live.answers = management.pipe_answers(self.limits)
        self.throttle = Throttle(config.websocket.throttling_rate_limit, config.websocket.throttling_burst_limit)
        self._tasks: set[asyncio.Task[Any]] = set()
        self._sweeper: asyncio.Future[None] | None = None
        self._sockets: set[asyncio.Task[Any]] = set()  # handlers of open sockets, until their $disconnect is done
        self._shutting_down = False
        self.plain_http: Callable[[web.Request], Awaitable[web.StreamResponse]] | None = None

    def app(self) -> web.Application:
        app = web.Application(client_max_size=self.limits.max_message_bytes + 1024)
        app.add_routes(management.routes(self))
        app.add_routes([web.get(f"/{self.stage}", self.websocket), web.get(f"/{self.stage}/", self.websocket)])
        app.on_startup.append(self._on_startup)
        return app

    async def _on_startup(self, app: web.Application) -> None:
        # Not one of _tasks: shutdown waits for those, and the sweep would hold it up to its next tick.
        self._sweeper = asyncio.ensure_future(self._sweep())

    def _spawn(self, coro: Any) -> None:
        task = asyncio.ensure_future(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def invoke(self, route: str, event: dict[str, Any], connection_id: str) -> Outcome:
        name = self.routes[route]
        # Lambda's own request id (a UUID, context.aws_request_id), not API Gateway's requestId.
        outcome = await self.pools[name].invoke(event, str(uuid.uuid4()), connection_id)
        self.metrics.invocation(name, outcome.duration_ms, ok=outcome.ok, timed_out=outcome.timed_out, cold=outcome.cold)
        self.on_invocation(Invocation(route, name, connection_id, outcome))
        return outcome

    async def invoke_within(self, route: str, event: dict[str, Any], connection_id: str) -> Outcome | None:
        """The outcome, or None when API Gateway's integration timeout came first (the function runs on)."""
        return await outcome_within(self.invoke(route, event, connection_id), self.limits.integration_timeout, self._tasks)

    async def worker_call(self, call: dict[str, Any]) -> dict[str, Any]:
        """A handler environment's @connections call, arriving over its pipe instead of HTTP."""
        return await management.handle_call(self, call)

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        if request.headers.get("Upgrade", "").lower() != "websocket":
            if self.plain_http is not None:  # the HTTP API's, when it has routes: a plain GET of /<stage> may be one
                return await self.plain_http(request)
            return web.json_response({"message": "Forbidden"}, status=403)
        now = int(time.time() * 1000)
        info = events.ConnectionInfo(
            connection_id=ids.connection_id(),
            connected_at_ms=now,
            source_ip=request.remote or "127.0.0.1",
            user_agent=request.headers.get("User-Agent", ""),
            headers={k: request.headers.getall(k) for k in request.headers},
            query={k: request.query.getall(k) for k in request.query},
        )
        if not self.throttle.allow("$connect"):
            return web.json_response({"message": "Too Many Requests"}, status=429)
        subprotocol: str | None = None
        if "$connect" in self.routes:
            connect = events.connect_event(self.api, info, ids.request_id(), now)
            outcome = await self.invoke_within("$connect", connect, info.connection_id)
            status = 504 if outcome is None else connect_status(outcome)
            if not 200 <= status < 300:
                return web.Response(status=status)
            subprotocol = chosen_subprotocol(outcome)
        ws = LimitedWebSocketResponse(
            # Only what $connect returned: a client that offered subprotocols fails the handshake otherwise, as on AWS.
            protocols=(subprotocol,) if subprotocol else (),
            max_msg_size=self.limits.max_message_bytes,
            max_frame_bytes=self.limits.max_frame_bytes,
            autoping=True,
            timeout=3.0,
            compress=False,  # API Gateway negotiates no permessage-deflate; sizes are what was sent
        )
        await ws.prepare(request)
        current = asyncio.current_task()
        if current is not None:
            self._sockets.add(current)
            current.add_done_callback(self._sockets.discard)
        conn = Connection(info, ws)
        self.connections[info.connection_id] = conn
        self.live.opened(info.connection_id)
        self.metrics.opened(info.connection_id)
        queue: asyncio.Queue[tuple[str | bytes, str | None] | None] = asyncio.Queue(self.limits.max_queued_messages)
        handling = asyncio.ensure_future(self._handle_queue(conn, queue))
        try:
            while True:
                try:
                    msg = await ws.receive()
                except ConnectionResetError:  # aiohttp's automatic pong to a client gone mid-ping: it is closed
                    break
                if msg.type == WSMsgType.TEXT:
                    conn.touch()
                    await self._arrived(conn, queue, msg.data)
                    # Frames already buffered are read without yielding: let the other sockets' turn come.
                    await asyncio.sleep(0)
                elif msg.type == WSMsgType.BINARY:
                    await conn.close(WSCloseCode.UNSUPPORTED_DATA, "Unsupported data: binary frames", b"Binary frames are not supported")
                    break
                elif msg.type == WSMsgType.CLOSE:
                    if conn.close_code is None:  # the client's own close frame: its code and reason, as sent
                        conn.close_code = int(msg.data) or _NO_STATUS
                        conn.close_reason = msg.extra or ("" if msg.data else "Client-side close frame status not set")
                    break
                elif msg.type in (WSMsgType.CLOSING, WSMsgType.CLOSED, WSMsgType.ERROR):
                    break
        finally:
            self.live.gone(info.connection_id)  # closed from here on: posts to it are 410 (GoneException)
            await queue.put(None)  # what arrived before the close is still handled, as on AWS
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(asyncio.shield(handling), 60)
            await self._closed(conn)
        return ws

    async def _arrived(self, conn: Connection, queue: asyncio.Queue[tuple[str | bytes, str | None] | None], data: str | bytes) -> None:
        route = select_route(self.route_path, data if isinstance(data, str) else None, self.routes)
        if route is not None and not self.throttle.allow(route):
            # Awaited here: a sender that does not read its replies stops being read itself.
            await self._reply(conn, {"message": "Limit Exceeded", "connectionId": conn.info.connection_id, "requestId": ids.request_id()})
            return
        await queue.put((data, route))  # a full queue holds this socket's reading: TCP pushes back on the sender

    async def _handle_queue(self, conn: Connection, queue: asyncio.Queue[tuple[str | bytes, str | None] | None]) -> None:
        while (item := await queue.get()) is not None:
            try:
                await self._message(conn, *item)
            except Exception:  # noqa: BLE001 - one message's failure must not stop the connection's queue
                continue

    async def _message(self, conn: Connection, data: str | bytes, route: str | None) -> None:
        size = len(data.encode() if isinstance(data, str) else data)
        self.metrics.message_in(size)
        request_id = ids.request_id()
        if route is None:
            await self._reply(conn, {"message": "Forbidden", "connectionId": conn.info.connection_id, "requestId": request_id})
            return
        event = events.message_event(self.api, conn.info, route, data, request_id, int(time.time() * 1000))
        outcome = await self.invoke_within(route, event, conn.info.connection_id)
        if outcome is None:
            timed_out = {"message": "Endpoint request timed out", "connectionId": conn.info.connection_id, "requestId": request_id}
            await self._reply(conn, timed_out)
            return
        if not outcome.ok:
            await self._reply(conn, {"message": "Internal server error", "connectionId": conn.info.connection_id, "requestId": request_id})
            return
        function = self.config.functions[self.routes[route]]
        body = outcome.result.get("body") if isinstance(outcome.result, dict) else None
        if function.route_response and body is not None:
            await self._send_live(conn, body if isinstance(body, str) else json.dumps(body))

    async def _reply(self, conn: Connection, payload: dict[str, Any]) -> None:
        await self._send_live(conn, json.dumps(payload))

    async def _send_live(self, conn: Connection, data: str | bytes) -> None:
        if not conn.ws.closed:
            with contextlib.suppress(ConnectionResetError, RuntimeError):
                await self.send(conn, data)

    async def send(self, conn: Connection, data: str | bytes) -> None:
        """Text as a text frame; bytes as text when they are UTF-8, else as a binary frame."""
        self.metrics.message_out(management.utf8_length(data))
        conn.touch()
        if isinstance(data, str):
            await conn.ws.send_str(data)
            return
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            await conn.ws.send_bytes(data)
            return
        await conn.ws.send_str(text)

    async def _closed(self, conn: Connection) -> None:
        self.connections.pop(conn.info.connection_id, None)
        self.metrics.closed(conn.info.connection_id)
        if "$disconnect" not in self.routes:
            return
        code = conn.close_code or conn.ws.close_code or WSCloseCode.ABNORMAL_CLOSURE
        reason = conn.close_reason if conn.close_code is not None else _reason(code)
        event = events.disconnect_event(self.api, conn.info, int(code), reason, ids.request_id(), int(time.time() * 1000))
        await self.invoke("$disconnect", event, conn.info.connection_id)

    async def _sweep(self) -> None:
        """Close idle and over-age connections like API Gateway (1001 Going away)."""
        while not self._shutting_down:
            await asyncio.sleep(min(1.0, self.limits.idle_timeout / 4, self.limits.max_connection_age / 4))
            now = time.monotonic()
            for conn in list(self.connections.values()):
                if now - conn.last_active > self.limits.idle_timeout:
                    reason = "Going away: idle timeout"
                elif now - conn.opened > self.limits.max_connection_age:
                    reason = "Going away: maximum connection duration"
                else:
                    continue
                self._spawn(conn.close(WSCloseCode.GOING_AWAY, reason, b"Going away"))

    async def shutdown(self) -> None:
        """Close every client with 1001 and wait for their $disconnect handlers."""
        self._shutting_down = True
        if self._sweeper is not None:
            self._sweeper.cancel()
        for conn in list(self.connections.values()):
            with contextlib.suppress(Exception):
                await asyncio.wait_for(conn.close(WSCloseCode.GOING_AWAY, "Going away: server shutdown", b"Server shutdown"), 5)
        if self._sockets:
            await asyncio.wait(list(self._sockets), timeout=15)
        pending = [t for t in self._tasks if not t.done()]
        if pending:
            await asyncio.wait(pending, timeout=10)
        for task in list(self._tasks):
            task.cancel()


_NO_STATUS = 1005  # RFC 6455: the close frame carried no status code


def _reason(code: int) -> str:
    return {1000: "Normal closure", 1001: "Going away", 1006: "Abnormal closure", 1009: "Message too big"}.get(code, "")

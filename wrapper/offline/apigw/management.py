"""The @connections management API, with AWS's status codes, reachable two ways.

- over HTTP on the gateway's own port: ``POST``/``GET``/``DELETE /<stage>/@connections/{id}``,
  for any client (boto3 anywhere, curl, other SDKs);
- over the handler environment's own pipe, for boto3 inside a handler (see
  ``worker_channel.py``), which skips the HTTP stack and botocore's signing: at
  hundreds of posts a second on two cores that overhead, not the work, was the limit.

Both give 200/200/204 for a live connection, 410 with ``x-amzn-ErrorType: GoneException``
for any other id (so boto3 raises ``GoneException``), 413 for a payload over 128 KB.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import unquote

from aiohttp import WSCloseCode, web

from wrapper.offline.apigw.connections import Connection, Registry
from wrapper.offline.apigw.events import iso_time
from wrapper.offline.apigw.limits import Limits
from wrapper.offline.metrics import Metrics


class Gateway(Protocol):
    """What the management API needs of the gateway that owns the connections (no import back)."""

    @property
    def stage(self) -> str: ...
    @property
    def limits(self) -> Limits: ...
    @property
    def metrics(self) -> Metrics: ...
    @property
    def connections(self) -> Registry: ...
    async def send(self, conn: Connection, data: str | bytes) -> None: ...


_OPERATIONS = {"POST": "post", "GET": "get", "DELETE": "delete"}


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def utf8_length(data: bytes | str) -> int:
    """The size API Gateway counts: bytes, as UTF-8 for text."""
    if isinstance(data, bytes):
        return len(data)
    return len(data) if data.isascii() else len(data.encode())


def _error(status: int, error_type: str, message: str | None) -> Reply:
    body = json.dumps({"message": message}).encode()
    return Reply(status, body, {"Content-Type": "application/json", "x-amzn-ErrorType": error_type})


GONE = _error(410, "GoneException", None)
TOO_LARGE = _error(413, "PayloadTooLargeException", "Message too long")


async def handle(gateway: Gateway, method: str, connection_id: str, data: bytes | str) -> Reply:
    """One management API request, however it arrived (``data`` as text when it came as text)."""
    operation = _OPERATIONS.get(method)
    if operation is None:
        return _error(405, "MethodNotAllowedException", f"{method} is not supported on @connections")
    gateway.metrics.management_calls[operation] += 1
    if operation == "post" and utf8_length(data) > gateway.limits.max_message_bytes:
        return TOO_LARGE
    conn = gateway.connections.get(connection_id)
    if conn is None or conn.ws.closed:
        return GONE
    if operation == "post":
        try:
            await gateway.send(conn, data)
        except ConnectionResetError:  # closing under us (aiohttp's reset error is one): gone, as AWS would say
            return GONE
        return Reply(200)
    if operation == "delete":
        await conn.close(WSCloseCode.OK, "Connection deleted by the management API")
        return Reply(204)
    body = {
        "connectedAt": iso_time(conn.info.connected_at_ms),
        "identity": {"sourceIp": conn.info.source_ip, "userAgent": conn.info.user_agent},
        "lastActiveAt": iso_time(conn.last_active_ms),
    }
    return Reply(200, json.dumps(body).encode(), {"Content-Type": "application/json"})


def pipe_answers(limits: Limits) -> dict[str, Any]:
    """What a handler environment answers a POST with itself (``live.py``): the same replies as ``handle``."""
    return {
        "ok": _as_call_answer(Reply(200)),
        "gone": _as_call_answer(GONE),
        "too_large": _as_call_answer(TOO_LARGE),
        "max_bytes": limits.max_message_bytes,
    }


def _as_call_answer(reply: Reply) -> dict[str, Any]:
    return {"status": reply.status, "headers": reply.headers, "text": reply.body.decode()}


async def handle_call(gateway: Gateway, call: dict[str, Any]) -> dict[str, Any]:
    """A management request from a handler environment's pipe (``worker_channel.py`` wrote it)."""
    if "post" in call:
        return await _one_way_post(gateway, call["post"], call)
    data = base64.b64decode(call["b64"]) if "b64" in call else call.get("text", "").encode()
    reply = await handle(gateway, call["method"], unquote(call["connection"]), data)
    return _as_call_answer(reply)


async def _one_way_post(gateway: Gateway, connection_id: str, body: dict[str, str]) -> dict[str, Any]:
    """A POST the environment already answered 200 from its mirror, handled as any other.

    Text goes to the socket as it came (no round trip through bytes). A connection that closed
    while the post was on the pipe gets nothing: on AWS too a post accepted just before the client
    left is not delivered.
    """
    data = body["text"] if "text" in body else base64.b64decode(body["b64"])
    return _as_call_answer(await handle(gateway, "POST", connection_id, data))


def routes(gateway: Gateway) -> list[web.RouteDef]:
    async def over_http(request: web.Request) -> web.Response:
        reply = await handle(gateway, request.method, request.match_info["connection_id"], await request.read())
        return web.Response(status=reply.status, body=reply.body or None, headers=reply.headers)

    return [web.route(method, f"/{gateway.stage}/@connections/{{connection_id}}", over_http) for method in _OPERATIONS]

"""The @connections management API, on the gateway's own port, with AWS's status codes.

``POST``/``GET``/``DELETE /<stage>/@connections/{id}``: 200/200/204 for a live
connection, 410 with ``x-amzn-ErrorType: GoneException`` for any other id (so
boto3 raises ``GoneException``), 413 for a payload over 128 KB.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from aiohttp import WSCloseCode, web

from wrapper.offline.events import iso_time

if TYPE_CHECKING:
    from wrapper.offline.gateway import Gateway


def _error(status: int, error_type: str, message: str | None) -> web.Response:
    return web.Response(
        status=status,
        body=json.dumps({"message": message}).encode(),
        content_type="application/json",
        headers={"x-amzn-ErrorType": error_type},
    )


def routes(gateway: Gateway) -> list[web.RouteDef]:
    prefix = f"/{gateway.stage}/@connections/{{connection_id}}"

    async def post(request: web.Request) -> web.Response:
        gateway.metrics.management_calls["post"] += 1
        data = await request.read()
        if len(data) > gateway.limits.max_message_bytes:
            return _error(413, "PayloadTooLargeException", "Message too long")
        conn = gateway.connections.get(request.match_info["connection_id"])
        if conn is None or conn.ws.closed:
            return _error(410, "GoneException", None)
        await gateway.send(conn, data)
        return web.Response(status=200)

    async def get(request: web.Request) -> web.Response:
        gateway.metrics.management_calls["get"] += 1
        conn = gateway.connections.get(request.match_info["connection_id"])
        if conn is None or conn.ws.closed:
            return _error(410, "GoneException", None)
        body = {
            "connectedAt": iso_time(conn.info.connected_at_ms),
            "identity": {"sourceIp": conn.info.source_ip, "userAgent": conn.info.user_agent},
            "lastActiveAt": iso_time(conn.last_active_ms),
        }
        return web.json_response(body)

    async def delete(request: web.Request) -> web.Response:
        gateway.metrics.management_calls["delete"] += 1
        conn = gateway.connections.get(request.match_info["connection_id"])
        if conn is None or conn.ws.closed:
            return _error(410, "GoneException", None)
        await conn.close(WSCloseCode.OK, "Connection deleted by the management API")
        return web.Response(status=204)

    return [web.post(prefix, post), web.get(prefix, get), web.delete(prefix, delete)]

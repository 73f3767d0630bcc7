"""Forward the handlers' DynamoDB and Secrets Manager calls to the embedded services, metering them.

Handlers reach ``/__aws/<service>/`` on the gateway (their ``AWS_ENDPOINT_URL_*``
variables point there); each call is passed on unchanged and counted in request
units, which is how ``wrapper cost`` knows what DynamoDB would bill.
"""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING

import aiohttp
from aiohttp import web

from wrapper.offline.capacity import request_units

if TYPE_CHECKING:
    from wrapper.offline.gateway import Gateway

_HOP_HEADERS = {"host", "content-length", "transfer-encoding", "connection"}


def routes(gateway: Gateway) -> list[web.RouteDef]:
    # moto applies a conditional write in several steps without a lock; DynamoDB applies it
    # atomically. One request at a time restores that guarantee (ticks and rate limits rely on it).
    serial = asyncio.Lock()

    async def forward(request: web.Request) -> web.Response:
        service = request.match_info["service"]
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_HEADERS}
        assert gateway.http is not None
        url = gateway.aws_endpoint + (request.match_info["tail"] or "/")
        async with serial, gateway.http.request(request.method, url, data=body, headers=headers) as upstream:
            payload = await upstream.read()
            out_headers = {k: v for k, v in upstream.headers.items() if k.lower() not in _HOP_HEADERS}
            status = upstream.status
        target = request.headers.get("X-Amz-Target", "")
        if service == "dynamodb" and target and status == 200:
            operation = target.rsplit(".", 1)[-1]
            try:
                reads, writes = request_units(operation, json.loads(body or b"{}"), json.loads(payload or b"{}"))
            except (ValueError, KeyError, TypeError, AttributeError):
                reads, writes = 0.0, 0.0
            gateway.metrics.dynamodb(operation, reads, writes)
        return web.Response(status=status, body=payload, headers=out_headers)

    return [web.route("*", "/__aws/{service:[a-z]+}{tail:(/.*)?}", forward)]


def new_session() -> aiohttp.ClientSession:
    # moto's server may drop an idle keep-alive connection just as it is reused, which would fail a
    # request that cannot safely be retried (an UpdateItem with ADD); a fresh connection per call costs
    # a loopback handshake.
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64, force_close=True), auto_decompress=False)

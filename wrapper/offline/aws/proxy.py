"""The handlers' DynamoDB and Secrets Manager endpoints, mounted on the gateway's port, metering DynamoDB.

Handlers reach ``/__aws/<service>/`` on the gateway's port (their ``AWS_ENDPOINT_URL_*``
variables point there; the dev server mounts these routes next to the gateway's). DynamoDB calls are answered by the embedded engine in this
process and counted in request units, which is how ``wrapper cost`` knows what
DynamoDB would bill; Secrets Manager calls are passed on to moto's server unchanged.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import aiohttp
from aiohttp import web

from wrapper.offline.aws import signature
from wrapper.offline.aws.accept_encoding import compressed
from wrapper.offline.aws.content_encoding import Undecodable, decoded
from wrapper.offline.dynamodb import EmbeddedDynamoDB
from wrapper.offline.dynamodb.capacity import failed_write_units, request_units
from wrapper.offline.dynamodb.errors import DynamoError
from wrapper.offline.dynamodb.tags import EMPTY_ANSWERS
from wrapper.offline.metrics import Metrics

_HOP_HEADERS = {"host", "content-length", "transfer-encoding", "connection"}
_JSON_1_0 = "application/x-amz-json-1.0"
_SERIALIZATION = "com.amazon.coral.service#SerializationException"
# DynamoDB's own request limit (a BatchWriteItem of 25 items of 400 KB fits), not the WebSocket
# message limit the application's client_max_size enforces for everything else.
DYNAMODB_REQUEST_BYTES = 16 * 1024 * 1024
DYNAMODB_PATH = "/__aws/dynamodb"
# https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_DescribeEndpoints.html
ENDPOINT_CACHE_MINUTES = 1440


class AwsProxy:
    def __init__(
        self, dynamodb: EmbeddedDynamoDB, metrics: Metrics, aws_endpoint: str, pipe_address: str = "127.0.0.1" + DYNAMODB_PATH
    ) -> None:
        self.dynamodb = dynamodb
        self.metrics = metrics
        self.aws_endpoint = aws_endpoint  # moto's server, for Secrets Manager
        self.pipe_address = pipe_address  # the endpoint handlers' calls on their pipe were addressed to
        self.http: aiohttp.ClientSession | None = None

    def mount(self, app: web.Application) -> None:
        """Add the routes to ``app``, with a client session for forwarding that lives as long as it."""
        app.add_routes(routes(self))
        app.on_startup.append(self._open)
        app.on_cleanup.append(self._close)

    async def _open(self, app: web.Application) -> None:
        self.http = new_session()

    async def _close(self, app: web.Application) -> None:
        if self.http is not None:
            await self.http.close()

    def dynamodb_request(self, operation: str, raw: bytes | None, address: str) -> tuple[int, dict[str, Any]]:
        """One DynamoDB request's status and payload, metered; ``raw`` None when it was over the size limit.

        ``address`` is the endpoint the client reached (host and path, no scheme), which
        DescribeEndpoints names as DynamoDB names its regional endpoint: SDKs that discover
        endpoints then keep calling this one, never AWS.
        """
        if operation == "DescribeEndpoints":
            return 200, {"Endpoints": [{"Address": address, "CachePeriodInMinutes": ENDPOINT_CACHE_MINUTES}]}
        if raw is None:
            return 413, {"__type": "ValidationException", "message": f"Request size exceeded {DYNAMODB_REQUEST_BYTES} bytes"}
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return 400, {"__type": _SERIALIZATION}  # DynamoDB says no more than that
        if not isinstance(body, dict):
            return 400, {"__type": _SERIALIZATION, "message": "the body is not a JSON object"}
        status, payload = self.dynamodb.handle(operation, body)
        if status == 200:
            reads, writes = request_units(operation, body, payload)
            self.metrics.dynamodb(operation, reads, writes)
        elif refused := failed_write_units(operation, payload):
            self.metrics.dynamodb(f"{operation} (condition failed)", 0.0, refused)
        return status, payload

    def pipe_call(self, call: dict[str, Any]) -> dict[str, Any]:
        """A handler environment's DynamoDB request from its pipe (``worker_channel.py``), answered as over HTTP."""
        raw = call.get("text", "").encode()
        status, payload = self.dynamodb_request(call["dynamodb"], raw if len(raw) <= DYNAMODB_REQUEST_BYTES else None, self.pipe_address)
        return {"status": status, "headers": {"Content-Type": _JSON_1_0}, "text": answer_text(call["dynamodb"], status, payload)}


def routes(proxy: AwsProxy) -> list[web.RouteDef]:
    async def dynamodb(request: web.Request) -> web.Response:
        operation = request.headers.get("X-Amz-Target", "").rsplit(".", 1)[-1]
        status, payload = _dynamodb_answer(proxy, request, operation, await _read_at_most(request, DYNAMODB_REQUEST_BYTES))
        body, coding = compressed(answer_text(operation, status, payload).encode(), request.headers.get("Accept-Encoding"))
        headers = {"Content-Type": _JSON_1_0, **({"Content-Encoding": coding} if coding else {})}
        return web.Response(status=status, body=body, headers=headers)

    async def health(request: web.Request) -> web.Response:
        # What DynamoDB's regional endpoint answers to a GET of its root, naming itself (load balancers' health check).
        return web.Response(text=f"healthy: {request.host}{request.path.rstrip('/')}")

    async def forward(request: web.Request) -> web.Response:
        if request.match_info["service"] == "dynamodb":
            raise web.HTTPNotFound()  # moto's DynamoDB holds other tables: no path may reach it
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP_HEADERS}
        assert proxy.http is not None
        url = proxy.aws_endpoint + (request.match_info["tail"] or "/")
        async with proxy.http.request(request.method, url, data=body, headers=headers) as upstream:
            payload = await upstream.read()
            out_headers = {k: v for k, v in upstream.headers.items() if k.lower() not in _HOP_HEADERS}
            return web.Response(status=upstream.status, body=payload, headers=out_headers)

    return [
        web.post(DYNAMODB_PATH + "{tail:/?}", dynamodb),
        web.get(DYNAMODB_PATH + "{tail:/?}", health),
        web.route("*", "/__aws/{service:[a-z]+}{tail:(/.*)?}", forward),
    ]


def _dynamodb_answer(proxy: AwsProxy, request: web.Request, operation: str, raw: bytes | None) -> tuple[int, dict[str, Any]]:
    """What DynamoDB answers to a request over HTTP: its signature checked first, then its body decoded, then the operation."""
    if refused := signature.refusal(request.headers, request.query, datetime.now(UTC)):
        return 400, refused
    try:
        body = None if raw is None else decoded(raw, request.headers.get("Content-Encoding"), DYNAMODB_REQUEST_BYTES)
    except Undecodable as exc:
        return 500, DynamoError("InternalServerError", f"wrapper dev could not decode the request: {exc}").body()
    return proxy.dynamodb_request(operation, body, request.host + request.path.rstrip("/"))


def answer_text(operation: str, status: int, payload: dict[str, Any]) -> str:
    """The body DynamoDB sends: the JSON payload (its Content-Type exactly application/x-amz-json-1.0, without the
    "; charset=utf-8" aiohttp's json_response adds), or nothing at all for a tag change."""
    return "" if status == 200 and operation in EMPTY_ANSWERS else json.dumps(payload)


async def _read_at_most(request: web.Request, limit: int) -> bytes | None:
    """The body, or None past ``limit`` bytes (read in chunks: ``request.read()`` applies client_max_size)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := await request.content.read(64 * 1024):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def new_session() -> aiohttp.ClientSession:
    # moto's server may drop an idle keep-alive connection just as it is reused; a fresh
    # connection per call costs a loopback handshake, and secrets are read once per environment.
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=64, force_close=True), auto_decompress=False)

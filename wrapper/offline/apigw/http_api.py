"""API Gateway's HTTP API (payload format 2.0) on `wrapper dev`'s aiohttp server, beside the WebSocket API.

A request is routed (``http_router``), throttled per route with the [http] limits, authorised
by the route's authorizer if one is plugged in (``authorizer``: the one place where JWT claims
enter ``requestContext.authorizer``), turned into the 2.0 event (``http_events``), handed to the
function's Lambda workers, and the result mapped back (``http_responses``). CORS is the
gateway's (``http_cors``): preflights never reach a function. The paths `wrapper dev` itself
uses on this port (``/<stage>`` for the WebSocket upgrade, ``/<stage>/@connections``,
``/__aws/``) are matched before the HTTP API, so routes there are shadowed offline.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from wrapper.offline.apigw import ids
from wrapper.offline.apigw.http_cors import Cors
from wrapper.offline.apigw.http_events import HttpContext, HttpRequest, http_event
from wrapper.offline.apigw.http_responses import (
    INTERNAL_ERROR,
    NOT_FOUND,
    TIMED_OUT,
    TOO_LARGE,
    TOO_MANY,
    GatewayResponse,
    lambda_response,
)
from wrapper.offline.apigw.http_router import HttpRouter, RouteMatch
from wrapper.offline.apigw.integration import outcome_within
from wrapper.offline.apigw.limits import Limits
from wrapper.offline.apigw.throttle import Throttle
from wrapper.offline.lambda_runtime.invoker import FunctionPool, Outcome
from wrapper.offline.metrics import Metrics

# The route's authorizer: the value of requestContext.authorizer (e.g. {"jwt": {"claims": ..., "scopes": ...}}),
# None when the route has no authorizer, or the gateway's refusal (401/403) that ends the request.
HttpAuthorizer = Callable[[web.Request, RouteMatch], Awaitable[dict[str, Any] | GatewayResponse | None]]
# (route key, function, request id, outcome): one handler call, for the dev log and the error list.
OnInvocation = Callable[[str, str, str, Outcome], None]


class HttpApi:
    def __init__(
        self,
        routes: dict[str, str],
        pools: dict[str, FunctionPool],
        *,
        api_id: str,
        domain_name: str,
        cors: Cors,
        throttle: Throttle,
        limits: Limits,
        metrics: Metrics,
        on_invocation: OnInvocation,
        authorizer: HttpAuthorizer | None = None,
    ) -> None:
        self.router = HttpRouter(routes)
        self.pools = pools
        self.api_id = api_id
        self.domain_name = domain_name
        self.cors = cors
        self.throttle = throttle
        self.limits = limits
        self.metrics = metrics
        self.on_invocation = on_invocation
        self.authorizer = authorizer
        self._running: set[asyncio.Task[Any]] = set()

    def mount(self, app: web.Application) -> None:
        """Last of the app's routes: everything the WebSocket API and the handlers' endpoints leave."""
        app.router.add_route("*", "/{tail:.*}", self.handle)

    async def handle(self, request: web.Request) -> web.StreamResponse:
        request_id = ids.request_id()
        origin = request.headers.get("Origin")
        body = await _read_body(request, self.limits.http_max_body_bytes)
        self.metrics.http_request(len(body or b"") + sum(len(k) + len(v) for k, v in request.headers.items()))
        if body is None:
            return _send(TOO_LARGE, request_id, self.cors, origin)
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            headers = self.cors.preflight_headers(origin, request.headers.get("Access-Control-Request-Method"))
            return _send(GatewayResponse(204, headers), request_id)
        raw_path = request.raw_path.split("?", 1)[0]
        match = self.router.match(request.method, raw_path)
        if match is None:
            return _send(NOT_FOUND, request_id, self.cors, origin)
        if not self.throttle.allow(match.route.key):
            return _send(TOO_MANY, request_id, self.cors, origin)
        authorizer = await self.authorizer(request, match) if self.authorizer is not None else None
        if isinstance(authorizer, GatewayResponse):
            return _send(authorizer, request_id, self.cors, origin)
        now_ms = int(time.time() * 1000)
        event = http_event(
            _request(request, raw_path, body),
            HttpContext(self.api_id, self.domain_name, match.route.key, request_id, now_ms, match.path_parameters, authorizer),
        )
        outcome = await outcome_within(self._invoke(match, event, request_id), self.limits.http_integration_timeout, self._running)
        if outcome is None:
            response = TIMED_OUT
        elif not outcome.ok:
            response = INTERNAL_ERROR
        else:
            response = lambda_response(outcome.result)
        return _send(response, request_id, self.cors, origin)

    async def _invoke(self, match: RouteMatch, event: dict[str, Any], request_id: str) -> Outcome:
        outcome = await self.pools[match.function].invoke(event, str(uuid.uuid4()))
        self.metrics.invocation(match.function, outcome.duration_ms, ok=outcome.ok, timed_out=outcome.timed_out, cold=outcome.cold)
        self.on_invocation(match.route.key, match.function, request_id, outcome)
        return outcome

    async def shutdown(self) -> None:
        if self._running:
            await asyncio.wait(list(self._running), timeout=10)


async def _read_body(request: web.Request, limit: int) -> bytes | None:
    """The body, or None past ``limit`` (read from the stream: the app's own size cap is the WebSocket API's)."""
    chunks: list[bytes] = []
    size = 0
    while chunk := await request.content.read(65536):
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


def _request(request: web.Request, raw_path: str, body: bytes) -> HttpRequest:
    port = request.url.port or (443 if request.secure else 80)
    return HttpRequest(
        method=request.method,
        raw_path=raw_path,
        raw_query=request.rel_url.raw_query_string,
        headers=list(request.headers.items()),
        body=body,
        source_ip=request.remote or "127.0.0.1",
        protocol=f"HTTP/{request.version.major}.{request.version.minor}",
        scheme="https" if request.secure else "http",
        port=port,
    )


def _send(response: GatewayResponse, request_id: str, cors: Cors | None = None, origin: str | None = None) -> web.Response:
    headers = cors.response_headers(origin, response.headers) if cors is not None else list(response.headers)
    out = web.Response(status=response.status, body=response.body)
    for name, value in headers:
        out.headers.add(name, value)
    out.headers["apigw-requestid"] = request_id
    return out

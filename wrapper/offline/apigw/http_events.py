"""The event API Gateway's HTTP API hands a Lambda proxy integration, payload format version 2.0.

Field by field as AWS documents it
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html):
header names lower-cased and repeated headers comma-joined; the ``cookie`` header moved to
``cookies``; repeated query parameters comma-joined; ``queryStringParameters``,
``pathParameters``, ``cookies`` and ``body`` left out when empty; a body whose content type is
not text travels base64-encoded. ``domainName`` carries the port, as the WebSocket events' does.
"""

from __future__ import annotations

import base64
import secrets
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

ACCOUNT_ID = "123456789012"  # the embedded AWS's account (moto's), which the handlers' ARNs carry too
STAGE = "$default"
_TEXT_TYPES = ("application/json", "application/javascript", "application/xml", "application/yaml", "application/graphql")


@dataclass(frozen=True)
class HttpRequest:
    """What arrived, as the gateway saw it (headers in arrival order, names as sent)."""

    method: str
    raw_path: str
    raw_query: str
    headers: list[tuple[str, str]]
    body: bytes
    source_ip: str
    protocol: str = "HTTP/1.1"
    scheme: str = "http"
    port: int = 80


@dataclass(frozen=True)
class HttpContext:
    """What the gateway adds: which API, which route, the ids and the time."""

    api_id: str
    domain_name: str
    route_key: str
    request_id: str
    now_ms: int
    path_parameters: dict[str, str] = field(default_factory=dict)
    authorizer: dict[str, Any] | None = None  # e.g. {"jwt": {"claims": {...}, "scopes": None}}, from the route's authorizer


def is_text(content_type: str | None) -> bool:
    if not content_type:
        return False
    kind = content_type.split(";", 1)[0].strip().lower()
    return kind.startswith("text/") or kind in _TEXT_TYPES or kind.endswith(("+json", "+xml"))


def _joined(pairs: list[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in pairs:
        out[name] = f"{out[name]},{value}" if name in out else value
    return out


def trace_id(now_ms: int) -> str:
    return f"Root=1-{now_ms // 1000:08x}-{secrets.token_hex(12)}"


def request_time(now_ms: int) -> str:
    return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now_ms / 1000))


def http_event(request: HttpRequest, context: HttpContext) -> dict[str, Any]:
    lowered = [(name.lower(), value) for name, value in request.headers]
    cookies = [c.strip() for name, value in lowered if name == "cookie" for c in value.split(";") if c.strip()]
    headers = _joined([(n, v) for n, v in lowered if n != "cookie"])
    headers.setdefault("x-forwarded-for", request.source_ip)
    headers.setdefault("x-forwarded-port", str(request.port))
    headers.setdefault("x-forwarded-proto", request.scheme)
    headers.setdefault("x-amzn-trace-id", trace_id(context.now_ms))
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": context.route_key,
        "rawPath": request.raw_path,
        "rawQueryString": request.raw_query,
    }
    if cookies:
        event["cookies"] = cookies
    event["headers"] = headers
    query = parse_qsl(request.raw_query, keep_blank_values=True)
    if query:
        event["queryStringParameters"] = _joined(query)
    request_context: dict[str, Any] = {
        "accountId": ACCOUNT_ID,
        "apiId": context.api_id,
        "domainName": context.domain_name,
        "domainPrefix": context.domain_name.split(".", 1)[0].split(":", 1)[0],
        "http": {
            "method": request.method,
            "path": request.raw_path,
            "protocol": request.protocol,
            "sourceIp": request.source_ip,
            "userAgent": headers.get("user-agent", ""),
        },
        "requestId": context.request_id,
        "routeKey": context.route_key,
        "stage": STAGE,
        "time": request_time(context.now_ms),
        "timeEpoch": context.now_ms,
    }
    if context.authorizer is not None:
        request_context["authorizer"] = context.authorizer
    event["requestContext"] = request_context
    # A compressed body is bytes whatever its type says: the function gets it as sent (the server
    # does not inflate it, see offline/aws/content_encoding.RAW_BODIES), base64-encoded, never mangled.
    encoded = headers.get("content-encoding", "").strip().lower() not in ("", "identity")
    binary = bool(request.body) and (encoded or not is_text(headers.get("content-type")))
    if request.body:
        event["body"] = base64.b64encode(request.body).decode() if binary else request.body.decode("utf-8", "replace")
    if context.path_parameters:
        event["pathParameters"] = dict(context.path_parameters)
    event["isBase64Encoded"] = binary
    return event

"""The events API Gateway hands a WebSocket Lambda integration, one builder per event type.

Shapes follow AWS's documentation of the Lambda proxy integration for WebSocket
APIs; ``domainName`` carries the port so that a handler building its management
endpoint from the event reaches this server.
"""

from __future__ import annotations

import base64
import time
from dataclasses import dataclass, field
from typing import Any

from wrapper.offline.apigw import ids


@dataclass(frozen=True)
class ConnectionInfo:
    connection_id: str
    connected_at_ms: int
    source_ip: str
    user_agent: str
    headers: dict[str, list[str]] = field(default_factory=dict)
    query: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class ApiInfo:
    api_id: str
    stage: str
    domain_name: str


def _request_time(now_ms: int) -> str:
    # API Gateway's CLF-style time: 23/Nov/2026:22:47:00 +0000
    return time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now_ms / 1000))


def _context(api: ApiInfo, conn: ConnectionInfo, route: str, event_type: str, request_id: str, now_ms: int) -> dict[str, Any]:
    return {
        "routeKey": route,
        "eventType": event_type,
        "extendedRequestId": request_id,
        "requestTime": _request_time(now_ms),
        "messageDirection": "IN",
        "stage": api.stage,
        "connectedAt": conn.connected_at_ms,
        "requestTimeEpoch": now_ms,
        "identity": {"sourceIp": conn.source_ip, "userAgent": conn.user_agent},
        "requestId": request_id,
        "domainName": api.domain_name,
        "connectionId": conn.connection_id,
        "apiId": api.api_id,
    }


def _single(multi: dict[str, list[str]]) -> dict[str, str]:
    return {k: v[-1] for k, v in multi.items()}


def connect_event(api: ApiInfo, conn: ConnectionInfo, request_id: str, now_ms: int) -> dict[str, Any]:
    event: dict[str, Any] = {
        "headers": _single(conn.headers),
        "multiValueHeaders": conn.headers,
        "requestContext": _context(api, conn, "$connect", "CONNECT", request_id, now_ms),
        "isBase64Encoded": False,
    }
    if conn.query:  # API Gateway leaves these out entirely when the URL has no query
        event["queryStringParameters"] = _single(conn.query)
        event["multiValueQueryStringParameters"] = conn.query
    return event


def message_event(api: ApiInfo, conn: ConnectionInfo, route: str, data: str | bytes, request_id: str, now_ms: int) -> dict[str, Any]:
    context = _context(api, conn, route, "MESSAGE", request_id, now_ms)
    context["messageId"] = ids.request_id()
    binary = isinstance(data, bytes)
    body = base64.b64encode(data).decode() if isinstance(data, bytes) else data
    return {"requestContext": context, "body": body, "isBase64Encoded": binary}


def disconnect_event(api: ApiInfo, conn: ConnectionInfo, status: int, reason: str, request_id: str, now_ms: int) -> dict[str, Any]:
    context = _context(api, conn, "$disconnect", "DISCONNECT", request_id, now_ms)
    context["disconnectStatusCode"] = status
    context["disconnectReason"] = reason
    # API Gateway's own headers, not the handshake's: $connect alone sees what the client sent.
    headers = {"Host": api.domain_name, "x-api-key": "", "X-Forwarded-For": "", "x-restapi": ""}
    return {
        "headers": headers,
        "multiValueHeaders": {name: [value] for name, value in headers.items()},
        "requestContext": context,
        "isBase64Encoded": False,
    }


def iso_time(epoch_ms: int) -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch_ms / 1000)) + f".{epoch_ms % 1000:03d}Z"

"""Crafted API Gateway events for invoking one handler directly, built as ``wrapper dev`` builds them.

The shapes come from ``wrapper.offline.apigw.events`` (API Gateway's documented WebSocket
proxy events), so a handler sees in a unit test exactly what it sees behind the gateway.
"""

from __future__ import annotations

import json
import time
from typing import Any

from wrapper import aws
from wrapper.offline.apigw import events as gateway_events
from wrapper.offline.apigw import ids


def _api(stage: str, domain_name: str) -> gateway_events.ApiInfo:
    return gateway_events.ApiInfo(api_id="offline", stage=stage, domain_name=domain_name)


def _connection(connection_id: str | None, query: dict[str, str] | None, headers: dict[str, str] | None) -> gateway_events.ConnectionInfo:
    return gateway_events.ConnectionInfo(
        connection_id=connection_id or ids.connection_id(),
        connected_at_ms=int(time.time() * 1000),
        source_ip="127.0.0.1",
        user_agent="wrapper-testing",
        headers={k: [v] for k, v in (headers or {}).items()},
        query={k: [v] for k, v in (query or {}).items()},
    )


def connect_event(
    *,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    connection_id: str | None = None,
    stage: str = "dev",
    domain_name: str = "127.0.0.1",
) -> dict[str, Any]:
    """The ``$connect`` event of a client opening ``wss://.../<stage>?<query>``."""
    conn = _connection(connection_id, query, headers)
    return gateway_events.connect_event(_api(stage, domain_name), conn, ids.request_id(), int(time.time() * 1000))


def message_event(
    body: dict[str, Any] | str,
    *,
    route: str | None = None,
    connection_id: str | None = None,
    stage: str = "dev",
    domain_name: str = "127.0.0.1",
) -> dict[str, Any]:
    """A message event; ``route`` defaults to the body's ``action`` (API Gateway's usual selection expression)."""
    text = body if isinstance(body, str) else json.dumps(body)
    chosen = route or (body.get("action") if isinstance(body, dict) else None) or "$default"
    conn = _connection(connection_id, None, None)
    return gateway_events.message_event(_api(stage, domain_name), conn, str(chosen), text, ids.request_id(), int(time.time() * 1000))


def disconnect_event(
    *, connection_id: str | None = None, status: int = 1000, reason: str = "", stage: str = "dev", domain_name: str = "127.0.0.1"
) -> dict[str, Any]:
    """The ``$disconnect`` event after a client closed with ``status``."""
    conn = _connection(connection_id, None, None)
    return gateway_events.disconnect_event(_api(stage, domain_name), conn, status, reason, ids.request_id(), int(time.time() * 1000))


def table_resource(endpoint: str, region: str, table_name: str) -> Any:
    """A boto3 ``Table`` on the offline DynamoDB endpoint (the one the handlers use)."""
    return aws.resource("dynamodb", region, endpoint_url=endpoint, credentials=aws.OFFLINE_CREDENTIALS).Table(table_name)

"""Sending to connections through API Gateway's management API, and pruning the gone ones.

The endpoint comes from the platform: the SDK's standard
``AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI`` variable, which the deployed stack sets to the
API's execute-api endpoint (behind a custom domain mapped at its root,
``https://{domainName}/{stage}`` answers 403) and ``wrapper dev`` to its local gateway;
the event's ``https://{domainName}/{stage}`` is only the fallback.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

# POSTs in flight at once, and HTTPS connections kept for them: a snapshot goes to every player of
# the room, and the next tick waits until all of its POSTs returned (common/rooms.py). With 8 at a
# time, 50 players took 7 POST round trips in a row (at an assumed 15-20 ms each, longer than a
# 100 ms tick); 32 take 2. botocore clients are thread-safe; the pool must hold as many connections.
SEND_THREADS = 32
_clients: dict[str, Any] = {}
_pool = ThreadPoolExecutor(max_workers=SEND_THREADS)


def endpoint(event: dict[str, Any]) -> str:
    ctx = event["requestContext"]
    return os.environ.get("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI") or f"https://{ctx['domainName']}/{ctx['stage']}"


def client(event: dict[str, Any]) -> Any:
    url = endpoint(event)
    if url not in _clients:
        _clients[url] = boto3.client("apigatewaymanagementapi", endpoint_url=url, config=Config(max_pool_connections=SEND_THREADS))
    return _clients[url]


def send(api: Any, connection_id: str, data: str) -> bool:
    """True when delivered, False when the connection is gone (410)."""
    try:
        api.post_to_connection(ConnectionId=connection_id, Data=data.encode())
        return True
    except ClientError as exc:
        if exc.response["Error"]["Code"] == "GoneException":
            return False
        raise


def send_all(api: Any, connection_ids: list[str], data: str) -> list[str]:
    """Send one payload to many connections in parallel; return the ids that are gone."""
    if len(connection_ids) <= 2:
        return [c for c in connection_ids if not send(api, c, data)]
    results = list(_pool.map(lambda c: (c, send(api, c, data)), connection_ids))
    return [c for c, delivered in results if not delivered]

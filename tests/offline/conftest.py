"""A small project whose handlers exercise every gateway behaviour, and a running `wrapper dev` for it.

The handlers here are test fixtures, not the product's multiplayer handlers: each
one does one observable thing (echo, fail, sleep, broadcast through the
management API) so a test can check exactly one emulator behaviour.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests import projects
from wrapper import aws
from wrapper.config import load_config
from wrapper.offline import DevServer, Limits, start_dev_server

PACKAGE_AND_TABLES = """
[package]
shared = ["common"]

[tables.items]
hash_key = "id"
ttl_attribute = "expiresAt"
"""
CONFIG = (
    projects.service_toml("gw")
    + PACKAGE_AND_TABLES
    + projects.CONNECT_TOML
    + """
[functions.disconnect]
handler = "disconnect.handler"
routes = ["$disconnect"]

[functions.echo]
handler = "echo.handler"
routes = ["echo", "boom", "slow", "event", "store", "load", "broadcast", "whoami", "manage"]
route_response = true
timeout = 3

[functions.relay]
handler = "relay.handler"
routes = ["relay", "after"]
timeout = 20

[functions.fallback]
handler = "fallback.handler"
routes = ["$default"]
route_response = true

[dev]
port = 0
frontend_port = 0

[stages.dev]
"""
)

HANDLERS = {
    "common/__init__.py": "",
    "common/mgmt.py": """
        import os
        import boto3

        def client(event):
            ctx = event["requestContext"]
            url = os.environ.get("AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI") or f"https://{ctx['domainName']}/{ctx['stage']}"
            return boto3.client("apigatewaymanagementapi", endpoint_url=url)
    """,
    "connect.py": """
        import os
        import boto3

        def handler(event, context):
            query = event.get("queryStringParameters") or {}
            if query.get("token") == "bad":
                return {"statusCode": 401}
            if query.get("token") == "explode":
                raise RuntimeError("connect failed")
            import json
            table = boto3.resource("dynamodb").Table(os.environ["ITEMS_TABLE"])
            table.put_item(Item={"id": "conn#" + event["requestContext"]["connectionId"], "event": json.dumps(event)})
            return {"statusCode": 200}
    """,
    "disconnect.py": """
        import os
        import boto3

        def handler(event, context):
            ctx = event["requestContext"]
            table = boto3.resource("dynamodb").Table(os.environ["ITEMS_TABLE"])
            table.put_item(Item={"id": "gone#" + ctx["connectionId"], "code": ctx.get("disconnectStatusCode", 0), "reason": ctx.get("disconnectReason", "")})
            return {"statusCode": 200}
    """,
    "echo.py": """
        import json
        import os
        import time
        import boto3
        from common import mgmt

        CALLS = []  # module state: must not be shared with other functions

        def handler(event, context):
            CALLS.append(1)
            body = json.loads(event["body"])
            action = body["action"]
            if action == "boom":
                raise ValueError("boom")
            if action == "slow":
                time.sleep(5)
            if action == "event":
                return {"statusCode": 200, "body": json.dumps({"event": event, "remaining": context.get_remaining_time_in_millis(), "name": context.function_name, "env": {k: v for k, v in os.environ.items() if k.endswith("_TABLE") or k.startswith("WRAPPER_") or k == "SECRET_ID"}})}
            table = boto3.resource("dynamodb").Table(os.environ["ITEMS_TABLE"])
            if action == "store":
                table.put_item(Item={"id": body["id"], "value": body["value"]})
                return {"statusCode": 200, "body": "stored"}
            if action == "load":
                item = table.get_item(Key={"id": body["id"]}).get("Item")
                return {"statusCode": 200, "body": json.dumps(item and item["value"])}
            if action == "broadcast":
                client = mgmt.client(event)
                for target in body["to"]:
                    client.post_to_connection(ConnectionId=target, Data=body["text"].encode())
                return {"statusCode": 200}
            if action == "manage":
                # The endpoint as a handler on AWS builds it from its event (https, no environment variable).
                ctx = event["requestContext"]
                api = boto3.client("apigatewaymanagementapi", endpoint_url=f"https://{ctx['domainName']}/{ctx['stage']}")
                info = api.get_connection(ConnectionId=ctx["connectionId"])
                api.post_to_connection(ConnectionId=ctx["connectionId"], Data=b"\\xff\\x00binary")
                api.post_to_connection(ConnectionId=ctx["connectionId"], Data="h\\u00e9llo".encode())
                outcomes = {}
                for name, target, data in (("gone", "NoSuchConnId00=", b"x"), ("too_large", ctx["connectionId"], b"x" * (129 * 1024))):
                    try:
                        api.post_to_connection(ConnectionId=target, Data=data)
                        outcomes[name] = "delivered"
                    except api.exceptions.ClientError as exc:
                        outcomes[name] = exc.response["Error"]["Code"]
                return {"statusCode": 200, "body": json.dumps({"agent": info["Identity"]["UserAgent"], **outcomes})}
            if action == "whoami":
                return {"statusCode": 200, "body": json.dumps({"id": event["requestContext"]["connectionId"], "calls": len(CALLS)})}
            return {"statusCode": 200, "body": "echo:" + body.get("text", "")}
    """,
    "relay.py": """
        import json
        import os
        import time
        import boto3
        from common import mgmt

        def handler(event, context):
            body = json.loads(event["body"])
            table = boto3.resource("dynamodb").Table(os.environ["ITEMS_TABLE"])
            client = mgmt.client(event)
            if body["action"] == "relay":  # numbered posts one after another, then a mark another environment can read
                for n in range(body["count"]):
                    client.post_to_connection(ConnectionId=body["to"], Data=(str(n) + " " + "x" * body["size"]).encode())
                table.put_item(Item={"id": body["mark"], "value": "sent"})
            else:  # once the mark is there, one more post: it must arrive after the relayed ones
                for _ in range(1000):
                    if table.get_item(Key={"id": body["mark"]}).get("Item"):
                        break
                    time.sleep(0.01)
                client.post_to_connection(ConnectionId=body["to"], Data=b"after")
            return {"statusCode": 200}
    """,
    "fallback.py": """
        import json

        def handler(event, context):
            return {"statusCode": 200, "body": json.dumps({"default": event["body"], "binary": event["isBase64Encoded"]})}
    """,
}


def write_project(root: Path, config: str = CONFIG) -> Path:
    files = {f"functions/{rel}": text for rel, text in HANDLERS.items()}
    return projects.write_project(root, config, {**files, "frontend/index.html": "<!doctype html><title>page</title>"})


@pytest.fixture
def gw_project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "gw")


FAST_LIMITS = Limits(idle_timeout=600, max_connection_age=7200)


@pytest.fixture
def dev(gw_project: Path) -> Iterator[DevServer]:
    server = start_dev_server(load_config(gw_project, "dev", env={}), limits=FAST_LIMITS)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def shared_dev(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    """One server for tests that only read behaviour (saves a start per test)."""
    root = write_project(tmp_path_factory.mktemp("shared") / "gw")
    server = start_dev_server(load_config(root, "dev", env={}))
    try:
        yield server
    finally:
        server.stop()


def item(server: DevServer, key: str) -> dict[str, Any] | None:
    """Read an item from the embedded table, as the test's own view of DynamoDB."""
    table = server.config.tables["items"].full_name
    found: dict[str, Any] | None = server.embedded.client("dynamodb").get_item(TableName=table, Key={"id": {"S": key}}).get("Item")
    return found


def handler_client(server: DevServer, service: str) -> Any:
    """A boto3 client for ``service`` as a handler reaches it: through the gateway's ``/__aws/`` passthrough."""
    url = f"http://{server.host}:{server.port}/__aws/{service}"
    return aws.client(service, server.config.region, endpoint_url=url, credentials=aws.OFFLINE_CREDENTIALS)

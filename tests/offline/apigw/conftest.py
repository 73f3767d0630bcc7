"""HTTP API fixtures: a project whose functions serve HTTP routes, each handler doing one observable thing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests import projects
from wrapper.config import load_config
from wrapper.offline import DevServer, Limits, start_dev_server

HTTP_FUNCTIONS = """
[functions.api]
handler = "api.handler"
http = ["GET /event", "POST /event", "GET /rooms/{id}", "GET /files/{path+}", "PUT /me", "GET /reply", "GET /boom", "GET /slow"]
timeout = 10

[functions.hasty]
handler = "api.handler"
http = ["GET /hasty"]
timeout = 1
"""
CONFIG = (
    projects.service_toml("web")
    + HTTP_FUNCTIONS
    + projects.CONNECT_TOML
    + """
[http]
cors_origins = ["https://play.example.com"]

[dev]
port = 0
frontend_port = 0

[stages.dev]
"""
)

HANDLERS = {
    "api.py": """
        import base64
        import json
        import time

        def handler(event, context):
            route = event["routeKey"]
            if route.endswith("/boom"):
                raise RuntimeError("boom")
            if route.endswith("/hasty"):
                time.sleep(1.5)  # past this function's own 1 s timeout
            if route.endswith("/slow"):
                time.sleep(float((event.get("queryStringParameters") or {}).get("s", "5")))
                return "late"
            if route == "GET /reply":
                # The test names the reply in the query: ?kind=... (the response rules table)
                kind = event["queryStringParameters"]["kind"]
                return {
                    "string": "plain words",
                    "object": {"hello": "world"},
                    "number": 42,
                    "full": {
                        "statusCode": 201,
                        "headers": {"content-type": "text/plain", "x-made-by": "api", "access-control-allow-origin": "*"},
                        "cookies": ["a=1; Path=/", "b=2; HttpOnly"],
                        "body": "created",
                    },
                    "binary": {"statusCode": 200, "headers": {"content-type": "image/png"}, "isBase64Encoded": True,
                               "body": base64.b64encode(bytes(range(256))).decode()},
                    "bad-status": {"statusCode": "teapot"},
                    "bad-base64": {"statusCode": 200, "isBase64Encoded": True, "body": "%%%"},
                }[kind]
            return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(event)}
    """,
    "connect.py": """
        def handler(event, context):
            return {"statusCode": 200}
    """,
}


def write_project(root: Path, config: str = CONFIG) -> Path:
    files = {f"functions/{rel}": text for rel, text in HANDLERS.items()}
    return projects.write_project(root, config, {**files, "frontend/index.html": "<!doctype html><title>page</title>"})


@pytest.fixture(scope="module")
def http_dev(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    root = write_project(tmp_path_factory.mktemp("http") / "web")
    # API Gateway's 30 s integration timeout, shortened so the 503 test waits 2 s (the function's own timeout is 10 s).
    server = start_dev_server(load_config(root, "dev", env={}), limits=Limits(http_integration_timeout=2.0))
    try:
        yield server
    finally:
        server.stop()

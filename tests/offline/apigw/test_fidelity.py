"""The gateway and the Lambda runtime field by field against AWS's documented examples.

- WebSocket events: https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-mapping-template-reference.html
  and the $connect/$disconnect examples of https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway.html
- Binary frames: https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-develop-binary-media-types.html
- 29 s integration timeout: https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html
- Environment: https://docs.aws.amazon.com/lambda/latest/dg/configuration-envvars.html#configuration-envvars-runtime
- Context: https://docs.aws.amazon.com/lambda/latest/dg/python-context.html
"""

from __future__ import annotations

import json
import re
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import hcl2
import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from tests.offline.conftest import CONFIG, item, write_project
from wrapper.config import load_config
from wrapper.offline import DevServer, Limits, start_dev_server

PROBE_CONFIG = (
    CONFIG
    + """
[functions.probe]
handler = "probe.handler"
routes = ["probe", "wait", "manage_default"]
route_response = true
timeout = 10
"""
)
PROBE = """
    import json
    import os
    import time
    import boto3

    def handler(event, context):
        action = json.loads(event["body"])["action"]
        if action == "wait":
            time.sleep(7)
            return {"statusCode": 200, "body": "late"}
        if action == "manage_default":
            # No endpoint_url: AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI supplies it, offline and deployed alike.
            ctx = event["requestContext"]
            boto3.client("apigatewaymanagementapi").post_to_connection(ConnectionId=ctx["connectionId"], Data=b"pushed")
            return {"statusCode": 200, "body": "sent"}
        fields = ["function_name", "function_version", "invoked_function_arn", "memory_limit_in_mb", "aws_request_id",
                  "log_group_name", "log_stream_name", "identity", "client_context"]
        ctx = {name: getattr(context, name) for name in fields}
        ctx["remaining"] = context.get_remaining_time_in_millis()
        return {"statusCode": 200, "body": json.dumps({"env": dict(os.environ), "context": ctx})}
"""
CONNECT = """
    import time

    def handler(event, context):
        if (event.get("queryStringParameters") or {}).get("slow"):
            time.sleep(7)
        return {"statusCode": 200}
"""
DISCONNECT = """
    import json
    import os
    import boto3

    def handler(event, context):
        ctx = event["requestContext"]
        table = boto3.resource("dynamodb").Table(os.environ["ITEMS_TABLE"])
        table.put_item(Item={"id": "gone#" + ctx["connectionId"], "event": json.dumps(event)})
        return {"statusCode": 200}
"""


@pytest.fixture(scope="module")
def probe_dev(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DevServer]:
    root = write_project(tmp_path_factory.mktemp("probe") / "gw", PROBE_CONFIG)
    (root / "functions" / "probe.py").write_text(textwrap.dedent(PROBE).lstrip())
    (root / "functions" / "disconnect.py").write_text(textwrap.dedent(DISCONNECT).lstrip())
    (root / "functions" / "connect.py").write_text(textwrap.dedent(CONNECT).lstrip())
    server = start_dev_server(load_config(root, "dev", env={}), limits=Limits(integration_timeout=5.0))
    try:
        yield server
    finally:
        server.stop()


def ask(ws: Any, payload: dict[str, Any]) -> str:
    ws.send(json.dumps(payload))
    reply: str = ws.recv(timeout=10)
    return reply


def whoami(ws: Any) -> str:
    reply = json.loads(ask(ws, {"action": "whoami"}))
    assert "id" in reply, reply
    return str(reply["id"])


def disconnect_event(server: DevServer, connection_id: str) -> dict[str, Any]:
    for _ in range(100):
        stored = item(server, f"gone#{connection_id}")
        if stored is not None:
            return dict(json.loads(stored["event"]["S"]))
        time.sleep(0.1)
    raise AssertionError("no $disconnect event")


def test_binary_frames_close_the_connection_with_1003(probe_dev: DevServer) -> None:
    with connect(probe_dev.ws_url) as ws:
        me = whoami(ws)
        ws.send(b"\x00\x01binary")
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1003
    assert disconnect_event(probe_dev, me)["requestContext"]["disconnectStatusCode"] == 1003


def test_an_integration_over_29_s_answers_endpoint_request_timed_out(probe_dev: DevServer) -> None:
    """Here the limit is 5 s and the function sleeps 7 s (its own timeout is 10 s)."""
    with connect(probe_dev.ws_url) as ws:
        reply = json.loads(ask(ws, {"action": "wait"}))
        assert reply["message"] == "Endpoint request timed out" and set(reply) == {"message", "connectionId", "requestId"}
        time.sleep(3)  # the function finishes; its late route response is not delivered
        assert ask(ws, {"action": "echo", "text": "next"}) == "echo:next"


def test_a_connect_integration_over_the_timeout_refuses_the_handshake_with_504(probe_dev: DevServer) -> None:
    with connect(probe_dev.ws_url) as ws:
        whoami(ws)  # a warm $connect environment, so only the sleep counts
    with pytest.raises(InvalidStatus) as refused:
        connect(probe_dev.ws_url + "?slow=1")
    assert refused.value.response.status_code == 504


@pytest.mark.parametrize(("code", "reason"), [(1000, "bye"), (4001, "kicked by test"), (1001, "")])
def test_the_clients_close_code_and_reason_reach_disconnect(probe_dev: DevServer, code: int, reason: str) -> None:
    with connect(probe_dev.ws_url, additional_headers={"X-Secret-Header": "connect-only"}) as ws:
        me = whoami(ws)
        ws.close(code=code, reason=reason)
    event = disconnect_event(probe_dev, me)
    context = event["requestContext"]
    assert (context["disconnectStatusCode"], context["disconnectReason"]) == (code, reason)
    # Documented $disconnect example: API Gateway's own headers, none of the handshake's.
    assert event["headers"] == {"Host": context["domainName"], "x-api-key": "", "X-Forwarded-For": "", "x-restapi": ""}
    assert event["multiValueHeaders"] == {k: [v] for k, v in event["headers"].items()}
    assert set(context) == {
        "routeKey", "disconnectStatusCode", "eventType", "extendedRequestId", "requestTime", "messageDirection", "disconnectReason",
        "stage", "connectedAt", "requestTimeEpoch", "identity", "requestId", "domainName", "connectionId", "apiId",
    }  # fmt: skip
    assert context["routeKey"] == "$disconnect" and context["eventType"] == "DISCONNECT"
    assert set(context["identity"]) == {"sourceIp", "userAgent"}
    assert set(event) == {"headers", "multiValueHeaders", "requestContext", "isBase64Encoded"}


def test_the_message_event_has_the_documented_fields(probe_dev: DevServer) -> None:
    with connect(probe_dev.ws_url) as ws:
        ws.send(json.dumps({"action": "event"}))
        event = json.loads(ws.recv(timeout=10))["event"]
    assert set(event) == {"requestContext", "body", "isBase64Encoded"}
    assert set(event["requestContext"]) == {
        "routeKey", "messageId", "eventType", "extendedRequestId", "requestTime", "messageDirection", "stage", "connectedAt",
        "requestTimeEpoch", "identity", "requestId", "domainName", "connectionId", "apiId",
    }  # fmt: skip


DOCUMENTED_ENVIRONMENT = [
    "_HANDLER", "_X_AMZN_TRACE_ID", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_EXECUTION_ENV", "AWS_LAMBDA_FUNCTION_NAME",
    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "AWS_LAMBDA_FUNCTION_VERSION", "AWS_LAMBDA_INITIALIZATION_TYPE", "AWS_LAMBDA_LOG_GROUP_NAME",
    "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_ACCESS_KEY", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
    "AWS_LAMBDA_RUNTIME_API", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "LANG", "PATH", "TZ", "AWS_XRAY_CONTEXT_MISSING",
]  # fmt: skip


def test_lambdas_documented_environment_and_context(probe_dev: DevServer) -> None:
    with connect(probe_dev.ws_url) as ws:
        first = json.loads(ask(ws, {"action": "probe"}))
        second = json.loads(ask(ws, {"action": "probe"}))
    env, context = first["env"], first["context"]
    assert [name for name in DOCUMENTED_ENVIRONMENT if name not in env] == []
    assert env["AWS_LAMBDA_FUNCTION_VERSION"] == "$LATEST" and env["AWS_LAMBDA_INITIALIZATION_TYPE"] == "on-demand"
    assert env["AWS_LAMBDA_LOG_GROUP_NAME"] == "/aws/lambda/gw-dev-probe" and env["TZ"] == ":UTC"
    assert re.fullmatch(r"\d{4}/\d{2}/\d{2}/\[\$LATEST\][0-9a-f]{32}", env["AWS_LAMBDA_LOG_STREAM_NAME"])
    assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24};Parent=[0-9a-f]{16};Sampled=0", env["_X_AMZN_TRACE_ID"])
    assert second["env"]["_X_AMZN_TRACE_ID"] != env["_X_AMZN_TRACE_ID"], "one trace per invocation"
    assert second["env"]["AWS_LAMBDA_LOG_STREAM_NAME"] == env["AWS_LAMBDA_LOG_STREAM_NAME"], "one stream per environment"
    assert context["function_name"] == "gw-dev-probe" and context["function_version"] == "$LATEST"
    assert context["invoked_function_arn"] == "arn:aws:lambda:eu-west-2:000000000000:function:gw-dev-probe"
    assert context["memory_limit_in_mb"] == env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"]
    assert context["log_group_name"] == env["AWS_LAMBDA_LOG_GROUP_NAME"] and context["log_stream_name"] == env["AWS_LAMBDA_LOG_STREAM_NAME"]
    assert re.fullmatch(r"[0-9a-f-]{36}", context["aws_request_id"]) and context["identity"] is None and context["client_context"] is None
    assert 0 < context["remaining"] <= 10000


def test_the_management_client_without_an_endpoint_works_offline_and_deployed(probe_dev: DevServer) -> None:
    with connect(probe_dev.ws_url) as ws:
        ws.send(json.dumps({"action": "manage_default"}))
        assert {ws.recv(timeout=10), ws.recv(timeout=10)} == {"pushed", "sent"}
    stack = hcl2.loads((Path(__file__).parents[3] / "templates" / "terraform" / "root" / "stack.tf").read_text())
    function = next(m['"function"'] for m in stack["module"] if '"function"' in m)
    environment = str(function["environment"])
    assert "AWS_ENDPOINT_URL_APIGATEWAYMANAGEMENTAPI" in environment and "module.websocket.management_endpoint" in environment

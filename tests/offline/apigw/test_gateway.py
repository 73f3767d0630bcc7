"""`wrapper dev` behaves like API Gateway's WebSocket API: handshake, routing, errors, limits."""

from __future__ import annotations

import json
import time

import pytest
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import connect

from tests.offline.conftest import item
from wrapper.offline import DevServer


def ask(ws: object, payload: object) -> str:
    ws.send(payload if isinstance(payload, str | bytes) else json.dumps(payload))  # type: ignore[attr-defined]
    reply: str = ws.recv(timeout=10)  # type: ignore[attr-defined]
    return reply


def test_actions_route_to_their_function_and_send_the_route_response(shared_dev: DevServer) -> None:
    with connect(shared_dev.ws_url) as ws:
        assert ask(ws, {"action": "echo", "text": "hi"}) == "echo:hi"


@pytest.mark.parametrize(
    "body",
    ['{"action": "nope"}', '{"text": "no action"}', "not json at all", '{"action": {"nested": 1}}', "[1, 2]"],
    ids=["unknown-action", "no-action", "not-json", "non-scalar-action", "json-array"],
)
def test_everything_else_goes_to_default(shared_dev: DevServer, body: str) -> None:
    with connect(shared_dev.ws_url) as ws:
        assert json.loads(ask(ws, body)) == {"default": body, "binary": False}


def test_handler_error_keeps_the_connection_open(shared_dev: DevServer) -> None:
    with connect(shared_dev.ws_url) as ws:
        error = json.loads(ask(ws, {"action": "boom"}))
        assert error["message"] == "Internal server error"
        assert set(error) == {"message", "connectionId", "requestId"}
        assert ask(ws, {"action": "echo", "text": "still here"}) == "echo:still here"


def test_timeout_is_an_error_and_the_function_recovers(shared_dev: DevServer) -> None:
    with connect(shared_dev.ws_url) as ws:
        started = time.monotonic()
        assert json.loads(ask(ws, {"action": "slow"}))["message"] == "Internal server error"
        assert time.monotonic() - started < 4, "the 1 s timeout must cut the 5 s sleep short"
        assert ask(ws, {"action": "echo", "text": "after"}) == "echo:after"
    assert shared_dev.metrics.functions["echo"].timeouts >= 1


def test_message_event_has_the_documented_shape(shared_dev: DevServer) -> None:
    with connect(shared_dev.ws_url, user_agent_header="pytest-agent") as ws:
        reply = json.loads(ask(ws, {"action": "event"}))
    event, ctx = reply["event"], reply["event"]["requestContext"]
    assert event["isBase64Encoded"] is False and json.loads(event["body"]) == {"action": "event"}
    assert ctx["routeKey"] == "event" and ctx["eventType"] == "MESSAGE" and ctx["messageDirection"] == "IN"
    for key in ("connectionId", "connectedAt", "requestId", "messageId", "requestTimeEpoch", "apiId", "extendedRequestId", "requestTime"):
        assert ctx[key], key
    assert ctx["stage"] == "dev"
    assert ctx["domainName"] == f"127.0.0.1:{shared_dev.port}", "the port must be there so handlers can reach @connections"
    assert ctx["identity"] == {"sourceIp": "127.0.0.1", "userAgent": "pytest-agent"}
    assert 0 < reply["remaining"] <= 1000 and reply["name"] == "gw-dev-echo"
    assert reply["env"]["ITEMS_TABLE"] == "gw-dev-items" and reply["env"]["SECRET_ID"] == "gw-dev-secret"


def test_connect_event_carries_headers_and_query(shared_dev: DevServer) -> None:
    with connect(shared_dev.ws_url + "?room=blue&room=red&name=ann") as ws:
        me = json.loads(ask(ws, {"action": "whoami"}))["id"]
    stored = item(shared_dev, f"conn#{me}")
    assert stored is not None
    event = json.loads(stored["event"]["S"])
    assert event["requestContext"]["eventType"] == "CONNECT" and event["requestContext"]["routeKey"] == "$connect"
    assert event["queryStringParameters"] == {"room": "red", "name": "ann"}
    assert event["multiValueQueryStringParameters"]["room"] == ["blue", "red"]
    assert "Sec-WebSocket-Key" in event["headers"] and isinstance(event["multiValueHeaders"]["Sec-WebSocket-Key"], list)
    assert "body" not in event


def test_connect_rejections_refuse_the_handshake(shared_dev: DevServer) -> None:
    with pytest.raises(InvalidStatus) as refused:
        connect(shared_dev.ws_url + "?token=bad")
    assert refused.value.response.status_code == 401
    with pytest.raises(InvalidStatus) as failed:
        connect(shared_dev.ws_url + "?token=explode")
    assert failed.value.response.status_code == 500


def test_fragmented_messages_up_to_128_kb_pass(shared_dev: DevServer) -> None:
    text = json.dumps({"action": "echo", "text": "x" * 100_000})
    with connect(shared_dev.ws_url, max_size=None) as ws:
        ws.send([text[i : i + 25_000] for i in range(0, len(text), 25_000)])  # 25 KB frames
        assert ws.recv(timeout=10).startswith("echo:x")


def test_message_over_128_kb_closes_with_1009(shared_dev: DevServer) -> None:
    text = json.dumps({"action": "echo", "text": "x" * 140_000})
    with connect(shared_dev.ws_url, max_size=None) as ws:
        ws.send([text[i : i + 25_000] for i in range(0, len(text), 25_000)])
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


def test_a_frame_over_32_kb_closes_with_1009(shared_dev: DevServer) -> None:
    with connect(shared_dev.ws_url, max_size=None) as ws:
        assert ask(ws, {"action": "echo", "text": "y" * 30_000}).startswith("echo:y")  # a 30 KB frame is fine
        ws.send(json.dumps({"action": "echo", "text": "x" * 40_000}))  # one 40 KB frame
        with pytest.raises(ConnectionClosed) as closed:
            ws.recv(timeout=10)
    assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009


def test_each_function_has_its_own_module_state(shared_dev: DevServer) -> None:
    with connect(shared_dev.ws_url) as ws:
        first = json.loads(ask(ws, {"action": "whoami"}))["calls"]
        second = json.loads(ask(ws, {"action": "whoami"}))["calls"]
        ask(ws, "not json")  # the $default function runs in an environment of its own
        third = json.loads(ask(ws, {"action": "whoami"}))["calls"]
    assert second == first + 1 or second == 1, "module state persists within one environment"
    assert third >= 1


def test_page_is_served_with_the_local_websocket_url(shared_dev: DevServer) -> None:
    import urllib.request

    assert shared_dev.page_url is not None
    with urllib.request.urlopen(shared_dev.page_url + "wrapper-config.json", timeout=10) as response:
        config = json.loads(response.read())
    assert config["websocketUrl"] == shared_dev.ws_url and config["stage"] == "dev"
    with urllib.request.urlopen(shared_dev.page_url, timeout=10) as response:
        assert b"<title>page</title>" in response.read()

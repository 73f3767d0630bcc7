"""The @connections API on the gateway's port, through an unmodified boto3 client."""

from __future__ import annotations

import json
import time

import boto3
import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from wrapper.offline import DevServer


def management(server: DevServer):  # type: ignore[no-untyped-def]
    return boto3.client("apigatewaymanagementapi", endpoint_url=server.management_url, region_name="eu-west-2")


def whoami(ws: object) -> str:
    ws.send(json.dumps({"action": "whoami"}))  # type: ignore[attr-defined]
    return str(json.loads(ws.recv(timeout=10))["id"])  # type: ignore[attr-defined]


def test_post_get_delete_and_gone_after_close(shared_dev: DevServer) -> None:
    api = management(shared_dev)
    with connect(shared_dev.ws_url, user_agent_header="agent-x") as ws:
        me = whoami(ws)
        api.post_to_connection(ConnectionId=me, Data=b'{"hello": "there"}')
        assert json.loads(ws.recv(timeout=10)) == {"hello": "there"}
        info = api.get_connection(ConnectionId=me)
        assert info["Identity"] == {"SourceIp": "127.0.0.1", "UserAgent": "agent-x"}
        assert info["ConnectedAt"] <= info["LastActiveAt"]
        api.delete_connection(ConnectionId=me)
        with pytest.raises(ConnectionClosed):
            ws.recv(timeout=10)
    for call in (
        lambda: api.post_to_connection(ConnectionId=me, Data=b"late"),
        lambda: api.get_connection(ConnectionId=me),
        lambda: api.delete_connection(ConnectionId=me),
    ):
        with pytest.raises(api.exceptions.GoneException):
            call()


def test_unknown_connection_is_gone(shared_dev: DevServer) -> None:
    api = management(shared_dev)
    with pytest.raises(api.exceptions.GoneException):
        api.post_to_connection(ConnectionId="NoSuchConnId00=", Data=b"x")


def test_payload_over_128_kb_is_refused(shared_dev: DevServer) -> None:
    api = management(shared_dev)
    with connect(shared_dev.ws_url) as ws:
        me = whoami(ws)
        with pytest.raises(api.exceptions.PayloadTooLargeException):
            api.post_to_connection(ConnectionId=me, Data=b"x" * (129 * 1024))


def test_handlers_reach_the_api_from_their_event(shared_dev: DevServer) -> None:
    """The handler builds its client from the platform's environment/event; a message goes to another client."""
    with connect(shared_dev.ws_url) as a, connect(shared_dev.ws_url) as b:
        target = whoami(b)
        a.send(json.dumps({"action": "broadcast", "to": [target], "text": "from a"}))
        assert b.recv(timeout=10) == "from a"
        assert shared_dev.metrics.management_calls["post"] >= 1


def test_a_handler_uses_the_api_as_on_aws_including_errors_and_binary(shared_dev: DevServer) -> None:
    """Inside a handler, boto3 with the endpoint built from the event (https://domainName/stage) reaches this server."""
    with connect(shared_dev.ws_url, user_agent_header="agent-y") as ws:
        ws.send(json.dumps({"action": "manage"}))
        assert ws.recv(timeout=10) == b"\xff\x00binary"  # not UTF-8: a binary frame
        assert ws.recv(timeout=10) == "héllo"
        assert json.loads(ws.recv(timeout=10)) == {"agent": "agent-y", "gone": "GoneException", "too_large": "PayloadTooLargeException"}


def test_a_handler_sees_a_connection_closed_before_its_invocation_as_gone(shared_dev: DevServer) -> None:
    """Environments answer posts from their mirror of the open connections; closes reach it before the next invocation."""
    with connect(shared_dev.ws_url) as sender, connect(shared_dev.ws_url) as peer:
        target = whoami(peer)
        whoami(sender)
        sender.send(json.dumps({"action": "broadcast", "to": [target], "text": "first"}))
        assert peer.recv(timeout=10) == "first"  # open: posted one way, delivered
        peer.close()
        assert shared_dev.gateway is not None
        for _ in range(200):  # until the gateway has seen the close (bounded)
            if target not in shared_dev.gateway.connections:
                break
            time.sleep(0.05)
        sender.send(json.dumps({"action": "broadcast", "to": [target], "text": "late"}))
        reply = json.loads(sender.recv(timeout=10))
    assert reply["message"] == "Internal server error"  # the handler's post raised GoneException

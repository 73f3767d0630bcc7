"""boto3's @connections calls inside a handler environment: through the pipe for this gateway, untouched otherwise.

The gateway side is a double here (a function answering like it); the real pipe and
gateway are exercised end to end in test_management_api.py.
"""

from __future__ import annotations

import io
import json
import os
import threading
import time
from typing import Any

import boto3
import botocore.exceptions
import botocore.handlers
import pytest

from wrapper.offline.lambda_runtime.worker_channel import Channel, install_management_shortcut


class AnsweringChannel(Channel):
    def __init__(self, answers: list[dict[str, Any]]) -> None:
        super().__init__(io.StringIO(""), io.StringIO())
        self.requests: list[dict[str, Any]] = []
        self.answers = answers

    def call(self, request: dict[str, Any]) -> dict[str, Any]:
        self.requests.append(request)
        return self.answers.pop(0)


@pytest.fixture
def channel(monkeypatch: pytest.MonkeyPatch) -> AnsweringChannel:
    # A private copy: the hook must not leak into other tests' sessions.
    monkeypatch.setattr(botocore.handlers, "BUILTIN_HANDLERS", list(botocore.handlers.BUILTIN_HANDLERS))
    fake = AnsweringChannel([])
    assert install_management_shortcut(fake, ["127.0.0.1:4510", "localhost:4510"], "dev")
    return fake


def client(url: str) -> Any:
    return boto3.Session(region_name="eu-west-2", aws_access_key_id="x", aws_secret_access_key="x").client(
        "apigatewaymanagementapi", endpoint_url=url
    )


def test_this_gateways_calls_go_through_the_channel_with_the_same_results(channel: AnsweringChannel) -> None:
    channel.answers += [
        {"status": 200, "headers": {}, "text": ""},
        {"status": 410, "headers": {"x-amzn-ErrorType": "GoneException"}, "text": json.dumps({"message": None})},
        {
            "status": 200,
            "headers": {"Content-Type": "application/json"},
            "text": json.dumps(
                {
                    "connectedAt": "2026-11-24T00:00:00.000Z",
                    "identity": {"sourceIp": "127.0.0.1", "userAgent": "ua"},
                    "lastActiveAt": "2026-11-24T00:00:01.000Z",
                }
            ),
        },
    ]
    api = client("https://localhost:4510/dev")
    assert api.post_to_connection(ConnectionId="abc=", Data=b"\xff")["ResponseMetadata"]["HTTPStatusCode"] == 200
    with pytest.raises(api.exceptions.GoneException):
        api.post_to_connection(ConnectionId="abc=", Data="text")
    assert api.get_connection(ConnectionId="abc=")["Identity"] == {"SourceIp": "127.0.0.1", "UserAgent": "ua"}
    assert channel.requests == [
        {"method": "POST", "connection": "abc%3D", "b64": "/w=="},
        {"method": "POST", "connection": "abc%3D", "text": "text"},
        {"method": "GET", "connection": "abc%3D", "text": ""},
    ]


def test_other_endpoints_and_invalid_calls_are_untouched(channel: AnsweringChannel) -> None:
    with pytest.raises(botocore.exceptions.EndpointConnectionError):
        client("http://127.0.0.1:1/dev").post_to_connection(ConnectionId="abc=", Data=b"x")  # another host: real HTTP
    with pytest.raises(botocore.exceptions.ParamValidationError):
        client("http://127.0.0.1:4510/dev").post_to_connection(ConnectionId="abc=")  # botocore still validates
    assert channel.requests == []


def test_invocations_and_answers_are_sorted_by_the_reader() -> None:
    read_fd, write_fd = os.pipe()
    out = io.StringIO()
    with os.fdopen(read_fd) as incoming, os.fdopen(write_fd, "w") as gateway:
        channel = Channel(incoming, out)
        answers: list[dict[str, Any]] = []
        caller = threading.Thread(target=lambda: answers.append(channel.call({"method": "GET", "connection": "a"})))
        caller.start()
        for _ in range(500):  # until the call is on its way out
            if out.getvalue():
                break
            time.sleep(0.01)
        assert json.loads(out.getvalue()) == {"call": 0, "method": "GET", "connection": "a"}
        gateway.write('{"id": 1, "event": {}}\n{"answer": 0, "status": 204}\n')
        gateway.flush()
        caller.join(10)
        assert answers == [{"answer": 0, "status": 204}]
        assert channel.next_invocation() == {"id": 1, "event": {}}
        gateway.close()
        assert channel.next_invocation() is None  # the gateway closed the pipe: the worker shuts down


def test_posts_are_answered_from_the_mirror_of_open_connections_and_sent_one_way() -> None:
    answers = {
        "ok": {"status": 200, "headers": {}, "text": ""},
        "gone": {"status": 410, "headers": {"x-amzn-ErrorType": "GoneException"}, "text": '{"message": null}'},
        "too_large": {"status": 413, "headers": {"x-amzn-ErrorType": "PayloadTooLargeException"}, "text": "{}"},
        "max_bytes": 10,
    }
    mirror = [{"live": ["a="], "answers": answers}, {"opened": "b="}, {"gone": "a="}]
    sent = io.StringIO()
    channel = Channel(io.StringIO("".join(json.dumps(m) + "\n" for m in mirror)), sent)
    assert channel.next_invocation() is None  # the reader has taken every line: the mirror is current
    assert channel.post({"method": "POST", "connection": "b%3D", "text": "hi"})["status"] == 200
    assert channel.post({"method": "POST", "connection": "a%3D", "text": "hi"})["status"] == 410
    assert channel.post({"method": "POST", "connection": "b%3D", "text": "x" * 11})["status"] == 413
    # Only the delivered post went to the gateway, as a one-way line (no call id to answer).
    assert [json.loads(line) for line in sent.getvalue().splitlines()] == [
        {"post": True, "method": "POST", "connection": "b%3D", "text": "hi"}
    ]

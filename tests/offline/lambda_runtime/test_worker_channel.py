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
from botocore.awsrequest import AWSResponse

from wrapper.offline.lambda_runtime.worker_channel import Channel, RawBody, install_management_shortcut


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


ANSWERS = {
    "ok": {"status": 200, "headers": {}, "text": ""},
    "gone": {"status": 410, "headers": {"x-amzn-ErrorType": "GoneException"}, "text": '{"message": null}'},
    "too_large": {"status": 413, "headers": {"x-amzn-ErrorType": "PayloadTooLargeException"}, "text": '{"message": "Message too long"}'},
    "max_bytes": 10,
}


class Mirrored(Channel):
    """A channel whose gateway has sent its mirror (open: ``b=``; ``a=`` opened and closed), recording what is written."""

    def __init__(self) -> None:
        mirror = [{"live": ["a="], "answers": ANSWERS}, {"opened": "b="}, {"gone": "a="}]
        self.sent = io.StringIO()
        super().__init__(io.StringIO("".join(json.dumps(m) + "\n" for m in mirror)), self.sent)
        assert self.next_invocation() is None  # the reader has taken every line: the mirror is current
        self.calls: list[dict[str, Any]] = []
        self.fences = 0

    def call(self, request: dict[str, Any]) -> dict[str, Any]:
        self.calls.append(request)
        return {"status": 200, "headers": {}, "text": ""}

    def lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.sent.getvalue().splitlines()]


def test_posts_are_answered_from_the_mirror_and_open_ones_go_one_way() -> None:
    channel = Mirrored()
    assert channel.post({"method": "POST", "connection": "b%3D", "text": "hi"})["status"] == 200
    assert channel.post({"method": "POST", "connection": "a%3D", "text": "hi"})["status"] == 410
    assert channel.post({"method": "POST", "connection": "b%3D", "text": "x" * 11})["status"] == 413
    assert channel.post({"method": "POST", "connection": "b%3D", "b64": "/w=="})["status"] == 200
    # The open connection's posts went out without waiting for an answer, the others nowhere.
    assert channel.calls == []
    assert channel.lines() == [{"post": "b=", "text": "hi"}, {"post": "b=", "b64": "/w=="}]


def test_a_post_of_the_previous_posts_text_does_not_carry_it_again() -> None:
    channel = Mirrored()
    snapshot = '{"t": 1}'  # the mirror's limit is 10 bytes
    for body in ({"text": snapshot}, {"text": snapshot}, {"b64": "/w=="}, {"text": snapshot}, {"text": "other"}, {"text": "other"}):
        assert channel.send_post("b=", body) == ANSWERS["ok"]
    assert channel.lines() == [
        {"post": "b=", "text": snapshot},
        {"post": "b=", "same": True},
        {"post": "b=", "b64": "/w=="},
        {"post": "b=", "text": snapshot},  # "same" means the line before, not any earlier one
        {"post": "b=", "text": "other"},
        {"post": "b=", "same": True},
    ]


def test_a_fence_returns_when_the_gateway_answers() -> None:
    read_fd, write_fd = os.pipe()
    out = io.StringIO()
    with os.fdopen(read_fd) as incoming, os.fdopen(write_fd, "w") as gateway:
        channel = Channel(incoming, out)
        channel.fence()  # no one-way post yet: returns at once, writes nothing
        assert out.getvalue() == ""
        gateway.write(json.dumps({"live": ["b="], "answers": ANSWERS}) + "\n")
        gateway.flush()
        for _ in range(500):  # until the reader has the mirror
            if channel.send_post("b=", {"text": "one"}) is not None:
                break
            time.sleep(0.01)
        done = threading.Event()
        fencing = threading.Thread(target=lambda: (channel.fence(), done.set()))
        fencing.start()
        for _ in range(500):  # until the fence is on its way out
            if '"fence"' in out.getvalue():
                break
            time.sleep(0.01)
        assert [json.loads(line) for line in out.getvalue().splitlines()] == [{"post": "b=", "text": "one"}, {"fence": 0}]
        assert not done.wait(0.2), "a fence returns only when the gateway has handled what came before it"
        gateway.write('{"answer": 0}\n')
        gateway.flush()
        fencing.join(10)
        assert done.is_set()
        channel.fence()  # nothing posted since the last fence: no second round trip
        assert out.getvalue().count('"fence"') == 1


class FenceRecorder(Mirrored):
    def __init__(self, log: list[str]) -> None:
        super().__init__()
        self.log = log

    def fence(self) -> None:
        self.log.append("fence" if self._unfenced else "no fence")
        self._unfenced = False


def test_boto3_posts_go_one_way_and_any_other_request_waits_for_them(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(botocore.handlers, "BUILTIN_HANDLERS", list(botocore.handlers.BUILTIN_HANDLERS))
    log: list[str] = []
    channel = FenceRecorder(log)
    assert install_management_shortcut(channel, ["127.0.0.1:4510"], "dev")
    session = boto3.Session(region_name="eu-west-2", aws_access_key_id="x", aws_secret_access_key="x")
    api = session.client("apigatewaymanagementapi", endpoint_url="http://127.0.0.1:4510/dev")
    dynamodb = session.client("dynamodb", endpoint_url="http://127.0.0.1:1")

    def answered(request: Any, **_: Any) -> AWSResponse:  # stands in for DynamoDB: only the order matters here
        log.append("dynamodb")
        return AWSResponse(request.url, 200, {}, RawBody(b"{}"))

    # At the fence's own level, so after it (botocore calls more specific handlers first).
    dynamodb.meta.events.register("before-send", answered)
    first = api.post_to_connection(ConnectionId="b=", Data=b"one")  # botocore's own path, remembered
    second = api.post_to_connection(ConnectionId="b=", Data="two")  # the quick path: the same result
    assert first == second and first["ResponseMetadata"]["HTTPStatusCode"] == 200
    with pytest.raises(api.exceptions.GoneException):  # the mirror's 410, raised by botocore
        api.post_to_connection(ConnectionId="a=", Data=b"three")
    with pytest.raises(api.exceptions.PayloadTooLargeException):
        api.post_to_connection(ConnectionId="b=", Data=b"x" * 11)
    with pytest.raises(botocore.exceptions.ParamValidationError):
        api.post_to_connection(ConnectionId="b=", Data=b"x", Extra=1)  # botocore still validates
    api.post_to_connection(ConnectionId="b=", Data=b"\xff")  # not UTF-8: base64 on the pipe
    dynamodb.describe_limits()
    dynamodb.describe_limits()
    assert channel.lines() == [{"post": "b=", "text": "one"}, {"post": "b=", "text": "two"}, {"post": "b=", "b64": "/w=="}]
    assert log == ["fence", "dynamodb", "no fence", "dynamodb"]
    assert channel.calls == []


def test_this_gateways_dynamodb_calls_go_through_the_channel_with_the_same_results_and_errors(channel: AnsweringChannel) -> None:
    failed = {
        "__type": "com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException",
        "message": "The conditional request failed",
        "Item": {"id": {"S": "a"}},  # ReturnValuesOnConditionCheckFailure: a modeled field of the error
    }
    channel.answers += [
        {"status": 200, "headers": {"Content-Type": "application/x-amz-json-1.0"}, "text": json.dumps({"Item": {"id": {"S": "a"}}})},
        {"status": 400, "headers": {"Content-Type": "application/x-amz-json-1.0"}, "text": json.dumps(failed)},
    ]
    session = boto3.Session(region_name="eu-west-2", aws_access_key_id="x", aws_secret_access_key="x")
    dynamodb = session.client("dynamodb", endpoint_url="http://127.0.0.1:4510/__aws/dynamodb")
    assert dynamodb.get_item(TableName="t", Key={"id": {"S": "a"}})["Item"] == {"id": {"S": "a"}}
    with pytest.raises(dynamodb.exceptions.ConditionalCheckFailedException) as refused:
        dynamodb.put_item(
            TableName="t", Item={"id": {"S": "a"}}, ConditionExpression="attribute_not_exists(id)", ReturnValuesOnConditionCheckFailure="ALL_OLD"
        )
    assert refused.value.response["Item"] == {"id": {"S": "a"}}
    assert [(r["dynamodb"], json.loads(r["text"])["TableName"]) for r in channel.requests] == [("GetItem", "t"), ("PutItem", "t")]
    with pytest.raises(botocore.exceptions.EndpointConnectionError):  # DynamoDB elsewhere: real HTTP
        session.client("dynamodb", endpoint_url="http://127.0.0.1:1").get_item(TableName="t", Key={"id": {"S": "a"}})
    assert len(channel.requests) == 2


def test_the_endpoint_is_resolved_once_per_operation_and_table(channel: AnsweringChannel, monkeypatch: pytest.MonkeyPatch) -> None:
    import botocore.regions

    resolved: list[tuple[str, str | None]] = []
    construct = botocore.regions.EndpointRulesetResolver.construct_endpoint

    def counted(self: Any, operation_model: Any, call_args: Any, request_context: Any) -> Any:
        resolved.append((operation_model.name, (call_args or {}).get("TableName")))
        return construct(self, operation_model, call_args, request_context)

    monkeypatch.setattr(botocore.regions.EndpointRulesetResolver, "construct_endpoint", counted)
    found = {"status": 200, "headers": {"Content-Type": "application/x-amz-json-1.0"}, "text": json.dumps({"Item": {"id": {"S": "a"}}})}
    channel.answers += [dict(found) for _ in range(5)]
    dynamodb = boto3.Session(region_name="eu-west-2", aws_access_key_id="x", aws_secret_access_key="x").client(
        "dynamodb", endpoint_url="http://127.0.0.1:4510/__aws/dynamodb"
    )
    for table in ("a", "a", "b", "a", "b"):
        assert dynamodb.get_item(TableName=table, Key={"id": {"S": "a"}})["Item"] == {"id": {"S": "a"}}
    # The rule set takes the table as a parameter (ResourceArn): one resolution per table, not per call.
    assert resolved == [("GetItem", "a"), ("GetItem", "b")]
    assert [json.loads(r["text"])["TableName"] for r in channel.requests] == ["a", "a", "b", "a", "b"]

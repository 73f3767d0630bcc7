"""A handler's posts leave its environment one way, yet stay ordered against everything it does after them.

A real worker process runs the handler; the gateway's side is a function that records each post
and can hold one back, as a slow socket would (the gateway writes a pipe's posts in order, each
after the one before). The mirror of open connections is the gateway's own (``live.py``).
"""

from __future__ import annotations

import asyncio
import textwrap
from pathlib import Path
from typing import Any

from tests.offline.lambda_runtime.specs import function_spec
from wrapper.offline.apigw.limits import Limits
from wrapper.offline.apigw.management import pipe_answers
from wrapper.offline.lambda_runtime.invoker import FunctionPool
from wrapper.offline.lambda_runtime.live import LiveConnections

HANDLER = """
import boto3
from botocore.config import Config

KEYS = {"region_name": "eu-west-2", "aws_access_key_id": "x", "aws_secret_access_key": "x"}

def handler(event, context):
    api = boto3.client("apigatewaymanagementapi", endpoint_url="http://127.0.0.1:4599/dev", **KEYS)
    for text in ("one", "two", "three"):
        api.post_to_connection(ConnectionId="c=", Data=text.encode())
    try:
        api.post_to_connection(ConnectionId="gone=", Data=b"x")
    except api.exceptions.GoneException:
        print("gone raised", flush=True)
    print("posted", flush=True)
    # Any other AWS request (here one nothing answers) leaves only after the posts are handled.
    dynamodb = boto3.client("dynamodb", endpoint_url="http://127.0.0.1:9", config=Config(retries={"max_attempts": 0}), **KEYS)
    try:
        dynamodb.describe_limits()
    except Exception:
        pass
    print("other request sent", flush=True)
    return {"ok": True}
"""


def test_posts_go_one_way_in_order_and_other_requests_wait_for_them(tmp_path: Path) -> None:
    (tmp_path / "fan.py").write_text(textwrap.dedent(HANDLER))
    spec = function_spec(tmp_path, "fan", timeout=30, gateway_netlocs=("127.0.0.1:4599",), stage="dev")
    seen: list[str] = []

    async def scenario() -> None:
        release = asyncio.Event()

        async def on_call(call: dict[str, Any]) -> dict[str, Any]:
            seen.append(f"post {call.get('text')}")
            if call.get("text") == "one":
                await release.wait()  # a socket that takes its time: the pipe's later lines wait too
            return {"status": 200, "headers": {}, "text": ""}

        live = LiveConnections()
        live.answers = pipe_answers(Limits())
        live.opened("c=")
        functions = FunctionPool(spec, lambda _name, line: seen.append(line), 1, on_call)
        functions.live = live
        await functions.warm()
        invocation = asyncio.ensure_future(functions.invoke({}, "r1"))
        for _ in range(600):
            if "posted" in seen:
                break
            await asyncio.sleep(0.05)
        # The handler's calls all returned while the gateway still holds the first post...
        assert seen == ["post one", "gone raised", "posted"]
        await asyncio.sleep(0.5)
        assert "other request sent" not in seen, "the next AWS request waits until the posts are handled"
        release.set()
        outcome = await invocation
        assert outcome.ok and outcome.result == {"ok": True}
        await functions.close()

    asyncio.run(scenario())
    assert seen == ["post one", "gone raised", "posted", "post two", "post three", "other request sent"]


SAME_TEXT = """
import boto3

KEYS = {"region_name": "eu-west-2", "aws_access_key_id": "x", "aws_secret_access_key": "x"}

def handler(event, context):
    api = boto3.client("apigatewaymanagementapi", endpoint_url="http://127.0.0.1:4599/dev", **KEYS)
    for connection, text in (("c=", "snapshot"), ("d=", "snapshot"), ("c=", "other"), ("d=", "other"), ("c=", "snapshot")):
        api.post_to_connection(ConnectionId=connection, Data=text.encode())
    return {}
"""


def test_a_snapshot_posted_to_many_crosses_the_pipe_once_and_reaches_each_whole(tmp_path: Path) -> None:
    (tmp_path / "fan.py").write_text(textwrap.dedent(SAME_TEXT))
    spec = function_spec(tmp_path, "fan", timeout=30, gateway_netlocs=("127.0.0.1:4599",), stage="dev")
    delivered: list[tuple[str, str | None]] = []

    async def scenario() -> None:
        async def on_call(call: dict[str, Any]) -> dict[str, Any]:
            assert "same" not in call, "the gateway's side sees every post whole"
            delivered.append((call["post"], call.get("text")))
            return {"status": 200, "headers": {}, "text": ""}

        live = LiveConnections()
        live.answers = pipe_answers(Limits())
        live.opened("c=")
        live.opened("d=")
        functions = FunctionPool(spec, lambda _name, _line: None, 1, on_call)
        functions.live = live
        await functions.warm()
        outcome = await functions.invoke({}, "r1")
        assert outcome.ok, outcome
        await functions.close()

    asyncio.run(scenario())
    assert delivered == [("c=", "snapshot"), ("d=", "snapshot"), ("c=", "other"), ("d=", "other"), ("c=", "snapshot")]


AT_IMPORT = """
import boto3

KEYS = {"region_name": "eu-west-2", "aws_access_key_id": "x", "aws_secret_access_key": "x"}
# Lambda's init phase: a table read at import, answered on the pipe before the environment is ready.
SETTINGS = boto3.client("dynamodb", endpoint_url="http://127.0.0.1:4599/__aws/dynamodb", **KEYS).get_item(
    TableName="settings", Key={"id": {"S": "room"}}
)["Item"]

def handler(event, context):
    return SETTINGS
"""


def test_calls_made_while_the_handler_is_imported_are_answered(tmp_path: Path) -> None:
    (tmp_path / "init.py").write_text(textwrap.dedent(AT_IMPORT))
    spec = function_spec(tmp_path, "init", gateway_netlocs=("127.0.0.1:4599",), stage="dev")
    asked: list[dict[str, Any]] = []

    async def on_call(call: dict[str, Any]) -> dict[str, Any]:
        asked.append(call)
        return {"status": 200, "headers": {"Content-Type": "application/x-amz-json-1.0"}, "text": '{"Item": {"id": {"S": "room"}}}'}

    async def scenario() -> None:
        functions = FunctionPool(spec, lambda _name, _line: None, 1, on_call)
        await functions.warm()
        outcome = await functions.invoke({}, "r1")
        assert outcome.ok and outcome.result == {"id": {"S": "room"}}
        await functions.close()

    asyncio.run(scenario())
    assert [call["dynamodb"] for call in asked] == ["GetItem"]

"""What answers the calls a handler environment makes on its pipe: @connections or DynamoDB.

Both are what the handler's boto3 would otherwise send over HTTP to the gateway's port
(``lambda_runtime/worker_channel.py`` routes them), answered by the same code as there.
"""

from __future__ import annotations

from typing import Any

from wrapper.offline.apigw.gateway import Gateway
from wrapper.offline.aws.proxy import AwsProxy
from wrapper.offline.lambda_runtime.environment import CallHandler


def pipe_calls(gateway: Gateway, proxy: AwsProxy) -> CallHandler:
    async def answer(call: dict[str, Any]) -> dict[str, Any]:
        if "dynamodb" in call:
            return proxy.pipe_call(call)
        return await gateway.worker_call(call)

    return answer

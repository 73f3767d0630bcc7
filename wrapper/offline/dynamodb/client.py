"""A boto3 DynamoDB client answered by an ``Engine`` in this process: wrapper's own view of the tables.

``wrapper dev`` uses it to create, restore and save tables (unmetered: it is not the
handlers' traffic), tests use it to look inside. botocore still validates and
serialises each request and parses each answer; only the HTTP send is replaced.
"""

from __future__ import annotations

import io
import json
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from urllib3.response import HTTPResponse

from wrapper.offline.dynamodb.engine import Engine


def engine_client(engine: Engine) -> Any:
    client: Any = boto3.client(
        "dynamodb",
        endpoint_url="http://dynamodb.embedded.invalid",  # never contacted
        region_name=engine.region,
        aws_access_key_id="offline",
        aws_secret_access_key="offline",
    )

    def answer(request: Any, **_: Any) -> AWSResponse:
        target = request.headers["X-Amz-Target"]
        operation = (target.decode() if isinstance(target, bytes) else target).rsplit(".", 1)[-1]
        status, payload = engine.handle(operation, json.loads(request.body or b"{}"))
        headers: Any = {"Content-Type": "application/x-amz-json-1.0"}
        return AWSResponse(request.url, status, headers, HTTPResponse(body=io.BytesIO(json.dumps(payload).encode()), preload_content=False))

    client.meta.events.register("before-send.dynamodb", answer)
    return client

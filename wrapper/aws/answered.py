"""A boto3 client whose requests are answered in this process instead of sent.

botocore still validates and serialises each request and parses each answer, so callers
see exactly what a real endpoint would give them; only the HTTP send is replaced.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

from wrapper.aws.clients import OFFLINE_CREDENTIALS, client

# (operation, JSON body) -> (HTTP status, JSON payload), for JSON-protocol services such as DynamoDB
Answer = Callable[[str, dict[str, Any]], tuple[int, dict[str, Any]]]


def answered_client(service: str, region: str, answer: Answer, *, content_type: str = "application/x-amz-json-1.0") -> Any:
    from botocore.awsrequest import AWSResponse
    from urllib3.response import HTTPResponse

    answered = client(
        service, region, endpoint_url=f"http://{service}.embedded.invalid", credentials=OFFLINE_CREDENTIALS
    )  # never contacted

    def send(request: Any, **_: Any) -> AWSResponse:
        target = request.headers["X-Amz-Target"]
        operation = (target.decode() if isinstance(target, bytes) else target).rsplit(".", 1)[-1]
        status, payload = answer(operation, json.loads(request.body or b"{}"))
        body = HTTPResponse(body=io.BytesIO(json.dumps(payload).encode()), preload_content=False)
        headers: Any = {"Content-Type": content_type}  # botocore reads it as a mapping
        return AWSResponse(request.url, status, headers, body)

    answered.meta.events.register(f"before-send.{service}", send)
    return answered

"""DynamoDB requests to `wrapper dev`'s endpoint written byte by byte, signed as boto3 signs them.

boto3 cannot send a broken body, an odd header or no signature at all; these helpers can, so
a test can check what the endpoint answers to exactly what a client sent.
"""

from __future__ import annotations

import http.client
import json
from typing import Any

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from wrapper import aws
from wrapper.offline import DevServer

PATH = "/__aws/dynamodb"


def signed_headers(server: DevServer, operation: str, body: bytes) -> dict[str, str]:
    """The headers boto3 would send for ``body``: target, JSON type, X-Amz-Date and a SigV4 Authorization."""
    url = f"http://127.0.0.1:{server.port}{PATH}"
    request = AWSRequest(
        "POST", url, data=body, headers={"X-Amz-Target": f"DynamoDB_20120810.{operation}", "Content-Type": "application/x-amz-json-1.0"}
    )
    keys = aws.OFFLINE_CREDENTIALS
    SigV4Auth(Credentials(keys["aws_access_key_id"], keys["aws_secret_access_key"]), "dynamodb", server.config.region).add_auth(request)
    return {name: str(value) for name, value in request.headers.items()}


def post(server: DevServer, headers: dict[str, str], body: bytes, path: str = PATH) -> tuple[int, dict[str, str], bytes]:
    """POST ``body`` to ``path`` with exactly ``headers`` (and Host); the status, lower-cased headers and body."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request("POST", path, body=body, headers={"Host": f"127.0.0.1:{server.port}", **headers})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def error_of(body: bytes) -> tuple[str, str]:
    """The error's code (``__type`` after its ``#``) and message."""
    payload: dict[str, Any] = json.loads(body)
    return payload["__type"].rsplit("#", 1)[-1], payload.get("message", "")

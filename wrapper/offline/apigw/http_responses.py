"""How API Gateway's HTTP API turns a Lambda result (payload format 2.0) into the HTTP response.

- a JSON object with ``statusCode``: used as given: ``headers`` (one value each), ``cookies``
  (each a ``Set-Cookie``), ``body`` (base64-decoded when ``isBase64Encoded``);
- anything else the function returned (a string, a number, an object without ``statusCode``):
  200, ``content-type: application/json``, and the value as the body (a string as it is, other
  values as JSON);
- a function error (also the function's own timeout) or a malformed result: 500
  ``{"message":"Internal Server Error"}``.
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html)
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class GatewayResponse:
    status: int
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""


def gateway_error(status: int, message: str) -> GatewayResponse:
    """API Gateway's own answers: ``{"message": ...}`` as JSON."""
    return GatewayResponse(status, [("content-type", "application/json")], json.dumps({"message": message}, separators=(",", ":")).encode())


INTERNAL_ERROR = gateway_error(500, "Internal Server Error")
NOT_FOUND = gateway_error(404, "Not Found")
TIMED_OUT = gateway_error(503, "Service Unavailable")
TOO_MANY = gateway_error(429, "Too Many Requests")
TOO_LARGE = gateway_error(413, "Request Entity Too Large")


def lambda_response(result: Any) -> GatewayResponse:
    if not (isinstance(result, dict) and "statusCode" in result):
        body = result if isinstance(result, str) else json.dumps(result)
        return GatewayResponse(200, [("content-type", "application/json")], body.encode())
    try:
        return _given(result)
    except (TypeError, ValueError, binascii.Error):
        return INTERNAL_ERROR


def _given(result: dict[str, Any]) -> GatewayResponse:
    status = result["statusCode"]
    if isinstance(status, bool) or not isinstance(status, int | str) or not 100 <= int(status) <= 599:
        raise ValueError("statusCode")
    headers: list[tuple[str, str]] = []
    for name, value in (result.get("headers") or {}).items():
        if not isinstance(name, str) or isinstance(value, dict | list):
            raise TypeError("headers")
        headers.append((name, _text(value)))
    for cookie in result.get("cookies") or []:
        if not isinstance(cookie, str):
            raise TypeError("cookies")
        headers.append(("set-cookie", cookie))
    body = result.get("body")
    if body is None:
        raw = b""
    elif not isinstance(body, str):
        raise TypeError("body")
    elif result.get("isBase64Encoded"):
        raw = base64.b64decode(body, validate=True)
    else:
        raw = body.encode()
    return GatewayResponse(int(status), headers, raw)


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)

"""What `wrapper dev`'s DynamoDB endpoint checks of a request's signature: that there is one, made about now.

A request without SigV4 authentication is refused with MissingAuthenticationTokenException,
and one whose ``X-Amz-Date`` is more than 15 minutes from the server's clock with
InvalidSignatureException, in DynamoDB's words and with its HTTP 400
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html,
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html). Every SDK signs, so only
hand-written requests meet these, and they would meet them in the cloud too.

The signature itself is not verified, as DynamoDB Local does not verify it: developers point
scripts at `wrapper dev` with their real profiles, whose secret the endpoint cannot know and
should never hold (docs/decisions.md, "The offline DynamoDB endpoint checks that a request is
signed, not who signed it").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

SKEW = timedelta(minutes=15)
_CORAL = "com.amazon.coral.service#"
_STAMP = "%Y%m%dT%H%M%SZ"


def refusal(headers: Mapping[str, str], query: Mapping[str, str], now: datetime) -> dict[str, Any] | None:
    """DynamoDB's error body for a request it would not authenticate, or None for one it would go on to check."""
    if "Authorization" not in headers and "X-Amz-Signature" not in query:
        return {"__type": _CORAL + "MissingAuthenticationTokenException", "message": "Request is missing Authentication Token"}
    stamp = headers.get("X-Amz-Date") or query.get("X-Amz-Date")
    try:
        signed = datetime.strptime(stamp or "", _STAMP).replace(tzinfo=UTC)
    except ValueError:
        return None  # a Date header instead, or none: the signature check DynamoDB does next is not done offline
    if signed < now - SKEW:
        return _invalid(f"Signature expired: {stamp} is now earlier than {_at(now - SKEW)} ({_at(now)} - 15 min.)")
    if signed > now + SKEW:
        return _invalid(f"Signature not yet current: {stamp} is still later than {_at(now + SKEW)} ({_at(now)} + 15 min.)")
    return None


def _invalid(message: str) -> dict[str, Any]:
    return {"__type": _CORAL + "InvalidSignatureException", "message": message}


def _at(moment: datetime) -> str:
    return moment.strftime(_STAMP)

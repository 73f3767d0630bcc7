"""DynamoDB's errors as the JSON protocol carries them: HTTP 400 and a ``__type`` botocore turns into the exception class."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

_PREFIX = "com.amazonaws.dynamodb.v20120810#"


class DynamoError(Exception):
    def __init__(self, code: str, message: str, status: int = 400, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.extra = extra or {}

    def body(self) -> dict[str, Any]:
        return {"__type": _PREFIX + self.code, "message": self.message, **self.extra}


def validation(message: str) -> DynamoError:
    return DynamoError("ValidationException", message)


def check_enum(value: Any, where: str, allowed: Sequence[str]) -> None:
    """DynamoDB's constraint error unless ``value`` is one of ``allowed`` (listed in the order DynamoDB names them)."""
    if value not in allowed:
        raise validation(
            f"1 validation error detected: Value '{value}' at '{where}' failed to satisfy constraint: "
            f"Member must satisfy enum value set: [{', '.join(allowed)}]"
        )


def not_found() -> DynamoError:
    return DynamoError("ResourceNotFoundException", "Requested resource not found")


def condition_failed(old: dict[str, Any] | None = None) -> DynamoError:
    return DynamoError("ConditionalCheckFailedException", "The conditional request failed", extra={"Item": old} if old else None)

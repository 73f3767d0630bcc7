"""$default: anything that is not a known action gets an error naming the valid ones."""

from __future__ import annotations

from typing import Any

from common import protocol


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return {"statusCode": 200, "body": protocol.error("unknown_action", f"valid actions: {', '.join(protocol.ACTIONS)}")}

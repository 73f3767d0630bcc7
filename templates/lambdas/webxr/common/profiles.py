"""Players' profiles (display name, avatar colour) in the ``profiles`` table, keyed by the token's ``sub``."""

from __future__ import annotations

import os
from typing import Any

import boto3

_client: Any = None


def _ddb() -> Any:
    global _client
    if _client is None:
        _client = boto3.client("dynamodb")
    return _client


def enabled() -> bool:
    """Whether this function may use the profiles table (wrapper.toml: tables = [..., "profiles"])."""
    return bool(os.environ.get("PROFILES_TABLE"))


def load(sub: str) -> dict[str, str] | None:
    if not enabled():
        return None
    item = _ddb().get_item(TableName=os.environ["PROFILES_TABLE"], Key={"sub": {"S": sub}}).get("Item")
    if item is None:
        return None
    return {key: value["S"] for key, value in item.items() if "S" in value and key != "sub"}


def save(sub: str, display_name: str, colour: str | None) -> None:
    item = {"sub": {"S": sub}, "displayName": {"S": display_name}, **({"colour": {"S": colour}} if colour else {})}
    _ddb().put_item(TableName=os.environ["PROFILES_TABLE"], Item=item)

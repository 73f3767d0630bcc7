"""Every item of a listing, through boto3's paginators (they know each API's token names)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def paginate(client: Any, operation: str, key: str, **kwargs: Any) -> Iterator[Any]:
    """Yield ``page[key]`` items of every page of ``operation`` (a snake_case method name)."""
    for page in client.get_paginator(operation).paginate(**kwargs):
        yield from page.get(key, [])

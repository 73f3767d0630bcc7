"""API Gateway's route selection for WebSocket messages.

A JSON body is matched on the route selection expression (``$request.body.action``
or any dotted path under ``$request.body``); a body that is not JSON, or whose value
matches no route, goes to ``$default``; with no ``$default`` there is no route.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from typing import Any

from wrapper.errors import ConfigError

_PREFIX = "$request.body."


def body_path(expression: str) -> tuple[str, ...]:
    expression = expression.strip()
    if expression.startswith("${") and expression.endswith("}"):
        expression = "$" + expression[2:-1]
    if not expression.startswith(_PREFIX) or len(expression) == len(_PREFIX):
        raise ConfigError(
            f"route selection expression {expression!r} is not supported offline",
            "use $request.body.<field>, e.g. $request.body.action",
        )
    return tuple(expression[len(_PREFIX) :].split("."))


def select_route(path: tuple[str, ...], body: str | None, routes: Collection[str]) -> str | None:
    """The route key a message goes to, or None when API Gateway would find none."""
    key = _route_value(path, body)
    if key is not None and key in routes and not key.startswith("$"):
        return key
    return "$default" if "$default" in routes else None


def _route_value(path: tuple[str, ...], body: str | None) -> str | None:
    if body is None:
        return None
    try:
        node: Any = json.loads(body)
    except ValueError:
        return None
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    if isinstance(node, bool) or node is None or isinstance(node, dict | list):
        return None
    return str(node)

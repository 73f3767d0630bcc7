"""HTTP API route keys (``"GET /rooms/{id}"``) parsed and checked by API Gateway's rules.

Pure. A route key is ``METHOD /path`` or ``$default``; the method is one of API Gateway HTTP API's
(or ``ANY``); the path is ``/`` or ``/``-separated segments, each a literal or one whole
``{name}`` parameter, and a greedy ``{name+}`` only as the last segment
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html).
Two keys that differ only in parameter names are the same route to API Gateway (it refuses the
second), so ``shape`` compares them with the names blanked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

METHODS = ("ANY", "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")
DEFAULT_ROUTE = "$default"
_LITERAL = re.compile(r"^[A-Za-z0-9._~\-:@!$&'()*,;=]+$")
_PARAMETER = re.compile(r"^\{([A-Za-z_][A-Za-z0-9_]*)(\+?)\}$")


class BadRoute(ValueError):
    """A route key API Gateway would refuse: ``str()`` says why, ``hint`` how to write it."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.hint = hint


@dataclass(frozen=True)
class HttpRoute:
    """One parsed route key; ``method`` and ``path`` are empty for ``$default``."""

    key: str
    method: str
    path: str
    parameters: tuple[str, ...]
    greedy: bool

    @property
    def is_default(self) -> bool:
        return self.key == DEFAULT_ROUTE

    @property
    def shape(self) -> str:
        """The key with parameter names blanked: equal shapes are one route to API Gateway."""
        return re.sub(r"\{[^}+]*(\+?)\}", r"{\1}", self.key)


def parse_route(key: str) -> HttpRoute:
    if key == DEFAULT_ROUTE:
        return HttpRoute(key, "", "", (), False)
    method, space, path = key.partition(" ")
    if not space or " " in path:
        raise BadRoute(f"route {key!r} is not 'METHOD /path'", 'write it like "GET /rooms/{id}" (one space), or "$default"')
    if method not in METHODS:
        close = method.upper() if method.upper() in METHODS else None
        raise BadRoute(
            f"route {key!r}: {method!r} is not an HTTP API method" + (f"; did you mean {close!r}?" if close else ""),
            f"use one of {', '.join(METHODS)}",
        )
    if not path.startswith("/"):
        raise BadRoute(f"route {key!r}: the path must start with '/'", f'write "{method} /{path}"')
    if path == "/":
        return HttpRoute(key, method, path, (), False)
    segments = path[1:].split("/")
    names: list[str] = []
    greedy = False
    for i, segment in enumerate(segments):
        parameter = _PARAMETER.match(segment)
        if parameter:
            name, plus = parameter.groups()
            if plus and i != len(segments) - 1:
                raise BadRoute(
                    f"route {key!r}: the greedy {{{name}+}} must be the last segment",
                    f'end the path with it, e.g. "{method} /files/{{{name}+}}"',
                )
            if name in names:
                raise BadRoute(f"route {key!r}: path parameter {{{name}}} appears twice", "give each path parameter its own name")
            names.append(name)
            greedy = bool(plus)
        elif not segment:
            raise BadRoute(f"route {key!r}: empty path segment (// or a trailing /)", "remove the extra '/'")
        elif "{" in segment or "}" in segment:
            raise BadRoute(
                f"route {key!r}: {segment!r} is not a path parameter",
                "a parameter is a whole segment: {name} (letters, digits, '_') or {name+} last",
            )
        elif not _LITERAL.match(segment):
            raise BadRoute(
                f"route {key!r}: {segment!r} has characters a route path may not hold", "use letters, digits and . _ ~ - in paths"
            )
    return HttpRoute(key, method, path, tuple(names), greedy)

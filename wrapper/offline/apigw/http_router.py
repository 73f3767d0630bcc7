"""Which HTTP API route a request takes, by API Gateway's precedence.

API Gateway picks the most specific match: a route whose path matches literally beats one with
path variables, which beats a greedy ``{name+}``; for equal paths a route naming the method beats
``ANY``; ``$default`` takes what nothing else matches
(https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-routes.html).
Matching is case-sensitive and on the percent-encoded path, segment by segment; parameter
values are handed over decoded. No route: 404 ``{"message":"Not Found"}`` whether or not the
path exists under another method (HTTP APIs answer no 405).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from wrapper.config.http_routes import HttpRoute, parse_route


@dataclass(frozen=True)
class RouteMatch:
    route: HttpRoute
    function: str
    path_parameters: dict[str, str]


class HttpRouter:
    def __init__(self, routes: Mapping[str, str]) -> None:
        """``routes``: route key -> logical function name (``ProjectConfig.http_routes``)."""
        self._routes = [(parse_route(key), function) for key, function in routes.items()]

    @property
    def methods(self) -> tuple[str, ...]:
        return tuple(sorted({route.method for route, _ in self._routes if route.method}))

    def match(self, method: str, raw_path: str) -> RouteMatch | None:
        found: list[tuple[tuple[int, ...], RouteMatch]] = []
        default: RouteMatch | None = None
        for route, function in self._routes:
            if route.is_default:
                default = RouteMatch(route, function, {})
                continue
            if route.method not in (method, "ANY"):
                continue
            parameters = _match_path(route, raw_path)
            if parameters is not None:
                found.append((_rank(route), RouteMatch(route, function, parameters)))
        if found:
            return min(found, key=lambda item: item[0])[1]
        return default


def _match_path(route: HttpRoute, raw_path: str) -> dict[str, str] | None:
    if route.path == "/":
        return {} if raw_path == "/" else None
    want = route.path[1:].split("/")
    have = raw_path[1:].split("/") if raw_path.startswith("/") else [raw_path]
    parameters: dict[str, str] = {}
    for i, segment in enumerate(want):
        if segment.startswith("{") and segment.endswith("+}"):
            rest = "/".join(have[i:])
            if not rest:
                return None
            parameters[segment[1:-2]] = unquote(rest)
            return parameters
        if i >= len(have):
            return None
        if segment.startswith("{"):
            if not have[i]:
                return None
            parameters[segment[1:-1]] = unquote(have[i])
        elif segment != have[i]:
            return None
    return parameters if len(have) == len(want) else None


def _rank(route: HttpRoute) -> tuple[int, ...]:
    """Smaller is more specific: per segment literal < variable < greedy, then a named method before ANY."""
    kinds = [2 if s.endswith("+}") else 1 if s.startswith("{") else 0 for s in route.path[1:].split("/")]
    return (*kinds, 1 if route.method == "ANY" else 0)

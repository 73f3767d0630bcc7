"""The HTTP API part of the model: every function's route keys checked, owned once, and the [http] settings.

Pure; raises ``Invalid`` naming the setting so the loader points at its line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from wrapper.config.assemble import assemble, top_section
from wrapper.config.checks import Invalid
from wrapper.config.http_routes import BadRoute, parse_route
from wrapper.config.model import Function, HttpSettings

# The CORS configuration beyond the origins, the same offline and deployed: what the page sends
# (a JSON body and the signed-in player's bearer token), and how long a preflight is cached.
CORS_ALLOW_HEADERS = ("authorization", "content-type")
CORS_MAX_AGE_SECONDS = 600

# An origin is scheme://host[:port] and nothing more: browsers send exactly that in Origin.
_ORIGIN = re.compile(r"^https?://[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^https?://\[[0-9A-Fa-f:]+\](:[0-9]{1,5})?$")


def check_http_routes(functions: Mapping[str, Function]) -> None:
    """Each key well formed (API Gateway's rules) and claimed by one function only."""
    owner: dict[str, tuple[str, str]] = {}  # route shape -> (function, key as written)
    for fn in functions.values():
        path = f"functions.{fn.name}.http"
        for key in fn.http:
            try:
                route = parse_route(key)
            except BadRoute as bad:
                raise Invalid(path, str(bad), bad.hint) from None
            if route.shape in owner:
                other, written = owner[route.shape]
                same = f"route {key!r}" if written == key else f"routes {written!r} and {key!r} (the same route to API Gateway)"
                where = f"functions.{other}" if other != fn.name else f"functions.{fn.name} twice"
                raise Invalid(path, f"{same} claimed by {where} and functions.{fn.name}", "give each route to one function")
            owner[route.shape] = (fn.name, key)


def cors_methods(routes: Mapping[str, str]) -> tuple[str, ...]:
    """The methods the routes use, what CORS allows ("*" when a route takes ANY or is $default)."""
    methods = {parse_route(key).method for key in routes}
    return ("*",) if methods & {"ANY", ""} else tuple(sorted(methods))


def http_settings(raw: dict[str, Any]) -> HttpSettings:
    origins = []
    for origin in raw["cors_origins"]:
        trimmed = origin.rstrip("/")
        if origin != "*" and not _ORIGIN.match(trimmed):
            raise Invalid(
                "http.cors_origins",
                f"http.cors_origins: {origin!r} is not an origin",
                'write scheme://host[:port] with no path, e.g. "https://play.example.com", or "*"',
            )
        origins.append(trimmed.lower() if origin != "*" else origin)
    origins_once = tuple(dict.fromkeys(origins))
    rate = float(raw["throttling_rate_limit"])
    return assemble(top_section("http"), raw, HttpSettings, cors_origins=origins_once, throttling_rate_limit=rate)

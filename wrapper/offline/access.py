"""Who may talk to `wrapper dev`: the developer's handlers, scripts and pages, never another web site.

- Host allow-list, on the page server and the gateway: a site whose name an attacker points at
  127.0.0.1 (DNS rebinding) is same-origin with whatever it reaches, so its requests are refused
  (421) unless the Host names this server.
- The AWS endpoints (``/__aws/``: DynamoDB, the Secrets Manager holding ``token_key``) and
  ``@connections`` are for the handlers and the developer's scripts: loopback peers only, and no
  browser at all. A request carrying ``Origin`` (browsers add it to cross-origin and to POST
  requests) or a CORS preflight gets 403 and no ``Access-Control-*`` header, and any such header
  an upstream (moto) adds is dropped, so no page can read them. The WebSocket itself stays open to
  every origin, as API Gateway's is.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]"})
WILDCARD_ADDRESSES = frozenset({"0.0.0.0", "::", "[::]", ""})


def allowed_hosts(listen_host: str) -> frozenset[str]:
    """Host names a request to a server listening on ``listen_host`` may carry (without the port)."""
    host = listen_host.lower()
    return LOOPBACK_NAMES | ({f"[{host}]" if ":" in host and not host.startswith("[") else host} - WILDCARD_ADDRESSES)


def is_loopback(remote: str | None) -> bool:
    if not remote:
        return False
    try:
        address = ipaddress.ip_address(remote.split("%", 1)[0])
    except ValueError:
        return False
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback


def known_hosts_only(allowed: frozenset[str]) -> Middleware:
    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        host = (request.url.host or "").lower()
        if (f"[{host}]" if ":" in host else host) not in allowed:
            return web.json_response(
                {"message": f"Misdirected request: {request.host!r} is not a name of this server ({', '.join(sorted(allowed))})"},
                status=421,
            )
        return await handler(request)

    return guard


def handlers_only(prefixes: tuple[str, ...]) -> Middleware:
    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(prefixes):
            return await handler(request)
        if not is_loopback(request.remote):
            return web.json_response({"message": "Forbidden: only this machine's handlers and scripts may use this API"}, status=403)
        if "Origin" in request.headers or request.method == "OPTIONS":
            return web.json_response({"message": "Forbidden: web pages may not use this API"}, status=403)
        response = await handler(request)
        for name in [h for h in response.headers if h.lower().startswith("access-control-")]:
            del response.headers[name]
        return response

    return guard

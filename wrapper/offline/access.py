"""No web page may use `wrapper dev`'s handler-only APIs; which Host names the loopback server answers to.

The AWS endpoints (``/__aws/``: DynamoDB, the Secrets Manager holding ``token_key``) and
``@connections`` are for the handlers and the developer's scripts. ``wrapper.lan.access``
keeps them to loopback peers, but a page open in the developer's own browser *is* a loopback
peer: so a request carrying ``Origin`` (browsers add it to cross-origin and to POST requests;
boto3 never does) or a CORS preflight gets 403 and no ``Access-Control-*`` header, and any such
header an upstream (moto) adds is dropped. The WebSocket stays open to every origin, as API
Gateway's is. Without ``--lan`` the Host allow-list (``known_hosts_only``) gets the loopback
names: a site an attacker points at 127.0.0.1 (DNS rebinding) is refused.
"""

from __future__ import annotations

from aiohttp import web
from aiohttp.typedefs import Middleware

from wrapper.lan.access import Handler

LOOPBACK_NAMES = frozenset({"127.0.0.1", "localhost", "[::1]"})
WILDCARD_ADDRESSES = frozenset({"0.0.0.0", "::", "[::]", ""})


def allowed_hosts(listen_host: str) -> frozenset[str]:
    """Host names a request to a server listening on ``listen_host`` may carry (without the port)."""
    host = listen_host.lower()
    return LOOPBACK_NAMES | ({f"[{host}]" if ":" in host and not host.startswith("[") else host} - WILDCARD_ADDRESSES)


def no_browsers(prefixes: tuple[str, ...]) -> Middleware:
    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(prefixes):
            return await handler(request)
        if "Origin" in request.headers or request.method == "OPTIONS":
            return web.json_response({"message": "Forbidden: web pages may not use this API"}, status=403)
        response = await handler(request)
        for name in [h for h in response.headers if h.lower().startswith("access-control-")]:
            del response.headers[name]
        return response

    return guard

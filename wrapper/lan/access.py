"""Who may reach what on the dev server, whatever address it listens on.

The ``@connections`` API can post to, read and disconnect any player, and ``/__aws/``
reaches the embedded DynamoDB and Secrets Manager: they are for the handlers (which use
their worker's pipe or loopback) and the developer's own scripts, never for a device on
the network. A request for them from anywhere but loopback gets 403.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable

from aiohttp import web
from aiohttp.typedefs import Middleware

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


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


def loopback_only(prefixes: tuple[str, ...]) -> Middleware:
    @web.middleware
    async def guard(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path.startswith(prefixes) and not is_loopback(request.remote):
            return web.json_response({"message": "Forbidden: this API is reachable only from the machine running wrapper dev"}, status=403)
        return await handler(request)

    return guard


def known_hosts_only(allowed: frozenset[str]) -> Middleware:
    """Refuse requests whose Host names none of ``allowed`` (421): a web page on another site whose name
    an attacker points at this machine (DNS rebinding) must not be able to read the page server or open the API."""

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

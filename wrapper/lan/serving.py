"""What ``--lan`` changes in the dev server: TLS listeners, the Host allow-list, the CA page, notices."""

from __future__ import annotations

from collections.abc import Callable

from aiohttp import web

from wrapper.lan import ca_page
from wrapper.lan.access import known_hosts_only
from wrapper.lan.setup import LanSetup
from wrapper.lan.tls_site import TLSSite


class LanServing:
    def __init__(self, setup: LanSetup, page_port: int, ws_port: int, on_notice: Callable[[str], None]) -> None:
        self.setup = setup
        self.page_port = page_port
        self.ws_port = ws_port
        self.on_notice = on_notice
        self._told_untrusting: set[str] = set()

    async def listen(self, runner: web.AppRunner, hosts: list[str], port: int) -> None:
        context = self.setup.ssl_context()
        for host in hosts:
            await TLSSite(runner, host, port, context, self._plain_client, self._untrusting_client).start()

    def protect(self, app: web.Application) -> None:
        app.middlewares.append(known_hosts_only(self.setup.allowed_hosts()))

    def page_routes(self) -> list[web.RouteDef]:
        return ca_page.routes(self.setup.ca, self.setup.host, self.page_port, self.ws_port)

    def websocket_url(self, request: web.Request | None, stage: str) -> str:
        """``wss://`` on the host the page was loaded from, so one page works on localhost and every LAN name;
        only names the certificate carries (any other Host header is someone else's name)."""
        host = self.setup.host
        asked = request.url.host if request is not None else None
        if asked:
            asked = f"[{asked}]" if ":" in asked else asked
            host = asked if asked in self.setup.allowed_hosts() else host
        return f"wss://{host}:{self.ws_port}/{stage}"

    def _plain_client(self, peer: str, url: str) -> None:
        self.on_notice(f"{peer} spoke plain http/ws to a TLS port; it was told to use {url}")

    def _untrusting_client(self, peer: str) -> None:
        if peer not in self._told_untrusting:  # browsers retry; once per device is enough
            self._told_untrusting.add(peer)
            ca_url = f"{self.setup.url(self.page_port).rstrip('/')}{ca_page.PAGE_PATH}"
            self.on_notice(f"{peer} does not trust this machine's CA yet: install it there from {ca_url}")

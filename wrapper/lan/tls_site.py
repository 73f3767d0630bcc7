"""An aiohttp site that speaks TLS, and answers a plain-HTTP client with one clear sentence.

A browser or script that opens ``http://`` or ``ws://`` on a TLS port would otherwise see
a reset connection or a garbled reply. Each accepted connection's first byte is peeked
(not read): a TLS handshake (0x16) goes on to aiohttp over TLS; anything else gets a plain
``400`` that names the ``https://``/``wss://`` URL to use, and ``on_plain`` tells the
terminal.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
from collections.abc import Callable

from aiohttp import web

_TLS_HANDSHAKE = 0x16
_FIRST_BYTE_TIMEOUT = 10.0
# TLS alerts a client sends when it does not trust the certificate (OpenSSL's names for them).
_DISTRUST_ALERTS = ("ALERT_UNKNOWN_CA", "ALERT_BAD_CERTIFICATE", "ALERT_CERTIFICATE_UNKNOWN")


class TLSSite(web.BaseSite):
    __slots__ = ("_accepting", "_connections", "_host", "_listener", "_on_plain", "_on_untrusted", "_port")

    def __init__(
        self,
        runner: web.BaseRunner,
        host: str,
        port: int,
        ssl_context: ssl.SSLContext,
        on_plain: Callable[[str, str], None] = lambda _peer, _url: None,
        on_untrusted: Callable[[str], None] = lambda _peer: None,
    ) -> None:
        super().__init__(runner, ssl_context=ssl_context)
        self._host = host
        self._port = port
        self._on_plain = on_plain
        self._on_untrusted = on_untrusted
        self._listener: socket.socket | None = None
        self._accepting: asyncio.Task[None] | None = None
        self._connections: set[asyncio.Task[None]] = set()

    @property
    def name(self) -> str:
        host = f"[{self._host}]" if ":" in self._host else self._host
        return f"https://{host}:{self._port}"

    async def start(self) -> None:
        await super().start()
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        self._listener = socket.create_server((self._host, self._port), family=family, backlog=128, reuse_port=False)
        self._listener.setblocking(False)
        self._accepting = asyncio.ensure_future(self._accept(self._listener))
        self._server = _Closer(self)  # type: ignore[assignment]  # what BaseSite.stop() closes

    async def _accept(self, listener: socket.socket) -> None:
        loop = asyncio.get_running_loop()
        while True:
            sock, peer = await loop.sock_accept(listener)
            task = asyncio.ensure_future(self._serve(sock, str(peer[0])))
            self._connections.add(task)
            task.add_done_callback(self._connections.discard)

    async def _serve(self, sock: socket.socket, peer: str) -> None:
        loop = asyncio.get_running_loop()
        try:
            first = await asyncio.wait_for(_peek(loop, sock), _FIRST_BYTE_TIMEOUT)
        except (TimeoutError, OSError):
            sock.close()
            return
        if first and first[0] == _TLS_HANDSHAKE:
            server = self._runner.server
            assert server is not None and self._ssl_context is not None
            try:
                await loop.connect_accepted_socket(server, sock, ssl=self._ssl_context, ssl_handshake_timeout=_FIRST_BYTE_TIMEOUT)
            except ssl.SSLError as exc:
                sock.close()
                if any(alert in str(exc) for alert in _DISTRUST_ALERTS):
                    self._on_untrusted(peer)
            except (OSError, TimeoutError):
                sock.close()
            return
        await self._refuse_plain(loop, sock, peer)

    async def _refuse_plain(self, loop: asyncio.AbstractEventLoop, sock: socket.socket, peer: str) -> None:
        url = self.name
        with contextlib.suppress(OSError, TimeoutError):
            head = b""
            # Read the request head first: closing with unread data makes the client see a reset, not the answer.
            while b"\r\n\r\n" not in head and len(head) < 16384:
                chunk = await asyncio.wait_for(loop.sock_recv(sock, 4096), 2.0)
                if not chunk:
                    break
                head += chunk
            path = head.split(b" ", 2)[1].decode("latin-1") if head.count(b" ") >= 2 else "/"
            websocket = b"upgrade: websocket" in head.lower()
            target = f"{'wss' if websocket else 'https'}://{url.split('://', 1)[1]}{path if path.startswith('/') else '/'}"
            self._on_plain(peer, target)
            text = f"This port speaks TLS only: use {target} (wrapper dev --lan serves https and wss).\n".encode()
            reply = (
                b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n"
                + f"Content-Length: {len(text)}\r\n\r\n".encode()
                + text
            )
            await asyncio.wait_for(loop.sock_sendall(sock, reply), 2.0)
            sock.shutdown(socket.SHUT_WR)
        sock.close()

    async def close(self) -> None:
        if self._accepting is not None:
            self._accepting.cancel()
        if self._listener is not None:
            self._listener.close()
        for task in list(self._connections):
            task.cancel()


async def _peek(loop: asyncio.AbstractEventLoop, sock: socket.socket) -> bytes:
    """The first byte the client sent, left in the socket for whoever reads next."""
    ready: asyncio.Future[None] = loop.create_future()
    fd = sock.fileno()
    try:
        loop.add_reader(fd, _set_once, ready)
    except NotImplementedError:  # Windows' proactor loop: wait on a thread instead
        sock.setblocking(True)
        sock.settimeout(_FIRST_BYTE_TIMEOUT)
        data = await asyncio.to_thread(sock.recv, 1, socket.MSG_PEEK)
        sock.setblocking(False)
        return data
    try:
        await ready
    finally:
        loop.remove_reader(fd)
    return sock.recv(1, socket.MSG_PEEK)


def _set_once(ready: asyncio.Future[None]) -> None:
    if not ready.done():
        ready.set_result(None)


class _Closer:
    """The part of ``asyncio.Server`` that ``BaseSite.stop`` uses."""

    def __init__(self, site: TLSSite) -> None:
        self._site = site
        self._closing: asyncio.Task[None] | None = None

    def close(self) -> None:
        self._closing = asyncio.ensure_future(self._site.close())

    async def wait_closed(self) -> None:
        if self._closing is not None:
            await self._closing

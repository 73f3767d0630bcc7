"""The live WebSocket connections, by id."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from aiohttp import web

from wrapper.offline.apigw.events import ConnectionInfo


@dataclass
class Connection:
    info: ConnectionInfo
    ws: web.WebSocketResponse
    opened: float = field(default_factory=time.monotonic)
    last_active: float = field(default_factory=time.monotonic)
    last_active_ms: int = field(default_factory=lambda: int(time.time() * 1000))
    close_reason: str = ""
    close_code: int | None = None  # set when the server closes, so $disconnect reports the code it sent

    async def close(self, code: int, reason: str, message: bytes = b"") -> None:
        self.close_code, self.close_reason = code, reason
        await self.ws.close(code=code, message=message)

    def touch(self) -> None:
        self.last_active = time.monotonic()
        self.last_active_ms = int(time.time() * 1000)


class Registry(dict[str, Connection]):
    """Connection id -> Connection; only connections whose handshake completed are here."""

"""API Gateway's WebSocket limits."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """API Gateway's WebSocket limits; shorter values make tests fast."""

    max_message_bytes: int = 128 * 1024
    max_frame_bytes: int = 32 * 1024
    idle_timeout: float = 600.0
    max_connection_age: float = 7200.0
    integration_timeout: float = 29.0  # then the client gets "Endpoint request timed out"; the function runs on

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
    # Not API Gateway's (Lambda scales out there): messages of one connection waiting for a local
    # handler. A full queue stops reading that socket, so a flood costs its sender, not memory.
    max_queued_messages: int = 16
    integration_timeout: float = 29.0  # then the client gets "Endpoint request timed out"; the function runs on
    # The HTTP API's: 30 s at most, then 503 {"message":"Service Unavailable"}; 10 MB request payloads.
    http_integration_timeout: float = 30.0
    http_max_body_bytes: int = 10 * 1024 * 1024

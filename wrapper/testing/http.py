"""HTTP requests to the backend's HTTP API routes, for tests: status, headers and body, never an exception for 4xx/5xx."""

from __future__ import annotations

import json as jsonlib
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class HttpReply:
    status: int
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)  # names lower-cased, repeats kept (Set-Cookie)

    def header(self, name: str) -> str | None:
        values = [value for key, value in self.headers if key == name.lower()]
        return values[-1] if values else None

    def json(self) -> Any:
        return jsonlib.loads(self.body)

    @property
    def text(self) -> str:
        return self.body.decode()


def request(
    base_url: str,
    method: str,
    path: str,
    *,
    json: Any = None,
    body: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 60.0,
) -> HttpReply:
    """``json`` is sent as an application/json body; ``body`` as it is."""
    sent = dict(headers or {})
    if json is not None:
        body = jsonlib.dumps(json).encode()
        sent.setdefault("Content-Type", "application/json")
    call = urllib.request.Request(base_url + path, data=body, method=method.upper(), headers=sent)
    try:
        with urllib.request.urlopen(call, timeout=timeout) as response:
            return HttpReply(response.status, response.read(), [(k.lower(), v) for k, v in response.headers.items()])
    except urllib.error.HTTPError as refused:
        return HttpReply(refused.code, refused.read(), [(k.lower(), v) for k, v in refused.headers.items()])

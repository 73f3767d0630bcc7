"""The product's multiplayer handlers running under `wrapper dev`, with clients that speak the protocol."""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import pytest

from tests.projects import copy_project, edit_config, scaffold
from wrapper.config import load_config
from wrapper.offline import DevServer, start_dev_server
from wrapper.testing import Player as KitPlayer

TRAILING_SECONDS = 0.12  # the page: 1.2 tick periods at 10 Hz


class Player(KitPlayer):
    """The kit's player speaking the webxr protocol: says hello on connect, sends poses as the page does."""

    def __init__(self, server: DevServer, room: str, name: str, extra: str = "") -> None:
        super().__init__(server.ws_url, room=room, name=name, **dict(parse_qsl(extra.lstrip("&"))))
        self.send({"action": "hello"})
        self.welcome = self.wait_for("welcome")
        self.id: str = self.welcome["id"]

    def pose(self, x: float, seq: int = 0, **fields: Any) -> None:
        message = {"action": "pose", "seq": seq, "head": {"p": [x, 1.6, 0.0], "q": [0, 0, 0, 1]}, **fields}
        self.send(message)
        # As the page does (docs/protocol.md): the last pose again a little over one tick later, so a
        # pose that arrived after its tick's snapshot was read is carried by the next tick.
        trailing = threading.Timer(TRAILING_SECONDS, self._send_quietly, args=({**message, "seq": seq + 1},))
        trailing.daemon = True
        trailing.start()

    def _send_quietly(self, message: dict[str, Any]) -> None:
        with contextlib.suppress(Exception):  # the test may have closed the connection meanwhile
            self.send(message)

    def drain(self, seconds: float = 0.3) -> list[Any]:
        return self.receive_all(seconds)

    def wait_for(self, kind: Any, seconds: float = 10, where: Any = None) -> dict[str, Any]:  # type: ignore[override]
        if not isinstance(kind, str):
            return super().wait_for(kind, seconds)
        return super().wait_for(lambda m: m.get("type") == kind and (where is None or where(m)), seconds)


def seen_pose(message: dict[str, Any], player_id: str) -> dict[str, Any] | None:
    """The pose of ``player_id`` in a snapshot or relayed pose message."""
    if message.get("type") == "pose" and message.get("id") == player_id:
        return message["pose"]  # type: ignore[no-any-return]
    for player in message.get("players", []):
        if player["id"] == player_id:
            return player["pose"]  # type: ignore[no-any-return]
    return None


def variant(project: Path, target: Path, old: str, new: str) -> Path:
    """A copy of ``project`` with one line of its wrapper.toml changed."""
    return edit_config(copy_project(project, target), old, new)


def start(project: Path, **env: str) -> DevServer:
    return start_dev_server(load_config(project, "dev", env=env), port=0, frontend_port=0, reset=True)


@pytest.fixture(scope="module")
def webxr_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return scaffold(tmp_path_factory.mktemp("mp") / "world", service="world")


@pytest.fixture(scope="module")
def snapshot_server(webxr_project: Path) -> Iterator[DevServer]:
    server = start(webxr_project)
    try:
        yield server
    finally:
        server.stop()

"""The handlers' settings, from the environment Terraform (or `wrapper dev`) gives every function."""

from __future__ import annotations

import os
from dataclasses import dataclass

# A connection's hello is answered at most this often (each costs a room query; only the first announces).
HELLO_INTERVAL_MS = 1000


@dataclass(frozen=True)
class Settings:
    fanout: str
    tick_hz: float
    max_pose_rate: float
    default_room: str
    auth: bool
    player_ttl_seconds: int
    connections_table: str
    players_table: str
    secret_id: str

    @property
    def tick_ms(self) -> int:
        return int(1000 / self.tick_hz)

    @property
    def min_pose_interval_ms(self) -> int:
        # A little slack under the exact interval so a client at the limit is not refused for jitter.
        return int(800 / self.max_pose_rate)

    def public(self) -> dict[str, object]:
        return {"fanout": self.fanout, "tickHz": self.tick_hz, "maxPoseRate": self.max_pose_rate}


def load() -> Settings:
    env = os.environ
    return Settings(
        fanout=env.get("MULTIPLAYER_FANOUT", "snapshot"),
        tick_hz=float(env.get("MULTIPLAYER_TICK_HZ", "10")),
        max_pose_rate=float(env.get("MULTIPLAYER_MAX_POSE_RATE", "30")),
        default_room=env.get("MULTIPLAYER_DEFAULT_ROOM", "lobby"),
        auth=env.get("MULTIPLAYER_AUTH", "false") == "true",
        player_ttl_seconds=int(env.get("MULTIPLAYER_PLAYER_TTL_SECONDS", "7200")),
        connections_table=env["CONNECTIONS_TABLE"],
        players_table=env["PLAYERS_TABLE"],
        secret_id=env.get("SECRET_ID", ""),
    )

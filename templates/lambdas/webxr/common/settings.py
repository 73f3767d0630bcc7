"""The handlers' settings, from the environment Terraform (or `wrapper dev`) gives every function."""

from __future__ import annotations

import os
from dataclasses import dataclass

# BEGIN generated from wrapper/config/schema.py (python -m wrapper.config.generated); do not edit
DEFAULTS = {
    "MULTIPLAYER_FANOUT": "snapshot",
    "MULTIPLAYER_TICK_HZ": "10",
    "MULTIPLAYER_MAX_POSE_RATE": "30",
    "MULTIPLAYER_DEFAULT_ROOM": "lobby",
    "MULTIPLAYER_AUTH": "false",
    "MULTIPLAYER_PLAYER_TTL_SECONDS": "7200",
}
# END generated


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
    env = {**DEFAULTS, **os.environ}
    return Settings(
        fanout=env["MULTIPLAYER_FANOUT"],
        tick_hz=float(env["MULTIPLAYER_TICK_HZ"]),
        max_pose_rate=float(env["MULTIPLAYER_MAX_POSE_RATE"]),
        default_room=env["MULTIPLAYER_DEFAULT_ROOM"],
        auth=env["MULTIPLAYER_AUTH"] == "true",
        player_ttl_seconds=int(env["MULTIPLAYER_PLAYER_TTL_SECONDS"]),
        connections_table=env["CONNECTIONS_TABLE"],
        players_table=env["PLAYERS_TABLE"],
        secret_id=env.get("SECRET_ID", ""),
    )

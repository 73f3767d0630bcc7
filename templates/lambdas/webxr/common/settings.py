"""The handlers' settings, from the environment Terraform (or `wrapper dev`) gives every function.

The multiplayer settings (names, variables, types, defaults) are generated from wrapper's
schema into the block below, so a setting added to wrapper.toml's schema arrives here as an
attribute of ``Settings`` without editing this file.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import make_dataclass

# BEGIN generated from wrapper/config/schema.py (python -m wrapper.config.generated); do not edit
# (attribute, environment variable, type, value when the variable is unset)
SETTINGS = (
    ("fanout", "MULTIPLAYER_FANOUT", "str", "snapshot"),
    ("tick_hz", "MULTIPLAYER_TICK_HZ", "float", "10"),
    ("max_pose_rate", "MULTIPLAYER_MAX_POSE_RATE", "float", "30"),
    ("default_room", "MULTIPLAYER_DEFAULT_ROOM", "str", "lobby"),
    ("auth", "MULTIPLAYER_AUTH", "bool", "false"),
    ("player_ttl_seconds", "MULTIPLAYER_PLAYER_TTL_SECONDS", "int", "7200"),
    ("max_objects", "MULTIPLAYER_MAX_OBJECTS", "int", "32"),
)
# END generated

DEFAULTS = {variable: default for _, variable, _, default in SETTINGS}
_TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool}
_PARSE: dict[str, Callable[[str], object]] = {"str": str, "int": int, "float": float, "bool": lambda text: text == "true"}
# Per stage, not from wrapper.toml: the tables' and the secret's names.
RESOURCES = (("connections_table", "CONNECTIONS_TABLE"), ("players_table", "PLAYERS_TABLE"), ("secret_id", "SECRET_ID"))

# A connection's hello is answered at most this often (each costs a room query; only the first announces).
HELLO_INTERVAL_MS = 1000


class _Derived:
    tick_hz: float
    max_pose_rate: float
    fanout: str
    max_objects: int

    @property
    def tick_ms(self) -> int:
        return int(1000 / self.tick_hz)

    @property
    def min_pose_interval_ms(self) -> int:
        # A little slack under the exact interval so a client at the limit is not refused for jitter.
        return int(800 / self.max_pose_rate)

    def public(self) -> dict[str, object]:
        return {"fanout": self.fanout, "tickHz": self.tick_hz, "maxPoseRate": self.max_pose_rate, "maxObjects": self.max_objects}


Settings = make_dataclass(
    "Settings",
    [(name, _TYPES[kind]) for name, _, kind, _ in SETTINGS] + [(name, str) for name, _ in RESOURCES],
    bases=(_Derived,),
    frozen=True,
)


def load() -> Settings:
    env = {**DEFAULTS, "SECRET_ID": "", **os.environ}
    values = {name: _PARSE[kind](env[variable]) for name, variable, kind, _ in SETTINGS}
    values.update({name: env[variable] for name, variable in RESOURCES})
    return Settings(**values)

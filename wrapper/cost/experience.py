"""What the simulated players experienced: messages, snapshots and the age of the poses in them.

Pose age runs from the server storing a pose to a player receiving it; ``stages`` splits it where
it goes (the bench prints them), see ``Experience``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wrapper.cost.quality import percentile

# JSON as the players receive it: with orjson where it is installed (the bench's players decode 500
# snapshots of 12 KB a second at N = 50, orjson in a quarter of the standard library's time).
loads: Callable[[str | bytes], Any] = json.loads
try:
    import orjson

    loads = orjson.loads
except ImportError:  # an optional speed-up: the standard library decodes the same
    pass
STAGES = ("to_store", "to_tick", "to_receiver", "first_age")


@dataclass
class Experience:
    poses_sent: int = 0
    messages_received: int = 0
    ages_ms: list[float] = field(default_factory=list)
    snapshots_per_player: list[int] = field(default_factory=list)
    move_ages_ms: list[float] = field(default_factory=list)  # held objects' placements, as received
    # Where a snapshot's pose age goes (ms): "to_store" the sender sending -> the server storing it
    # (not in the age), "to_tick" storing -> the tick's claim, per pose as received; "to_receiver" the
    # claim -> this receiver, per snapshot; "first_age" each pose once per receiver, the first time
    # it is newer than what the receiver had (``ages_ms``: every copy).
    stages: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in STAGES})
    since_ms: float = 0.0  # poses stored before this (a warm-up's) are not counted

    def move_age_percentile(self, q: float) -> float:
        return percentile(self.move_ages_ms, q)

    def age_percentile(self, q: float) -> float:
        return percentile(self.ages_ms, q)


def ages(now: float, entries: list[Any]) -> list[float]:
    return [now - e["t"] for e in entries if isinstance(e, dict) and isinstance(e.get("t"), int | float) and e.get("t")]


def seen_snapshot(
    seen: Experience,
    now: float,
    snapshot: dict[str, Any],
    sent_at: dict[tuple[int, int], float],
    index_of: dict[str, int],
    latest: dict[str, int],
) -> None:
    """A snapshot's poses' ages, and where they went (``Experience.stages``): at 50 players this runs 500
    times a second over 50 entries, in the players' one process, so it stays lean. A pose is new to its
    receiver when its seq is above the newest one received from that sender (an older one is stale)."""
    since = seen.since_ms
    entries = [e for e in snapshot.get("players", ()) if isinstance(e, dict) and isinstance(e.get("t"), int | float) and e["t"] > since]
    stored = [e["t"] for e in entries]
    seen.ages_ms.extend([now - t for t in stored])
    tick_at = snapshot.get("t")
    if isinstance(tick_at, int | float):
        seen.stages["to_receiver"].append(now - tick_at)
        seen.stages["to_tick"].extend([tick_at - t for t in stored])
    first_age, to_store = seen.stages["first_age"], seen.stages["to_store"]
    for entry in entries:
        who, seq = entry.get("id"), entry.get("seq")
        if isinstance(who, str) and isinstance(seq, int) and seq > latest.get(who, -1):
            latest[who] = seq
            first_age.append(now - entry["t"])
            sent = sent_at.get((index_of.get(who, -1), seq))
            if sent is not None:
                to_store.append(entry["t"] - sent)

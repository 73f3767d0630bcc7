"""The wire protocol (docs/protocol.md): validating what clients send, building what they get.

Pure functions only, so they are tested without AWS.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

ACTIONS = ("hello", "pose")
MAX_POSE_BYTES = 2048
MAX_COORDINATE = 10_000.0
MAX_BRACKETS = 64
MAX_SEQ = 2**53 - 1  # exact in JavaScript (the page) and well inside DynamoDB's 38 digits
_ROOM = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
_NAME_CHARS = re.compile(r"[^\w .-]+", re.UNICODE)
PARTS = ("head", "left", "right")


class Rejected(Exception):
    """A client message that breaks the protocol; the client gets an ``error`` and stays connected."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


def room_name(raw: str | None, default: str) -> str:
    if raw is None or raw == "":
        return default
    if not _ROOM.match(raw):
        raise Rejected("bad_room", "room names are 1-32 letters, digits, '-' or '_'")
    return raw


def player_name(raw: str | None, player_id: str) -> str:
    cleaned = _NAME_CHARS.sub("", raw or "").strip()[:24]
    return cleaned or f"player-{player_id[:4]}"


def _vector(value: Any, size: int, field: str) -> list[float]:
    if not isinstance(value, list) or len(value) != size:
        raise Rejected("bad_pose", f"{field} must be an array of {size} numbers")
    out = []
    for number in value:
        # An int is never NaN or infinite, and one of many digits has no float (OverflowError).
        if isinstance(number, bool) or not isinstance(number, int | float) or (isinstance(number, float) and not math.isfinite(number)):
            raise Rejected("bad_pose", f"{field} must hold finite numbers")
        if abs(number) > MAX_COORDINATE:
            raise Rejected("bad_pose", f"{field} is out of range (|x| <= {MAX_COORDINATE:g})")
        out.append(round(float(number), 4))
    return out


def _part(value: Any, field: str) -> dict[str, list[float]]:
    if not isinstance(value, dict) or set(value) - {"p", "q"} or "p" not in value or "q" not in value:
        raise Rejected("bad_pose", f"{field} must be an object with p (position) and q (quaternion)")
    q = _vector(value["q"], 4, f"{field}.q")
    length = math.sqrt(sum(c * c for c in q))
    if not 0.5 <= length <= 1.5:
        raise Rejected("bad_pose", f"{field}.q must be a unit quaternion")
    return {"p": _vector(value["p"], 3, f"{field}.p"), "q": q}


def parse_pose(body: str) -> tuple[int, dict[str, Any]]:
    """(sequence number, pose) from a pose message, or ``Rejected``."""
    if len(body.encode()) > MAX_POSE_BYTES:
        raise Rejected("too_large", f"pose messages are limited to {MAX_POSE_BYTES} bytes")
    # A pose has a dozen brackets; never hand the parser deep nesting (a RecursionError inside it can
    # leave the interpreter's recursion bookkeeping wrong for the rest of the environment's life).
    if body.count("[") + body.count("{") > MAX_BRACKETS:
        raise Rejected("bad_pose", "the message is nested too deeply")
    try:
        message = json.loads(body)
    except ValueError:
        raise Rejected("bad_json", "the message is not JSON") from None
    if not isinstance(message, dict):
        raise Rejected("bad_pose", "a pose message is a JSON object")
    seq = message.get("seq", 0)
    if isinstance(seq, bool) or not isinstance(seq, int) or not 0 <= seq <= MAX_SEQ:
        raise Rejected("bad_pose", f"seq must be an integer from 0 to {MAX_SEQ}")
    if "head" not in message:
        raise Rejected("bad_pose", "head is required")
    pose = {part: _part(message[part], part) for part in PARTS if part in message}
    return seq, pose


def still(body: str) -> bool:
    """A valid pose message marked ``"still": true``: a heartbeat, whose pose did not change enough to show."""
    return json.loads(body).get("still") is True


def error(code: str, reason: str) -> str:
    return json.dumps({"type": "error", "code": code, "reason": reason, "validActions": list(ACTIONS)})


def welcome(player_id: str, name: str, room: str, settings: dict[str, Any], players: list[dict[str, Any]]) -> str:
    return json.dumps({"type": "welcome", "id": player_id, "name": name, "room": room, **settings, "players": players})


def joined(player_id: str, name: str) -> str:
    return json.dumps({"type": "join", "id": player_id, "name": name})


def left(player_id: str) -> str:
    return json.dumps({"type": "leave", "id": player_id})


def relayed(player_id: str, seq: int, pose: dict[str, Any], at_ms: int) -> str:
    return json.dumps({"type": "pose", "id": player_id, "seq": seq, "pose": pose, "t": at_ms})


def snapshot(room: str, tick: int, at_ms: int, players: list[dict[str, Any]]) -> str:
    return json.dumps({"type": "snapshot", "room": room, "tick": tick, "t": at_ms, "players": players})

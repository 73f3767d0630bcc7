"""The shared objects' messages (docs/protocol.md, "Shared objects"): validating and building them.

Pure functions only, so they are tested without AWS. An object's placement is ``at``:
``{"p": [x, y, z], "q": [x, y, z, w]}``, checked like a pose's parts.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from common.protocol import Rejected, load_message, placement, sequence

MAX_OBJECT_BYTES = 1024
KINDS = ("cube", "sphere", "cone")
_ID = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
CODE = "bad_object"


@dataclass(frozen=True)
class Request:
    """One object message: ``action`` on object ``id``; ``at`` and ``kind`` when the action has them."""

    action: str
    id: str
    at: dict[str, list[float]] | None = None
    kind: str | None = None
    seq: int = 0


def object_id(value: Any) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise Rejected(CODE, "id must be 1-32 letters, digits, '-' or '_'")
    return value


def parse(action: str, body: str) -> Request:
    """The request in a ``spawn``, ``grab``, ``move`` or ``drop`` message, or ``Rejected``."""
    message = load_message(body, MAX_OBJECT_BYTES, "object", CODE)
    oid = object_id(message.get("id"))
    if action == "grab":
        return Request(action, oid)
    if action == "drop":
        return Request(action, oid, placement(message["at"], "at", CODE) if "at" in message else None)
    if "at" not in message:
        raise Rejected(CODE, f"a {action} message needs at: {{p, q}}")
    at = placement(message["at"], "at", CODE)
    if action == "move":
        return Request(action, oid, at, seq=sequence(message, CODE))
    kind = message.get("kind", KINDS[0])
    if kind not in KINDS:
        raise Rejected(CODE, f"kind must be one of: {', '.join(KINDS)}")
    return Request(action, oid, at, kind=kind)


def held_in_pose(message: dict[str, Any]) -> tuple[str, dict[str, list[float]]] | None:
    """A pose's optional ``held: {id, at}`` (moving the object its sender holds, in the same message)."""
    if "held" not in message:
        return None
    held = message["held"]
    if not isinstance(held, dict) or set(held) != {"id", "at"}:
        raise Rejected(CODE, "held must be an object with id and at")
    return object_id(held["id"]), placement(held["at"], "held.at", CODE)


def view(oid: str, kind: str, at: dict[str, Any], by: str | None) -> dict[str, Any]:
    return {"id": oid, "kind": kind, "at": at, "by": by}


def spawned(thing: dict[str, Any]) -> str:
    return json.dumps({"type": "spawn", "object": thing})


def grabbed(oid: str, by: str) -> str:
    return json.dumps({"type": "grab", "id": oid, "by": by})


def moved(oid: str, by: str, seq: int, at: dict[str, Any], at_ms: int) -> str:
    return json.dumps({"type": "move", "id": oid, "by": by, "seq": seq, "at": at, "t": at_ms})


def dropped(oid: str, by: str, at: dict[str, Any], reason: str) -> str:
    """``reason``: ``let_go`` (the holder dropped it), ``left`` (the holder disconnected) or ``silent``."""
    return json.dumps({"type": "drop", "id": oid, "by": by, "at": at, "reason": reason})


def in_hand(players: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The held objects' latest placements from the room's player rows, for a snapshot."""
    return [
        {"id": h["id"], "by": p["id"], "at": h["at"], "seq": h.get("seq", 0), "t": h.get("t", 0)} for p in players if (h := p.get("held"))
    ]

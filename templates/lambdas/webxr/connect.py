"""$connect: join the room named in the URL (?room=...&name=...&token=...) with a server-assigned id.

API Gateway cannot deliver messages to a connection before $connect returns, so the
welcome (the player's id and the room's poses) answers the client's first message,
``{"action": "hello"}``; see docs/protocol.md.
"""

from __future__ import annotations

import hashlib
from typing import Any

from common import auth, protocol, settings
from common.store import Member, Store

SETTINGS = settings.load()
STORE = Store(SETTINGS)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    ctx = event["requestContext"]
    query = event.get("queryStringParameters") or {}
    try:
        room = protocol.room_name(query.get("room"), SETTINGS.default_room)
    except protocol.Rejected:
        return {"statusCode": 400}
    requested_name = query.get("name")
    if SETTINGS.auth:
        claims = auth.verify(query.get("token"), SETTINGS.secret_id)
        if claims is None:
            return {"statusCode": 401}
        requested_name = claims["player"]
    player_id = hashlib.sha256(ctx["connectionId"].encode()).hexdigest()[:10]
    STORE.add(Member(ctx["connectionId"], room, player_id, protocol.player_name(requested_name, player_id)))
    return {"statusCode": 200}

"""$connect: join the room named in the URL (?room=...&name=...) with a server-assigned id.

Who may connect: with [auth] in wrapper.toml, a signed-in player's token (``?token=`` or the
``wrapper-jwt`` subprotocol) is verified and the player is known by its ``sub`` and named by its
username, whatever the URL says; a bad token is refused (403), no token is a guest unless
multiplayer.auth requires one (401). Without [auth], multiplayer.auth requires a `wrapper token`.

API Gateway cannot deliver messages to a connection before $connect returns, so the
welcome (the player's id and the room's poses) answers the client's first message,
``{"action": "hello"}``; see docs/protocol.md.
"""

from __future__ import annotations

import hashlib
from typing import Any

from common import auth, profiles, protocol, settings, signin
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
    account: str | None = None
    headers: dict[str, str] = {}
    if signin.enabled():
        token, subprotocol = signin.presented_token(event)
        if token is not None:
            signed_in = signin.verify(token)
            if signed_in is None:
                return {"statusCode": 403}
            account = signed_in.sub
            requested_name = (profiles.load(account) or {}).get("displayName") or signed_in.username
        elif SETTINGS.auth:
            return {"statusCode": 401}
        if subprotocol is not None:
            headers["Sec-WebSocket-Protocol"] = subprotocol  # API Gateway fails the handshake without it
    elif SETTINGS.auth:
        claims = auth.verify(query.get("token"), SETTINGS.secret_id)
        if claims is None:
            return {"statusCode": 401}
        requested_name = claims["player"]
    player_id = hashlib.sha256(ctx["connectionId"].encode()).hexdigest()[:10]
    STORE.add(Member(ctx["connectionId"], room, player_id, protocol.player_name(requested_name, player_id), account))
    return {"statusCode": 200, "headers": headers} if headers else {"statusCode": 200}

"""GET /me and PUT /me: the signed-in player's profile (display name, avatar colour), keyed by the token's ``sub``.

Served by the HTTP API behind its JWT authorizer (every route not in auth.public_routes), so the
player is whoever the verified token says: ``requestContext.authorizer.jwt.claims``, never the body.
Enable it in wrapper.toml with a ``profiles`` table (hash_key "sub") and a function ``me.handler``
with ``http = ["GET /me", "PUT /me"]``; $connect then names the player by the stored display name.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

from common import profiles, protocol

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if event.get("routeKey") not in ("GET /me", "PUT /me"):
        return _json(404, {"message": "Not Found"})
    claims = ((event.get("requestContext") or {}).get("authorizer") or {}).get("jwt", {}).get("claims") or {}
    sub = claims.get("sub")
    if not sub:
        return _json(401, {"message": "Unauthorized"})  # reached without the authorizer: refuse rather than guess
    username = claims.get("username") or claims.get("cognito:username") or ""
    if event["requestContext"]["http"]["method"] == "PUT":
        try:
            raw = event.get("body") or "{}"
            wanted = json.loads(base64.b64decode(raw) if event.get("isBase64Encoded") else raw)
        except ValueError:
            return _json(400, {"message": 'the body must be JSON: {"displayName": ..., "colour": "#rrggbb"}'})
        if not isinstance(wanted, dict):
            return _json(400, {"message": "the body must be a JSON object"})
        name = protocol.player_name(str(wanted.get("displayName") or ""), sub)
        colour = str(wanted.get("colour") or "")
        if colour and not _COLOUR.match(colour):
            return _json(400, {"message": "colour must be #rrggbb"})
        profiles.save(sub, name, colour or None)
        return _json(200, {"sub": sub, "displayName": name, "colour": colour or None})
    stored = profiles.load(sub) or {}
    return _json(200, {"sub": sub, "displayName": stored.get("displayName") or username, "colour": stored.get("colour")})


def _json(status: int, body: dict[str, Any]) -> dict[str, Any]:
    return {"statusCode": status, "headers": {"content-type": "application/json"}, "body": json.dumps(body)}

"""$disconnect: leave the room and tell the others."""

from __future__ import annotations

from typing import Any

from common import gateway, rooms, settings
from common.store import Store

SETTINGS = settings.load()
STORE = Store(SETTINGS)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    me = STORE.member(event["requestContext"]["connectionId"])
    if me is not None:
        rooms.leave(STORE, gateway.client(event), me)
    return {"statusCode": 200}

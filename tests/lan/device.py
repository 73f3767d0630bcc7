"""What a headset or phone does on the network, run inside the test's namespace.

``python -m tests.lan.device fetch URL [--cafile F] [--method M] [--host H]`` prints
``{"status", "body"}``; ``python -m tests.lan.device ws URL [--cafile F]`` opens the
WebSocket, says hello and prints the first reply or the refusal. ``--cafile`` stands in
for the CA installed on the device; without it plain http/ws are spoken.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import ssl
import sys
import urllib.error
import urllib.request
from typing import Any


def _context(cafile: str | None) -> ssl.SSLContext | None:
    return ssl.create_default_context(cafile=cafile) if cafile else None


def fetch(url: str, cafile: str | None, method: str, host: str | None) -> dict[str, Any]:
    request = urllib.request.Request(url, method=method, data=b"hello" if method == "POST" else None)
    if host:
        request.add_header("Host", host)
    try:
        with urllib.request.urlopen(request, context=_context(cafile), timeout=10) as response:
            return {"status": response.status, "body": response.read().decode()}
    except urllib.error.HTTPError as err:
        return {"status": err.code, "body": err.read().decode()}
    except (urllib.error.URLError, OSError) as err:
        return {"status": None, "error": str(getattr(err, "reason", err))}


async def websocket(url: str, cafile: str | None) -> dict[str, Any]:
    import websockets
    from websockets.exceptions import InvalidStatus

    try:
        async with websockets.connect(url, ssl=_context(cafile), open_timeout=10) as ws:
            await ws.send(json.dumps({"action": "hello"}))
            return {"open": True, "reply": json.loads(await asyncio.wait_for(ws.recv(), 10))}
    except InvalidStatus as err:
        return {"open": False, "status": err.response.status_code, "body": err.response.body.decode(errors="replace")}
    except (OSError, ssl.SSLError) as err:
        return {"open": False, "error": str(err)}


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["fetch", "ws"])
    parser.add_argument("url")
    parser.add_argument("--cafile")
    parser.add_argument("--method", default="GET")
    parser.add_argument("--host")
    args = parser.parse_args(argv)
    answers = {
        "fetch": lambda: fetch(args.url, args.cafile, args.method, args.host),
        "ws": lambda: asyncio.run(websocket(args.url, args.cafile)),
    }
    print(json.dumps(answers[args.what]()))


if __name__ == "__main__":
    main(sys.argv[1:])

"""Fan-out through handlers at a moderate size: every post arrives, whichever environment sent it."""

from __future__ import annotations

import json
import threading
from contextlib import ExitStack

from websockets.sync.client import connect

from wrapper.offline import DevServer


def test_every_message_fanned_out_by_handlers_arrives(shared_dev: DevServer) -> None:
    players, rounds = 6, 5
    with ExitStack() as stack:
        sockets = [stack.enter_context(connect(shared_dev.ws_url)) for _ in range(players)]
        ids = []
        for ws in sockets:
            ws.send(json.dumps({"action": "whoami"}))
            ids.append(json.loads(ws.recv(timeout=30))["id"])
        received: list[list[str]] = [[] for _ in range(players)]

        def read(i: int) -> None:
            while len(received[i]) < (players - 1) * rounds:
                received[i].append(str(sockets[i].recv(timeout=60)))

        readers = [threading.Thread(target=read, args=(i,), daemon=True) for i in range(players)]
        for reader in readers:
            reader.start()
        for n in range(rounds):  # all players at once: invocations overlap and environments scale out
            for i, ws in enumerate(sockets):
                others = [x for j, x in enumerate(ids) if j != i]
                ws.send(json.dumps({"action": "broadcast", "to": others, "text": f"{i}:{n}"}))
        for reader in readers:
            reader.join(120)
    for i in range(players):
        expected = {f"{j}:{n}" for j in range(players) if j != i for n in range(rounds)}
        assert set(received[i]) == expected, f"player {i} missed {expected - set(received[i])}"
        assert len(received[i]) == len(expected), "nothing twice"
    # Each sender's messages arrive in the order sent (one at a time per connection, as on AWS).
    for i in range(players):
        for j in range(players):
            if j != i:
                rounds_seen = [int(m.split(":")[1]) for m in received[i] if m.startswith(f"{j}:")]
                assert rounds_seen == sorted(rounds_seen)

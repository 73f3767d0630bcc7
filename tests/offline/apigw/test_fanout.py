"""Fan-out through handlers at a moderate size: every post arrives, whichever environment sent it."""

from __future__ import annotations

import json
import threading
import time
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


def test_posts_arrive_in_order_and_before_anything_their_handler_did_after_them(shared_dev: DevServer) -> None:
    """Posts leave the handler without waiting (one way); a DynamoDB write after them still lands after them.

    The sender relays 120 numbered posts of 100 KB to a peer that does not read for a second, so
    the gateway holds most of them unwritten; then it marks the relay done in DynamoDB. A second
    invocation, in another environment, waits for the mark and posts "after": it must come last.
    """
    count = 120
    with connect(shared_dev.ws_url) as sender, connect(shared_dev.ws_url) as waiter, connect(shared_dev.ws_url, max_size=None) as peer:
        peer.send(json.dumps({"action": "whoami"}))
        target = json.loads(peer.recv(timeout=30))["id"]
        sender.send(json.dumps({"action": "relay", "to": target, "count": count, "size": 100_000, "mark": "relay#order"}))
        waiter.send(json.dumps({"action": "after", "to": target, "mark": "relay#order"}))
        time.sleep(1)
        received = [str(peer.recv(timeout=30)).split(" ")[0] for _ in range(count + 1)]
    assert received == [str(n) for n in range(count)] + ["after"]

"""Test your project's handlers with real clients and a real (embedded) table, in plain pytest.

    from wrapper.testing import Backend

    def test_hello():
        with Backend("path/to/project") as backend:
            ann = backend.player(room="lobby", name="ann")
            ann.send({"action": "hello"})
            assert ann.wait_for("welcome")["room"] == "lobby"

The pytest plugin (``wrapper.testing.plugin``, loaded automatically) gives the same as
fixtures: ``backend`` and ``player``. ``backend.invoke("play", backend.message_event({...}))``
runs one handler with a crafted event; ``backend.table("players")`` is a boto3 Table;
``backend.request("PUT", "/me", json={...})`` calls the project's HTTP routes.
``backend.advance(seconds)`` is fake time: the handlers' clock (``common/clock.py``) moves
forward and the tables' TTL sweep runs at the new time (``wrapper.testing.clock``).
"""

from wrapper.testing.backend import Backend, HandlerError
from wrapper.testing.player import ConnectionRefused, Player

__all__ = ["Backend", "ConnectionRefused", "HandlerError", "Player"]

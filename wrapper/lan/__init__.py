"""``wrapper dev --lan``: the dev server on the local network, over TLS from a local CA.

- ``ca``         the machine's CA (user data dir, owner-only), created once
- ``leaf``       the server certificate for every LAN address and name, reissued when they change
- ``addresses``  which address a headset should use
- ``setup``      ``prepare_lan()``: the above, decided once before listening
- ``tls_site``   an aiohttp site speaking TLS that answers plain http/ws with a clear 400
- ``access``     loopback-only routes (@connections, /__aws/)
- ``ca_page``    the page server's CA download page
"""

from wrapper.lan.setup import LanSetup, prepare_lan

__all__ = ["LanSetup", "prepare_lan"]

"""Offline mode: API Gateway's WebSocket API, Lambda and DynamoDB on one machine.

``start_dev_server(config, ...)`` starts everything and returns a ``DevServer``:

- ``ws_url``          ws://127.0.0.1:<port>/<stage>  (clients connect here)
- ``management_url``  http://127.0.0.1:<port>/<stage> (the @connections API, same port)
- ``page_url``        http://127.0.0.1:<frontend port>/ (the project's frontend/)
- ``metrics``         counters of what AWS would bill (see ``wrapper.offline.metrics``)
- ``stop()``          closes every client with 1001, runs $disconnect for each, stops
                      the handlers and saves the embedded database under .wrapper/local/

It is also a context manager. ``wrapper dev`` is this plus a banner and a log.
"""

from wrapper.offline.server import DevServer, Limits
from wrapper.offline.start import start_dev_server

__all__ = ["DevServer", "Limits", "start_dev_server"]

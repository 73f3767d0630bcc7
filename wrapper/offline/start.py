"""Start the offline stack, picking its ports again when another process takes one first."""

from __future__ import annotations

from typing import Any

from wrapper.config import ProjectConfig
from wrapper.offline.ports import PortTaken
from wrapper.offline.server import DevServer


def start_dev_server(config: ProjectConfig, **options: Any) -> DevServer:
    """Start the offline stack and return it running (see ``DevServer`` for options).

    A port asked for as 0 is picked free, and another process may bind it before this one does
    (parallel test runs do): then the ports are picked again, three times at most.
    """
    port, frontend = options.get("port"), options.get("frontend_port")
    picked = 0 in (config.dev.port if port is None else port, config.dev.frontend_port if frontend is None else frontend)
    for _ in range(2):
        try:
            return DevServer(config, **options).start()
        except PortTaken:
            if not picked:
                raise
    return DevServer(config, **options).start()

"""The ports `wrapper dev` listens on: chosen (0 picks a free one) and checked free before anything starts."""

from __future__ import annotations

import socket

from wrapper.errors import WrapperError
from wrapper.offline.aws.embedded import free_port


class PortTaken(WrapperError):
    """A port this server needs is in use (by another program, or taken between picking it and binding it)."""


def check_free(host: str, port: int, flag: str) -> None:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp binds: TIME_WAIT is fine
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise PortTaken(
                f"cannot listen on {host}:{port}: {exc.strerror}",
                f"another program uses the port: pass {flag} with another port, or stop it",
            ) from None


def pick_port(port: int) -> int:
    return free_port() if port == 0 else port

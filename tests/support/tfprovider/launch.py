"""What the installed provider "binary" runs: hand this process's stdio to the worker's fork server.

Terraform starts the provider for every command (about two dozen times per deployed test), and a
fresh Python spends most of its start importing grpc, boto3 and the resource types. When the test
session runs a fork server (``forkserver.py``, named by ``TFPROVIDER_FORKSERVER``), this process,
which imports only the standard library, passes it its stdin, stdout and stderr, environment and
working directory; a provider forked from the already-imported server serves Terraform on them and
this process exits with its exit code. Terraform still installs, hashes, starts, handshakes with,
shuts down and waits for the provider as for any plugin. Without a fork server it is the provider.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import sys

FORKSERVER_ENV = "TFPROVIDER_FORKSERVER"
STATUS = struct.Struct("!i")  # the forked provider's exit code, sent back when it ends


def _connect() -> socket.socket | None:
    path = os.environ.get(FORKSERVER_ENV)
    if not path:
        return None
    connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        connection.connect(path)
    except OSError:  # the session that ran it has ended: serve here
        connection.close()
        return None
    return connection


def main() -> int:
    connection = _connect()
    if connection is None:
        os.execv(sys.executable, [sys.executable, "-m", "tests.support.tfprovider.serve"])
    # As the provider itself: Ctrl-C reaches the whole process group, Terraform decides when we stop.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    payload = json.dumps({"env": dict(os.environ), "cwd": os.getcwd()}).encode()
    socket.send_fds(connection, [struct.pack("!I", len(payload)) + payload], [0, 1, 2])
    terraform = os.getppid()
    connection.settimeout(1.0)
    status = b""
    while len(status) < STATUS.size:
        try:
            chunk = connection.recv(STATUS.size - len(status))  # waits while the provider serves
        except TimeoutError:
            if os.getppid() != terraform:  # Terraform was killed: leaving stops the provider too
                return 1
            continue
        if not chunk:
            sys.stderr.write("the forked test provider ended without an exit code\n")
            return 1
        status += chunk
    code: int = STATUS.unpack(status)[0]
    return code


if __name__ == "__main__":
    sys.exit(main())

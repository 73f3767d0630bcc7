"""A fork server for the test provider: import it once per test worker, fork one per Terraform command.

``python -m tests.support.tfprovider.forkserver <socket>`` imports and loads what serving needs,
prints ``ready``, then for each connection from ``launch.py`` forks a provider that takes over
that process's stdio, environment and working directory and serves exactly as ``serve.py`` does.
The provider reports its exit code on the connection, and stops if the connection drops (Terraform
killed the launcher). The server ends when its parent (the pytest process) does.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import struct
import subprocess
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from tests.support.tfprovider.launch import STATUS

REPO_ROOT = Path(__file__).resolve().parents[3]
_LENGTH = struct.Struct("!I")
# The services the resource types call: their botocore models (static JSON) are read once here
# instead of in every provider (a few hundredths of a second per client). One left out is only
# read later, in the provider that needs it.
AWS_SERVICES = (
    *("acm", "apigateway", "apigatewayv2", "cloudfront", "cognito-idp", "dynamodb", "iam"),
    *("kms", "lambda", "logs", "route53", "s3", "secretsmanager", "sts"),
)


def _read_models() -> Any:
    """A botocore loader holding the models; the providers' boto3 sessions are given it."""
    import botocore.session
    from botocore.loaders import create_loader

    loader = create_loader()
    for service in AWS_SERVICES:
        loader.load_service_model(service, "service-2")
        loader.load_service_model(service, "endpoint-rule-set-1")
    for name in ("endpoints", "partitions", "sdk-default-configuration", "_retry"):
        loader.load_data(name)

    def loader_for(search_path_string: str | None = None) -> Any:
        # AWS_DATA_PATH (or data_path in a config) names other model folders: read those as botocore does.
        return loader if search_path_string is None else create_loader(search_path_string)

    botocore.session.create_loader = loader_for  # what a new botocore session calls, on first use, in the provider
    return loader


def _receive(connection: socket.socket) -> tuple[dict[str, str], str, list[int]]:
    """The launcher's environment, working directory and stdin/stdout/stderr."""
    connection.settimeout(30)
    data, fds, _flags, _address = socket.recv_fds(connection, 1 << 16, 3)
    if len(fds) != 3 or len(data) < _LENGTH.size:
        for fd in fds:
            os.close(fd)
        raise ValueError("not a launcher's request")
    size = _LENGTH.unpack_from(data)[0]
    while len(data) < _LENGTH.size + size:
        chunk = connection.recv(1 << 16)
        if not chunk:
            raise ValueError("the launcher left mid-request")
        data += chunk
    request = json.loads(data[_LENGTH.size :])
    connection.settimeout(None)
    return dict(request["env"]), str(request["cwd"]), fds


def _provider(connection: socket.socket, env: dict[str, str], cwd: str, fds: list[int]) -> int:
    """In the forked child: become the launcher's provider process and serve."""
    from tests.support.tfprovider import serve

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # as serve.main: Terraform decides when we stop
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
    for fd in set(fds) - {0, 1, 2}:
        os.close(fd)
    os.chdir(cwd)
    os.environ.clear()  # in place: modules keep references to os.environ
    os.environ.update(env)
    if not serve.started_by_terraform():
        return 1
    stop = threading.Event()

    def launcher_gone() -> None:
        with suppress(OSError):
            connection.recv(1)  # the launcher sends nothing more: this returns when it is gone
        stop.set()

    threading.Thread(target=launcher_gone, name="launcher", daemon=True).start()
    serve.serve(stop)
    return 0


def _reap() -> None:
    """Wait for the providers that have ended (so their CPU time counts in the session's, too)."""
    with suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def _serve_forever(path: str) -> None:
    from tests.support.tfprovider import serve

    serve.preload()
    _read_models()
    parent = os.getppid()
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(32)
    listener.settimeout(1.0)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    while os.getppid() == parent:  # bounded by the session that started it
        _reap()
        try:
            connection, _ = listener.accept()
        except TimeoutError:
            continue
        try:
            env, cwd, fds = _receive(connection)
        except (OSError, ValueError):
            connection.close()
            continue
        pid = os.fork()
        if pid == 0:
            listener.close()
            code = 1
            try:
                code = _provider(connection, env, cwd, fds)
            except BaseException:  # noqa: BLE001 (shown on the provider's stderr, which Terraform logs)
                traceback.print_exc()
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                try:
                    connection.sendall(STATUS.pack(code))
                finally:
                    os._exit(code)
        connection.close()
        for fd in fds:
            os.close(fd)


@contextmanager
def running(path: Path) -> Iterator[str]:
    """A fork server listening on ``path`` while the block runs; yields the value for TFPROVIDER_FORKSERVER."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")]))}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.support.tfprovider.forkserver", str(path)],
        cwd=REPO_ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        if process.stdout.readline().strip() != "ready":  # EOF if it failed to start
            raise RuntimeError(f"the test provider's fork server did not start (exit code {process.wait(30)})")
        yield str(path)
    finally:
        process.terminate()
        process.wait(30)


if __name__ == "__main__":
    _serve_forever(sys.argv[1])

"""The project's offline backend, started for tests: a private copy, fresh tables, free ports.

``Backend`` runs the same thing ``wrapper dev`` runs (API Gateway's WebSocket API, the
handlers in Lambda-like workers, the embedded DynamoDB and Secrets Manager) from a
copy of the project in a temporary folder, so tests never touch the developer's own
local data. In-process (default) it runs on a background thread of the test process
and can also invoke one handler with a crafted event; with ``subprocess=True`` it runs
the ``wrapper dev`` command itself, exactly as a developer starts it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import sys
import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from subprocess import DEVNULL, Popen, TimeoutExpired
from typing import Any

from wrapper.config import ProjectConfig, load_config
from wrapper.errors import WrapperError
from wrapper.offline.aws.embedded import free_port
from wrapper.offline.private_copy import private_copy
from wrapper.offline.server import DevServer
from wrapper.offline.start import start_dev_server
from wrapper.project_file import find_config
from wrapper.testing import events, http
from wrapper.testing.clock import VARIABLE as CLOCK_VARIABLE
from wrapper.testing.clock import FakeClock
from wrapper.testing.http import HttpReply
from wrapper.testing.player import Player

START_SECONDS = 90.0


class HandlerError(AssertionError):
    """The handler raised or timed out; ``error_type`` and ``error_message`` are Lambda's."""

    def __init__(self, function: str, error_type: str | None, message: str | None) -> None:
        super().__init__(f"{function} handler failed: {error_type}: {message}")
        self.error_type = error_type
        self.error_message = message


class InProcessOnly(WrapperError):
    """A test asked the subprocess backend for what only the in-process one can do (invoke, fake time...).

    The pytest plugin reports such a test as skipped under ``--wrapper-subprocess``, so a fresh
    project's own tests pass with every option the README lists.
    """


class Backend:
    """``with Backend("path/to/project") as backend:`` then ``backend.player(room="lobby")``."""

    def __init__(
        self,
        project: Path | str = ".",
        stage: str = "dev",
        *,
        settings: Mapping[str, Any] | None = None,
        subprocess: bool = False,
    ) -> None:
        self.source = find_config(Path(project).resolve()).parent
        self.stage = stage
        self.settings = dict(settings or {})
        self.in_subprocess = subprocess
        if subprocess and self.settings:
            raise WrapperError("settings overrides need the in-process backend", "drop subprocess=True, or put them in wrapper.toml")
        self.logs: list[tuple[str, str]] = []
        self.players: list[Player] = []
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._server: DevServer | None = None
        self._process: Popen[bytes] | None = None
        self._port = 0
        self.config: ProjectConfig | None = None
        self._clock: FakeClock | None = None

    # -- lifecycle -----------------------------------------------------------------------
    def start(self) -> Backend:
        self._tmp = tempfile.TemporaryDirectory(prefix="wrapper-test-")
        try:
            probe = load_config(self.source, self.stage, env={})
            copy = private_copy(self.source, Path(self._tmp.name), probe.dev.frontend_dir)
            overrides = dict(self.settings)
            if not self.in_subprocess:
                self._clock = FakeClock(Path(self._tmp.name) / "clock")
                overrides[f"environment.{CLOCK_VARIABLE}"] = str(self._clock.path)
            self.config = load_config(copy, self.stage, env={}, overrides=overrides)
            if self.in_subprocess:
                self._start_process(copy)
            else:
                self._server = start_dev_server(self.config, port=0, frontend_port=0, reset=True, on_log=self._log)
                assert self._clock is not None
                self._server.embedded.clock = self._clock.now
                self._port = self._server.port
        except BaseException:
            self.stop()
            raise
        return self

    def _start_process(self, copy: Path) -> None:
        self._port, page = free_port(), free_port()
        command = [sys.executable, "-m", "wrapper", "dev", "--project", str(copy), "--stage", self.stage]
        command += ["--port", str(self._port), "--frontend-port", str(page), "--reset", "--quiet"]
        self._process = Popen(command, stdin=DEVNULL, start_new_session=True)
        deadline = time.monotonic() + START_SECONDS
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise WrapperError(f"`wrapper dev` exited with code {self._process.returncode} before serving", "see its output above")
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", self._port), timeout=0.5):
                return
            time.sleep(0.2)
        raise WrapperError(f"`wrapper dev` did not listen on port {self._port} within {START_SECONDS:.0f} s", "see its output above")

    def stop(self) -> None:
        """Close every player, stop the backend, remove the copy."""
        for player in self.players:
            with contextlib.suppress(Exception):
                player.close()
        self.players.clear()
        if self._server is not None:
            self._server.stop()
            self._server = None
        if self._process is not None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._process.pid, signal.SIGTERM)  # `wrapper dev` closes clients and stops its workers
            try:
                self._process.wait(30)
            except TimeoutExpired:
                os.killpg(self._process.pid, signal.SIGKILL)
                self._process.wait(10)
            self._process = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def __enter__(self) -> Backend:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    # -- what tests use ------------------------------------------------------------------
    @property
    def ws_url(self) -> str:
        return f"ws://127.0.0.1:{self._port}/{self.stage}"

    @property
    def http_url(self) -> str:
        """The HTTP API's base URL (its routes are at the root: the ``$default`` stage)."""
        return f"http://127.0.0.1:{self._port}"

    def request(self, method: str, path: str, **options: Any) -> HttpReply:
        """One request to the project's HTTP routes, e.g. ``backend.request("PUT", "/me", json={"name": "Ada"})``
        (``json``, ``body``, ``headers``); 4xx and 5xx come back as replies, not exceptions."""
        return http.request(self.http_url, method, path, **options)

    @property
    def page_url(self) -> str | None:
        return self._server.page_url if self._server is not None else None

    @property
    def server(self) -> DevServer:
        if self._server is None:
            raise InProcessOnly("this needs the in-process backend", "use Backend(...) without subprocess=True")
        return self._server

    def player(self, room: str | None = None, name: str | None = None, token: str | None = None, **query: str) -> Player:
        """A connected player (``$connect`` has run); closed when the backend stops or ``reset()`` runs."""
        joined = Player(self.ws_url, room=room, name=name, token=token, **query)
        self.players.append(joined)
        return joined

    def token(self, player: str, ttl_seconds: int = 3600) -> str:
        """A token for ``player`` signed with this backend's own stage key (for ``multiplayer.auth = true``)."""
        from wrapper.auth.tokens import signer

        config = self._config()
        secret = self.server.embedded.client("secretsmanager").get_secret_value(SecretId=config.secret.name)["SecretString"]
        token: str = signer(config).sign(player, bytes.fromhex(json.loads(secret)["token_key"]), ttl_seconds)
        return token

    def table(self, name: str) -> Any:
        """The stage's table ``name`` (as declared in wrapper.toml) as a boto3 ``Table``, through the endpoint handlers use."""
        config = self._config()
        if name not in config.tables:
            raise WrapperError(f"no table {name!r} in wrapper.toml", f"use one of: {', '.join(sorted(config.tables))}")
        return events.table_resource(f"http://127.0.0.1:{self._port}/__aws/dynamodb", config.region, config.tables[name].full_name)

    def connect_event(self, query: dict[str, str] | None = None, **options: Any) -> dict[str, Any]:
        """A ``$connect`` event as this backend's gateway would build it (see ``wrapper.testing.events``)."""
        return events.connect_event(query=query, stage=self.stage, domain_name=self._domain, **options)

    def message_event(self, body: dict[str, Any] | str, **options: Any) -> dict[str, Any]:
        """A message event as this backend's gateway would build it; the route defaults to the body's ``action``."""
        return events.message_event(body, stage=self.stage, domain_name=self._domain, **options)

    def disconnect_event(self, **options: Any) -> dict[str, Any]:
        return events.disconnect_event(stage=self.stage, domain_name=self._domain, **options)

    @property
    def _domain(self) -> str:
        return f"127.0.0.1:{self._port}"  # with the port, so a handler's @connections calls reach this backend

    def invoke(self, function: str, event: dict[str, Any]) -> Any:
        """Run one function with ``event`` (see ``wrapper.testing.events``) and return what it returned."""
        outcome = self.server.invoke(function, event)
        if not outcome.ok:
            raise HandlerError(function, outcome.error_type, outcome.error_message)
        return outcome.result

    @property
    def clock(self) -> FakeClock:
        """The handlers' clock (in-process only): ``clock.now()`` is what they take for now."""
        if self._clock is None:
            raise InProcessOnly("fake time needs the in-process backend", "use Backend(...) without subprocess=True")
        return self._clock

    def advance(self, seconds: float) -> int:
        """Move the handlers' clock ``seconds`` forward and run the tables' TTL sweep at the new time.

        Returns how many items expired. Works with handlers that take "now" from ``common/clock.py``
        (the template's do); a handler calling ``time.time()`` itself still sees the real clock.
        """
        self.clock.advance(seconds)
        return self.server.embedded.expire()

    def reset(self) -> None:
        """Close every player and empty every table: a clean room for the next test, without a restart."""
        for player in self.players:
            with contextlib.suppress(Exception):
                player.close()
        self.players.clear()
        config = self._config()
        for table in config.tables.values():
            resource = self.table(table.name)
            keys = [k.name for k in (table.hash_key, table.range_key) if k is not None]
            with resource.batch_writer() as batch:
                for item in _scan(resource):
                    batch.delete_item(Key={k: item[k] for k in keys})

    def _config(self) -> ProjectConfig:
        if self.config is None:
            raise WrapperError("the backend has not started", "use `with Backend(...) as backend:` or call start()")
        return self.config

    def _log(self, function: str, line: str) -> None:
        self.logs.append((function, line))
        sys.stderr.write(f"[{function}] {line}\n")  # pytest shows it with a failing test


def _scan(table: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    kwargs: dict[str, Any] = {}
    while True:
        page = table.scan(**kwargs)
        items.extend(page["Items"])
        if "LastEvaluatedKey" not in page:
            return items
        kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]

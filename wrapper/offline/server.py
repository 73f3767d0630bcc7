"""Start and stop the whole offline stack; usable from the CLI, tests and benchmarks.

The gateway and page run on an asyncio loop in a background thread, so callers
(tests with plain sockets, ``wrapper cost``) stay synchronous. See the package
docstring for the API.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any

from aiohttp import web

from wrapper.config import ProjectConfig
from wrapper.errors import WrapperError
from wrapper.lan import LanSetup
from wrapper.lan.access import known_hosts_only, loopback_only
from wrapper.lan.serving import LanServing
from wrapper.offline import access
from wrapper.offline.apigw.gateway import Gateway, Invocation
from wrapper.offline.apigw.http_api import HttpApi, HttpAuthorizer
from wrapper.offline.apigw.http_setup import build_http_api, http_base_url, page_origins
from wrapper.offline.apigw.limits import Limits
from wrapper.offline.aws.content_encoding import RAW_BODIES
from wrapper.offline.aws.embedded import EmbeddedAws, free_port
from wrapper.offline.aws.proxy import DYNAMODB_PATH, AwsProxy
from wrapper.offline.frontend import DEV_ERRORS_PATH, dev_errors_route, frontend_app, setup_warnings
from wrapper.offline.functions import check_handlers, environments_for, function_spec
from wrapper.offline.handler_errors import HandlerError, HandlerErrors, describe
from wrapper.offline.lambda_runtime.invoker import FunctionPool, FunctionSpec, Outcome
from wrapper.offline.metrics import Metrics
from wrapper.offline.oidc import LocalProvider, dev_provider
from wrapper.offline.oidc.authorizer import JwtAuthorizer
from wrapper.offline.oidc.provider import JWKS_PATH
from wrapper.offline.pipe_calls import pipe_calls
from wrapper.offline.ports import PortTaken, check_free, pick_port
from wrapper.offline.saving import save_until_stopped

__all__ = ["DevServer", "Limits"]



class DevServer:
    def __init__(
        self,
        config: ProjectConfig,
        *,
        port: int | None = None,
        frontend_port: int | None = None,
        reset: bool = False,
        limits: Limits | None = None,
        concurrency: int | None = None,
        on_invocation: Callable[[Invocation], None] | None = None,
        on_log: Callable[[str, str], None] | None = None,
        on_save_failure: Callable[[WrapperError], None] | None = None,
        on_error: Callable[[HandlerError, bool], None] | None = None,
        secrets_port: int = 0,
        lan: LanSetup | None = None,
        on_notice: Callable[[str], None] | None = None,
        http_authorizer: HttpAuthorizer | None = None,
    ) -> None:
        self.config = config
        self.host = config.dev.host
        self.lan = lan
        self.public_host = lan.host if lan else self.host  # where other devices reach this server
        self.hosts = [self.host, lan.host] if lan else [self.host]
        self.on_notice = on_notice or (lambda _: None)
        self.port = pick_port(config.dev.port if port is None else port)
        # With --lan the public ports speak TLS; handlers get a plain loopback port (TLS would tax every call).
        self.internal_port = free_port() if lan else self.port
        self.frontend_port = pick_port(config.dev.frontend_port if frontend_port is None else frontend_port)
        self.serving = LanServing(lan, self.frontend_port, self.port, self.on_notice) if lan else None
        self.limits = limits or Limits()
        self.concurrency = config.dev.concurrency if concurrency is None else concurrency  # environments per function, at most
        self.metrics = Metrics()
        self.embedded = EmbeddedAws(config, reset=reset, port=secrets_port)
        self.errors = HandlerErrors()
        self.on_error = on_error or (lambda _e, _first: None)
        self.on_invocation = on_invocation or (lambda _: None)
        self.on_log = on_log or (lambda _f, _l: None)
        self.on_save_failure = on_save_failure or (lambda _e: None)
        self.saved_at_stop = False  # set by stop(): whether the data really reached the disk
        self.frontend_dir = config.root / config.dev.frontend_dir
        self.warnings = setup_warnings(self.frontend_dir)
        self.identity: LocalProvider | None = None  # made by start() when [auth] is set
        self.gateway: Gateway | None = None
        self.http_api: HttpApi | None = None
        self.http_authorizer = http_authorizer
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    @property
    def ws_url(self) -> str:
        return f"{'wss' if self.lan else 'ws'}://{self.public_host}:{self.port}/{self.config.stage}"

    @property
    def management_url(self) -> str:  # loopback only, also with --lan (then over TLS, like the rest of the port)
        return f"{'https' if self.lan else 'http'}://{self.host}:{self.port}/{self.config.stage}"

    @property
    def http_url(self) -> str | None:
        """The HTTP API's base URL (same port as the WebSocket), or None when no function declares routes."""
        return http_base_url(self.ws_url) if self.config.http_routes else None

    @property
    def page_url(self) -> str | None:
        return f"{'https' if self.lan else 'http'}://{self.public_host}:{self.frontend_port}/" if self.frontend_dir.is_dir() else None

    @property
    def issuer_url(self) -> str:
        """Where browsers reach the local OpenID provider (the gateway's port, Cognito's paths)."""
        return f"{'https' if self.lan else 'http'}://{self.public_host}:{self.port}"

    def page_config(self, request: web.Request | None = None) -> dict[str, Any]:
        websocket_url = self.serving.websocket_url(request, self.config.stage) if self.serving else self.ws_url
        return {
            "websocketUrl": websocket_url,
            **({"httpUrl": http_base_url(websocket_url)} if self.config.http_routes else {}),
            "stage": self.config.stage,
            "service": self.config.service,
            "region": self.config.region,
            "offline": True,
            # Only `wrapper dev` serves this; a deployed page's config has no such key and never asks.
            "devErrors": DEV_ERRORS_PATH,
            **({"auth": self.identity.page_config()} if self.identity else {}),
        }

    def start(self) -> DevServer:
        check_handlers(self.config)
        for host in self.hosts:
            for port, flag in ((self.port, "--port"), (self.frontend_port, "--frontend-port")):
                check_free(host, port, flag)
        if self.embedded.chosen_port:
            check_free("127.0.0.1", self.embedded.chosen_port, "--secrets-port")
        self.identity = dev_provider(self.config, self.issuer_url, "https" if self.lan else "http", self.hosts, self.frontend_port)
        self.embedded.start()
        self.warnings.extend(self.embedded.notices)
        self._thread = threading.Thread(target=self._run, name="wrapper-dev", daemon=True)
        self._thread.start()
        if not self._ready.wait(60) or self._error is not None:
            self.stop()
            error = self._error or TimeoutError("the gateway did not start within 60 s")
            if isinstance(error, OSError) and error.errno is not None:  # not a TimeoutError: those name no port
                raise PortTaken(
                    f"cannot listen on {self.host}:{self.port}/{self.frontend_port}: {error.strerror}",
                    "another program uses the port: pass --port / --frontend-port with other ports, or stop it",
                ) from None
            if isinstance(error, WrapperError):
                raise error
            raise WrapperError(f"the offline gateway failed to start: {error}", "run with --debug for details") from error
        return self

    def _run(self) -> None:
        self._loop = asyncio.new_event_loop()
        try:
            self._loop.run_until_complete(self._serve())
        except BaseException as exc:  # noqa: BLE001 - reported to the starting thread
            self._error = exc
            self._ready.set()
        finally:
            self._loop.close()

    async def _serve(self) -> None:
        self._stop = asyncio.Event()
        pools = {name: FunctionPool(self._spec(name), self.on_log, self._environments(name)) for name in self.config.functions}
        self.gateway = Gateway(
            self.config,
            pools,
            domain_name=f"{self.public_host}:{self.port}",
            limits=self.limits,
            metrics=self.metrics,
            on_invocation=self._invoked,
        )
        proxy = AwsProxy(self.embedded.dynamodb, self.metrics, self.embedded.endpoint, f"127.0.0.1:{self.internal_port}{DYNAMODB_PATH}")
        for pool in pools.values():
            pool.on_call = pipe_calls(self.gateway, proxy)
            pool.live = self.gateway.live
        await asyncio.gather(*(pool.warm() for pool in pools.values()))
        app = self.gateway.app()
        if self.identity is not None:
            app.add_routes(self.identity.routes())
        proxy.mount(app)
        if self.config.http_routes:
            scheme, hosts = ("https", self.lan.allowed_hosts()) if self.lan else ("http", access.allowed_hosts(self.host))
            self.http_api = build_http_api(
                self.config,
                pools,
                domain_name=f"{self.public_host}:{self.port}",
                page_origins=page_origins(scheme, hosts, self.frontend_port),
                limits=self.limits,
                metrics=self.metrics,
                on_invocation=lambda route, function, request_id, outcome: self._invoked(Invocation(route, function, request_id, outcome)),
                authorizer=self.http_authorizer or (JwtAuthorizer(self.identity, self.identity.auth.public_routes) if self.identity else None),
            )
            self.http_api.mount(app)
            self.gateway.plain_http = self.http_api.handle
        handlers_only = (f"/{self.config.stage}/@connections", "/__aws/")
        app.middlewares.extend([loopback_only(handlers_only), access.no_browsers(handlers_only)])
        self._protect(app)
        runner = web.AppRunner(app, handle_signals=False, access_log=None, shutdown_timeout=2.0, **RAW_BODIES)
        await runner.setup()
        page_runner: web.AppRunner | None = None
        try:
            await self._listen(runner, self.port)
            if self.lan:
                await web.TCPSite(runner, "127.0.0.1", self.internal_port).start()
            if self.frontend_dir.is_dir():
                routes = [*(self.serving.page_routes() if self.serving else []), dev_errors_route(self.errors.recent)]
                page = frontend_app(self.frontend_dir, self.page_config, routes)
                self._protect(page)
                page_runner = web.AppRunner(page, handle_signals=False, access_log=None, shutdown_timeout=1.0)
                await page_runner.setup()
                await self._listen(page_runner, self.frontend_port)
            self._ready.set()
            assert self._stop is not None
            await save_until_stopped(self.embedded, self.metrics, self._stop, self.on_save_failure)
        finally:
            await self.gateway.shutdown()
            if self.http_api is not None:
                await self.http_api.shutdown()
            await runner.cleanup()
            if page_runner is not None:
                await page_runner.cleanup()
            await asyncio.gather(*(pool.close() for pool in pools.values()))

    def _protect(self, app: web.Application) -> None:
        """Only this server's own names in Host (DNS rebinding): the certificate's with --lan, else loopback's."""
        if self.serving:
            self.serving.protect(app)
        else:
            app.middlewares.append(known_hosts_only(access.allowed_hosts(self.host)))

    async def _listen(self, runner: web.AppRunner, port: int) -> None:
        if self.serving is None:
            await web.TCPSite(runner, self.host, port).start()
        else:
            await self.serving.listen(runner, self.hosts, port)

    def _invoked(self, record: Invocation) -> None:
        outcome = record.outcome
        if not outcome.ok:
            error = describe(outcome.error_type, outcome.error_message)
            group, first = self.errors.record(record.function, record.route, error, outcome.trace)
            self.on_error(group, first)
        self.on_invocation(record)

    def _environments(self, name: str) -> int:
        return environments_for(self.config, name, self.concurrency)

    def _spec(self, name: str) -> FunctionSpec:
        netlocs = {f"{h}:{self.port}" for h in (self.public_host, self.host, "127.0.0.1", "localhost")} | {f"127.0.0.1:{self.internal_port}"}
        # The handlers fetch the JWKS over loopback; tokens name the public issuer.
        identity = self.identity.handler_environment(f"http://127.0.0.1:{self.internal_port}{JWKS_PATH}") if self.identity else {}
        return function_spec(self.config, name, self.internal_port, tuple(sorted(netlocs)), identity)

    def invoke(self, function: str, event: dict[str, Any], timeout: float = 120.0) -> Outcome:
        """Run one function once with ``event``, in its own Lambda-like environment (tests craft events this way)."""
        if self._loop is None or self.gateway is None or not self._ready.is_set():
            raise WrapperError("the offline backend is not running", "start it first")
        if function not in self.gateway.pools:
            raise WrapperError(f"no function {function!r} in this project", f"use one of: {', '.join(sorted(self.gateway.pools))}")
        request_id = str(event.get("requestContext", {}).get("requestId") or f"test-{id(event):x}")
        running = asyncio.run_coroutine_threadsafe(self.gateway.pools[function].invoke(event, request_id), self._loop)
        return running.result(timeout)

    def stop(self) -> None:
        """Close clients (1001), run their $disconnect, stop the handlers, save the database."""
        if self._loop is not None and self._stop is not None and self._thread is not None and self._thread.is_alive():
            self._loop.call_soon_threadsafe(self._stop.set)
        if self._thread is not None:
            self._thread.join(60)
        self.saved_at_stop = self.embedded.stop(save=self._error is None) or self.saved_at_stop

    def __enter__(self) -> DevServer:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()

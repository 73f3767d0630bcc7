"""Assemble the offline HTTP API for a project: its routes, CORS origins, throttling and ids."""

from __future__ import annotations

from collections.abc import Iterable

from wrapper.config import ProjectConfig
from wrapper.config.http_settings import cors_methods
from wrapper.offline.apigw import ids
from wrapper.offline.apigw.http_api import HttpApi, HttpAuthorizer, OnInvocation
from wrapper.offline.apigw.http_cors import Cors
from wrapper.offline.apigw.limits import Limits
from wrapper.offline.apigw.throttle import Throttle
from wrapper.offline.lambda_runtime.invoker import FunctionPool
from wrapper.offline.metrics import Metrics


def http_base_url(websocket_url: str) -> str:
    """The HTTP API's base URL on the same server as ``websocket_url`` (``$default`` stage: no stage in the path)."""
    scheme, rest = websocket_url.split("://", 1)
    return f"{'https' if scheme == 'wss' else 'http'}://{rest.split('/', 1)[0]}"


def page_origins(scheme: str, hosts: Iterable[str], port: int) -> tuple[str, ...]:
    """Every origin `wrapper dev`'s page can be loaded from: each name the server answers to, on the page's port."""
    return tuple(f"{scheme}://{host}:{port}" for host in sorted(hosts))


def build_http_api(
    config: ProjectConfig,
    pools: dict[str, FunctionPool],
    *,
    domain_name: str,
    page_origins: tuple[str, ...],
    limits: Limits,
    metrics: Metrics,
    on_invocation: OnInvocation,
    authorizer: HttpAuthorizer | None = None,
) -> HttpApi:
    origins = tuple(dict.fromkeys((*page_origins, *config.http.cors_origins)))
    return HttpApi(
        dict(config.http_routes),
        pools,
        api_id=ids.api_id(config.service, f"{config.stage}/http"),
        domain_name=domain_name,
        cors=Cors(origins, cors_methods(config.http_routes)),
        throttle=Throttle(config.http.throttling_rate_limit, config.http.throttling_burst_limit),
        limits=limits,
        metrics=metrics,
        on_invocation=on_invocation,
        authorizer=authorizer,
    )

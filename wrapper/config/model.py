"""The frozen, typed model of a project resolved for one stage.

Every part of wrapper (render, package, offline, commands) takes a
``ProjectConfig``; nothing else reads ``wrapper.toml``. Resource names and the
environment a function gets are derived here once so the cloud and ``wrapper
dev`` can never disagree about them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from wrapper.config.auth_model import AuthSettings
from wrapper.config.schema import HANDLER_SETTINGS, env_text

KeyType = Literal["S", "N", "B"]


def frozen_map(data: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    return MappingProxyType(dict(data or {}))


@dataclass(frozen=True)
class KeyAttribute:
    name: str
    type: KeyType = "S"


@dataclass(frozen=True)
class Index:
    name: str
    hash_key: KeyAttribute
    range_key: KeyAttribute | None = None
    projection: str = "ALL"


@dataclass(frozen=True)
class Table:
    """A DynamoDB table; ``name`` is the logical name, ``full_name`` the AWS one."""

    name: str
    full_name: str
    hash_key: KeyAttribute
    range_key: KeyAttribute | None = None
    ttl_attribute: str | None = None
    indexes: tuple[Index, ...] = ()
    point_in_time_recovery: bool = True

    @property
    def env_var(self) -> str:
        """The environment variable that tells a handler this table's name."""
        return f"{self.name.upper()}_TABLE"

    def attribute_definitions(self) -> tuple[KeyAttribute, ...]:
        """Every key attribute of the table and its indexes, once each, sorted."""
        seen: dict[str, KeyAttribute] = {}
        for attr in (self.hash_key, self.range_key, *[k for i in self.indexes for k in (i.hash_key, i.range_key)]):
            if attr is not None:
                seen.setdefault(attr.name, attr)
        return tuple(seen[name] for name in sorted(seen))


@dataclass(frozen=True)
class Function:
    """A Lambda function; ``name`` is the logical name, ``full_name`` the AWS one."""

    name: str
    full_name: str
    handler: str
    routes: tuple[str, ...]
    memory: int
    timeout: int
    environment: Mapping[str, str]
    tables: tuple[str, ...]
    route_response: bool = False
    # What the role may reach besides its tables (IAM is scoped per function to what it uses).
    secret: bool = True
    connections: bool = True
    reserved_concurrency: int | None = None
    http: tuple[str, ...] = ()  # HTTP API route keys, e.g. "GET /rooms/{id}"

    @property
    def module(self) -> str:
        return self.handler.rsplit(".", 1)[0]

    @property
    def function(self) -> str:
        return self.handler.rsplit(".", 1)[1]


@dataclass(frozen=True)
class StateBackend:
    bucket: str
    region: str
    key: str
    lock: str
    lock_table: str | None = None


@dataclass(frozen=True)
class WebSocketSettings:
    route_selection_expression: str
    throttling_burst_limit: int
    throttling_rate_limit: float
    domain_name: str | None = None
    certificate_arn: str | None = None
    hosted_zone_id: str | None = None


@dataclass(frozen=True)
class HttpSettings:
    """The HTTP API's settings; ``cors_origins`` are the extra ones (the page's own are added where it is known)."""

    cors_origins: tuple[str, ...]
    throttling_burst_limit: int
    throttling_rate_limit: float


@dataclass(frozen=True)
class PackageSettings:
    source_dir: str
    shared: tuple[str, ...]
    requirements: str
    exclude: tuple[str, ...]
    layer: bool


@dataclass(frozen=True)
class SecretSettings:
    name: str
    values: tuple[str, ...]
    recovery_window_days: int


@dataclass(frozen=True)
class MultiplayerSettings:
    fanout: str
    tick_hz: float
    max_pose_rate: float
    default_room: str
    auth: bool
    player_ttl_seconds: int


@dataclass(frozen=True)
class DevSettings:
    host: str
    port: int
    frontend_port: int
    frontend_dir: str
    lan: bool = False
    concurrency: int = 8


@dataclass(frozen=True)
class FrontendSettings:
    """The hosted page: what is uploaded (``dist``, after ``build``) and how CloudFront serves it."""

    enabled: bool
    build: str | None
    dist: str
    exclude: tuple[str, ...]
    price_class: str
    domain_name: str | None
    zone: str | None


@dataclass(frozen=True)
class ProjectConfig:
    """One project resolved for one stage."""

    root: Path
    service: str
    stage: str
    declared_stages: tuple[str, ...]
    region: str
    runtime: str
    architecture: str
    log_retention_days: int
    protected: bool
    tags: Mapping[str, str]
    state: StateBackend | None
    package: PackageSettings
    websocket: WebSocketSettings
    tables: Mapping[str, Table]
    secret: SecretSettings
    functions: Mapping[str, Function]
    environment: Mapping[str, str]
    multiplayer: MultiplayerSettings
    dev: DevSettings
    frontend: FrontendSettings
    auth: AuthSettings | None = None
    http: HttpSettings = HttpSettings((), 500, 1000)
    sources: Mapping[str, str] = field(default_factory=frozen_map)

    def resource_name(self, name: str) -> str:
        return f"{self.service}-{self.stage}-{name}"

    @property
    def api_name(self) -> str:
        return self.resource_name("websocket")

    @property
    def work_dir(self) -> Path:
        """Where everything generated for this stage lives (never committed)."""
        return self.root / ".wrapper" / self.stage

    @property
    def routes(self) -> Mapping[str, str]:
        """Route key -> logical function name."""
        return frozen_map({route: fn.name for fn in self.functions.values() for route in fn.routes})

    @property
    def http_routes(self) -> Mapping[str, str]:
        """HTTP API route key -> logical function name (empty: no HTTP API is made)."""
        return frozen_map({route: fn.name for fn in self.functions.values() for route in fn.http})

    @property
    def http_api_name(self) -> str:
        return self.resource_name("http")

    def function_environment(self, function: Function) -> dict[str, str]:
        """The environment variables Terraform gives this function and ``wrapper dev`` reproduces.

        Platform variables (AWS_REGION, credentials) are the platform's business
        and are not included here. The handlers' settings are the schema's keys with an ``env``.
        """
        env: dict[str, str] = {
            "WRAPPER_SERVICE": self.service,
            "WRAPPER_STAGE": self.stage,
            "SECRET_ID": self.secret.name,
        }
        for path, key in HANDLER_SETTINGS:
            section, name = path.split(".")
            env[str(key.env)] = env_text(getattr(getattr(self, section), name))
        for table_name in function.tables:
            table = self.tables[table_name]
            env[table.env_var] = table.full_name
        env.update(self.environment)
        env.update(function.environment)
        return dict(sorted(env.items()))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready view of the resolved model (what `wrapper config show --json` prints)."""
        return {
            "root": str(self.root),
            "service": self.service,
            "stage": self.stage,
            "declared_stages": list(self.declared_stages),
            "region": self.region,
            "runtime": self.runtime,
            "architecture": self.architecture,
            "log_retention_days": self.log_retention_days,
            "protected": self.protected,
            "tags": dict(self.tags),
            "state": None if self.state is None else _plain(self.state),
            "package": _plain(self.package),
            "websocket": {**_plain(self.websocket), "api_name": self.api_name},
            "tables": {name: _plain(table) for name, table in self.tables.items()},
            "secret": _plain(self.secret),
            "functions": {
                name: {**_plain(fn), "resolved_environment": self.function_environment(fn)} for name, fn in self.functions.items()
            },
            "environment": dict(self.environment),
            "multiplayer": _plain(self.multiplayer),
            "dev": _plain(self.dev),
            "frontend": _plain(self.frontend),
            "auth": None if self.auth is None else _without_passwords(_plain(self.auth)),
            "http": {**_plain(self.http), "api_name": self.http_api_name, "routes": dict(self.http_routes)},
            "sources": dict(self.sources),
        }


def _without_passwords(auth: dict[str, Any]) -> dict[str, Any]:
    """Test users' passwords stay in wrapper.toml: `config show` output lands in CI logs."""
    return {**auth, "test_users": [{**user, "password": "(hidden)"} for user in auth["test_users"]]}


def _plain(obj: Any) -> Any:
    if hasattr(obj, "__dataclass_fields__"):
        return {name: _plain(getattr(obj, name)) for name in obj.__dataclass_fields__}
    if isinstance(obj, Mapping):
        return {k: _plain(v) for k, v in obj.items()}
    if isinstance(obj, tuple | list):
        return [_plain(v) for v in obj]
    return obj

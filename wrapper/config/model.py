"""The frozen, typed model of a project resolved for one stage.

Every part of wrapper (render, package, offline, commands) takes a
``ProjectConfig``; nothing else reads ``wrapper.toml``. Resource names and the
environment a function gets are derived here once so the cloud and ``wrapper
dev`` can never disagree about them.

The fields are generated from the schema into ``model_fields.py`` (``python -m
wrapper.config.generated``); this module adds the methods.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from wrapper.config.model_fields import (
    AuthSettings,
    DevSettings,
    FrontendSettings,
    FunctionFields,
    HttpSettings,
    Index,
    MultiplayerSettings,
    PackageSettings,
    ProjectConfigFields,
    SecretSettings,
    StateBackend,
    TableFields,
    TestUser,
    WebSocketSettings,
)
from wrapper.config.schema import HANDLER_SETTINGS, env_text

__all__ = [
    "AuthSettings",
    "DevSettings",
    "FrontendSettings",
    "Function",
    "HttpSettings",
    "Index",
    "KeyAttribute",
    "KeyType",
    "MultiplayerSettings",
    "PackageSettings",
    "ProjectConfig",
    "SecretSettings",
    "StateBackend",
    "Table",
    "TestUser",
    "WebSocketSettings",
    "frozen_map",
]

KeyType = Literal["S", "N", "B"]


def frozen_map(data: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    return MappingProxyType(dict(data or {}))


@dataclass(frozen=True)
class KeyAttribute:
    name: str
    type: KeyType = "S"


class Table(TableFields):
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


class Function(FunctionFields):
    @property
    def module(self) -> str:
        return self.handler.rsplit(".", 1)[0]

    @property
    def function(self) -> str:
        return self.handler.rsplit(".", 1)[1]


class ProjectConfig(ProjectConfigFields):
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
            "http": {**_plain(self.http), "api_name": self.http_api_name, "routes": dict(self.http_routes)},
            "auth": None if self.auth is None else _without_passwords(_plain(self.auth)),
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

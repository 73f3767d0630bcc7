"""The frozen model's fields, generated from wrapper/config/schema.py by ``python -m wrapper.config.generated``: do not edit.

``wrapper.config.model`` adds the methods and is where the rest of wrapper imports the model from.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from wrapper.config.frozen import Frozen, Named

if TYPE_CHECKING:
    from wrapper.config.model import Function, KeyAttribute, Table


class StateBackend(Frozen):
    key: str
    bucket: str
    region: str
    lock: str
    lock_table: str | None = None


class PackageSettings(Frozen):
    source_dir: str
    shared: tuple[str, ...]
    requirements: str
    exclude: tuple[str, ...]
    layer: bool


class WebSocketSettings(Frozen):
    route_selection_expression: str
    throttling_burst_limit: int
    throttling_rate_limit: float
    domain_name: str | None = None
    certificate_arn: str | None = None
    hosted_zone_id: str | None = None


class HttpSettings(Frozen):
    """The HTTP API's settings; ``cors_origins`` are the extra ones (the page's own are added where it is known)."""

    cors_origins: tuple[str, ...]
    throttling_burst_limit: int
    throttling_rate_limit: float


class Index(Frozen):
    name: str
    hash_key: KeyAttribute
    range_key: KeyAttribute | None = None
    projection: str


class TableFields(Named):
    """A DynamoDB table."""

    hash_key: KeyAttribute
    range_key: KeyAttribute | None = None
    ttl_attribute: str | None = None
    point_in_time_recovery: bool
    indexes: tuple[Index, ...]


class SecretSettings(Frozen):
    name: str
    values: tuple[str, ...]
    recovery_window_days: int


class FunctionFields(Named):
    """A Lambda function."""

    handler: str
    routes: tuple[str, ...]
    memory: int
    timeout: int
    environment: Mapping[str, str]
    tables: tuple[str, ...]
    secret: bool
    connections: bool
    reserved_concurrency: int | None = None
    route_response: bool
    http: tuple[str, ...]


class MultiplayerSettings(Frozen):
    fanout: str
    tick_hz: float
    max_pose_rate: float
    default_room: str
    auth: bool
    player_ttl_seconds: int
    max_objects: int


class FrontendSettings(Frozen):
    """The hosted page: what is uploaded (``dist``, after ``build``) and how CloudFront serves it."""

    zone: str | None = None
    enabled: bool
    build: str | None = None
    dist: str
    exclude: tuple[str, ...]
    price_class: str
    domain_name: str | None = None


class TestUser(Frozen):
    """An account of the local sign-in page (`wrapper dev` only)."""

    username: str
    password: str
    email: str | None = None
    groups: tuple[str, ...]


class AuthSettings(Frozen):
    """Player accounts: a Cognito user pool in the cloud, the local OpenID provider in `wrapper dev`."""

    provider: str
    domain_prefix: str
    groups: tuple[str, ...]
    mfa: str
    callback_urls: tuple[str, ...]
    logout_urls: tuple[str, ...]
    token_minutes: int
    refresh_token_days: int
    public_routes: tuple[str, ...]
    test_users: tuple[TestUser, ...]


class DevSettings(Frozen):
    host: str
    port: int
    frontend_port: int
    frontend_dir: str
    lan: bool
    concurrency: int


class ProjectConfigFields(Frozen):
    """One project resolved for one stage."""

    root: Path
    stage: str
    declared_stages: tuple[str, ...]
    sources: Mapping[str, str]
    service: str
    region: str
    runtime: str
    architecture: str
    log_retention_days: int
    tags: Mapping[str, str]
    state: StateBackend | None = None
    package: PackageSettings
    websocket: WebSocketSettings
    http: HttpSettings
    tables: Mapping[str, Table]
    secret: SecretSettings
    functions: Mapping[str, Function]
    environment: Mapping[str, str]
    multiplayer: MultiplayerSettings
    frontend: FrontendSettings
    auth: AuthSettings | None = None
    dev: DevSettings
    protected: bool

"""The documented schema of ``wrapper.toml``: every key, its type, default and meaning.

It drives validation (unknown keys, types, ranges, choices) and the configuration
reference in ``docs/configuration.md``; keep the ``doc`` strings user-facing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

RUNTIMES = ("python3.11", "python3.12", "python3.13")
ARCHITECTURES = ("x86_64", "arm64")
KEY_TYPES = ("S", "N", "B")
FANOUT_MODES = ("snapshot", "relay")
LOCK_MODES = ("lockfile", "dynamodb", "none")
PROJECTIONS = ("ALL", "KEYS_ONLY")
PRICE_CLASSES = ("PriceClass_100", "PriceClass_200", "PriceClass_All")
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)


@dataclass(frozen=True)
class Key:
    """A scalar setting."""

    kind: type | tuple[type, ...]
    doc: str
    default: Any = None
    required: bool = False
    choices: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    list_of: type | None = None  # for ``kind=list``: the element type
    values: type | None = None  # for ``kind=dict``: a free-form table of this value type


@dataclass(frozen=True)
class Section:
    """A table with fixed keys."""

    keys: dict[str, Key | Section | Named | ListOf]
    doc: str = ""
    optional: bool = False  # absent means "not used" (e.g. [state]), not "all defaults"


@dataclass(frozen=True)
class Named:
    """A table of user-named entries, each following ``entry``."""

    entry: Section
    doc: str = ""
    name_pattern: str = r"^[a-z][a-z0-9_]*$"


@dataclass(frozen=True)
class ListOf:
    """An array of tables, each following ``entry``."""

    entry: Section
    doc: str = ""


INDEX = Section(
    {
        "name": Key(str, "Index name (used as-is in DynamoDB).", required=True),
        "hash_key": Key(str, "Partition key attribute of the index.", required=True),
        "range_key": Key(str, "Optional sort key attribute of the index."),
        "projection": Key(str, "Attributes copied into the index.", default="ALL", choices=PROJECTIONS),
    }
)

TABLE = Section(
    {
        "hash_key": Key(str, "Partition key attribute.", required=True),
        "range_key": Key(str, "Optional sort key attribute."),
        "attributes": Key(dict, "Types of key attributes (S, N or B); unlisted keys are S.", default={}, values=str),
        "ttl_attribute": Key(str, "Attribute holding an epoch-seconds expiry; DynamoDB deletes expired items."),
        "point_in_time_recovery": Key(bool, "Continuous backups for 35 days.", default=True),
        "indexes": ListOf(INDEX, "Global secondary indexes."),
    }
)

FUNCTION = Section(
    {
        "handler": Key(str, "module.function inside package.source_dir, e.g. connect.handler.", required=True),
        "routes": Key(
            list, "WebSocket route keys this function serves ($connect, $disconnect, $default or an action).", default=[], list_of=str
        ),
        "memory": Key(int, "Memory in MB.", default=256, minimum=128, maximum=10240),
        "timeout": Key(int, "Timeout in seconds (API Gateway gives up after 29 s).", default=10, minimum=1, maximum=900),
        "environment": Key(dict, "Extra environment variables for this function.", default={}, values=str),
        "tables": Key(list, "Tables this function may use (default: all of the stage's tables).", list_of=str),
        "route_response": Key(bool, "Send the handler's returned body back to the caller (two-way route).", default=False),
    }
)

STAGE_ONLY = {
    "protected": Key(bool, "Refuse destroy without --force; enables DynamoDB deletion protection.", default=False),
}

SERVICE = Section(
    {
        "name": Key(str, "Service name; every resource is named <service>-<stage>-<name>.", required=True),
        "region": Key(str, "AWS region, e.g. eu-west-2.", required=True),
        "runtime": Key(str, "Lambda Python runtime.", default="python3.12", choices=RUNTIMES),
        "architecture": Key(str, "Lambda CPU architecture.", default="arm64", choices=ARCHITECTURES),
        "log_retention_days": Key(int, "CloudWatch Logs retention for function logs.", default=14, choices=LOG_RETENTION_DAYS),
        "tags": Key(dict, "Extra tags on every resource.", default={}, values=str),
    },
    "The service and its defaults for every stage.",
)

TOP: dict[str, Key | Section | Named | ListOf] = {
    "service": SERVICE,
    "state": Section(
        {
            "bucket": Key(str, "S3 bucket for Terraform state (created by `wrapper bootstrap`).", required=True),
            "region": Key(str, "Region of the state bucket (default: service.region)."),
            "key_prefix": Key(str, "Prefix of the state key; the key is <prefix>/<service>/<stage>.tfstate.", default="wrapper"),
            "lock": Key(str, "State locking: S3 lock file, a DynamoDB lock table, or none.", default="lockfile", choices=LOCK_MODES),
            "lock_table": Key(str, 'DynamoDB lock table when lock = "dynamodb".'),
        },
        "Remote state. Without this section state stays local under .wrapper/<stage>/.",
        optional=True,
    ),
    "package": Section(
        {
            "source_dir": Key(str, "Folder holding the handler modules.", default="functions"),
            "shared": Key(list, "Modules or packages inside source_dir bundled with every function.", default=["common"], list_of=str),
            "requirements": Key(str, "pip requirements installed for Lambda's platform into every zip.", default="requirements.txt"),
            "exclude": Key(list, "Glob patterns left out of every zip.", default=[], list_of=str),
        },
        "How functions are packaged.",
    ),
    "websocket": Section(
        {
            "route_selection_expression": Key(str, "How API Gateway picks a route from a message.", default="$request.body.action"),
            "throttling_burst_limit": Key(int, "Stage burst limit.", default=500, minimum=0),
            "throttling_rate_limit": Key((int, float), "Stage steady-state requests per second.", default=1000, minimum=0),
            "domain_name": Key(str, "Optional custom domain for the WebSocket API."),
            "certificate_arn": Key(str, "ACM certificate for domain_name (same region)."),
        },
        "The API Gateway WebSocket API.",
    ),
    "tables": Named(TABLE, "DynamoDB tables, named <service>-<stage>-<name>."),
    "secrets": Section(
        {
            "values": Key(
                list,
                "Names of your own secret values kept in the stage's secret (set them with `wrapper secrets set`).",
                default=[],
                list_of=str,
            ),
            "recovery_window_days": Key(
                int, "Days a deleted secret can be restored (0 deletes at once).", default=7, minimum=0, maximum=30
            ),
        },
        "The stage's Secrets Manager secret.",
    ),
    "functions": Named(FUNCTION, "Lambda functions, named <service>-<stage>-<name>."),
    "environment": Key(dict, "Environment variables given to every function.", default={}, values=str),
    "multiplayer": Section(
        {
            "fanout": Key(
                str,
                "relay: every pose to every peer at once; snapshot: one room snapshot per receiver per tick.",
                default="snapshot",
                choices=FANOUT_MODES,
            ),
            "tick_hz": Key((int, float), "Snapshot ticks per second.", default=10, minimum=0.01, maximum=60),
            "max_pose_rate": Key(
                (int, float), "Pose messages per second accepted from one connection.", default=30, minimum=1, maximum=120
            ),
            "default_room": Key(str, "Room joined when the URL names none.", default="lobby"),
            "auth": Key(bool, "Require a signed token (from `wrapper token`) on connect.", default=False),
            "player_ttl_seconds": Key(int, "Items of crashed players expire after this long.", default=7200, minimum=60),
        },
        "The multiplayer handlers' behaviour.",
    ),
    "frontend": Section(
        {
            "enabled": Key(
                bool, "Host the page with the stage (private S3 bucket behind CloudFront), uploaded by `wrapper deploy`.", default=True
            ),
            "build": Key(str, "Command run in dev.frontend_dir before upload, e.g. `npm run build` (none: upload as it is)."),
            "dist": Key(str, "Folder uploaded as the page, relative to the project (default: dev.frontend_dir)."),
            "exclude": Key(
                list,
                "Glob patterns of dist left out of the upload (node_modules/ is uploaded only as far as the page imports it).",
                default=["package.json", "package-lock.json", "**/.*", "*.map"],
                list_of=str,
            ),
            "price_class": Key(str, "CloudFront edge locations serving the page.", default="PriceClass_100", choices=PRICE_CLASSES),
            "domain_name": Key(str, "Optional custom domain for the page (needs a certificate: see dns.zone)."),
        },
        "The page, hosted per stage on S3 + CloudFront.",
    ),
    "dns": Section(
        {
            "zone": Key(
                str,
                "Route53 hosted zone holding frontend.domain_name / websocket.domain_name: certificates are validated and "
                "alias records made in it. Without it, `wrapper outputs` lists the records to create.",
            ),
        },
        "DNS for custom domains.",
    ),
    "dev": Section(
        {
            "host": Key(str, "Address `wrapper dev` listens on.", default="127.0.0.1"),
            "port": Key(int, "WebSocket and management API port (0 picks a free one).", default=3001, minimum=0, maximum=65535),
            "frontend_port": Key(int, "Port serving frontend_dir (0 picks a free one).", default=8080, minimum=0, maximum=65535),
            "frontend_dir": Key(str, "Folder served as the web page.", default="frontend"),
        },
        "Local offline backend (`wrapper dev`).",
    ),
}

# What a [stages.<name>] table may hold: the stage-only keys plus overrides of
# any top-level section except the service's identity and the stages themselves.
OVERRIDABLE = tuple(k for k in TOP if k not in {"state"})


def stage_section() -> Section:
    keys: dict[str, Key | Section | Named | ListOf] = dict(STAGE_ONLY)
    for name in OVERRIDABLE:
        spec = TOP[name]
        if name == "service" and isinstance(spec, Section):
            spec = Section({k: v for k, v in spec.keys.items() if k != "name"}, spec.doc)
        keys[name] = _optional(spec)
    return Section(keys, "Per-stage overrides.")


def _optional(spec: Key | Section | Named | ListOf) -> Key | Section | Named | ListOf:
    """A stage override never has to repeat required keys: the file already has them."""
    if isinstance(spec, Key):
        return Key(spec.kind, spec.doc, None, False, spec.choices, spec.minimum, spec.maximum, spec.list_of, spec.values)
    if isinstance(spec, Section):
        return Section({k: _optional(v) for k, v in spec.keys.items()}, spec.doc, spec.optional)
    if isinstance(spec, Named):
        return Named(_optional(spec.entry), spec.doc, spec.name_pattern)  # type: ignore[arg-type]
    return spec


TOP_WITH_STAGES: dict[str, Key | Section | Named | ListOf] = {
    **TOP,
    "stages": Named(stage_section(), "Deployment stages, each with its own state and resource names.", r"^[a-z][a-z0-9-]*$"),
}

ROOT = Section(TOP_WITH_STAGES)

# Settings that may come from the environment, by the dotted path they set.
ENVIRONMENT_OVERRIDES = {
    "WRAPPER_REGION": "service.region",
    "WRAPPER_RUNTIME": "service.runtime",
    "WRAPPER_ARCHITECTURE": "service.architecture",
    "WRAPPER_FANOUT": "multiplayer.fanout",
    "WRAPPER_DEV_PORT": "dev.port",
}

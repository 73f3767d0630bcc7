"""Every setting of ``wrapper.toml``, declared once: key, type, default, meaning, validation, and who uses it.

Everything else is derived from here: validation (unknown keys, types, ranges, choices), the
model (each section's ``Model`` says how it appears; ``config/model_fields.py`` is generated
and ``config/build.py`` fills it by walking these declarations), the ``WRAPPER_*`` overrides
the loader reads, the environment the handlers get (``Key.env``) and their defaults
(``templates/lambdas/webxr/common/settings.py``), and the reference in ``docs/configuration.md``
(``config/generated.py`` writes the three files; tests check they match). Keep the ``doc``
strings user-facing.
"""

from __future__ import annotations

from wrapper.config.schema_auth import AUTH
from wrapper.config.schema_entries import FUNCTION, INDEX, KEY_TYPES, TABLE
from wrapper.config.schema_types import CLI, HANDLERS, TERRAFORM, Key, ListOf, Model, Named, Section, env_text, keys, stage_section

__all__ = ["CLI", "FUNCTION", "HANDLERS", "INDEX", "KEY_TYPES", "TABLE", "TERRAFORM", "Key", "ListOf", "Model", "Named", "Section", "env_text"]

RUNTIMES = ("python3.11", "python3.12", "python3.13")
ARCHITECTURES = ("x86_64", "arm64")
FANOUT_MODES = ("snapshot", "relay")
LOCK_MODES = ("lockfile", "dynamodb", "none")
# The handlers' rule for room names (templates/lambdas/webxr/common/protocol.py).
ROOM_PATTERN = r"[A-Za-z0-9_-]{1,32}"
PRICE_CLASSES = ("PriceClass_100", "PriceClass_200", "PriceClass_All")
LOG_RETENTION_DAYS = (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653)


STAGE_ONLY = {
    "protected": Key(
        bool, "Refuse destroy without --force; enables DynamoDB deletion protection.", default=False, used_by=(CLI, TERRAFORM)
    ),
}

SERVICE = Section(
    {
        "name": Key(str, "Service name; every resource is named <service>-<stage>-<name>.", required=True, used_by=(CLI, TERRAFORM)),
        "region": Key(str, "AWS region, e.g. eu-west-2.", required=True, used_by=(CLI, TERRAFORM), override="WRAPPER_REGION"),
        "runtime": Key(
            str, "Lambda Python runtime.", default="python3.12", choices=RUNTIMES, used_by=(CLI, TERRAFORM), override="WRAPPER_RUNTIME"
        ),
        "architecture": Key(
            str,
            "Lambda CPU architecture.",
            default="arm64",
            choices=ARCHITECTURES,
            used_by=(CLI, TERRAFORM),
            override="WRAPPER_ARCHITECTURE",
        ),
        "log_retention_days": Key(int, "CloudWatch Logs retention for function logs.", default=14, choices=LOG_RETENTION_DAYS),
        "tags": Key(dict, "Extra tags on every resource.", default={}, values=str),
    },
    "The service and its defaults for every stage.",
    used_by=(TERRAFORM,),
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
        used_by=(CLI, TERRAFORM),
        model=Model("StateBackend", computed={"key": "str", "region": "str"}, omit=("key_prefix",)),
    ),
    "package": Section(
        {
            "source_dir": Key(str, "Folder holding the handler modules.", default="functions"),
            "shared": Key(list, "Modules or packages inside source_dir bundled with every function.", default=["common"], list_of=str),
            "requirements": Key(str, "pip requirements installed for Lambda's platform into every zip.", default="requirements.txt"),
            "exclude": Key(list, "Glob patterns left out of every zip.", default=[], list_of=str),
            "layer": Key(
                bool,
                "Put the requirements in one Lambda layer shared by every function (one upload for all) instead of in every zip.",
                default=False,
            ),
        },
        "How functions are packaged.",
        used_by=(CLI, TERRAFORM),
        model=Model("PackageSettings"),
    ),
    "websocket": Section(
        {
            "route_selection_expression": Key(str, "How API Gateway picks a route from a message.", default="$request.body.action"),
            # 0 would make API Gateway refuse every message: not a useful setting, almost surely a mistake.
            "throttling_burst_limit": Key(int, "Stage burst limit (messages at once).", default=500, minimum=1),
            "throttling_rate_limit": Key((int, float), "Stage steady-state messages per second.", default=1000, minimum=0.01),
            "domain_name": Key(str, "Optional custom domain for the WebSocket API."),
            "certificate_arn": Key(
                str,
                "ACM certificate for domain_name, in the stage's region (default: wrapper requests one, DNS-validated in dns.zone, "
                "or by the records `wrapper deploy` lists when there is no zone).",
            ),
            "hosted_zone_id": Key(str, "Route 53 hosted zone of domain_name: the alias record to the API is created there (default: none, point DNS yourself at the domain_name_target output)."),
        },
        "The API Gateway WebSocket API.",
        used_by=(TERRAFORM,),
        model=Model("WebSocketSettings"),
    ),
    "http": Section(
        {
            "cors_origins": Key(
                list,
                "Origins allowed to call the HTTP API from a browser besides the page's own (the deployed page's "
                "https:// address and frontend.domain_name; `wrapper dev`'s page), e.g. \"https://example.com\".",
                default=[],
                list_of=str,
            ),
            "throttling_burst_limit": Key(int, "Default route burst limit (requests at once).", default=500, minimum=1),
            "throttling_rate_limit": Key((int, float), "Default route steady-state requests per second.", default=1000, minimum=0.01),
        },
        "The API Gateway HTTP API, made only when a function declares `http` routes.",
        used_by=(TERRAFORM,),
        model=Model(
            "HttpSettings",
            "The HTTP API's settings; ``cors_origins`` are the extra ones (the page's own are added where it is known).",
        ),
    ),
    "tables": Named(TABLE, "DynamoDB tables, named <service>-<stage>-<name>.", used_by=TABLE.used_by),
    "secrets": Section(
        {
            "values": Key(
                list,
                "Names of your own secret values kept in the stage's secret (set them with `wrapper secrets set`).",
                default=[],
                list_of=str,
                used_by=(CLI,),
            ),
            "recovery_window_days": Key(
                int, "Days a deleted secret can be restored (0 deletes at once).", default=7, minimum=0, maximum=30
            ),
        },
        "The stage's Secrets Manager secret.",
        used_by=(TERRAFORM,),
        model=Model("SecretSettings", computed={"name": "str"}),
    ),
    "functions": Named(FUNCTION, "Lambda functions, named <service>-<stage>-<name>.", used_by=FUNCTION.used_by),
    "environment": Key(dict, "Environment variables given to every function.", default={}, values=str, used_by=(HANDLERS,)),
    "multiplayer": Section(
        {
            "fanout": Key(
                str,
                "relay: every pose to every peer at once; snapshot: one room snapshot per receiver per tick.",
                default="snapshot",
                choices=FANOUT_MODES,
                env="MULTIPLAYER_FANOUT",
                override="WRAPPER_FANOUT",
            ),
            "tick_hz": Key((int, float), "Snapshot ticks per second.", default=10, minimum=0.01, maximum=60, env="MULTIPLAYER_TICK_HZ"),
            "max_pose_rate": Key(
                (int, float),
                "Pose messages per second accepted from one connection.",
                default=30,
                minimum=1,
                maximum=120,
                env="MULTIPLAYER_MAX_POSE_RATE",
            ),
            "default_room": Key(
                str,
                "Room joined when the URL names none.",
                default="lobby",
                pattern=ROOM_PATTERN,
                pattern_doc="1-32 letters, digits, '-' or '_'",
                env="MULTIPLAYER_DEFAULT_ROOM",
            ),
            "auth": Key(bool, "Require a signed token (from `wrapper token`) on connect.", default=False, env="MULTIPLAYER_AUTH"),
            "player_ttl_seconds": Key(
                int, "Items of crashed players expire after this long.", default=7200, minimum=60, env="MULTIPLAYER_PLAYER_TTL_SECONDS"
            ),
            "max_objects": Key(
                int,
                "Shared objects a room may hold (spawn beyond it is refused).",
                default=32,
                minimum=0,
                maximum=1000,
                env="MULTIPLAYER_MAX_OBJECTS",
            ),
        },
        "The multiplayer handlers' behaviour.",
        used_by=(HANDLERS,),
        model=Model("MultiplayerSettings"),
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
        model=Model(
            "FrontendSettings",
            "The hosted page: what is uploaded (``dist``, after ``build``) and how CloudFront serves it.",
            # Normalised by the build (dns.zone joins the page's settings, dist falls back to dev.frontend_dir).
            {"dist": "str", "domain_name": "str | None", "zone": "str | None"},
        ),
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
    "auth": AUTH,
    "dev": Section(
        {
            "host": Key(str, "Address `wrapper dev` listens on.", default="127.0.0.1"),
            "port": Key(
                int,
                "WebSocket and management API port (0 picks a free one).",
                default=3001,
                minimum=0,
                maximum=65535,
                override="WRAPPER_DEV_PORT",
            ),
            "frontend_port": Key(int, "Port serving frontend_dir (0 picks a free one).", default=8080, minimum=0, maximum=65535),
            "frontend_dir": Key(str, "Folder served as the web page.", default="frontend"),
            "lan": Key(bool, "Also serve the page and WebSocket on the LAN over HTTPS/WSS (`wrapper dev --lan`).", default=False),
            "concurrency": Key(
                int,
                "Most execution environments per function (Lambda starts one per concurrent invocation); "
                "also capped by the function's reserved_concurrency and by memory.",
                default=8,
                minimum=1,
                maximum=256,
            ),
        },
        "Local offline backend (`wrapper dev`).",
        used_by=(CLI,),
        model=Model("DevSettings"),
    ),
}

TOP_WITH_STAGES: dict[str, Key | Section | Named | ListOf] = {
    **TOP,
    # A stage may override any top-level section except the state's and the service's identity.
    "stages": Named(
        stage_section(TOP, STAGE_ONLY, fixed={"state", "service.name"}),
        "Deployment stages, each with its own state and resource names.",
        r"^[a-z][a-z0-9-]*$",
    ),
}

ROOT = Section(TOP_WITH_STAGES)

# The project resolved for one stage: [service]'s keys are its own fields, dns joins the frontend's.
PROJECT = Section(
    {**TOP, **STAGE_ONLY},
    model=Model(
        "ProjectConfig",
        "One project resolved for one stage.",
        {"root": "Path", "stage": "str", "declared_stages": "tuple[str, ...]", "sources": "Mapping[str, str]"},
        omit=("dns",),
        rename={"service.name": "service", "secrets": "secret"},
        flatten=("service",),
        behaviour=True,
    ),
)


# Settings that may come from the environment, by the dotted path they set.
ENVIRONMENT_OVERRIDES = {key.override: path for path, key, _ in keys(Section(TOP), "") if key.override}

# The handlers' settings: (dotted path, key) of each setting carried in a function's environment.
HANDLER_SETTINGS = [(path, key) for path, key, _ in keys(Section(TOP), "") if key.env]

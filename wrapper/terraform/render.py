"""Render a stage's Terraform: the shared modules, a root module and its tfvars.

Pure and deterministic: the same config and manifest give the same bytes wherever
the project lives (zips are referred to by paths relative to the rendered folder).
Modules and the root are plain HCL copied as they are. Values reach Terraform only
as JSON data: the backend in ``backend.tf.json`` and everything else through
``terraform.tfvars.json``, so no setting can ever be read as HCL.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from wrapper.config import ProjectConfig
from wrapper.config.http_settings import CORS_ALLOW_HEADERS, CORS_MAX_AGE_SECONDS, cors_methods
from wrapper.errors import WrapperError
from wrapper.files import write_atomic
from wrapper.package.manifest import Manifest
from wrapper.page.deploy import tfvars as page_tfvars
from wrapper.templates import templates_root

Files = dict[PurePosixPath, bytes]


def secret_recovery_window(config: ProjectConfig) -> int:
    """Protected stages keep the configured window; others delete the secret at once, so the same
    stage can be deployed again right after a destroy (a name in its recovery window is taken)."""
    return config.secret.recovery_window_days if config.protected else 0


def tfvars(config: ProjectConfig, manifest: Manifest, *, unprotect: bool = False) -> dict[str, Any]:
    """``unprotect`` turns deletion protection off (only that): the apply a forced destroy makes first."""
    zips = manifest.functions
    missing = sorted(set(config.functions) - set(zips))
    if missing:
        raise WrapperError(
            f"no package for function(s) {', '.join(missing)} in .wrapper/{config.stage}/dist/",
            "run `wrapper package --stage " + config.stage + "` first",
        )
    tags = {"service": config.service, "stage": config.stage, "managed-by": "wrapper", **dict(config.tags)}
    return {
        "service": config.service,
        "stage": config.stage,
        "region": config.region,
        "tags": dict(sorted(tags.items())),
        "protected": config.protected and not unprotect,
        "log_retention_days": config.log_retention_days,
        "tables": {
            name: {
                "name": table.full_name,
                "hash_key": table.hash_key.name,
                "range_key": table.range_key.name if table.range_key else None,
                "attributes": [{"name": a.name, "type": a.type} for a in table.attribute_definitions()],
                "ttl_attribute": table.ttl_attribute,
                "point_in_time_recovery": table.point_in_time_recovery,
                "indexes": [
                    {
                        "name": i.name,
                        "hash_key": i.hash_key.name,
                        "range_key": i.range_key.name if i.range_key else None,
                        "projection": i.projection,
                    }
                    for i in table.indexes
                ],
            }
            for name, table in sorted(config.tables.items())
        },
        "functions": {
            name: {
                "name": fn.full_name,
                "handler": fn.handler,
                "runtime": config.runtime,
                "architecture": config.architecture,
                "memory": fn.memory,
                "timeout": fn.timeout,
                "environment": config.function_environment(fn),
                "zip_path": f"../dist/{zips[name].zip}",
                "source_code_hash": zips[name].source_code_hash,
                "tables": list(fn.tables),
                "secret": fn.secret,
                "connections": fn.connections,
                "reserved_concurrency": fn.reserved_concurrency,
                "route_response": fn.route_response,
            }
            for name, fn in sorted(config.functions.items())
        },
        **_layer(config, manifest),
        "routes": dict(sorted(config.routes.items())),
        "secret": {
            "name": config.secret.name,
            "values": list(config.secret.values),
            "recovery_window_days": secret_recovery_window(config),
            "settings": {"service": config.service, "stage": config.stage, **{t.env_var: t.full_name for t in config.tables.values()}},
        },
        "websocket": {
            "name": config.api_name,
            "route_selection_expression": config.websocket.route_selection_expression,
            "throttling_burst_limit": config.websocket.throttling_burst_limit,
            "throttling_rate_limit": config.websocket.throttling_rate_limit,
            # A plain flag, so scanners (checkov) can tell the anonymous $connect resource apart.
            "anonymous_connect": "$connect" in config.routes and not config.multiplayer.auth,
            "domain_name": config.websocket.domain_name,
            "certificate_arn": config.websocket.certificate_arn,
            "hosted_zone_id": config.websocket.hosted_zone_id,
            "zone": config.frontend.zone if config.websocket.domain_name else None,
        },
        "page": page_tfvars(config),
        "auth": auth_tfvars(config),
        **({"http": http_tfvars(config)} if config.http_routes else {}),
    }


def auth_tfvars(config: ProjectConfig) -> dict[str, Any] | None:
    """The root module's ``auth`` variable (null without [auth]); the page's own URL is added in Terraform."""
    auth = config.auth
    if auth is None:
        return None
    # `wrapper dev`'s page may sign in against an unprotected stage's pool too (Cognito allows http only for localhost).
    dev_page = [] if config.protected else [f"http://localhost:{config.dev.frontend_port}/"]
    return {
        "name": config.resource_name("users"),
        "domain_prefix": auth.domain_prefix,
        "groups": list(auth.groups),
        "mfa": auth.mfa,
        "callback_urls": [*auth.callback_urls, *dev_page],
        "logout_urls": [*auth.logout_urls, *dev_page],
        "token_minutes": auth.token_minutes,
        "refresh_token_days": auth.refresh_token_days,
        "public_routes": list(auth.public_routes),
    }


def http_tfvars(config: ProjectConfig) -> dict[str, Any]:
    """The root module's ``http`` variable; the page's origins are added in Terraform, where they are known."""
    return {
        "name": config.http_api_name,
        "routes": dict(sorted(config.http_routes.items())),
        "cors_origins": list(config.http.cors_origins),
        "cors_methods": list(cors_methods(config.http_routes)),
        "cors_headers": list(CORS_ALLOW_HEADERS),
        "cors_max_age": CORS_MAX_AGE_SECONDS,
        "throttling_burst_limit": config.http.throttling_burst_limit,
        "throttling_rate_limit": config.http.throttling_rate_limit,
    }


# Rendered only for a stage whose functions declare HTTP routes.
HTTP_ONLY = (PurePosixPath("modules/http_api"), PurePosixPath("http.tf"))


def _layer(config: ProjectConfig, manifest: Manifest) -> dict[str, Any]:
    """The ``layer`` variable when the stage has a dependency layer; absent (null in Terraform) otherwise."""
    if manifest.layer is None:
        return {}
    return {
        "layer": {
            "name": f"{config.service}-{config.stage}-deps",
            "zip_path": f"../dist/{manifest.layer.zip}",
            "source_code_hash": manifest.layer.source_code_hash,
            "runtime": config.runtime,
            "architecture": config.architecture,
        }
    }


def backend(config: ProjectConfig) -> dict[str, Any]:
    """The ``terraform { backend ... }`` block as Terraform's JSON syntax."""
    state = config.state
    if state is None:
        block: dict[str, Any] = {"local": {"path": "../terraform.tfstate"}}
    else:
        s3: dict[str, Any] = {"bucket": state.bucket, "key": state.key, "region": state.region, "encrypt": True}
        if state.lock == "lockfile":
            s3["use_lockfile"] = True
        elif state.lock == "dynamodb":
            s3["dynamodb_table"] = state.lock_table
        block = {"s3": s3}
    return {
        "//": f"Rendered by wrapper for {config.service} / {config.stage}: run `wrapper render` instead of editing.",
        "terraform": {"backend": block},
    }


def render_stack(config: ProjectConfig, manifest: Manifest, *, unprotect: bool = False) -> Files:
    source = templates_root() / "terraform"
    files: Files = {}
    for path in sorted((source / "modules").rglob("*.tf")):
        files[PurePosixPath("modules") / path.relative_to(source / "modules").as_posix()] = path.read_bytes()
    for path in sorted((source / "root").glob("*.tf")):
        files[PurePosixPath(path.name)] = path.read_bytes()
    if not config.http_routes:
        files = {rel: content for rel, content in files.items() if not any(rel == p or p in rel.parents for p in HTTP_ONLY)}
    files[PurePosixPath("backend.tf.json")] = (json.dumps(backend(config), indent=2) + "\n").encode()
    files[PurePosixPath("terraform.tfvars.json")] = (json.dumps(tfvars(config, manifest, unprotect=unprotect), indent=2) + "\n").encode()
    return files


def stack_dir(config: ProjectConfig) -> Path:
    return config.work_dir / "terraform"


def write_stack(config: ProjectConfig, files: Files) -> list[PurePosixPath]:
    """Write the rendered files, removing rendered files that are no longer part of the stack.

    Terraform's own working files (.terraform/, the lock file, plans) are left alone.
    Returns the files whose content changed.
    """
    root = stack_dir(config)
    changed = []
    for rel, content in files.items():
        path = root / rel
        if path.is_file() and path.read_bytes() == content:
            continue
        write_atomic(path, content)
        changed.append(rel)
    for path in sorted(root.rglob("*")):
        rel = PurePosixPath(path.relative_to(root).as_posix())
        if (
            path.is_file()
            and rel.suffix in {".tf", ".json"}
            and rel not in files
            and not rel.parts[0].startswith(".")
            and rel.name != "plan.json"
        ):
            path.unlink()
    return changed

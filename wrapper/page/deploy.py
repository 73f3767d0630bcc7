"""Put the stage's page online: build it, describe it, and sync it to the bucket Terraform made.

Everything that can fail on the user's side (the build, a missing folder, a file over the
limits, a stale CSP) fails before the first byte is sent, so the deployed page stays as it was.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wrapper.config import ProjectConfig
from wrapper.errors import WrapperError
from wrapper.page import sync
from wrapper.page.files import CONFIG_KEY, PageFile, collect, from_bytes, script_hashes
from wrapper.page.headers import content_security_policy

BUILD_TIMEOUT = 900
OUTPUT_TAIL = 40  # lines of a failed build's output shown to the user


@dataclass(frozen=True)
class PageResult:
    url: str | None
    files: int
    plan: sync.SyncPlan
    seconds: float

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "files": self.files, **self.plan.to_dict(), "seconds": round(self.seconds, 3)}

    def summary(self) -> str:
        p = self.plan
        if not p.uploads and not p.deletes:
            return f"page unchanged ({self.files} files, {self.seconds:.2f} s)"
        return (
            f"page: {len(p.uploads)} uploaded, {len(p.deletes)} deleted, {p.unchanged} unchanged, "
            f"{len(p.invalidations)} path(s) invalidated ({self.seconds:.1f} s)"
        )


def dist_dir(config: ProjectConfig) -> Path:
    return config.root / config.frontend.dist


def page_config(
    config: ProjectConfig, websocket_url: str | None, http_url: str | None = None, outputs: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """wrapper-config.json: where the deployed page connects and what it must send (and, with [auth], where it signs in)."""
    return {
        "websocketUrl": websocket_url,
        **({"httpUrl": http_url} if config.http_routes else {}),
        "stage": config.stage,
        "service": config.service,
        "region": config.region,
        "auth": {"required": config.multiplayer.auth, "tokenParameter": "token", **signin_config(config, outputs or {})},
    }


def hosted_ui(config: ProjectConfig) -> str | None:
    """Origin of the user pool's hosted sign-in pages (Cognito's prefix domain), None without [auth]."""
    return None if config.auth is None else f"https://{config.auth.domain_prefix}.auth.{config.region}.amazoncognito.com"


def signin_config(config: ProjectConfig, outputs: Mapping[str, Any]) -> dict[str, Any]:
    """The user pool's endpoints for the page's Sign in button (the same keys `wrapper dev` serves)."""
    origin = hosted_ui(config)
    if config.auth is None or origin is None:
        return {}
    return {
        "provider": config.auth.provider,
        "issuer": outputs.get("auth_issuer"),
        "clientId": outputs.get("user_pool_client_id"),
        "authorizeUrl": f"{origin}/oauth2/authorize",
        "tokenUrl": f"{origin}/oauth2/token",
        "logoutUrl": f"{origin}/logout",
        "scopes": ["openid", "email", "profile"],
    }


def build(config: ProjectConfig) -> None:
    """Run frontend.build in the page's source folder; its output is shown only when it fails."""
    command = config.frontend.build
    if not command:
        return
    cwd = config.root / config.dev.frontend_dir
    try:
        done = subprocess.run(command, shell=True, cwd=cwd, capture_output=True, text=True, timeout=BUILD_TIMEOUT, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise WrapperError(
            f"cannot run frontend.build in {cwd}: the folder does not exist", "set dev.frontend_dir in wrapper.toml"
        ) from None
    except subprocess.TimeoutExpired:
        raise WrapperError(f"frontend.build ({command}) ran over {BUILD_TIMEOUT} s", "nothing was uploaded; check the build") from None
    if done.returncode != 0:
        output = (done.stdout + done.stderr).strip().splitlines()[-OUTPUT_TAIL:]
        raise WrapperError(
            f"frontend.build ({command}) failed with exit code {done.returncode}; nothing was uploaded:\n" + "\n".join(output),
            "fix the build, or run it by hand in " + str(cwd),
        )


def local_files(
    config: ProjectConfig, websocket_url: str | None, http_url: str | None = None, outputs: Mapping[str, Any] | None = None
) -> list[PageFile]:
    config_json = (json.dumps(page_config(config, websocket_url, http_url, outputs), indent=2) + "\n").encode()
    return [*collect(dist_dir(config), config.frontend.exclude), from_bytes(CONFIG_KEY, config_json)]


def csp_for(config: ProjectConfig) -> str:
    """The CSP template rendered into Terraform, from the page's inline scripts as built now."""
    signin = hosted_ui(config)  # the page posts the code for tokens there
    return content_security_policy(script_hashes(dist_dir(config)), extra_connect=(*http_api_sources(config), *([signin] if signin else [])))


def http_api_sources(config: ProjectConfig) -> tuple[str, ...]:
    """The HTTP API's origin as the page's CSP allows it: any execute-api host of the stage's region. Its exact
    host is not known before the API exists, and the API's CORS origins name the page: naming each other in
    Terraform would be a cycle (docs/decisions.md)."""
    return (f"https://*.execute-api.{config.region}.amazonaws.com",) if config.http_routes else ()


def check_csp(config: ProjectConfig, deployed_csp: str | None) -> None:
    """--page-only cannot change CloudFront's headers: refuse a page whose inline scripts they would block."""
    if deployed_csp is not None and deployed_csp != csp_for(config):
        raise WrapperError(
            "the page's inline scripts changed, so its Content-Security-Policy must change with them; nothing was uploaded",
            f"run `wrapper deploy --stage {config.stage}` without --page-only",
        )


def upload(config: ProjectConfig, outputs: dict[str, Any], on_progress: sync.Progress | None = None) -> PageResult:
    from wrapper.page.aws import aws_errors, cloudfront_client, s3_client

    started = time.perf_counter()
    bucket = outputs.get("page_bucket")
    if not bucket:
        raise WrapperError(
            f"stage {config.stage!r} has no page bucket in its outputs",
            "set frontend.enabled = true and run `wrapper deploy` (without --page-only) once",
        )
    files = local_files(config, outputs.get("websocket_url"), outputs.get("http_url"), outputs)
    s3 = s3_client(config.region)
    with aws_errors(f"uploading the page to s3://{bucket}"):
        todo = sync.plan(files, sync.listing(s3, bucket))
        sync.execute(s3, lambda: cloudfront_client(config.region), bucket, outputs.get("page_distribution_id"), todo, on_progress)
    return PageResult(outputs.get("page_url"), len(files), todo, time.perf_counter() - started)


def empty(config: ProjectConfig, outputs: dict[str, Any]) -> int:
    """Before destroy: remove every object version so Terraform can delete the bucket."""
    from wrapper.page.aws import aws_errors, s3_client

    bucket = outputs.get("page_bucket")
    if not bucket:
        return 0
    s3 = s3_client(config.region)
    with aws_errors(f"emptying s3://{bucket}"):
        try:
            return sync.empty_bucket(s3, bucket)
        except Exception as err:
            if getattr(err, "response", {}).get("Error", {}).get("Code") == "NoSuchBucket":
                return 0
            raise


def tfvars(config: ProjectConfig) -> dict[str, Any] | None:
    """The root module's ``page`` variable (null when the stage hosts no page)."""
    from wrapper.page.headers import PERMISSIONS_POLICY

    frontend = config.frontend
    if not frontend.enabled:
        return None
    return {
        "name": config.resource_name("page"),
        "price_class": frontend.price_class,
        "content_security_policy": csp_for(config),
        "permissions_policy": PERMISSIONS_POLICY,
        "domain_name": frontend.domain_name,
        "zone": frontend.zone,
    }

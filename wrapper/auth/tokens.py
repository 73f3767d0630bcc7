"""Issue tokens with the project's own ``functions/common/auth.py`` (the handlers' verifier).

The signing key is ``token_key`` in the stage's secret: from Secrets Manager for a
deployed stage (created there on first use), or from the data `wrapper dev` saved
under .wrapper/local/<stage>/ for the offline stage.
"""

from __future__ import annotations

import importlib.util
import json
import secrets
from types import ModuleType
from typing import Any

from wrapper import aws
from wrapper.config import ProjectConfig
from wrapper.errors import WrapperError
from wrapper.templates import templates_root


def signer(config: ProjectConfig) -> ModuleType:
    candidates = [
        config.root / config.package.source_dir / "common" / "auth.py",
        templates_root() / "lambdas" / "webxr" / "common" / "auth.py",
    ]
    path = next((p for p in candidates if p.is_file()), None)
    if path is None:
        raise WrapperError("no common/auth.py to sign tokens with", "restore functions/common/auth.py from `wrapper init`")
    spec = importlib.util.spec_from_file_location("wrapper_project_auth", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def local_key(config: ProjectConfig) -> bytes:
    state = config.root / ".wrapper" / "local" / config.stage / "state.json"
    try:
        secret = json.loads(json.loads(state.read_text())["secret"])
    except (OSError, ValueError, KeyError):
        raise WrapperError(
            f"no local data for stage {config.stage!r} yet", "start `wrapper dev` once (it creates the signing key), then ask again"
        ) from None
    return bytes.fromhex(secret["token_key"])


def cloud_key(config: ProjectConfig, client: Any | None = None) -> bytes:
    sm = client or aws.client("secretsmanager", config.region)
    with aws.aws_errors(f"read secret {config.secret.name}"):
        try:
            secret = json.loads(sm.get_secret_value(SecretId=config.secret.name).get("SecretString") or "{}")
        except Exception as exc:
            if aws.error_code(exc) != "ResourceNotFoundException":
                raise
            raise WrapperError(
                f"stage {config.stage} has no secret {config.secret.name} yet", f"deploy stage {config.stage} first"
            ) from None
        if not secret.get("token_key"):
            secret["token_key"] = secrets.token_hex(32)
            sm.put_secret_value(SecretId=config.secret.name, SecretString=json.dumps(secret))
    return bytes.fromhex(secret["token_key"])


def issue(config: ProjectConfig, player: str, ttl_seconds: int, *, local: bool, client: Any | None = None) -> str:
    key = local_key(config) if local else cloud_key(config, client)
    token: str = signer(config).sign(player, key, ttl_seconds)
    return token
